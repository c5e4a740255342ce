package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// calcScreen puts every calculator of package calculators in front of the
// agent: a list on the left, the chosen calculator's form on the right,
// results recomputed on every keystroke. Inputs are read and results written
// in the interface language; what goes into a call ("use in call") is
// written in that call's language.
type calcScreen struct {
	a *App

	sel int
	// vals holds what the agent typed, by "<calc>.<field>", in valLang.
	// build runs again on a language switch; typed values are converted
	// then, so "1.234,56" does not turn into 1.23456.
	vals    map[string]string
	valLang locales.Lang
	// touched fields show "required" when emptied; untouched empty fields
	// stay quiet, so a fresh form is not a wall of red.
	touched map[string]bool
	bills   [2][]billRow
	used    string // the last confirmation, until the inputs change

	// widgets of the current build
	list      *widget.List
	body      *fyne.Container
	entries   map[string]*widget.Entry
	errLabels map[string]*widget.Label
	level     *widget.Select
	levelInfo *widget.Label
	billErrs  [2]*widget.Label
	result    *fyne.Container
	useBtn    *widget.Button
	useHint   *widget.Label
	useStatus *widget.Label
	out       *calcOutcome // nil while the inputs are incomplete or invalid
}

// billRow is one line of a bill as typed.
type billRow struct {
	desc, kind, amount string
}

type fieldKind int

const (
	fMoney   fieldKind = iota // an amount in the screen's currency
	fNumber                   // a quantity
	fInt                      // a whole quantity
	fRate                     // "12,5 %" or "0,125"
	fDate                     // a calendar date as the language writes it
	fList                     // amounts separated by ";" or new lines
	fMinutes                  // a duration typed in minutes
	fSeconds                  // a duration typed in seconds
	fLevel                    // a compensation level of the playbook
)

// calcField is one input. name is the calculator's own field name, so the
// FieldErrors it returns land next to the right entry.
type calcField struct {
	name     string
	kind     fieldKind
	optional bool
	// alt fields are one of two ways to give the same thing (a monthly
	// revenue or an average order): not required one by one, yet not
	// optional either, so they are labelled plainly and joined by "or".
	alt, orBefore bool
	example       []float64 // shown as the placeholder, in the interface language
	def           func(now time.Time) any
}

// calcDef is one calculator: id is the one cases and PDFs use
// ("pdf.calc.<id>"), head the breakdown keys shown large (the first present).
type calcDef struct {
	id     string
	fields []calcField
	head   []string
	run    func(s *calcScreen, p *calcReader) *calcOutcome
}

// calcOutcome is a valid result, ready to show and to use in a call.
type calcOutcome struct {
	lines []calculators.Line
	head  []string
	chart func(t *locales.T) fyne.CanvasObject
	extra func(t *locales.T) fyne.CanvasObject
	// say renders the result for the customer in the call's language: a
	// sentence or two and the figures behind them.
	say func(ct *locales.T) (string, map[string]string)
}

func fixed(v float64) func(time.Time) any { return func(time.Time) any { return v } }

func ex(v ...float64) []float64 { return v }

