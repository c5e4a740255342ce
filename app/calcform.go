package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// showCalc builds the selected calculator's form and result panes.
func (s *calcScreen) showCalc() {
	t, d := s.a.t, s.def()
	s.entries = map[string]*widget.Entry{}
	s.errLabels = map[string]*widget.Label{}
	s.level, s.levelInfo = nil, nil

	title := subheading(t.S("calcui." + d.id + ".title"))
	intro := widget.NewLabel(t.S("calcui." + d.id + ".intro"))
	intro.Wrapping = fyne.TextWrapWord

	var form fyne.CanvasObject
	if d.id == "bill_diff" {
		form = s.billForm()
	} else {
		form = s.fieldsForm(d)
	}

	s.result = container.NewVBox()
	s.useBtn = widget.NewButtonWithIcon(t.S("calcui.use_button"), theme.MailForwardIcon(), s.onUse)
	s.useBtn.Importance = widget.HighImportance
	s.useHint = widget.NewLabel("")
	s.useHint.Wrapping = fyne.TextWrapWord
	s.useHint.Importance = widget.LowImportance
	s.useStatus = widget.NewLabel("")
	s.useStatus.Wrapping = fyne.TextWrapWord
	s.useStatus.Importance = widget.SuccessImportance
	useBox := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, s.useBtn, nil, s.useHint), s.useStatus)

	resultPane := container.NewBorder(heading(t.S("calcui.result")), useBox, nil, nil, container.NewVScroll(container.NewPadded(s.result)))
	formPane := container.NewVScroll(container.NewPadded(form))
	split := container.NewHSplit(formPane, container.NewPadded(resultPane))
	split.Offset = 0.46
	if d.id == "bill_diff" {
		split.Offset = 0.6
	}
	top := container.NewVBox(title, intro, widget.NewSeparator())
	s.body.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(top, nil, nil, nil, split))}
	s.body.Refresh()
	s.recompute()
}

// fieldsForm lays out label | entry with the field's error under its entry.
func (s *calcScreen) fieldsForm(d *calcDef) fyne.CanvasObject {
	t := s.a.t
	var objs []fyne.CanvasObject
	for _, f := range d.fields {
		key := d.id + "." + f.name
		label := widget.NewLabel(s.fieldLabel(d, f.name, f.optional))
		errL := widget.NewLabel("")
		errL.Importance = widget.DangerImportance
		errL.Wrapping = fyne.TextWrapWord
		errL.Hide()
		s.errLabels[f.name] = errL

		var input fyne.CanvasObject
		if f.kind == fLevel {
			input = s.levelSelect(key)
		} else {
			e := widget.NewEntry()
			if len(f.example) > 0 {
				e.SetPlaceHolder(t.D("calcui.example", map[string]any{"Value": s.example(f)}))
			}
			e.SetText(s.vals[key])
			e.OnChanged = func(v string) {
				s.vals[key], s.touched[key] = v, true
				s.unuse()
				s.recompute()
			}
			s.entries[f.name] = e
			input = e
		}
		if f.orBefore {
			or := widget.NewLabelWithStyle(t.S("calcui.or"), fyne.TextAlignCenter, fyne.TextStyle{})
			or.Importance = widget.LowImportance
			objs = append(objs, layout.NewSpacer(), or)
		}
		objs = append(objs, label, container.NewVBox(input, errL))
	}
	form := container.New(layout.NewFormLayout(), objs...)
	if d.id == "compensation" {
		role := widget.NewLabel(t.D("calcui.compensation.role", map[string]any{"Role": t.S("role." + string(s.a.role()))}))
		role.Importance = widget.LowImportance
		role.Wrapping = fyne.TextWrapWord
		return container.NewVBox(form, s.levelInfo, role)
	}
	return form
}

