package calculators

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"agentdesk/locales"
)

// MaxMajor is the largest absolute amount or number a person may type: a
// trillion. Nothing an agent computes comes near it, so anything larger is a
// typo or a pasted account number, and keeping inputs below it leaves float64
// and int64 arithmetic far from their limits.
const MaxMajor = 1e12

// Dash is what a formatter prints for a value that cannot be shown (NaN,
// Inf, nil). Callers validate first; this only keeps a bug from putting
// "NaN" in front of a customer.
const Dash = "—"

// nbsp separates an amount from its unit in Spanish ("12,5 %", "3,00 €") so
// a wrapped script line never leaves the symbol alone at the start of a line.
const nbsp = "\u00a0"

// maxDecimals bounds the digits a formatter prints after the point.
const maxDecimals = 12

// separators returns the decimal and grouping separators of lang.
func separators(lang locales.Lang) (dec, group byte) {
	if lang == locales.EN {
		return '.', ','
	}
	return ',', '.'
}

// roundedDecimal writes |x| as a plain decimal rounded half away from zero
// to decimals places. It rounds the shortest representation of x (what a
// person typed or sees), not its binary expansion, so 1.005 rounds to 1.01
// as anyone checking by hand expects. decimals < 0 keeps the shortest form.
// neg is false when the rounded value is zero, so "-0,00" never appears.
func roundedDecimal(x float64, decimals int) (neg bool, intPart, frac string) {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	intPart, frac, _ = strings.Cut(s, ".")
	if decimals < 0 {
		return x < 0 && strings.Trim(intPart+frac, "0") != "", intPart, frac
	}
	if decimals > maxDecimals {
		decimals = maxDecimals
	}
	if len(frac) <= decimals {
		frac += strings.Repeat("0", decimals-len(frac))
	} else {
		up := frac[decimals] >= '5'
		frac = frac[:decimals]
		if up {
			digits := []byte(intPart + frac)
			i := len(digits) - 1
			for ; i >= 0; i-- {
				if digits[i] == '9' {
					digits[i] = '0'
					continue
				}
				digits[i]++
				break
			}
			if i < 0 {
				digits = append([]byte{'1'}, digits...)
			}
			n := len(digits) - decimals
			intPart, frac = string(digits[:n]), string(digits[n:])
		}
	}
	neg = x < 0 && strings.Trim(intPart+frac, "0") != ""
	return neg, intPart, frac
}

// group inserts sep every three digits from the right. Spanish style guides
// skip the separator in four-digit numbers; AgentDesk always groups because
// agents read amounts aloud and "1.234" is easier to say than "1234".
func group(digits string, sep byte) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteByte(sep)
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// FormatNumber writes x with decimals digits after the point (rounded half
// away from zero) in the conventions of lang: es "1.234,56", en "1,234.56".
// decimals < 0 prints as many digits as x needs to read back exactly.
func FormatNumber(x float64, decimals int, lang locales.Lang) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Dash
	}
	neg, ip, fr := roundedDecimal(x, decimals)
	dec, grp := separators(lang)
	s := group(ip, grp)
	if fr != "" {
		s += string(dec) + fr
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FormatEntry writes x as a value put back into a field for a person to
// keep or edit: FormatNumber without thousands grouping, since "1.200" or
// "1,200" is refused when read back (ambiguous_thousands) and "1200" is not,
// and with a fourth decimal where it would have three ("12,3450").
func FormatEntry(x float64, decimals int, lang locales.Lang) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Dash
	}
	neg, ip, fr := roundedDecimal(x, decimals)
	dec, _ := separators(lang)
	if len(fr) == 3 && ip != "0" {
		// "12,345" is as ambiguous as "1,200": a zero more is the
		// same number, and reads back.
		fr += "0"
	}
	s := ip
	if fr != "" {
		s += string(dec) + fr
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Brief, as FormatPercent's decimals, writes up to four decimals and no
// zeros at the end: a bound such as 1/1200 reads "0.0833%", not
// "0.08333333333333334%".
const Brief = -2

// FormatPercent writes a rate (0.125) as a percentage: es "12,5 %" (with a
// non-breaking space, as Spanish typography asks), en "12.5%".
func FormatPercent(rate float64, decimals int, lang locales.Lang) string {
	return formatPercent(rate, decimals, lang, FormatNumber)
}

// FormatPercentEntry writes a rate as FormatPercent does, without
// thousands grouping, for a field a person keeps or edits: "1.000 %" is
// refused when read back (ambiguous_thousands), "1000 %" is not.
func FormatPercentEntry(rate float64, decimals int, lang locales.Lang) string {
	return formatPercent(rate, decimals, lang, FormatEntry)
}

func formatPercent(rate float64, decimals int, lang locales.Lang, number func(float64, int, locales.Lang) string) string {
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		return Dash
	}
	// Scaling through the shortest decimal form keeps 0.125 → "12.5" exact
	// instead of 12.500000000000002.
	p, err := strconv.ParseFloat(shiftDecimal(rate, 2), 64)
	if err != nil || math.IsInf(p, 0) {
		return Dash
	}
	if decimals == Brief {
		p, decimals = trimTo(p, 4), -1
	}
	s := number(p, decimals, lang)
	if lang == locales.EN {
		return s + "%"
	}
	return s + nbsp + "%"
}