var calcDefs = []calcDef{
	{id: "proration", head: []string{"calc.line.net_charge", "calc.line.net_credit"}, fields: []calcField{
		{name: "cycle_start", kind: fDate, def: func(now time.Time) any { return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC) }},
		{name: "cycle_end", kind: fDate, def: func(now time.Time) any { return time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC) }},
		{name: "change", kind: fDate, def: func(now time.Time) any { return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC) }},
		{name: "old", kind: fMoney, example: ex(40)},
		{name: "new", kind: fMoney, example: ex(70)},
	}, run: runProration},
	{id: "bill_diff", head: []string{"calc.line.bill_difference"}, run: runBillDiff},
	{id: "compensation", head: []string{"calc.line.credit"}, fields: []calcField{
		{name: "level", kind: fLevel},
		{name: "monthly_bill", kind: fMoney, example: ex(60)},
	}, run: runCompensation},
	{id: "roi", head: []string{"calc.line.roi"}, fields: []calcField{
		{name: "investment", kind: fMoney, example: ex(100000)},
		{name: "gain", kind: fMoney, example: ex(160000)},
	}, run: runROI},
	{id: "payback", head: []string{"calc.line.payback", "calc.line.never_pays_back"}, fields: []calcField{
		{name: "investment", kind: fMoney, example: ex(100000)},
		{name: "annual", kind: fMoney, alt: true, example: ex(30000)},
		{name: "flows", kind: fList, alt: true, orBefore: true, example: ex(30000, 30000, 40000)},
	}, run: runPayback},
	{id: "npv", head: []string{"calc.line.npv"}, fields: []calcField{
		{name: "rate", kind: fRate, example: ex(0.10)},
		{name: "flows", kind: fList, example: ex(500, 1500, 4000)},
		{name: "initial", kind: fMoney, optional: true, example: ex(-5000)},
	}, run: runNPV},
	{id: "irr", head: []string{"calc.line.irr"}, fields: []calcField{
		{name: "flows", kind: fList, example: ex(-70000, 12000, 15000, 18000, 21000, 26000)},
	}, run: runIRR},
	{id: "deflection", head: []string{"calc.line.saving"}, fields: []calcField{
		{name: "contacts", kind: fNumber, example: ex(20000)},
		{name: "cost_assisted", kind: fMoney, example: ex(6.5)},
		{name: "cost_automated", kind: fMoney, example: ex(0.5), def: fixed(0)},
		{name: "rate_before", kind: fRate, example: ex(0.1), def: fixed(0)},
		{name: "rate_after", kind: fRate, example: ex(0.4)},
	}, run: runDeflection},
	{id: "cost_per_contact", head: []string{"calc.line.per_contact"}, fields: []calcField{
		{name: "cost", kind: fMoney, example: ex(120000)},
		{name: "contacts", kind: fInt, example: ex(25000)},
	}, run: runCostPerContact},
	{id: "chat_revenue", head: []string{"calc.line.extra_revenue"}, fields: []calcField{
		{name: "visitors", kind: fNumber, example: ex(5000)},
		{name: "chat_conversion", kind: fRate, def: fixed(calculators.DefaultChatConversion)},
		{name: "site_conversion", kind: fRate, def: fixed(calculators.DefaultSiteConversion)},
		{name: "average_order", kind: fMoney, example: ex(80)},
	}, run: runChatRevenue},
	{id: "ltv", head: []string{"calc.line.ltv"}, fields: []calcField{
		{name: "monthly_revenue", kind: fMoney, alt: true, example: ex(45)},
		{name: "average_order", kind: fMoney, alt: true, orBefore: true, example: ex(80)},
		{name: "purchases_per_year", kind: fNumber, alt: true, example: ex(4)},
		{name: "gross_margin", kind: fRate, example: ex(0.6)},
		{name: "lifetime_months", kind: fNumber, alt: true, example: ex(36)},
		{name: "monthly_churn", kind: fRate, alt: true, orBefore: true, example: ex(0.02)},
		{name: "cac", kind: fMoney, optional: true, example: ex(150)},
	}, run: runLTV},
	{id: "commission", head: []string{"calc.line.commission"}, fields: []calcField{
		{name: "sales", kind: fMoney, example: ex(25000)},
		{name: "rate", kind: fRate, example: ex(0.05)},
	}, run: runCommission},
	{id: "erlangc", head: []string{"calc.line.agents"}, fields: []calcField{
		{name: "calls", kind: fNumber, example: ex(100)},
		{name: "interval", kind: fMinutes, def: fixed(30)},
		{name: "aht", kind: fSeconds, example: ex(180)},
		{name: "target", kind: fRate, def: fixed(0.8)},
		{name: "within", kind: fSeconds, def: fixed(20)},
		{name: "shrinkage", kind: fRate, optional: true, example: ex(0.3)},
		{name: "max_occupancy", kind: fRate, optional: true, example: ex(0.85)},
	}, run: runErlangC},
}

func newCalcScreen(a *App) *calcScreen {
	s := &calcScreen{a: a, vals: map[string]string{}, touched: map[string]bool{}, valLang: a.t.Lang}
	now := a.deps.Now()
	for _, d := range calcDefs {
		for _, f := range d.fields {
			if f.def != nil {
				s.vals[d.id+"."+f.name] = formatField(f.kind, f.def(now), a.t.Lang)
			}
		}
	}
	// The lines a bill-change call usually turns on.
	for i := range s.bills {
		s.bills[i] = []billRow{{kind: calculators.BillPlan}, {kind: calculators.BillPromotion}, {kind: calculators.BillTax}}
	}
	return s
}

func (s *calcScreen) key() string         { return "calculators" }
func (s *calcScreen) icon() fyne.Resource { return theme.GridIcon() }

func (s *calcScreen) def() *calcDef { return &calcDefs[s.sel] }

func (s *calcScreen) currency() string { return s.a.call.currency() }

func (s *calcScreen) build() fyne.CanvasObject {
	t := s.a.t
	if s.valLang != t.Lang {
		s.convertValues(s.valLang, t.Lang)
		s.valLang = t.Lang
	}
	s.list = widget.NewList(
		func() int { return len(calcDefs) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(t.S("calcui." + calcDefs[i].id + ".title"))
		})
	s.body = container.NewStack()
	s.list.Select(s.sel)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i != s.sel {
			s.sel, s.used = i, ""
			s.showCalc()
		}
	}
	s.showCalc()
	split := container.NewHSplit(s.list, s.body)
	split.Offset = 0.2
	return split
}

// onShow catches up with the call screen: a call may have started or ended
// since the calculators were last on screen.
func (s *calcScreen) onShow() {
	if s.body != nil {
		s.recompute()
	}
}

// ---------------------------------------------------------------- layout

