package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
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
	// used is, by calculator, the sentence last used in a call, until its
	// inputs change: looking at another calculator in between changes
	// nothing. Its confirmation is worded when shown, in the interface
	// language of the moment.
	used map[string]usedResult

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

// usedResult is a result used in a call: the sentence said, and the case
// it went into (another call may use it too).
type usedResult struct {
	summary, caseID string
}

// unuse forgets that the shown calculator's result was used: its inputs
// changed, so the result on screen is another.
func (s *calcScreen) unuse() { delete(s.used, s.def().id) }

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
	// sentence or two, and the figures behind them as the case keeps them.
	say func(ct *locales.T) (string, []calculators.Figure)
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
	s := &calcScreen{a: a, vals: map[string]string{}, touched: map[string]bool{}, used: map[string]usedResult{}, valLang: a.t.Lang}
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
			s.sel = i
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