// levelSelect offers the playbook's compensation levels with their titles.
func (s *calcScreen) levelSelect(key string) fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	opts := make([]string, len(pb.Compensation))
	for i, l := range pb.Compensation {
		opts[i] = fmt.Sprintf("%d · %s", l.Level, pb.Say(t.Lang, l.Title))
	}
	s.levelInfo = widget.NewLabel("")
	s.levelInfo.Wrapping = fyne.TextWrapWord
	s.levelInfo.Importance = widget.LowImportance
	s.levelInfo.Hide() // until a level is chosen
	s.level = widget.NewSelect(opts, nil)
	s.level.PlaceHolder = t.S("calcui.compensation.level_placeholder")
	for i, l := range pb.Compensation {
		if strconv.Itoa(l.Level) == s.vals[key] {
			s.level.SetSelectedIndex(i)
			s.levelInfo.SetText(pb.Say(t.Lang, l.Description))
			s.levelInfo.Show()
		}
	}
	s.level.OnChanged = func(string) {
		i := s.level.SelectedIndex()
		if i < 0 || i >= len(pb.Compensation) {
			return
		}
		l := pb.Compensation[i]
		s.vals[key], s.touched[key] = strconv.Itoa(l.Level), true
		s.unuse()
		s.levelInfo.SetText(pb.Say(t.Lang, l.Description))
		s.levelInfo.Show()
		s.recompute()
	}
	return s.level
}