// showCalc builds the selected calculator's form and result panes.
func (s *calcScreen) showCalc() {
	t, d := s.a.t, s.def()
	s.entries = map[string]*widget.Entry{}
	s.errLabels = map[string]*widget.Label{}
	s.level, s.levelInfo = nil, nil

	title := heading(t.S("calcui." + d.id + ".title"))
	title.SizeName = theme.SizeNameSubHeadingText
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
				s.vals[key], s.touched[key], s.used = v, true, ""
				s.recompute()
			}
			s.entries[f.name] = e
			input = e
		}
		if f.orBefore {
			or := widget.NewLabelWithStyle(t.S("calcui.or"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
			or.Importance = widget.LowImportance
			objs = append(objs, layout.NewSpacer(), or)
		}
		objs = append(objs, label, container.NewVBox(input, errL))
	}
	form := container.New(layout.NewFormLayout(), objs...)
	if d.id == "compensation" {
		role := widget.NewLabel(t.D("calcui.compensation.role", map[string]any{"Role": t.S("role." + s.a.ws.Role)}))
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
		s.vals[key], s.touched[key], s.used = strconv.Itoa(l.Level), true, ""
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
			desc.OnChanged = func(v string) { row.desc, s.used = v, ""; s.recompute() }
			kind := widget.NewSelect(kinds, nil)
			for k, x := range calculators.BillKinds {
				if x == row.kind {
					kind.SetSelectedIndex(k)
				}
			}
			kind.OnChanged = func(string) {
				if k := kind.SelectedIndex(); k >= 0 {
					row.kind, s.used = calculators.BillKinds[k], ""
					desc.SetPlaceHolder(t.S("calcui.bill.description_placeholder." + row.kind))
					s.recompute()
				}
			}
			amount := widget.NewEntry()
			amount.SetPlaceHolder(calculators.FormatNumber(0, 2, t.Lang))
			amount.SetText(row.amount)
			amount.OnChanged = func(v string) { row.amount, s.used = v, ""; s.recompute() }
			s.entries[fmt.Sprintf("%s[%d].amount", billSide(b), i)] = amount
			s.entries[fmt.Sprintf("%s[%d].description", billSide(b), i)] = desc
			remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				s.bills[b] = append(s.bills[b][:i], s.bills[b][i+1:]...)
				s.used = ""
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
			parts[i] = calculators.FormatNumber(v, -1, lang)
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
			return calculators.FormatPercent(x, -1, lang)
		case fMoney:
			if x == math.Trunc(x) && math.Abs(x) >= 1000 {
				return calculators.FormatNumber(x, 0, lang)
			}
			return calculators.FormatNumber(x, 2, lang)
		}
		return calculators.FormatNumber(x, -1, lang)
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
					s.vals[key] = calculators.FormatNumber(x, -1, to)
				}
			case fRate:
				if x, err := calculators.ParseRate(v, from); err == nil {
					s.vals[key] = calculators.FormatPercent(x, -1, to)
				}
			case fDate:
				if x, err := locales.ParseDate(from, v); err == nil {
					s.vals[key] = locales.FormatDate(to, x)
				}
			case fList:
				parts := splitAmounts(v)
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

