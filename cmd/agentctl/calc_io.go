package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
)

// calcRun is one run of a calc command: its flags, the currency, and the
// field errors found while reading flag values. Values are kept as strings
// until every flag is parsed, because --lang and --currency may come last and
// decide how numbers and amounts are read.
type calcRun struct {
	m        *Main
	ctx      context.Context
	fs       *flag.FlagSet
	currency *string
	// in reads the flags' values as the calculators screen reads its
	// form (calculators.Input), errors keyed by flag ("--flows").
	in calculators.Input
	// flagOf renames a calculator field to its flag where they differ
	// (monthly_bill → monthly).
	flagOf map[string]string
	// pb is the desk's pack, when the desk was read for its currency.
	pb *playbook.Playbook
}

func newCalc(m *Main, name string) *calcRun {
	fs := m.flagSet(name)
	c := &calcRun{m: m, fs: fs}
	// Left out, the currency is the desk's (deskCurrency), as on the screen.
	c.currency = fs.String("currency", "", m.T().S("calc.flag.currency"))
	return c
}

// str declares a string flag whose help is the message helpID.
func (c *calcRun) str(name, helpID, def string) *string {
	return c.fs.String(name, def, c.m.T().S(helpID))
}

// parse parses the flags; calc commands take no positional arguments.
func (c *calcRun) parse(args []string) error {
	pos, err := parse(c.fs, args)
	if err != nil {
		return err
	}
	if err := c.m.noArgs(c.fs, pos); err != nil {
		return err
	}
	explicit := false
	c.fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "currency" })
	if !explicit {
		if *c.currency, err = c.deskCurrency(); err != nil {
			return err
		}
	}
	cur := strings.ToUpper(strings.TrimSpace(*c.currency))
	if !calculators.ValidCurrency(cur) {
		c.in.Errs.Add("--currency", calculators.CodeCurrency, map[string]any{"Currency": *c.currency})
		cur = "USD"
	}
	*c.currency = cur
	c.in.Lang, c.in.Currency, c.in.ListCommas = c.m.Lang, cur, true
	return nil
}

// deskCurrency is the currency of the calculators screen with no case
// open: the desk's pack's (cases.DefaultCurrency).
// A desk with no database yet is in dollars, and none is made for it.
func (c *calcRun) deskCurrency() (string, error) {
	if c.m.DBPath == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return "USD", nil
		}
		if _, err := os.Stat(p); err != nil {
			return "USD", nil
		}
	}
	db, err := c.m.openDB(c.ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	c.pb = c.m.deskPack(c.ctx, db)
	return cases.DefaultCurrency(c.pb.Meta.Currency, ""), nil
}

func (c *calcRun) cur() string { return *c.currency }

func (c *calcRun) money(flagName, s string, required bool) calculators.Money {
	return c.in.Money("--"+flagName, s, required)
}

// typedMoney reads an amount only when one was typed: one left out stays
// unset (Money{}), so a calculator that chooses its model by the amounts
// given (LTV, payback) can tell; one typed as blanks is still required.
func (c *calcRun) typedMoney(flagName, s string) calculators.Money {
	if s == "" {
		return calculators.Money{}
	}
	return c.money(flagName, s, true)
}

func (c *calcRun) moneyList(flagName, s string, required bool) []calculators.Money {
	return c.in.MoneyList("--"+flagName, s, required)
}

func (c *calcRun) number(flagName, s string, required bool) float64 {
	return c.in.Number("--"+flagName, s, required)
}

func (c *calcRun) integer(flagName, s string, required bool) int64 {
	return c.in.Integer("--"+flagName, s, required)
}

func (c *calcRun) rate(flagName, s string, required bool) float64 {
	return c.in.Rate("--"+flagName, s, required)
}

// duration reads Go durations ("30m", "180s", "1h30m"); a bare number is
// in unit (seconds for handling times and answer targets), or refused when
// unit is 0: --interval read bare numbers as seconds in an earlier release
// and the desktop reads them as minutes, so it takes a unit, always.
func (c *calcRun) duration(flagName, s string, unit time.Duration, required bool) time.Duration {
	return c.in.Duration("--"+flagName, s, unit, required)
}

func (c *calcRun) date(flagName, s string, required bool) time.Time {
	return c.in.Date("--"+flagName, s, required)
}

// label names a field the way the person typed it: the flag for calculator
// fields ("--cost-assisted"), with the position for list elements.
func (c *calcRun) label(field string) string {
	name, rest := c.baseLabel(field)
	// Read as the calculators screen reads it, so both name the same place.
	pos, sub := calculators.FieldPosition(rest)
	switch {
	case pos == 0:
		return name
	case sub == "":
		return c.item(name, pos)
	}
	return c.m.T().D("calc.field.line", map[string]any{"Field": name, "Index": pos, "Sub": sub})
}

// item names the element at 1-based pos of the list a flag holds.
func (c *calcRun) item(name string, pos int) string {
	return c.m.T().D("calc.field.item", map[string]any{"Field": name, "Index": pos})
}

