package app

import (
	"strings"
	"time"

	"agentdesk/calculators"
)

// calcReader reads the form of one calculator with calculators.Input,
// which decides how text becomes numbers, amounts and dates for the screen
// and the CLI alike; other keeps the errors on no field of the form (the
// playbook's policy, the role).
type calcReader struct {
	calculators.Input
	s     *calcScreen
	d     *calcDef
	other []calculators.FieldError
}

func (s *calcScreen) reader() *calcReader {
	return &calcReader{Input: calculators.Input{Lang: s.a.t.Lang, Currency: s.currency()}, s: s, d: s.def()}
}

func (p *calcReader) raw(name string) string {
	return strings.TrimSpace(p.s.vals[p.d.id+"."+name])
}

func (p *calcReader) field(name string) *calcField { return findField(p.d, name) }

// required: every field of the form but the optional ones and the
// alternatives (one of two is enough).
func (p *calcReader) required(name string) bool {
	f := p.field(name)
	return f == nil || !(f.optional || f.alt)
}

func (p *calcReader) money(name string) calculators.Money {
	return p.Money(name, p.raw(name), p.required(name))
}

func (p *calcReader) moneyList(name string) []calculators.Money {
	return p.MoneyList(name, p.raw(name), p.required(name))
}

func (p *calcReader) number(name string) float64 {
	return p.Number(name, p.raw(name), p.required(name))
}

func (p *calcReader) integer(name string) int64 {
	return p.Integer(name, p.raw(name), p.required(name))
}

func (p *calcReader) rate(name string) float64 {
	return p.Rate(name, p.raw(name), p.required(name))
}

func (p *calcReader) date(name string) time.Time {
	return p.Date(name, p.raw(name), p.required(name))
}

func (p *calcReader) duration(name string, unit time.Duration) time.Duration {
	return p.Duration(name, p.raw(name), unit, p.required(name))
}

func (p *calcReader) level(name string) int {
	return p.Level(name, p.raw(name), p.required(name))
}

// errOf is the error shown for a form field, if any.
func (p *calcReader) errOf(field string) (calculators.FieldError, bool) {
	for _, fe := range p.Errs {
		if fe.Field == field {
			return fe, true
		}
	}
	return calculators.FieldError{}, false
}

// ok merges a calculator error into the form's and reports whether the
// form is free of errors; errors on no field of the form are kept apart.
func (p *calcReader) ok(err error) bool {
	if es, isFE := calculators.AsErrors(err); isFE {
		var onForm calculators.Errors
		for _, fe := range es {
			base := calculators.BaseField(fe.Field)
			if p.field(base) != nil || base == "before" || base == "after" {
				onForm = append(onForm, fe)
			} else {
				p.other = append(p.other, fe)
			}
		}
		err = onForm.Err()
	}
	return p.Merge(err) && len(p.other) == 0
}

// errorText translates a field error in the interface language, with its
// bounds formatted like the field itself.
func (s *calcScreen) errorText(d *calcDef, fe calculators.FieldError) string {
	return calculators.ErrorText(fe, s.a.t, func(field string, index int) string { return s.errorField(d, field, index) })
}

// errorField names the field of an error: its label, with the position for
// list elements and bill lines.
func (s *calcScreen) errorField(d *calcDef, field string, index int) string {
	t := s.a.t
	base := calculators.BaseField(field)
	rest := strings.TrimPrefix(field, base)
	if d.id == "bill_diff" {
		idx, sub := calculators.FieldPosition(rest)
		name := t.S([]string{"calc.line.bill_before", "calc.line.bill_after"}[boolInt(base == "after")])
		if idx == 0 {
			return name
		}
		return t.D("calc.field.line", map[string]any{"Field": name, "Index": idx, "Sub": t.S("calcui.bill." + sub)})
	}
	name := base
	if f := findField(d, base); f != nil {
		name = s.fieldLabel(d, base, false)
	} else if t.Has("calcui.field." + base) {
		name = t.S("calcui.field." + base)
	} else if t.Has("calc.line." + base) {
		// A figure of the result (the LTV too large to show), by the
		// name its line has in the breakdown.
		name = t.S("calc.line." + base)
	}
	if index > 0 {
		return t.D("calc.field.item", map[string]any{"Field": name, "Index": index})
	}
	if idx, _ := calculators.FieldPosition(rest); idx > 0 {
		return t.D("calc.field.item", map[string]any{"Field": name, "Index": idx})
	}
	return name
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func findField(d *calcDef, name string) *calcField {
	for i := range d.fields {
		if d.fields[i].name == name {
			return &d.fields[i]
		}
	}
	return nil
}

// compute runs in unless the form or in's own checks find a problem; the
// reader then holds them, to be shown beside their fields.
func compute[R any](p *calcReader, in calculators.Calculator[R]) (R, bool) {
	if !p.ok(in.Validate()) {
		var r R
		return r, false
	}
	r, err := in.Compute()
	return r, p.ok(err)
}