// splitAmounts splits a list on ";" and new lines only: both languages use
// the comma inside numbers.
func splitAmounts(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ---------------------------------------------------------------- reading

// calcReader parses the form of one calculator and gathers its field errors:
// first the parsers', then the calculator's own on fields that parsed.
type calcReader struct {
	s    *calcScreen
	d    *calcDef
	lang locales.Lang
	cur  string
	// errs by field name ("flows", "before[0].amount"); other are errors on
	// no field of the form (the playbook's policy, the role).
	errs  map[string]calculators.FieldError
	order []string
	other []calculators.FieldError
}

func (s *calcScreen) reader() *calcReader {
	return &calcReader{s: s, d: s.def(), lang: s.a.t.Lang, cur: s.currency(), errs: map[string]calculators.FieldError{}}
}

func (p *calcReader) raw(name string) string {
	return strings.TrimSpace(p.s.vals[p.d.id+"."+name])
}

func (p *calcReader) field(name string) *calcField {
	for i := range p.d.fields {
		if p.d.fields[i].name == name {
			return &p.d.fields[i]
		}
	}
	return nil
}

func (p *calcReader) add(field string, err error, extra map[string]any) {
	es, ok := calculators.AsErrors(err)
	if !ok {
		es = calculators.Errors{{Code: calculators.CodeNotANumber}}
	}
	for _, fe := range es {
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
		p.put(fe)
	}
}

func (p *calcReader) put(fe calculators.FieldError) {
	if _, dup := p.errs[fe.Field]; dup {
		return
	}
	p.errs[fe.Field] = fe
	p.order = append(p.order, fe.Field)
}

// present says whether a required field has a value, recording "required"
// when it has none.
func (p *calcReader) present(name string) bool {
	if p.raw(name) != "" {
		return true
	}
	if f := p.field(name); f == nil || !(f.optional || f.alt) {
		p.put(calculators.FieldError{Field: name, Code: calculators.CodeRequired})
	}
	return false
}

func (p *calcReader) money(name string) calculators.Money {
	if !p.present(name) {
		if f := p.field(name); f != nil && (f.optional || f.alt) {
			// Unset, not zero: LTV and payback tell the two apart.
			return calculators.Money{}
		}
		return calculators.Money{Currency: p.cur}
	}
	m, err := calculators.ParseMoney(p.raw(name), p.cur, p.lang)
	if err != nil {
		p.add(name, err, nil)
		return calculators.Money{Currency: p.cur}
	}
	return m
}

func (p *calcReader) moneyList(name string) []calculators.Money {
	if !p.present(name) {
		return nil
	}
	var out []calculators.Money
	for i, part := range splitAmounts(p.raw(name)) {
		m, err := calculators.ParseMoney(part, p.cur, p.lang)
		if err != nil {
			p.add(name, err, map[string]any{"Index": i + 1})
			return nil
		}
		out = append(out, m)
	}
	return out
}

func (p *calcReader) number(name string) float64 {
	if !p.present(name) {
		return 0
	}
	v, err := calculators.ParseNumber(p.raw(name), p.lang)
	if err != nil {
		p.add(name, err, nil)
		return 0
	}
	return v
}

func (p *calcReader) integer(name string) int64 {
	v := p.number(name)
	if v != math.Trunc(v) || math.Abs(v) > calculators.MaxMajor {
		p.put(calculators.FieldError{Field: name, Code: calculators.CodeNotInteger})
		return 0
	}
	return int64(v)
}

func (p *calcReader) rate(name string) float64 {
	if !p.present(name) {
		return 0
	}
	v, err := calculators.ParseRate(p.raw(name), p.lang)
	if err != nil {
		p.add(name, err, nil)
		return 0
	}
	return v
}

func (p *calcReader) date(name string) time.Time {
	if !p.present(name) {
		return time.Time{}
	}
	d, err := locales.ParseDate(p.lang, p.raw(name))
	if err != nil {
		p.put(calculators.FieldError{Field: name, Code: "ui_invalid_date"})
		return time.Time{}
	}
	return d
}

// duration reads a number of units. Values far beyond a day are clamped to
// two days, which the calculator then reports as out of range, instead of
// overflowing time.Duration.
func (p *calcReader) duration(name string, unit time.Duration) time.Duration {
	v := p.number(name)
	limit := float64(48 * time.Hour)
	d := v * float64(unit)
	if d > limit {
		d = limit
	} else if d < -limit {
		d = -limit
	}
	return time.Duration(d)
}

func (p *calcReader) level(name string) int {
	if !p.present(name) {
		return 0
	}
	n, err := strconv.Atoi(p.raw(name))
	if err != nil {
		p.put(calculators.FieldError{Field: name, Code: calculators.CodeUnknownLevel})
	}
	return n
}

// ok merges a calculator error into the form's and reports whether the
// form is free of errors. An error on a field that did not parse is left
// out: it is a consequence of the first.
func (p *calcReader) ok(err error) bool {
	if err != nil {
		es, isFE := calculators.AsErrors(err)
		if !isFE {
			es = calculators.Errors{{Code: calculators.CodeNotANumber}}
		}
		for _, fe := range es {
			base := baseField(fe.Field)
			if _, bad := p.errs[base]; bad {
				continue
			}
			if _, bad := p.errs[fe.Field]; bad {
				continue
			}
			if p.field(base) != nil || base == "before" || base == "after" {
				p.put(fe)
			} else {
				p.other = append(p.other, fe)
			}
		}
	}
	return len(p.errs) == 0 && len(p.other) == 0
}

// baseField is "flows" for "flows[2]", "before" for "before[0].amount".
func baseField(f string) string {
	if i := strings.IndexAny(f, "[."); i >= 0 {
		return f[:i]
	}
	return f
}

// ---------------------------------------------------------------- errors

// errorText translates a field error in the interface language, with its
// bounds formatted like the field itself.
func (s *calcScreen) errorText(d *calcDef, fe calculators.FieldError) string {
	t, lang := s.a.t, s.a.t.Lang
	p := map[string]any{}
	kind, _ := fe.Params["Kind"].(string)
	for k, v := range fe.Params {
		switch k {
		case "Min", "Max":
			p[k] = s.formatParam(v, kind)
		case "Other":
			p[k] = s.fieldLabel(d, fmt.Sprint(v), false)
		default:
			p[k] = v
		}
	}
	p["Field"] = s.errorField(d, fe)
	if fe.Code == "ui_invalid_date" {
		return t.D("calcui.err.invalid_date", map[string]any{"Field": p["Field"],
			"Example": locales.FormatDate(lang, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC))})
	}
	return t.D("calc.err."+fe.Code, p)
}