// baseLabel is the flag a field comes from ("--flows" for "flows[2]"), and
// what follows the field's base name.
func (c *calcRun) baseLabel(field string) (name, rest string) {
	if strings.HasPrefix(field, "--") {
		return field, ""
	}
	base := calculators.BaseField(field)
	rest = field[len(base):]
	name = strings.ReplaceAll(base, "_", "-")
	if f, ok := c.flagOf[base]; ok {
		name = f
	}
	if c.fs.Lookup(name) != nil {
		name = "--" + name
	} else if t := c.m.T(); t.Has("calcui.field." + base) {
		// A figure no flag gives (the NPV too large to show), named
		// as the desktop names it rather than by the calculator's field.
		name = t.S("calcui.field." + base)
	} else if t.Has("calc.line." + base) {
		// Or by the name its line has in the breakdown (the LTV).
		name = t.S("calc.line." + base)
	}
	return name, rest
}

// errorText translates one field error, naming the field by its flag.
func (c *calcRun) errorText(fe calculators.FieldError) string {
	return calculators.ErrorText(fe, c.m.T(), func(field string, index int) string {
		if index > 0 && strings.HasPrefix(field, "--") {
			return c.item(field, index)
		}
		return c.label(field)
	})
}

// fail prints the errors found reading the flags and then the calculator's
// own (err), so a person sees every problem at once; a calculator error on a
// value whose flag could not be read is a consequence and is left out. It
// returns errFailed, or nil when there is nothing to report.
func (c *calcRun) fail(err error) error {
	errs := append(calculators.Errors{}, c.in.Errs...)
	seen := map[string]bool{}
	for _, fe := range c.in.Errs {
		seen[c.label(fe.Field)] = true
	}
	if es, ok := calculators.AsErrors(err); ok {
		for _, fe := range es {
			if name, _ := c.baseLabel(fe.Field); !seen[name] && !seen[c.label(fe.Field)] {
				errs = append(errs, fe)
			}
		}
	} else if err != nil {
		return err
	}
	if len(errs) == 0 {
		return nil
	}
	for _, fe := range errs {
		fmt.Fprintln(c.m.Stderr, c.errorText(fe))
	}
	return errFailed
}

// printLines writes a breakdown as aligned "label: value" rows; a text line
// without a value is a sentence on its own.
func (c *calcRun) printLines(w io.Writer, lines []calculators.Line) {
	t := c.m.T()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, l := range lines {
		if l.Kind == calculators.KindText && l.Value == nil {
			tw.Flush()
			fmt.Fprintln(w, t.S(l.Key))
			continue
		}
		fmt.Fprintf(tw, "%s:\t%s\n", t.S(l.Key), calculators.FormatLine(l, t))
	}
	tw.Flush()
}

// billJSONProblem says why a bill file did not decode, in the reader's
// language: where (line, column) and what was expected there. The
// decoder's own text is English and names Go types (billLineJSON,
// float64), which mean nothing to the person who wrote the file.
func (m *Main) billJSONProblem(data []byte, err error) string {
	t := m.T()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset)
		return t.D("calc.json.syntax", map[string]any{"Line": line, "Column": col})
	case errors.As(err, &te):
		line, _ := lineCol(data, te.Offset)
		got, _, _ := strings.Cut(te.Value, " ") // "number 1e999": the kind, then the number
		want := "calc.json.kind.string"
		switch te.Field {
		case "":
			// The file, or one of its lines, is not what a bill is made of.
			return t.D("calc.json.shape", map[string]any{"Line": line, "Got": jsonKind(t, got), "Want": t.S("calc.json.want.lines")})
		case "amount":
			if got == "number" {
				return t.D("calc.json.too_large", map[string]any{"Line": line, "Field": te.Field})
			}
			want = "calc.json.want.number"
		}
		return t.D("calc.json.type", map[string]any{"Line": line, "Field": te.Field, "Got": jsonKind(t, got), "Want": t.S(want)})
	case errors.Is(err, io.EOF):
		return t.S("calc.json.empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return t.S("calc.json.truncated")
	}
	// DisallowUnknownFields' error has no type of its own; its text is
	// stable: json: unknown field "name".
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if field, uerr := strconv.Unquote(name); uerr == nil {
			line := 0
			if i := bytes.Index(data, []byte(strconv.Quote(field))); i >= 0 {
				line, _ = lineCol(data, int64(i)+1)
			}
			return t.D("calc.json.unknown", map[string]any{"Line": line, "Field": field})
		}
	}
	m.logDetail("bill file not read", err)
	return t.S("calc.json.unreadable")
}

// jsonKind names a kind of JSON value as encoding/json reports it
// ("string", "number", …) in the reader's words.
func jsonKind(t *locales.T, kind string) string {
	if id := "calc.json.kind." + kind; t.Has(id) {
		return t.S(id)
	}
	return t.S("calc.json.kind.other")
}

// lineCol is the line and column (in characters, from 1) of the byte the
// decoder stopped after, offset bytes into data.
func lineCol(data []byte, offset int64) (line, col int) {
	end := int(min(max(offset, 1), int64(len(data))))
	if end == 0 {
		return 1, 1
	}
	before := data[:end-1]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(data[start:end])
}