// shiftDecimal multiplies x by 10^n by moving the point in its shortest
// decimal representation.
func shiftDecimal(x float64, n int) string {
	s := strconv.FormatFloat(x, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	return mant + "e" + strconv.Itoa(e+n)
}

// number is a parsed decimal: sign and digit strings, before any float
// conversion, so money can be read exactly.
type number struct {
	neg  bool
	ip   string // without leading zeros, at least "0"
	frac string // may be empty
}

func (n number) float() float64 {
	s := n.ip
	if n.frac != "" {
		s += "." + n.frac
	}
	f, _ := strconv.ParseFloat(s, 64)
	if n.neg {
		f = -f
	}
	return f
}

// trimSign removes one leading sign; U+2212 and the en dash U+2013 are
// accepted because word processors and some CRMs turn "-" into a real
// minus, or into a dash on autocorrect.
func trimSign(s string) (neg, had bool, rest string) {
	switch {
	case strings.HasPrefix(s, "-"):
		return true, true, s[1:]
	case strings.HasPrefix(s, "+"):
		return false, true, s[1:]
	case strings.HasPrefix(s, "−"):
		return true, true, s[len("−"):]
	case strings.HasPrefix(s, "–"):
		return true, true, s[len("–"):]
	}
	return false, false, s
}

// trimParens removes the parentheses accounting writes a negative in,
// "(5)" or "($5.00)", from s trimmed: paren says they were there. What
// they hold is trimmed; a sign inside them is the caller's to refuse.
func trimParens(s string) (paren bool, rest string) {
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		return true, strings.TrimSpace(s[1 : len(s)-1])
	}
	return false, s
}