// errorField names the field of an error: its label, with the position for
// list elements and bill lines.
func (s *calcScreen) errorField(d *calcDef, fe calculators.FieldError) string {
	t := s.a.t
	base := baseField(fe.Field)
	rest := strings.TrimPrefix(fe.Field, base)
	if d.id == "bill_diff" {
		idx, sub := splitIndex(rest)
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
	}
	if i, ok := fe.Params["Index"].(int); ok {
		return t.D("calc.field.item", map[string]any{"Field": name, "Index": i})
	}
	if idx, _ := splitIndex(rest); idx > 0 {
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

// splitIndex reads "[2].amount" as position 3 (1-based) and "amount".
func splitIndex(rest string) (int, string) {
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

func (s *calcScreen) formatParam(v any, kind string) string {
	t, lang := s.a.t, s.a.t.Lang
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case string:
		if kind == calculators.KindText {
			if d, err := time.Parse(time.DateOnly, x); err == nil {
				return locales.FormatDate(lang, d)
			}
		}
		return x
	default:
		return fmt.Sprint(v)
	}
	switch kind {
	case calculators.KindPercent:
		return calculators.FormatPercent(f, -1, lang)
	case calculators.KindSeconds:
		return t.D("calc.unit.seconds", map[string]any{"Value": calculators.FormatNumber(f, -1, lang)})
	case calculators.KindDays, calculators.KindAgents:
		return t.N("calc.unit."+kind, int(f), map[string]any{"Value": calculators.FormatNumber(f, 0, lang)})
	}
	return calculators.FormatNumber(f, -1, lang)
}

// ---------------------------------------------------------------- results

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
		base := baseField(field)
		return p.raw(base) != "" || s.touched[d.id+"."+base]
	}
	for name, l := range s.errLabels {
		fe, bad := p.errs[name]
		if !bad {
			// a list element's error ("flows[1]") shows under the list
			for _, f := range p.order {
				if baseField(f) == name {
					fe, bad = p.errs[f], true
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
			for _, f := range p.order {
				if baseField(f) != billSide(b) {
					continue
				}
				if visible(f) {
					msgs = append(msgs, s.errorText(d, p.errs[f]))
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
	for _, f := range p.order {
		if visible(f) {
			return true
		}
	}
	return false
}

// billTyped reports whether the bill line an error is about has anything
// typed in it.
func (s *calcScreen) billTyped(field string) bool {
	base := baseField(field)
	b := boolInt(base == "after")
	idx, _ := splitIndex(strings.TrimPrefix(field, base))
	if idx == 0 {
		return s.touched["bill_diff."+base]
	}
	if idx > len(s.bills[b]) {
		return false
	}
	r := s.bills[b][idx-1]
	return strings.TrimSpace(r.desc) != "" || strings.TrimSpace(r.amount) != ""
}

// lineValue formats a breakdown value with its unit in t's language.
func lineValue(t *locales.T, l calculators.Line) string {
	lang := t.Lang
	if l.Key == "calc.line.min_role" {
		if r, ok := l.Value.(string); ok && t.Has("role."+r) {
			return t.S("role." + r)
		}
	}
	v := calculators.FormatValue(l.Value, l.Kind, lang)
	if v == calculators.Dash {
		return v
	}
	switch l.Kind {
	case calculators.KindYears, calculators.KindSeconds:
		return t.D("calc.unit."+l.Kind, map[string]any{"Value": v})
	case calculators.KindAgents, calculators.KindDays:
		n, _ := l.Value.(int)
		return t.N("calc.unit."+l.Kind, n, map[string]any{"Value": v})
	}
	return v
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
					v := widget.NewLabelWithStyle(lineValue(t, l), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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
		grid = append(grid, name, widget.NewLabelWithStyle(lineValue(t, l), fyne.TextAlignTrailing, fyne.TextStyle{}))
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

// ---------------------------------------------------------------- use in call

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
	t := s.a.t
	c := s.openCall()
	switch {
	case c == nil:
		s.useBtn.Disable()
		s.useHint.SetText(t.S("calcui.use_hint.no_call"))
	case c.Status == cases.StatusClosed:
		s.useBtn.Disable()
		s.useHint.SetText(t.S("calcui.use_hint.closed"))
	case s.out == nil:
		s.useBtn.Disable()
		s.useHint.SetText(t.S("calcui.use_hint.invalid"))
	default:
		// Once used, the same result is not added twice by a double click;
		// any change to the inputs makes it usable again.
		if s.used != "" {
			s.useBtn.Disable()
		} else {
			s.useBtn.Enable()
		}
		name := c.Customer.Name
		if name == "" {
			name = c.Customer.Account
		}
		s.useHint.SetText(t.D("calcui.use_hint.ready", map[string]any{"Customer": name, "Lang": langNames[c.CallLang]}))
	}
	s.useStatus.SetText(s.used)
	s.useStatus.Hidden = s.used == ""
	s.useStatus.Refresh()
}

// onUse writes the result into the open call in the call's language.
func (s *calcScreen) onUse() {
	t := s.a.t
	c := s.openCall()
	if c == nil || s.out == nil || s.out.say == nil {
		return
	}
	ct := locales.New(c.CallLang)
	summary, figures := s.out.say(ct)
	err := s.a.call.attachCalculation(cases.Calculation{Calculator: s.def().id, Summary: summary, Figures: figures})
	if err != nil {
		s.used = ""
		s.useStatus.Importance = widget.DangerImportance
		s.useStatus.SetText(s.a.errorText(err))
		s.useStatus.Show()
		return
	}
	s.useStatus.Importance = widget.SuccessImportance
	s.used = t.D("calcui.used", map[string]any{"Summary": summary})
	s.updateUse()
}

// figures are the breakdown's values in the call language, keyed by their
// message IDs so the case record and the PDF can label them.
func figures(ct *locales.T, lines []calculators.Line) map[string]string {
	out := map[string]string{}
	for _, l := range lines {
		if l.Kind == calculators.KindText && l.Value == nil {
			continue
		}
		out[l.Key] = lineValue(ct, l)
	}
	return out
}

func money(m calculators.Money, l locales.Lang) string { return calculators.FormatMoney(m, l) }
func pct(r float64, l locales.Lang) string             { return calculators.FormatPercent(r, 1, l) }
func num(x float64, l locales.Lang) string {
	return calculators.FormatValue(x, calculators.KindNumber, l)
}

// ---------------------------------------------------------------- calculators

func runROI(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ROIInput{Investment: p.money("investment"), Gain: p.money("gain")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.roi.say", map[string]any{"Investment": money(in.Investment, l), "Gain": money(in.Gain, l),
			"Net": money(r.NetBenefit, l), "ROI": pct(r.ROI, l)}), figures(ct, r.Breakdown)
	}}
}

func runPayback(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.PaybackInput{Investment: p.money("investment"), Annual: p.money("annual"), Flows: p.moneyList("flows")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown,
		chart: func(t *locales.T) fyne.CanvasObject { return paybackChart(t, s.currency(), in, r) },
		say: func(ct *locales.T) (string, map[string]string) {
			l := ct.Lang
			years := ""
			if !r.Never {
				years = lineValue(ct, calculators.Line{Value: r.Years, Kind: calculators.KindYears})
			}
			return ct.D("calcui.payback.say", map[string]any{"Investment": money(in.Investment, l), "Years": years, "Never": r.Never}),
				figures(ct, r.Breakdown)
		}}
}

// paybackChart shows the cumulative cash flow by year, from the outlay at
// year 0 up through the year it turns positive.
func paybackChart(t *locales.T, cur string, in calculators.PaybackInput, r calculators.PaybackResult) fyne.CanvasObject {
	flows := make([]float64, 0, len(in.Flows))
	for _, f := range in.Flows {
		flows = append(flows, f.Major())
	}
	if len(in.Flows) == 0 {
		n := 5
		if !r.Never {
			n = min(max(int(math.Ceil(r.Years))+1, 3), 30)
		}
		for range n {
			flows = append(flows, in.Annual.Major())
		}
	}
	c := newBarChart()
	cum := -in.Investment.Major()
	c.bars = append(c.bars, chartBar{label: "0", value: cum, color: theme.ColorNameError})
	for i, f := range flows {
		cum += f
		col := theme.ColorNameSuccess
		if cum < 0 {
			col = theme.ColorNameError
		}
		c.bars = append(c.bars, chartBar{label: strconv.Itoa(i + 1), value: cum, color: col})
	}
	lang := t.Lang
	c.tick = func(v float64) string { return calculators.FormatNumber(v, 0, lang) }
	c.xTitle = t.S("calcui.chart.year")
	c.yTitle = t.D("calcui.chart.cumulative", map[string]any{"Currency": cur})
	if !r.Never {
		c.marker = r.Years
		c.markerLabel = t.D("calcui.chart.payback", map[string]any{
			"Years": lineValue(t, calculators.Line{Value: r.Years, Kind: calculators.KindYears})})
	}
	return c
}

func runNPV(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.NPVInput{Rate: p.rate("rate"), Flows: p.moneyList("flows"), Initial: p.money("initial")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.npv.say", map[string]any{"Rate": pct(in.Rate, l), "NPV": money(r.NPV, l), "Periods": len(in.Flows)}),
			figures(ct, r.Breakdown)
	}}
}

func runIRR(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.IRRInput{Flows: p.moneyList("flows")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		return ct.D("calcui.irr.say", map[string]any{"IRR": pct(r.IRR, ct.Lang)}), figures(ct, r.Breakdown)
	}}
}

func runDeflection(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.DeflectionInput{
		Contacts: p.number("contacts"), CostAssisted: p.money("cost_assisted"), CostAutomated: p.money("cost_automated"),
		RateBefore: p.rate("rate_before"), RateAfter: p.rate("rate_after"),
	}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.deflection.say", map[string]any{"Contacts": num(in.Contacts, l), "Before": pct(in.RateBefore, l),
			"After": pct(in.RateAfter, l), "CostBefore": money(r.CostBefore, l), "CostAfter": money(r.CostAfter, l),
			"Saving": money(r.Saving.Abs(), l), "Saves": r.Saving.Minor >= 0}), figures(ct, r.Breakdown)
	}}
}

