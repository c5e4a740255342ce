package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// calcRun is one run of a calc command: its flags, the currency, and the
// field errors found while reading flag values. Values are kept as strings
// until every flag is parsed, because --lang and --currency may come last and
// decide how numbers and amounts are read.
type calcRun struct {
	m        *Main
	fs       *flag.FlagSet
	currency *string
	errs     calculators.Errors
	// flagOf renames a calculator field to its flag where they differ
	// (monthly_bill → monthly).
	flagOf map[string]string
}

func newCalc(m *Main, name string) *calcRun {
	fs := m.flagSet(name)
	c := &calcRun{m: m, fs: fs}
	c.currency = fs.String("currency", "USD", m.T().S("calc.flag.currency"))
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
	if len(pos) > 0 {
		return usageErr("%s: %s", c.fs.Name(), strings.Join(pos, " "))
	}
	cur := strings.ToUpper(strings.TrimSpace(*c.currency))
	if !calculators.ValidCurrency(cur) {
		c.errs.Add("--currency", calculators.CodeCurrency, map[string]any{"Currency": *c.currency})
		cur = "USD"
	}
	*c.currency = cur
	return nil
}

func (c *calcRun) cur() string { return *c.currency }

// add records a parse error for a flag, relabelled with the flag's name.
func (c *calcRun) add(flagName string, err error, extra map[string]any) {
	es, ok := calculators.AsErrors(err)
	if !ok {
		c.errs.Add("--"+flagName, calculators.CodeNotANumber, extra)
		return
	}
	for _, fe := range es {
		p := map[string]any{}
		for k, v := range fe.Params {
			p[k] = v
		}
		for k, v := range extra {
			p[k] = v
		}
		c.errs.Add("--"+flagName, fe.Code, p)
	}
}

func (c *calcRun) required(flagName, s string, required bool) bool {
	if strings.TrimSpace(s) != "" {
		return true
	}
	if required {
		c.errs.Add("--"+flagName, calculators.CodeRequired, nil)
	}
	return false
}

func (c *calcRun) money(flagName, s string, required bool) calculators.Money {
	if !c.required(flagName, s, required) {
		return calculators.Money{Currency: c.cur()}
	}
	v, err := calculators.ParseMoney(s, c.cur(), c.m.Lang)
	if err != nil {
		c.add(flagName, err, nil)
	}
	return v
}

