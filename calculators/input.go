package calculators

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"agentdesk/locales"
)

// Input reads what a person typed for a calculator, in one language and
// currency: the calculators screen reads its form with it, agentctl its
// flags. Every problem becomes a FieldError on the field it was read for,
// the first one per field only (a consequence of it would say nothing
// new); the screen and the CLI only name the fields their own way.
type Input struct {
	Lang     locales.Lang
	Currency string
	// ListCommas also splits lists on commas when they have no semicolon:
	// a command line has no new lines, and "500,1500,4000" is a list
	// there. A form keeps the comma for decimals and amounts apart.
	ListCommas bool
	Errs       Errors
}

// Put records fe unless its field already has a problem.
func (in *Input) Put(fe FieldError) {
	if !in.Errs.Has(fe.Field) {
		in.Errs = append(in.Errs, fe)
	}
}

// Fail records a parser's error on field, with extra parameters; an error
// that carries no code reads as "not a number".
func (in *Input) Fail(field string, err error, extra map[string]any) {
	for _, fe := range coded(err) {
		fe.Field = field
		if len(extra) > 0 {
			params := map[string]any{}
			for k, v := range fe.Params {
				params[k] = v
			}
			for k, v := range extra {
				params[k] = v
			}
			fe.Params = params
		}
		in.Put(fe)
	}
}

// coded is err as field errors; one that carries no code reads as "not a
// number", whether a parser (Fail) or a calculator (Merge) returned it.
func coded(err error) Errors {
	if es, ok := AsErrors(err); ok {
		return es
	}
	return Errors{{Code: CodeNotANumber}}
}

// Present says whether text holds a value; a required field without one
// gets "required".
func (in *Input) Present(field, text string, required bool) bool {
	if strings.TrimSpace(text) != "" {
		return true
	}
	if required {
		in.Put(FieldError{Field: field, Code: CodeRequired})
	}
	return false
}

// Money reads an amount in the input's currency. An optional amount left
// empty is unset (Money{}), not zero: some calculators (LTV, payback) tell
// the two apart.
func (in *Input) Money(field, text string, required bool) Money {
	if !in.Present(field, text, required) {
		if required {
			return Money{Currency: in.Currency}
		}
		return Money{}
	}
	m, err := ParseMoney(strings.TrimSpace(text), in.Currency, in.Lang)
	if err != nil {
		in.Fail(field, err, nil)
		return Money{Currency: in.Currency}
	}
	return m
}

// SplitList splits a list of amounts or numbers on semicolons and new
// lines, which neither language writes inside a number; with commas, and
// neither in s, on commas too.
func SplitList(s string, commas bool) []string {
	seps := ";\n"
	if commas && !strings.ContainsAny(s, ";\n") {
		seps += ","
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// MoneyList reads a list of amounts; a bad one is reported with its
// 1-based position ("Index") and the list is not used.
func (in *Input) MoneyList(field, text string, required bool) []Money {
	if !in.Present(field, text, required) {
		return nil
	}
	// With commas as separators (the command line), "1,234.56" (or
	// "1.234,56") reads both as one amount and as a list of two; in a
	// form, where a comma is the language's, "30000,40000" reads both as a
	// list and, leniently, as 30,000.40: say so instead of choosing.
	if !strings.ContainsAny(text, ";\n") && strings.Contains(text, ",") &&
		(in.ListCommas == commaIsTheLanguages(text, in.Lang) || in.ListCommas && centsAfterComma(text, in.Lang)) {
		in.Put(FieldError{Field: field, Code: CodeListAmbiguous})
		return nil
	}
	parts := SplitList(text, in.ListCommas)
	if len(parts) == 0 { // only separators
		in.Put(FieldError{Field: field, Code: CodeNotANumber})
		return nil
	}
	// Without a semicolon or a new line, "100 200 300" reads both as an
	// amount grouped by spaces and as three amounts typed apart: say so,
	// as for commas, rather than compute with 100,200,300.
	if !strings.ContainsAny(text, ";\n") && slices.ContainsFunc(parts, digitsApart) {
		in.Put(FieldError{Field: field, Code: CodeListAmbiguous})
		return nil
	}
	var out []Money
	for i, part := range parts {
		m, err := ParseMoney(part, in.Currency, in.Lang)
		if err != nil {
			in.Fail(field, err, map[string]any{"Index": i + 1})
			return nil
		}
		out = append(out, m)
	}
	return out
}

// digitsApart reports whether s has two digits with only spaces between
// them ("100 200"), as a space-grouped amount and two amounts both have.
func digitsApart(s string) bool {
	digit, gap := false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if digit && gap {
				return true
			}
			digit, gap = true, false
		case unicode.IsSpace(r):
			gap = digit
		default:
			digit, gap = false, false
		}
	}
	return false
}