// parseDecimal reads a number the way a person of lang writes it.
//
// Rules, in order:
//   - Spaces (including non-breaking and thin spaces) may group thousands.
//   - With both "." and ",", the last one is the decimal separator and must
//     appear once; the other groups thousands. So "1.234,56" and "1,234.56"
//     are read correctly in either language.
//   - With only the language's decimal separator, once: it is the decimal
//     point (es "0,10", en "0.10"). Several of them can only be grouping
//     (es "1,234,567").
//   - One separator, "." or ",", with exactly three digits after it and a
//     valid first group before it ("1,200", "1.234") is refused as
//     ambiguous_thousands in both languages: it is twelve hundred to people
//     who group with it and 1.2 to people whose decimal point it is.
//   - With only the language's grouping separator: if it groups thousands
//     validly it is grouping (es "1.234.567", en "1,234,567"); otherwise, if
//     it appears once, the person wrote the other language's decimal point
//     (es "0.10", "1234.56", "12.5"; en "12,5") and it is read as such,
//     because no grouping could produce it.
//
// Grouping is valid when the first group has 1–3 digits and does not start
// with 0, and every later group has exactly 3 digits. Exponents, words,
// NaN and Inf are rejected.
func parseDecimal(s string, lang locales.Lang) (number, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return number{}, CodeRequired
	}
	paren, s := trimParens(s)
	neg, had, body := trimSign(s)
	// "- 5" is -5 here as it is to ParseMoney.
	body = strings.TrimSpace(body)
	if body == "" || paren && had {
		return number{}, CodeNotANumber
	}
	neg = neg || paren
	var dots, commas, digits int
	lastDot, lastComma := -1, -1
	for i, r := range body {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
			lastDot = i
		case r == ',':
			commas++
			lastComma = i
		case unicode.IsSpace(r):
		default:
			return number{}, CodeNotANumber
		}
	}
	if digits == 0 {
		return number{}, CodeNotANumber
	}
	langDec, langGroup := separators(lang)
	var dec byte // 0: no decimal separator
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma {
			dec = '.'
		} else {
			dec = ','
		}
		if (dec == '.' && dots != 1) || (dec == ',' && commas != 1) {
			return number{}, CodeNotANumber
		}
	case dots > 0 || commas > 0:
		c, k := byte('.'), dots
		if commas > 0 {
			c, k = ',', commas
		}
		switch {
		case k == 1 && validGrouping(body, c):
			// "1,200" or "1.200": twelve hundred where thousands are
			// grouped with it, 1.20 where it is the decimal point, and
			// agents of both habits use either language. A guess is a
			// silent 1000x error on a call, so the person writes it
			// unambiguously ("1200", "1.200,00", "1,200.00").
			return number{}, CodeAmbiguousThousands
		case c == langDec && k == 1:
			dec = c
		case c == langDec:
			// several: only grouping makes sense; validated below
		case c == langGroup && validGrouping(body, c):
			// grouping
		case k == 1:
			dec = c
		default:
			return number{}, CodeNotANumber
		}
	}
	ip, frac := body, ""
	if dec != 0 {
		i := strings.LastIndexByte(body, dec)
		ip, frac = body[:i], body[i+1:]
		if frac == "" || strings.IndexFunc(frac, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return number{}, CodeNotANumber
		}
	}
	if strings.IndexFunc(ip, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		// The grouping separator is whichever of "." and "," is not the
		// decimal point; without a decimal point only one kind is present.
		var sep byte = '.'
		switch {
		case dec == '.':
			sep = ','
		case dec == 0 && commas > 0:
			sep = ','
		}
		if !validGrouping(ip, sep) {
			return number{}, CodeNotANumber
		}
		ip = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, ip)
	}
	ip = strings.TrimLeft(ip, "0")
	if ip == "" {
		ip = "0"
	}
	n := number{neg: neg, ip: ip, frac: frac}
	if len(ip) > 13 || math.Abs(n.float()) > MaxMajor {
		return number{}, CodeTooLarge
	}
	if strings.Trim(ip+frac, "0") == "" {
		n.neg = false
	}
	return n, ""
}

// validGrouping reports whether s is digits grouped by sep and/or spaces in
// threes. A leading "0" group is refused so "0.500" is never read as 500.
func validGrouping(s string, sep byte) bool {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == rune(sep) || unicode.IsSpace(r) })
	// FieldsFunc drops empty fields, so count separators to catch "1..234"
	// or a separator at either end.
	seps := 0
	prevSep := true
	for _, r := range s {
		isSep := r == rune(sep) || unicode.IsSpace(r)
		if isSep {
			if prevSep {
				return false
			}
			seps++
		}
		prevSep = isSep
	}
	if prevSep || seps != len(groups)-1 || len(groups) < 2 {
		return false
	}
	for i, g := range groups {
		for _, r := range g {
			if r < '0' || r > '9' {
				return false
			}
		}
		if i == 0 {
			if len(g) < 1 || len(g) > 3 || g[0] == '0' {
				return false
			}
		} else if len(g) != 3 {
			return false
		}
	}
	return true
}

func codeErr(code string, params map[string]any) error {
	return FieldError{Code: code, Params: params}
}