// splitList splits a list flag on semicolons when there is one (so Spanish
// amounts can keep their decimal commas), else on commas.
func splitList(s string) []string {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	parts := strings.Split(s, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func (c *calcRun) moneyList(flagName, s string, required bool) []calculators.Money {
	if !c.required(flagName, s, required) {
		return nil
	}
	var out []calculators.Money
	for i, p := range splitList(s) {
		v, err := calculators.ParseMoney(p, c.cur(), c.m.Lang)
		if err != nil {
			c.add(flagName, err, map[string]any{"Index": i + 1})
			continue
		}
		out = append(out, v)
	}
	return out
}

func (c *calcRun) number(flagName, s string, required bool) float64 {
	if !c.required(flagName, s, required) {
		return 0
	}
	v, err := calculators.ParseNumber(s, c.m.Lang)
	if err != nil {
		c.add(flagName, err, nil)
	}
	return v
}

func (c *calcRun) integer(flagName, s string, required bool) int64 {
	if !c.required(flagName, s, required) {
		return 0
	}
	v, err := calculators.ParseNumber(s, c.m.Lang)
	if err != nil {
		c.add(flagName, err, nil)
		return 0
	}
	if v != float64(int64(v)) {
		c.errs.Add("--"+flagName, calculators.CodeNotInteger, nil)
		return 0
	}
	return int64(v)
}

func (c *calcRun) rate(flagName, s string, required bool) float64 {
	if !c.required(flagName, s, required) {
		return 0
	}
	v, err := calculators.ParseRate(s, c.m.Lang)
	if err != nil {
		c.add(flagName, err, nil)
	}
	return v
}

// duration reads Go durations ("30m", "180s", "1h30m"); a bare number is
// seconds, as handling times are usually quoted.
func (c *calcRun) duration(flagName, s string, required bool) time.Duration {
	if !c.required(flagName, s, required) {
		return 0
	}
	s = strings.TrimSpace(s)
	if d, err := time.ParseDuration(s); err == nil {
		return d
	}
	// ParseNumber caps values at 1e12, so seconds fit a Duration (±292 years)
	// only below about 9.2e9; larger is reported like any unreadable duration.
	if v, err := calculators.ParseNumber(s, c.m.Lang); err == nil && math.Abs(v) < 9e9 {
		return time.Duration(v * float64(time.Second))
	}
	c.errs.Add("--"+flagName, "duration", nil)
	return 0
}

func (c *calcRun) date(flagName, s string, required bool) time.Time {
	if !c.required(flagName, s, required) {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		c.errs.Add("--"+flagName, calculators.CodeInvalidDate, nil)
	}
	return d
}

// label names a field the way the person typed it: the flag for calculator
// fields ("--cost-assisted"), with the position for list elements.
func (c *calcRun) label(field string) string {
	t := c.m.T()
	name, rest := c.baseLabel(field)
	if !strings.HasPrefix(rest, "[") {
		return name
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return name
	}
	idx, _ := strconv.Atoi(rest[1:end])
	sub := strings.TrimPrefix(rest[end+1:], ".")
	if sub == "" {
		return t.D("calc.field.item", map[string]any{"Field": name, "Index": idx + 1})
	}
	return t.D("calc.field.line", map[string]any{"Field": name, "Index": idx + 1, "Sub": sub})
}

// baseLabel is the flag a field comes from ("--flows" for "flows[2]"), and
// what follows the field's base name.
func (c *calcRun) baseLabel(field string) (name, rest string) {
	if strings.HasPrefix(field, "--") {
		return field, ""
	}
	base := field
	if i := strings.IndexAny(field, "[."); i >= 0 {
		base, rest = field[:i], field[i:]
	}
	name = strings.ReplaceAll(base, "_", "-")
	if f, ok := c.flagOf[base]; ok {
		name = f
	}
	if c.fs.Lookup(name) != nil {
		name = "--" + name
	}
	return name, rest
}

// errorText translates one field error, formatting numeric parameters in
// the output language.
func (c *calcRun) errorText(fe calculators.FieldError) string {
	t, lang := c.m.T(), c.m.Lang
	p := map[string]any{}
	kind, _ := fe.Params["Kind"].(string)
	for k, v := range fe.Params {
		switch k {
		case "Min", "Max":
			p[k] = formatParam(v, kind, lang, t)
		case "Other":
			p[k] = c.label(fmt.Sprint(v))
		default:
			p[k] = v
		}
	}
	p["Field"] = c.label(fe.Field)
	if idx, ok := fe.Params["Index"].(int); ok && strings.HasPrefix(fe.Field, "--") {
		p["Field"] = t.D("calc.field.item", map[string]any{"Field": fe.Field, "Index": idx})
	}
	return t.D("calc.err."+fe.Code, p)
}

func formatParam(v any, kind string, lang locales.Lang, t *locales.T) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	default:
		return fmt.Sprint(v)
	}
	switch kind {
	case calculators.KindPercent:
		return calculators.FormatPercent(f, -1, lang)
	case calculators.KindSeconds:
		return t.D("calc.unit.seconds", map[string]any{"Value": calculators.FormatNumber(f, -1, lang)})
	}
	return calculators.FormatNumber(f, -1, lang)
}

// fail prints the errors found reading the flags and then the calculator's
// own (err), so a person sees every problem at once; a calculator error on a
// value whose flag could not be read is a consequence and is left out. It
// returns errFailed, or nil when there is nothing to report.
func (c *calcRun) fail(err error) error {
	errs := append(calculators.Errors{}, c.errs...)
	seen := map[string]bool{}
	for _, fe := range c.errs {
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

// value formats a breakdown value with its unit in the output language.
func (c *calcRun) value(l calculators.Line) string {
	t, lang := c.m.T(), c.m.Lang
	s := calculators.FormatValue(l.Value, l.Kind, lang)
	if s == calculators.Dash {
		return s
	}
	switch l.Kind {
	case calculators.KindYears, calculators.KindSeconds:
		return t.D("calc.unit."+l.Kind, map[string]any{"Value": s})
	case calculators.KindAgents, calculators.KindDays:
		n, _ := l.Value.(int)
		return t.N("calc.unit."+l.Kind, n, map[string]any{"Value": s})
	}
	return s
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
		fmt.Fprintf(tw, "%s:\t%s\n", t.S(l.Key), c.value(l))
	}
	tw.Flush()
}

// signed writes an amount with an explicit "+" for increases.
func signed(m calculators.Money, lang locales.Lang) string {
	s := calculators.FormatMoney(m, lang)
	if m.Minor > 0 {
		s = "+" + s
	}
	return s
}