func runCostPerContact(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.CostPerContactInput{Cost: p.money("cost"), Contacts: p.integer("contacts")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.cost_per_contact.say", map[string]any{"Cost": money(in.Cost, l),
			"Contacts": num(float64(in.Contacts), l), "PerContact": money(r.PerContact, l)}), figures(ct, r.Breakdown)
	}}
}

func runChatRevenue(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ChatRevenueInput{Visitors: p.number("visitors"), ChatConversion: p.rate("chat_conversion"),
		SiteConversion: p.rate("site_conversion"), AverageOrder: p.money("average_order")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.chat_revenue.say", map[string]any{"Visitors": num(in.Visitors, l),
			"ExtraOrders": num(r.ExtraOrders, l), "Revenue": money(r.ExtraRevenue, l)}), figures(ct, r.Breakdown)
	}}
}

func runLTV(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.LTVInput{
		MonthlyRevenue: p.money("monthly_revenue"), AverageOrder: p.money("average_order"),
		PurchasesPerYear: p.number("purchases_per_year"), GrossMargin: p.rate("gross_margin"),
		LifetimeMonths: p.number("lifetime_months"), MonthlyChurn: p.rate("monthly_churn"), CAC: p.money("cac"),
	}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.ltv.say", map[string]any{"LTV": money(r.LTV, l), "Ratio": num(r.LTVToCAC, l),
			"HasRatio": r.LTVToCAC > 0}), figures(ct, r.Breakdown)
	}}
}

func runCommission(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.CommissionInput{Sales: p.money("sales"), Rate: p.rate("rate")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		return ct.D("calcui.commission.say", map[string]any{"Sales": money(in.Sales, l), "Rate": pct(in.Rate, l),
			"Commission": money(r.Commission, l)}), figures(ct, r.Breakdown)
	}}
}