// centsAfterComma reports, in Spanish, whether a comma of s is followed
// by one or two digits and then another comma or the end: "1.500,50,
// 2.000,25" holds its cents that way, and split on every comma it would
// be four amounts.
func centsAfterComma(s string, l locales.Lang) bool {
	if l != locales.ES {
		return false
	}
	for _, p := range strings.Split(s, ",")[1:] {
		if p = strings.TrimSpace(p); len(p) > 0 && len(p) <= 2 && strings.Trim(p, "0123456789") == "" {
			return true
		}
	}
	return false
}

// commaIsTheLanguages reports whether every comma in s is where the
// language itself puts one in an amount: English groups thousands
// ("1,234.56", "100,200"), Spanish writes the cents after a single comma
// ("1.234,56", "12,5"). "500,1500,4000" and "1,2" are lists either way.
func commaIsTheLanguages(s string, l locales.Lang) bool {
	parts := strings.Split(strings.TrimSpace(s), ",")
	if len(parts) < 2 {
		return false
	}
	digits := func(p string) bool {
		return p != "" && strings.Trim(p, "0123456789") == ""
	}
	if l == locales.EN {
		for i, p := range parts[1:] {
			if i == len(parts)-2 {
				p, _, _ = strings.Cut(p, ".") // the cents of the last group
			}
			if len(p) != 3 || !digits(p) {
				return false
			}
		}
		return true
	}
	cents := strings.TrimSpace(parts[1])
	return len(parts) == 2 && len(cents) <= 2 && digits(cents)
}

// Number reads a plain number.
func (in *Input) Number(field, text string, required bool) float64 {
	return in.float(field, text, required, ParseNumber)
}

// float reads text with parse: Number and Rate differ only in the parser,
// so an empty or bad value is reported the same way by both.
func (in *Input) float(field, text string, required bool, parse func(string, locales.Lang) (float64, error)) float64 {
	if !in.Present(field, text, required) {
		return 0
	}
	v, err := parse(strings.TrimSpace(text), in.Lang)
	if err != nil {
		in.Fail(field, err, nil)
		return 0
	}
	return v
}

// Integer reads a whole number.
func (in *Input) Integer(field, text string, required bool) int64 {
	v := in.Number(field, text, required)
	if in.Errs.Has(field) || strings.TrimSpace(text) == "" {
		return 0
	}
	if v != math.Trunc(v) || math.Abs(v) > MaxMajor {
		in.Put(FieldError{Field: field, Code: CodeNotInteger})
		return 0
	}
	return int64(v)
}

// Rate reads a percentage ("12.5 %", "12,5", "0.125").
func (in *Input) Rate(field, text string, required bool) float64 {
	return in.float(field, text, required, ParseRate)
}

// exampleDate is the date error messages show as an example.
var exampleDate = time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)

// Date reads a date as a person of the input's language writes it, or in
// ISO form (2026-11-16).
func (in *Input) Date(field, text string, required bool) time.Time {
	if !in.Present(field, text, required) {
		return time.Time{}
	}
	d, err := locales.ParseDate(in.Lang, text)
	if err != nil {
		in.Put(FieldError{Field: field, Code: CodeInvalidDate, Params: map[string]any{"Example": locales.FormatDate(in.Lang, exampleDate)}})
		return time.Time{}
	}
	return d
}