// tooLargeParams is the bound too_large names, MaxMajor, for amounts and
// numbers alike; a fresh map each time, as callers may add to it.
func tooLargeParams() map[string]any {
	return map[string]any{"Max": MaxMajor, "Kind": KindNumber}
}

func errTooLarge() error { return codeErr(CodeTooLarge, tooLargeParams()) }

// decimalErr is the error for parseDecimal's code, nil for none: every
// reader of typed numbers, rates and amounts reports too_large with its
// bound and the rest bare.
func decimalErr(code string) error {
	switch code {
	case "":
		return nil
	case CodeTooLarge:
		return errTooLarge()
	}
	return codeErr(code, nil)
}

// ParseNumber reads a number typed by a person of lang (see parseDecimal for
// the accepted forms). Errors are FieldErrors with an empty Field: required,
// not_a_number, too_large.
func ParseNumber(s string, lang locales.Lang) (float64, error) {
	n, code := parseDecimal(s, lang)
	if err := decimalErr(code); err != nil {
		return 0, err
	}
	return n.float(), nil
}

// ParseShown reads a number as FormatNumber writes it in lang: the
// language's group separator between groups of exactly three digits, its
// decimal separator once. What the app itself wrote is not ambiguous, so
// "1,234" in English is 1234 here where ParseNumber, reading what a person
// typed, asks which was meant. A value that is not in that form (a
// person's "1.5" in Spanish) is left to ParseNumber.
func ParseShown(s string, lang locales.Lang) (float64, error) {
	dec, grp := separators(lang)
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	ip, frac, hasFrac := strings.Cut(t, string(dec))
	groups := strings.Split(ip, string(grp))
	digits := func(x string) bool {
		return x != "" && strings.Trim(x, "0123456789") == ""
	}
	ok := len(groups[0]) <= 3 || len(groups) == 1
	for i, g := range groups {
		ok = ok && digits(g) && (i == 0 || len(g) == 3)
	}
	if !ok || hasFrac && !digits(frac) {
		return ParseNumber(s, lang)
	}
	v := strings.Join(groups, "")
	if hasFrac {
		v += "." + frac
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || f > MaxMajor {
		return ParseNumber(s, lang) // its refusal, coded
	}
	if neg {
		f = -f
	}
	return f, nil
}

// ParseRate reads a rate: "10%", "10 %", "12,5 %" (es) are percentages;
// a bare number is a fraction ("0.10" en, "0,10" es). A bare number of 1
// or more in absolute value is refused as rate_ambiguous: every rate
// AgentDesk asks for is at most 100 %, and "10" is far more likely to mean
// 10 % than 1000 %, as "1" is 1 % rather than 100 %, so the person is asked
// to write it unambiguously instead of the calculator guessing.
func ParseRate(s string, lang locales.Lang) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, codeErr(CodeRequired, nil)
	}
	if paren, inner := trimParens(t); paren {
		// "(5 %)": the percentage inside, negative; "(5)%" is
		// parseDecimal's.
		if _, had, _ := trimSign(inner); had || inner == "" || inner[0] == '(' {
			return 0, codeErr(CodeNotANumber, nil)
		}
		f, err := ParseRate(inner, lang)
		if err != nil {
			return 0, err
		}
		if f != 0 {
			f = -f
		}
		return f, nil
	}
	if p, ok := strings.CutSuffix(t, "%"); ok {
		n, code := parseDecimal(p, lang)
		if code == CodeRequired {
			code = CodeNotANumber
		}
		if err := decimalErr(code); err != nil {
			return 0, err
		}
		// Moving the point in the decimal string keeps "10%" exactly 0.1.
		s := n.ip
		if n.frac != "" {
			s += "." + n.frac
		}
		f, err := strconv.ParseFloat(s+"e-2", 64)
		if err != nil {
			return 0, codeErr(CodeNotANumber, nil)
		}
		if n.neg {
			f = -f
		}
		return f, nil
	}
	f, err := ParseNumber(t, lang)
	if err != nil {
		return 0, err
	}
	if math.Abs(f) >= 1 {
		return 0, codeErr(CodeRateAmbiguous, nil)
	}
	return f, nil
}