func runProration(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ProrationInput{CycleStart: p.date("cycle_start"), CycleEnd: p.date("cycle_end"), Change: p.date("change"),
		OldMonthly: p.money("old"), NewMonthly: p.money("new")}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		days := ct.N("calc.unit.days", r.NewDays, map[string]any{"Value": calculators.FormatNumber(float64(r.NewDays), 0, l)})
		return ct.D("calcui.proration.say", map[string]any{"Net": money(r.Net.Abs(), l), "Days": days,
			"Credit": r.Net.Minor < 0, "Zero": r.Net.Minor == 0}), figures(ct, r.Breakdown)
	}}
}

func runCompensation(s *calcScreen, p *calcReader) *calcOutcome {
	pb := s.a.pb
	policy := make([]calculators.CompensationLevel, len(pb.Compensation))
	for i, l := range pb.Compensation {
		policy[i] = calculators.CompensationLevel{Level: l.Level, Percent: l.Percent, Fixed: l.Fixed, Max: l.Max, MinRole: l.MinRole}
	}
	in := calculators.CompensationInput{Policy: policy, Level: p.level("level"), MonthlyBill: p.money("monthly_bill"), Role: s.a.ws.Role}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, map[string]string) {
		l := ct.Lang
		title := ""
		for _, x := range pb.Compensation {
			if x.Level == r.Level {
				title = pb.Say(l, x.Title)
			}
		}
		return ct.D("calcui.compensation.say", map[string]any{"Level": r.Level, "Title": title, "Credit": money(r.Credit, l),
			"Capped": r.Capped, "NeedsApproval": !r.Allowed}), figures(ct, r.Breakdown)
	}}
}

func runErlangC(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ErlangCInput{
		Calls: p.number("calls"), Interval: p.duration("interval", time.Minute), AHT: p.duration("aht", time.Second),
		Target: p.rate("target"), Within: p.duration("within", time.Second),
		Shrinkage: p.rate("shrinkage"), MaxOccupancy: p.rate("max_occupancy"),
	}
	if !p.ok(in.Validate()) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(err) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown,
		chart: func(t *locales.T) fyne.CanvasObject { return erlangChart(t, in, r) },
		extra: func(t *locales.T) fyne.CanvasObject { return erlangTable(t, r) },
		say: func(ct *locales.T) (string, map[string]string) {
			l := ct.Lang
			agents := func(n int) string {
				return ct.N("calc.unit.agents", n, map[string]any{"Value": calculators.FormatNumber(float64(n), 0, l)})
			}
			return ct.D("calcui.erlangc.say", map[string]any{"Calls": num(in.Calls, l),
					"Minutes": num(in.Interval.Minutes(), l), "Target": pct(in.Target, l),
					"Within": ct.D("calc.unit.seconds", map[string]any{"Value": num(in.Within.Seconds(), l)}),
					"Agents": agents(r.Agents), "Roster": agents(r.AgentsWithShrinkage), "Shrinkage": in.Shrinkage > 0}),
				figures(ct, r.Breakdown)
		}}
}

// erlangChart is the service level for each staffing around the answer,
// against the target.
func erlangChart(t *locales.T, in calculators.ErlangCInput, r calculators.ErlangCResult) fyne.CanvasObject {
	lang := t.Lang
	c := newBarChart()
	for _, row := range r.Table {
		col := theme.ColorNameDisabled
		switch {
		case row.Agents == r.Agents:
			col = theme.ColorNamePrimary
		case row.ServiceLevel >= in.Target:
			col = theme.ColorNameSuccess
		}
		c.bars = append(c.bars, chartBar{label: strconv.Itoa(row.Agents), value: row.ServiceLevel, color: col,
			strong: row.Agents == r.Agents})
	}
	c.fixed, c.lo, c.hi = true, 0, 1
	c.showValues = true
	c.tick = func(v float64) string { return calculators.FormatPercent(v, 0, lang) }
	c.refs = []chartRef{{value: in.Target, label: t.D("calcui.chart.target", map[string]any{"Value": pct(in.Target, lang)})}}
	c.xTitle = t.S("calc.table.agents")
	c.yTitle = t.S("calc.table.service_level")
	return c
}

// erlangTable is the staffing table around the answer, the answer marked.
// Plain texts rather than labels keep its rows as tight as a table's.
func erlangTable(t *locales.T, r calculators.ErlangCResult) fyne.CanvasObject {
	lang := t.Lang
	cell := func(s string, bold bool, col fyne.ThemeColorName) fyne.CanvasObject {
		x := canvas.NewText(s, theme.Color(col))
		x.Alignment = fyne.TextAlignTrailing
		x.TextStyle.Bold = bold
		x.TextSize = theme.CaptionTextSize()
		return x
	}
	cols := []string{t.S("calc.table.agents"), t.S("calc.table.service_level"), t.S("calc.table.asa"),
		t.S("calc.table.occupancy"), t.S("calc.table.p_wait")}
	var cells []fyne.CanvasObject
	for _, c := range cols {
		cells = append(cells, cell(c, true, theme.ColorNamePlaceHolder))
	}
	for _, x := range r.Table {
		answer := x.Agents == r.Agents
		col := theme.ColorNameForeground
		if answer {
			col = theme.ColorNamePrimary
		}
		row := []string{strconv.Itoa(x.Agents), calculators.FormatPercent(x.ServiceLevel, 1, lang),
			t.D("calc.unit.seconds", map[string]any{"Value": calculators.FormatNumber(x.ASASeconds, 1, lang)}),
			calculators.FormatPercent(x.Occupancy, 1, lang), calculators.FormatPercent(x.PWait, 1, lang)}
		for _, v := range row {
			cells = append(cells, cell(v, answer, col))
		}
	}
	return container.NewVBox(heading(t.S("calc.table.title")),
		container.NewPadded(container.NewGridWithColumns(len(cols), cells...)))
}