// Duration reads a duration written as the screen writes one, a number of
// the language and its unit ("9,2 s", "180s"), as Go writes them ("1h30m"),
// or as a number of unit (seconds of handling time, minutes of an interval);
// a unit of 0 takes only a unit written out, for a field whose bare numbers
// once meant another unit. Values far beyond a day are held at two days,
// which the calculator then reports as out of range, instead of
// overflowing time.Duration.
func (in *Input) Duration(field, text string, unit time.Duration, required bool) time.Duration {
	if !in.Present(field, text, required) {
		return 0
	}
	text = strings.TrimSpace(text)
	const limit = 48 * time.Hour
	clamp := func(x float64) time.Duration { return time.Duration(max(min(x, float64(limit)), -float64(limit))) }
	// One number and its unit, as the screen writes a duration ("9,2 s"):
	// the number is read as the form reads numbers, so the language's
	// decimal comma is one and "1.000s" is not Go's one second where it
	// may be a thousand.
	if num, u, ok := cutDurationUnit(text); ok {
		v, err := ParseNumber(num, in.Lang)
		if es, _ := AsErrors(err); len(es) > 0 && es[0].Code == CodeAmbiguousThousands {
			in.Fail(field, err, nil)
			return 0
		}
		if err != nil {
			in.Put(FieldError{Field: field, Code: CodeDuration})
			return 0
		}
		return clamp(v * float64(u))
	}
	if d, err := time.ParseDuration(text); err == nil {
		return max(min(d, limit), -limit)
	}
	v, err := ParseNumber(text, in.Lang)
	if err != nil || unit == 0 {
		in.Put(FieldError{Field: field, Code: CodeDuration})
		return 0
	}
	return clamp(v * float64(unit))
}

// cutDurationUnit splits "9,2 s" into its number and unit: hours, minutes,
// seconds or milliseconds written as Go writes them, or minutes as the
// screen writes them ("1.440 min"), after a number alone (digits,
// separators, a sign, spaces). "1h30m" is no such pair.
func cutDurationUnit(s string) (string, time.Duration, bool) {
	for _, u := range []struct {
		suffix string
		d      time.Duration
	}{{"ms", time.Millisecond}, {"min", time.Minute}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}} {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		num = strings.TrimSpace(num)
		if num == "" || !strings.ContainsAny(num, "0123456789") ||
			strings.IndexFunc(num, func(r rune) bool { return !strings.ContainsRune("0123456789.,+-−", r) && !unicode.IsSpace(r) }) >= 0 {
			return "", 0, false
		}
		return num, u.d, true
	}
	return "", 0, false
}

// Level reads a compensation level number.
func (in *Input) Level(field, text string, required bool) int {
	if !in.Present(field, text, required) {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		in.Put(FieldError{Field: field, Code: CodeUnknownLevel})
	}
	return n
}

// Merge adds a calculator's own errors to the input's and reports whether
// the input is free of errors. An error on a field that did not parse is
// left out: it is a consequence of the first.
func (in *Input) Merge(err error) bool {
	if err != nil {
		for _, fe := range coded(err) {
			if in.Errs.Has(BaseField(fe.Field)) || in.Errs.Has(fe.Field) {
				continue
			}
			in.Errs = append(in.Errs, fe)
		}
	}
	return len(in.Errs) == 0
}

// BaseField is "flows" for "flows[2]", "before" for "before[0].amount".
func BaseField(f string) string {
	if i := strings.IndexAny(f, "[."); i >= 0 {
		return f[:i]
	}
	return f
}

// FieldPosition reads what follows a field's base name: "[2].amount" is
// position 3 (1-based) and "amount"; anything else is 0.
func FieldPosition(rest string) (int, string) {
	if !strings.HasPrefix(rest, "[") {
		return 0, ""
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, ""
	}
	i, err := strconv.Atoi(rest[1:end])
	if err != nil {
		return 0, ""
	}
	return i + 1, strings.TrimPrefix(rest[end+1:], ".")
}
