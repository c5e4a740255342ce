package calculators

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"agentdesk/locales"
)

// The words around the figures: a breakdown line's unit ("3 agents"), an
// error's bounds formatted like the field they bound, a signed difference.
// The calculators screen, the PDFs and agentctl all write results through
// these, so a figure reads the same wherever it is shown.

// FormatLine writes a breakdown line's value in t's language, with its unit
// words ("2.5 years", "12 agents"); a role is named as the role.
func FormatLine(l Line, t *locales.T) string {
	if l.Key == "calc.line.min_role" {
		if r, ok := l.Value.(string); ok && t.Has("role."+r) {
			return t.S("role." + r)
		}
	}
	if f, ok := toFloat(l.Value); ok && l.Kind == KindPercent && typedRates[l.Key] {
		return FormatPercent(f, Brief, t.Lang)
	}
	v := FormatValue(l.Value, l.Kind, t.Lang)
	if v == Dash {
		return v
	}
	switch l.Kind {
	case KindSeconds:
		return t.D("calc.unit."+l.Kind, map[string]any{"Value": v})
	case KindYears:
		// The noun agrees with the figure shown: 0.999 shows as "1.00",
		// as 1 does, and says "year" as 1 does.
		n := 2
		if f, _ := toFloat(l.Value); Displayed(f, l.Kind) == 1 {
			n = 1
		}
		return t.N("calc.unit."+l.Kind, n, map[string]any{"Value": v})
	case KindAgents, KindDays:
		n, _ := l.Value.(int)
		return t.N("calc.unit."+l.Kind, n, map[string]any{"Value": v})
	}
	return v
}

// typedRates are the breakdown lines that repeat a rate a person typed
// (or a pack's author wrote): FormatLine writes them as typed, to four
// decimals at most, where a rate worked out keeps one. A commission at
// 2.25 % read "2.3%" beside the 22.50 that 2.25 % of 1,000 makes. By key,
// as the case keeps them with the wire's kind "percent", so the figures
// kept before this read as typed too.
var typedRates = map[string]bool{
	"calc.line.rate": true, "calc.line.commission_rate": true, "calc.line.chat_conversion": true,
	"calc.line.site_conversion": true, "calc.line.gross_margin": true, "calc.line.monthly_churn": true,
	"calc.line.shrinkage": true, "calc.line.credit_percent": true,
}

// FormatParam writes an error's bound (Min, Max) the way the field it
// bounds is written: a rate as a percentage, seconds, days and agents with
// their unit, an ISO date as a date of the language.
func FormatParam(v any, kind string, t *locales.T) string {
	lang := t.Lang
	if x, ok := v.(string); ok {
		if kind == KindText {
			if d, err := time.Parse(time.DateOnly, x); err == nil {
				return locales.FormatDate(lang, d)
			}
		}
		return x
	}
	f, ok := toFloat(v)
	if !ok {
		return fmt.Sprint(v)
	}
	switch kind {
	case KindPercent:
		return FormatPercent(f, Brief, lang)
	case KindSeconds, KindMinutes:
		return t.D("calc.unit."+kind, map[string]any{"Value": FormatNumber(f, -1, lang)})
	case KindDays, KindAgents:
		return t.N("calc.unit."+kind, int(f), map[string]any{"Value": FormatNumber(f, 0, lang)})
	}
	return FormatNumber(f, -1, lang)
}

// ErrorText translates one field error. label names a field the way the
// person sees it (a form's label, a command's flag); it gets the field as
// the error names it ("flows[2]", "before[0].amount") and the 1-based
// position of a list element the error is about (0 for none).
func ErrorText(fe FieldError, t *locales.T, label func(field string, index int) string) string {
	p := map[string]any{}
	kind, _ := fe.Params["Kind"].(string)
	for k, v := range fe.Params {
		switch k {
		case "Min", "Max":
			p[k] = FormatParam(inward(v, kind, k == "Min"), kind, t)
		case "Other":
			p[k] = label(fmt.Sprint(v), 0)
		default:
			p[k] = v
		}
	}
	index, _ := fe.Params["Index"].(int)
	p["Field"] = label(fe.Field, index)
	if _, ok := p["Example"]; !ok && fe.Code == CodeInvalidDate {
		p["Example"] = locales.FormatDate(t.Lang, exampleDate)
	}
	return t.D("calc.err."+fe.Code, p)
}

// inward moves a percentage bound to the four decimals it is written
// with, toward the inside of the range (a minimum up, a maximum down), so
// the bound an error names is one the field takes: 1/1200 as a minimum
// reads 0.0834 %, and 0.0834 % is accepted.
func inward(v any, kind string, isMin bool) any {
	f, ok := v.(float64)
	if !ok || kind != KindPercent || math.IsNaN(f) || math.IsInf(f, 0) {
		return v
	}
	p, err := strconv.ParseFloat(shiftDecimal(f, 2), 64) // the percentage, as written
	if err != nil {
		return v
	}
	scaled := p * 1e4
	if isMin {
		scaled = math.Ceil(scaled - 1e-6)
	} else {
		scaled = math.Floor(scaled + 1e-6)
	}
	out, err := strconv.ParseFloat(shiftDecimal(scaled, -6), 64)
	if err != nil {
		return v
	}
	return out
}

// FormatSignedMoney writes an amount with an explicit "+" for increases,
// as bill differences are read.
func FormatSignedMoney(m Money, lang locales.Lang) string {
	s := FormatMoney(m, lang)
	if m.Minor > 0 {
		s = "+" + s
	}
	return s
}

// FigureText is a kept figure as a reader sees it: its label, and its
// value in t's language with what it is about before it ("Fibra 600
// +$15.00"). A key t has no message for is shown as it is.
func FigureText(f Figure, t *locales.T) (label, value string) {
	label = f.Key
	if t.Has(f.Key) {
		label = t.S(f.Key)
	}
	value = FormatLine(f.Line(), t)
	if f.Name != "" {
		value = f.Name + " " + value
	}
	return label, value
}

// WrittenFigures are kept figures written out in t's language by message
// ID, as releases before typed figures stored them (a key that comes more
// than once, a bill's changes of one class, joined with "; "). A desk
// still writes them beside the typed ones, so a crmd or a desk of the
// previous release, which read only these, shows the figures too.
func WrittenFigures(figs []Figure, t *locales.T) map[string]string {
	if len(figs) == 0 {
		return nil
	}
	out := make(map[string]string, len(figs))
	for _, f := range figs {
		_, v := FigureText(f, t)
		if prev, ok := out[f.Key]; ok {
			v = prev + "; " + v
		}
		out[f.Key] = v
	}
	return out
}