// runBillDiff reads the two tables; a line with neither description nor
// amount is an unused row and is skipped.
func runBillDiff(s *calcScreen, p *calcReader) *calcOutcome {
	var in calculators.BillDiffInput
	// index maps the calculator's line positions back to the table rows.
	var index [2][]int
	for b, rows := range s.bills {
		var lines []calculators.BillLine
		for i, row := range rows {
			desc, amount := strings.TrimSpace(row.desc), strings.TrimSpace(row.amount)
			if desc == "" && amount == "" {
				continue
			}
			bl := calculators.BillLine{Description: desc, Kind: row.kind}
			field := fmt.Sprintf("%s[%d].amount", billSide(b), i)
			if amount == "" {
				p.put(calculators.FieldError{Field: field, Code: calculators.CodeRequired})
			} else if m, err := calculators.ParseMoney(amount, p.cur, p.lang); err != nil {
				p.add(field, err, nil)
			} else {
				bl.Amount = m
			}
			lines = append(lines, bl)
			index[b] = append(index[b], i)
		}
		if b == 0 {
			in.Before = lines
		} else {
			in.After = lines
		}
	}
	// Calculator errors name positions among the lines sent; show them on
	// the table rows they came from.
	remap := func(err error) error {
		es, ok := calculators.AsErrors(err)
		if !ok {
			return err
		}
		out := make(calculators.Errors, len(es))
		for i, fe := range es {
			base := baseField(fe.Field)
			idx, sub := splitIndex(strings.TrimPrefix(fe.Field, base))
			b := boolInt(base == "after")
			if idx > 0 && idx <= len(index[b]) {
				fe.Field = fmt.Sprintf("%s[%d].%s", base, index[b][idx-1], sub)
			}
			out[i] = fe
		}
		return out
	}
	if len(in.Before) == 0 && len(in.After) == 0 {
		p.put(calculators.FieldError{Field: "after", Code: calculators.CodeRequired})
		return nil
	}
	if !p.ok(remap(in.Validate())) {
		return nil
	}
	r, err := in.Compute()
	if !p.ok(remap(err)) {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown,
		extra: func(t *locales.T) fyne.CanvasObject { return s.billExplanation(t, r) },
		say: func(ct *locales.T) (string, map[string]string) {
			script := r.Script(ct.Lang)
			// The main reason and the total: what the customer called about.
			parts := []string{}
			if len(script) > 1 {
				parts = append(parts, ct.D(script[0].ID, script[0].Data))
			}
			last := script[len(script)-1]
			parts = append(parts, ct.D(last.ID, last.Data))
			figs := figures(ct, r.Breakdown)
			for _, d := range r.Differences {
				k := "calc.class." + d.Class
				v := signedMoney(d.Amount, ct.Lang)
				if d.Name != "" {
					v = d.Name + " " + v
				}
				if figs[k] != "" {
					v = figs[k] + "; " + v
				}
				figs[k] = v
			}
			return strings.Join(parts, " "), figs
		}}
}

func signedMoney(m calculators.Money, l locales.Lang) string {
	s := calculators.FormatMoney(m, l)
	if m.Minor > 0 {
		s = "+" + s
	}
	return s
}

// billExplanation lists each classified difference and the script to read,
// in the open call's language when there is one: it is said to the customer.
func (s *calcScreen) billExplanation(t *locales.T, r calculators.BillDiffResult) fyne.CanvasObject {
	lang := t.Lang
	var objs []fyne.CanvasObject
	objs = append(objs, heading(t.S("calc.out.differences")))
	if len(r.Differences) == 0 {
		objs = append(objs, widget.NewLabel(t.S("calc.out.no_differences")))
	} else {
		var cells []fyne.CanvasObject
		for _, d := range r.Differences {
			name := widget.NewLabel(t.S("calc.class."+d.Class) + " · " + d.Name)
			name.Truncation = fyne.TextTruncateEllipsis
			amount := widget.NewLabelWithStyle(signedMoney(d.Amount, lang), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
			if d.Amount.Minor > 0 {
				amount.Importance = widget.DangerImportance
			} else {
				amount.Importance = widget.SuccessImportance
			}
			cells = append(cells, container.NewBorder(nil, nil, nil, amount, name))
		}
		objs = append(objs, container.NewVBox(cells...))
	}
	st := t
	if c := s.openCall(); c != nil {
		st = locales.New(c.CallLang)
	}
	title := t.S("calc.out.script")
	if st.Lang != t.Lang {
		title = t.D("calcui.bill.script_in", map[string]any{"Lang": langNames[st.Lang]})
	}
	objs = append(objs, widget.NewSeparator(), heading(title))
	for _, item := range r.Script(st.Lang) {
		l := widget.NewLabel("“" + st.D(item.ID, item.Data) + "”")
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	return container.NewVBox(objs...)
}
