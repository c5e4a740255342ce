package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// recompute reads the form, shows each field's error beside it and the
// result (or why there is none), and updates "use in call".
func (s *calcScreen) recompute() {
	if s.result == nil {
		return
	}
	t, d := s.a.t, s.def()
	p := s.reader()
	out := d.run(s, p)
	if !p.ok(nil) {
		out = nil
	}
	if out != nil && out.head == nil {
		out.head = d.head
	}
	s.out = out

	hidden := false
	visible := func(field string) bool {
		if d.id == "bill_diff" {
			return s.billTyped(field)
		}
		base := calculators.BaseField(field)
		return p.raw(base) != "" || s.touched[d.id+"."+base]
	}
	for name, l := range s.errLabels {
		fe, bad := p.errOf(name)
		if !bad {
			// a list element's error ("flows[1]") shows under the list
			for _, e := range p.Errs {
				if calculators.BaseField(e.Field) == name {
					fe, bad = e, true
					break
				}
			}
		}
		if bad && visible(fe.Field) {
			l.SetText(s.errorText(d, fe))
			l.Show()
		} else {
			hidden = hidden || bad
			l.SetText("")
			l.Hide()
		}
	}
	if d.id == "bill_diff" {
		for b := range s.billErrs {
			var msgs []string
			for _, fe := range p.Errs {
				if calculators.BaseField(fe.Field) != billSide(b) {
					continue
				}
				if visible(fe.Field) {
					msgs = append(msgs, s.errorText(d, fe))
				} else {
					hidden = true
				}
			}
			s.billErrs[b].SetText(strings.Join(msgs, "\n"))
			s.billErrs[b].Hidden = len(msgs) == 0
			s.billErrs[b].Refresh()
		}
	}

	var objs []fyne.CanvasObject
	for _, fe := range p.other {
		l := widget.NewLabel(s.errorText(d, fe))
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	switch {
	case out != nil:
		objs = append(objs, s.resultView(out)...)
	case len(p.other) == 0:
		msg := "calcui.fix_errors"
		if hidden && !s.anyVisibleError(p, visible) {
			msg = "calcui.need_input"
		}
		l := widget.NewLabel(t.S(msg))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.LowImportance
		objs = append(objs, l)
	}
	s.result.Objects = objs
	s.result.Refresh()
	s.updateUse()
}

func (s *calcScreen) anyVisibleError(p *calcReader, visible func(string) bool) bool {
	for _, fe := range p.Errs {
		if visible(fe.Field) {
			return true
		}
	}
	return false
}

// billTyped reports whether the bill line an error is about has anything
// typed in it.
func (s *calcScreen) billTyped(field string) bool {
	base := calculators.BaseField(field)
	b := boolInt(base == "after")
	idx, _ := calculators.FieldPosition(strings.TrimPrefix(field, base))
	if idx == 0 {
		return s.touched["bill_diff."+base]
	}
	if idx > len(s.bills[b]) {
		return false
	}
	r := s.bills[b][idx-1]
	return strings.TrimSpace(r.desc) != "" || strings.TrimSpace(r.amount) != ""
}

// resultView is the headline figure, the breakdown, and the calculator's
// chart or table.
func (s *calcScreen) resultView(out *calcOutcome) []fyne.CanvasObject {
	t := s.a.t
	var objs []fyne.CanvasObject
	headKey := ""
	for _, k := range out.head {
		for _, l := range out.lines {
			if l.Key == k && headKey == "" {
				headKey = k
				name := widget.NewLabel(t.S(l.Key))
				name.Wrapping = fyne.TextWrapWord
				objs = append(objs, name)
				if !(l.Kind == calculators.KindText && l.Value == nil) {
					v := widget.NewLabelWithStyle(calculators.FormatLine(l, t), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
					v.SizeName = theme.SizeNameHeadingText
					v.Importance = widget.HighImportance
					objs = append(objs, v)
				} else {
					name.Importance = widget.WarningImportance
					name.TextStyle.Bold = true
				}
			}
		}
	}
	// The chart comes before the breakdown: it is what the eye goes to,
	// and the breakdown can scroll.
	if out.chart != nil {
		objs = append(objs, out.chart(t))
	}
	var grid []fyne.CanvasObject
	var sentences []fyne.CanvasObject
	for _, l := range out.lines {
		if l.Key == headKey {
			continue
		}
		if l.Kind == calculators.KindText && l.Value == nil {
			x := widget.NewLabel(t.S(l.Key))
			x.Wrapping = fyne.TextWrapWord
			if l.Key == "calc.line.role_may_not_grant" {
				x.Importance = widget.WarningImportance
			}
			sentences = append(sentences, x)
			continue
		}
		name := widget.NewLabel(t.S(l.Key))
		grid = append(grid, name, widget.NewLabelWithStyle(calculators.FormatLine(l, t), fyne.TextAlignTrailing, fyne.TextStyle{}))
	}
	if len(grid) > 0 {
		objs = append(objs, container.New(layout.NewFormLayout(), grid...))
	}
	objs = append(objs, sentences...)
	if out.extra != nil {
		objs = append(objs, out.extra(t))
	}
	return objs
}

// openCall is the call on the call screen, or nil.
func (s *calcScreen) openCall() *cases.Case {
	if s.a.call == nil {
		return nil
	}
	return s.a.call.current()
}

func (s *calcScreen) updateUse() {
	if s.useBtn == nil {
		return
	}
	// Errors, the hint and the status come and go and change height as
	// the agent types: the screen is laid out again, or a shown error is
	// drawn over its entry and a longer status past the pane.
	defer s.body.Refresh()
	t := s.a.t
	c := s.openCall()
	used, isUsed := s.used[s.def().id]
	if isUsed && (c == nil || c.ID != used.caseID) {
		// Used in a call that is no longer open: the next one has not
		// heard it, and may use it too.
		s.unuse()
		isUsed = false
	}
	switch {
	case c == nil:
		s.useBtn.Disable()
		s.useHint.SetText(t.S("calcui.use_hint.no_call"))
	case c.Ended():
		s.useBtn.Disable()
		s.useHint.SetText(t.S("calcui.use_hint.closed"))
	case s.out == nil:
		s.useBtn.Disable()
		s.useHint.SetText(t.S("calcui.use_hint.invalid"))
	default:
		// Once used, the same result is not added twice by a double click;
		// any change to the inputs makes it usable again.
		if isUsed {
			s.useBtn.Disable()
		} else {
			s.useBtn.Enable()
		}
		name := c.Customer.Name
		if name == "" {
			name = c.Customer.Account
		}
		s.useHint.SetText(t.D("calcui.use_hint.ready", map[string]any{"Customer": name, "Lang": t.S("playbook.lang." + string(c.CallLang))})) // a language named in the sentence's own
	}
	s.useStatus.SetText("")
	if isUsed {
		s.useStatus.SetText(t.D("calcui.used", map[string]any{"Summary": used.summary}))
	}
	s.useStatus.Hidden = !isUsed
	s.useStatus.Refresh()
}

// onUse writes the result into the open call in the call's language.
func (s *calcScreen) onUse() {
	c := s.openCall()
	if c == nil || s.out == nil || s.out.say == nil {
		return
	}
	ct := locales.New(c.CallLang)
	summary, figures := s.out.say(ct)
	err := s.a.call.attachCalculation(cases.Calculation{Calculator: s.def().id, Summary: summary, Lines: figures,
		Figures: calculators.WrittenFigures(figures, ct)})
	if err != nil {
		s.unuse()
		s.useStatus.Importance = widget.DangerImportance
		// In words when the case has no room left for results.
		s.useStatus.SetText(s.a.call.errorMessage(err))
		s.useStatus.Show()
		return
	}
	s.useStatus.Importance = widget.SuccessImportance
	s.used[s.def().id] = usedResult{summary: summary, caseID: c.ID}
	s.updateUse()
}

func money(m calculators.Money, l locales.Lang) string { return calculators.FormatMoney(m, l) }

// pct writes a rate the calculator worked out, to one decimal, or to its
// first digit when one decimal would write it as zero, as the breakdown
// does.
func pct(r float64, l locales.Lang) string {
	return calculators.FormatValue(r, calculators.KindPercent, l)
}

// typedPct writes a rate the agent typed as typed (2.25 %, not 2.3 %): the
// sentence said on the call repeats it beside what follows from it.
func typedPct(r float64, l locales.Lang) string {
	return calculators.FormatPercent(r, calculators.Brief, l)
}

// counted writes a count with its words (id has one/other forms showing
// {{.Count}}), the form agreeing with the number as shown: "1 contact",
// "every minute", "2 calls".
func counted(ct *locales.T, id string, x float64) string {
	return ct.Q(id, calculators.Displayed(x, calculators.KindNumber), num(x, ct.Lang))
}

func num(x float64, l locales.Lang) string {
	return calculators.FormatValue(x, calculators.KindNumber, l)
}