// billForm is the two bills as small editable tables.
func (s *calcScreen) billForm() fyne.CanvasObject {
	t := s.a.t
	kinds := make([]string, len(calculators.BillKinds))
	for i, k := range calculators.BillKinds {
		kinds[i] = t.S("calcui.kind." + k)
	}
	kindW := float32(0)
	for _, k := range kinds {
		kindW = max(kindW, fyne.MeasureText(k, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	kindW += 5*theme.Padding() + theme.IconInlineSize()
	amountW := float32(120)
	rowH := widget.NewEntry().MinSize().Height
	cell := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, rowH), o)
	}
	removeW := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil).MinSize().Width

	var out []fyne.CanvasObject
	for b := range s.bills {
		b := b
		title := []string{"calc.line.bill_before", "calc.line.bill_after"}[b]
		hdr := func(s string) *widget.Label {
			l := widget.NewLabel(s)
			l.Importance = widget.LowImportance
			return l
		}
		rows := []fyne.CanvasObject{heading(t.S(title)), container.NewBorder(nil, nil, nil,
			container.NewHBox(cell(kindW, hdr(t.S("calcui.bill.kind"))), cell(amountW, hdr(t.S("calcui.bill.amount"))), cell(removeW, layout.NewSpacer())),
			hdr(t.S("calcui.bill.description")))}
		for i := range s.bills[b] {
			i := i
			row := &s.bills[b][i]
			desc := widget.NewEntry()
			desc.SetPlaceHolder(t.S("calcui.bill.description_placeholder." + row.kind))
			desc.SetText(row.desc)
			desc.OnChanged = func(v string) { row.desc = v; s.unuse(); s.recompute() }
			kind := widget.NewSelect(kinds, nil)
			for k, x := range calculators.BillKinds {
				if x == row.kind {
					kind.SetSelectedIndex(k)
				}
			}
			kind.OnChanged = func(string) {
				if k := kind.SelectedIndex(); k >= 0 {
					row.kind = calculators.BillKinds[k]
					s.unuse()
					desc.SetPlaceHolder(t.S("calcui.bill.description_placeholder." + row.kind))
					s.recompute()
				}
			}
			amount := widget.NewEntry()
			amount.SetPlaceHolder(calculators.FormatNumber(0, 2, t.Lang))
			amount.SetText(row.amount)
			amount.OnChanged = func(v string) { row.amount = v; s.unuse(); s.recompute() }
			s.entries[fmt.Sprintf("%s[%d].amount", billSide(b), i)] = amount
			s.entries[fmt.Sprintf("%s[%d].description", billSide(b), i)] = desc
			remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				s.bills[b] = append(s.bills[b][:i], s.bills[b][i+1:]...)
				s.unuse()
				s.showCalc()
			})
			remove.Importance = widget.LowImportance
			rows = append(rows, container.NewBorder(nil, nil, nil,
				container.NewHBox(cell(kindW, kind), cell(amountW, amount), remove), desc))
		}
		add := widget.NewButtonWithIcon(t.S("calcui.bill.add"), theme.ContentAddIcon(), func() {
			s.bills[b] = append(s.bills[b], billRow{kind: calculators.BillService})
			s.showCalc()
		})
		errL := widget.NewLabel("")
		errL.Importance = widget.DangerImportance
		errL.Wrapping = fyne.TextWrapWord
		errL.Hide()
		s.billErrs[b] = errL
		rows = append(rows, errL, container.NewHBox(add))
		out = append(out, container.NewVBox(rows...))
		if b == 0 {
			out = append(out, widget.NewSeparator())
		}
	}
	hint := widget.NewLabel(t.S("calcui.bill.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	return container.NewVBox(append(out, hint)...)
}

func billSide(b int) string { return []string{"before", "after"}[b] }

// fieldLabel names a field in the interface language.
func (s *calcScreen) fieldLabel(d *calcDef, name string, optional bool) string {
	t := s.a.t
	l := t.S("calcui." + d.id + "." + name)
	if optional {
		l = t.D("calcui.optional", map[string]any{"Label": l})
	}
	return l
}

// example is a field's placeholder value, written as the language writes it.
func (s *calcScreen) example(f calcField) string {
	lang := s.a.t.Lang
	if f.kind == fList {
		parts := make([]string, len(f.example))
		for i, v := range f.example {
			parts[i] = calculators.FormatEntry(v, -1, lang)
		}
		return strings.Join(parts, "; ")
	}
	return formatField(f.kind, f.example[0], lang)
}

// formatField writes a value as the agent would type it in lang. Amounts go
// without their symbol: the currency is the screen's.
func formatField(k fieldKind, v any, lang locales.Lang) string {
	switch x := v.(type) {
	case time.Time:
		return locales.FormatDate(lang, x)
	case float64:
		switch k {
		case fRate:
			return calculators.FormatPercentEntry(x, -1, lang)
		case fMoney:
			// With its cents: "100.000" alone would be refused as
			// ambiguous (a hundred thousand, or a hundred?).
			return calculators.FormatNumber(x, 2, lang)
		}
		return calculators.FormatEntry(x, -1, lang)
	}
	return fmt.Sprint(v)
}

// convertValues rewrites typed values from one language's number format to
// the other's; what cannot be read is left as typed, for the agent to fix.
func (s *calcScreen) convertValues(from, to locales.Lang) {
	cur := s.currency()
	reMoney := func(v string) string {
		m, err := calculators.ParseMoney(v, cur, from)
		if err != nil {
			return v
		}
		return calculators.FormatNumber(m.Major(), 2, to)
	}
	for _, d := range calcDefs {
		for _, f := range d.fields {
			key := d.id + "." + f.name
			v := strings.TrimSpace(s.vals[key])
			if v == "" {
				continue
			}
			switch f.kind {
			case fMoney:
				s.vals[key] = reMoney(v)
			case fNumber, fInt, fMinutes, fSeconds:
				if x, err := calculators.ParseNumber(v, from); err == nil {
					s.vals[key] = calculators.FormatEntry(x, -1, to)
				}
			case fRate:
				if x, err := calculators.ParseRate(v, from); err == nil {
					s.vals[key] = calculators.FormatPercentEntry(x, -1, to)
				}
			case fDate:
				if x, err := locales.ParseDate(from, v); err == nil {
					s.vals[key] = locales.FormatDate(to, x)
				}
			case fList:
				// Only a list the form reads: one it refuses ("30000,40000",
				// a list or 30,000.40?) stays as typed, refused in the other
				// language too, rather than become one amount there.
				in := calculators.Input{Lang: from, Currency: cur}
				if in.MoneyList(f.name, v, true); len(in.Errs) > 0 {
					continue
				}
				parts := calculators.SplitList(v, false)
				for i, p := range parts {
					parts[i] = reMoney(p)
				}
				s.vals[key] = strings.Join(parts, "; ")
			}
		}
	}
	for b := range s.bills {
		for i := range s.bills[b] {
			if v := strings.TrimSpace(s.bills[b][i].amount); v != "" {
				s.bills[b][i].amount = reMoney(v)
			}
		}
	}
}
