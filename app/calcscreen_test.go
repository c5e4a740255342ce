package app

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// calcHarness opens the calculators screen on calc id.
func (h *harness) calc(id string) *calcScreen {
	h.t.Helper()
	h.app.show("calculators")
	s := screenOf[*calcScreen](h.app)
	if s == nil {
		h.t.Fatal("no calculators screen")
	}
	for i, d := range calcDefs {
		if d.id == id {
			s.list.Select(i)
			if s.def().id != id {
				h.t.Fatalf("selected %s, showing %s", id, s.def().id)
			}
			return s
		}
	}
	h.t.Fatalf("no calculator %q", id)
	return nil
}

// typeIn replaces a field's text the way an agent does: clear, then type.
func (h *harness) typeIn(s *calcScreen, field, text string) {
	h.t.Helper()
	e := s.entries[field]
	if e == nil {
		h.t.Fatalf("no entry %q in %s", field, s.def().id)
	}
	e.SetText("")
	test.Type(e, text)
}

var nonNumber = regexp.MustCompile(`\bNaN\b|\bInf\b|<no value>`)

// noNonNumbers fails on anything a bad float or a missing template value
// would put on screen.
func (h *harness) noNonNumbers() {
	h.t.Helper()
	for _, x := range h.texts() {
		if nonNumber.MatchString(x) {
			h.t.Fatalf("window shows %q", x)
		}
	}
}

func esHarness(t *testing.T, seed bool, callLang locales.Lang) *harness {
	return newHarness(t, locales.ES, seed, map[string]string{
		cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "es", cases.KeyCallLang: string(callLang),
	})
}

func TestCalcSpanishInputAndResults(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t

	s := h.calc("roi")
	h.mustHave(tr.S("calcui.need_input"))
	h.typeIn(s, "investment", "1.000,00")
	h.typeIn(s, "gain", "1.600,00")
	h.mustHave("60,0 %")
	h.mustHave("1.600,00 US$")
	h.mustHave("600,00 US$")
	h.noNonNumbers()

	s = h.calc("commission")
	h.typeIn(s, "sales", "1.000,50")
	h.typeIn(s, "rate", "12,5 %")
	h.mustHave("125,06 US$")
	h.mustHave("12,5 %")

	// A typo: the translated error beside the field, no result, no NaN.
	h.typeIn(s, "rate", "12,5 %%")
	h.mustHave(tr.D("calc.err.not_a_number", map[string]any{"Field": tr.S("calcui.commission.rate")}))
	h.mustHave(tr.S("calcui.fix_errors"))
	h.mustNotHave("125,06 US$")
	h.noNonNumbers()
	// English number forms are not silently misread in Spanish.
	h.typeIn(s, "rate", "80")
	h.mustHave(tr.D("calc.err.rate_ambiguous", map[string]any{"Field": tr.S("calcui.commission.rate")}))
	h.typeIn(s, "rate", "5 %")
	h.typeIn(s, "sales", "$1,234.5x")
	h.mustHave(tr.S("calcui.fix_errors"))
	h.noNonNumbers()

	// Edge values that would make Inf or NaN in naive arithmetic.
	s = h.calc("payback")
	// "1,200" is twelve hundred to many agents and 1.20 to others: asked
	// to be written plainly, never read one way in silence.
	h.typeIn(s, "investment", "$ 1,200")
	h.mustHave(tr.D("calc.err.ambiguous_thousands", map[string]any{"Field": tr.S("calcui.payback.investment")}))
	h.typeIn(s, "investment", "100000")
	h.typeIn(s, "annual", "0")
	h.mustHave(tr.S("calc.line.never_pays_back"))
	h.noNonNumbers()
	h.typeIn(s, "annual", "30.000,00")
	h.mustHave("3,33 años")
	// both ways of giving the flows at once
	h.typeIn(s, "flows", "30000; 40000")
	h.mustHave(tr.D("calc.err.exclusive", map[string]any{"Field": tr.S("calcui.payback.annual"), "Other": tr.S("calcui.payback.flows")}))
	h.typeIn(s, "annual", "")
	h.mustHave(tr.S("calc.line.never_pays_back")) // 70000 of 100000
	h.typeIn(s, "flows", "30000; 40000; 50000; x")
	h.mustHave(tr.D("calc.err.not_a_number", map[string]any{
		"Field": tr.D("calc.field.item", map[string]any{"Field": tr.S("calcui.payback.flows"), "Index": 4})}))

	s = h.calc("irr")
	h.typeIn(s, "flows", "100; 200")
	h.mustHave(tr.D("calc.err.no_sign_change", map[string]any{"Field": tr.S("calcui.irr.flows")}))
	h.noNonNumbers()
	h.typeIn(s, "flows", "-70.000,00; 12000; 15000; 18000; 21000; 26000")
	h.mustHave("8,7 %")

	s = h.calc("proration")
	h.typeIn(s, "cycle_start", "01/11/2026")
	h.typeIn(s, "cycle_end", "01/12/2026")
	h.typeIn(s, "change", "31/12/2026")
	h.typeIn(s, "old", "40,00")
	h.typeIn(s, "new", "70,00")
	// the bounds of the error are dates in the interface's format
	h.mustHave("01/11/2026 y 30/11/2026")
	h.typeIn(s, "change", "16/11/2026")
	h.mustHave(tr.S("calc.line.net_charge"))
	h.mustHave("15,00 US$")
	h.mustHave("15 días")
	h.typeIn(s, "change", "2026-13-45")
	h.mustHave(tr.D("calc.err.invalid_date", map[string]any{"Field": tr.S("calcui.proration.change"), "Example": "16/11/2026"}))
	h.noNonNumbers()
}

func TestCalcUseInCallWritesTheCallLanguage(t *testing.T) {
	for _, tc := range []struct {
		callLang locales.Lang
		summary  string
		net      string
	}{
		{locales.ES, "El cambio de plan genera un cargo prorrateado de 15,00 US$ por 15 días en el plan nuevo. Lo verá en su próxima factura.", "15,00 US$"},
		{locales.EN, "The plan change brings a prorated charge of $15.00 for 15 days on the new plan. You will see it on your next bill.", "$15.00"},
	} {
		t.Run(string(tc.callLang), func(t *testing.T) {
			h := esHarness(t, true, tc.callLang)
			tr := h.app.t

			// No call yet: the button waits, and says why.
			s := h.calc("proration")
			if !s.useBtn.Disabled() {
				t.Fatal("use in call enabled without a call")
			}
			h.mustHave(tr.S("calcui.use_hint.no_call"))

			search := map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill incr"}[tc.callLang]
			call := h.startCallIn("4417001234", search, tc.callLang)
			s = h.calc("proration")
			h.typeIn(s, "cycle_start", "01/11/2026")
			h.typeIn(s, "cycle_end", "01/12/2026")
			h.typeIn(s, "change", "16/11/2026")
			h.typeIn(s, "old", "40")
			h.typeIn(s, "new", "")
			if !s.useBtn.Disabled() {
				t.Fatal("use in call enabled with an incomplete form")
			}
			h.typeIn(s, "new", "70,00")
			if s.useBtn.Disabled() {
				t.Fatalf("use in call disabled: %q", s.useHint.Text)
			}
			h.mustHave("Lucía Fernández Ortiz")
			h.tap(tr.S("calcui.use_button"))
			h.mustHave(tr.D("calcui.used", map[string]any{"Summary": tc.summary}))

			got, err := h.db.GetCase(context.Background(), call.current().ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Calcs) != 1 {
				t.Fatalf("stored calculations: %+v", got.Calcs)
			}
			c := got.Calcs[0]
			plain := func(x string) string { return strings.ReplaceAll(x, "\u00a0", " ") }
			net := ""
			for _, f := range c.Lines {
				if f.Key == "calc.line.net_charge" && f.Kind == calculators.KindMoney {
					net = calculators.FormatLine(f.Line(), locales.New(tc.callLang))
				}
			}
			if c.Calculator != "proration" || plain(c.Summary) != tc.summary || plain(net) != tc.net || c.At.IsZero() || plain(c.Figures["calc.line.net_charge"]) != tc.net {
				t.Fatalf("stored calculation: %+v", c)
			}
			tl, err := h.db.Timeline(context.Background(), got.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, ev := range tl {
				found = found || (ev.Kind == "calc" && ev.Detail == "proration")
			}
			if !found {
				t.Fatalf("no calc event in the timeline: %+v", tl)
			}
		})
	}
}

// examples fills every field with its placeholder example, the way the
// form suggests; for LTV and payback only one of each alternative.
func (h *harness) fillExamples(s *calcScreen) {
	h.t.Helper()
	skip := map[string]bool{"ltv.average_order": true, "ltv.purchases_per_year": true, "ltv.monthly_churn": true, "payback.annual": true}
	d := s.def()
	for _, f := range d.fields {
		if len(f.example) == 0 || skip[d.id+"."+f.name] {
			continue
		}
		h.typeIn(s, f.name, s.example(f))
	}
	switch d.id {
	case "compensation":
		s.level.SetSelectedIndex(2)
	case "bill_diff":
		h.typeIn(s, "before[0].description", "Fibra 300")
		h.typeIn(s, "before[0].amount", "40")
		h.typeIn(s, "before[1].description", "Bienvenida")
		h.typeIn(s, "before[1].amount", "-10")
		h.typeIn(s, "after[0].description", "Fibra 300")
		h.typeIn(s, "after[0].amount", "40")
		h.typeIn(s, "after[2].description", "IVA")
		h.typeIn(s, "after[2].amount", "8")
	}
}

func TestCalcEveryCalculatorInBothLanguages(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
			for _, d := range calcDefs {
				s := h.calc(d.id)
				h.noMissingKeys()
				h.mustHave(h.app.t.S("calcui." + d.id + ".title"))
				h.fillExamples(s)
				if s.out == nil {
					t.Fatalf("%s: no result from the examples: %q", d.id, h.texts())
				}
				h.noMissingKeys()
				h.noNonNumbers()
				for _, cl := range locales.Langs {
					summary, figs := s.out.say(locales.New(cl))
					if summary == "" || strings.Contains(summary, "!calc") || strings.Contains(summary, "<no value>") {
						t.Errorf("%s in %s: summary %q", d.id, cl, summary)
					}
					if len(figs) == 0 {
						t.Errorf("%s: no figures", d.id)
					}
					ct := locales.New(cl)
					for _, f := range figs {
						v := calculators.FormatLine(f.Line(), ct)
						if v == "" || v == calculators.Dash || nonNumber.MatchString(v) || !ct.Has(f.Key) {
							t.Errorf("%s: figure %s = %q", d.id, f.Key, v)
						}
					}
				}
			}
		})
	}
}

func TestCalcErlangCReference(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
			s := h.calc("erlangc")
			// 30 min, 80 % and 20 s are the form's defaults.
			h.typeIn(s, "calls", "100")
			h.typeIn(s, "aht", "180")
			want := map[locales.Lang]string{locales.ES: "14 agentes", locales.EN: "14 agents"}[l]
			h.mustHave(want)
			h.mustHave(map[locales.Lang]string{locales.ES: "Objetivo 80 %", locales.EN: "Target 80%"}[l]) // as typed
			// The chart: one bar per row of the table, the answer marked.
			chart := h.chart()
			marked := ""
			for _, b := range chart.bars {
				if b.color == "primary" {
					marked = b.label
				}
			}
			if marked != "14" || len(chart.bars) < 5 || chart.refs[0].value != 0.8 {
				t.Fatalf("chart bars %+v refs %+v", chart.bars, chart.refs)
			}
			h.noMissingKeys()
		})
	}
}

func TestCalcBillChangeTables(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t
	s := h.calc("bill_diff")
	h.typeIn(s, "before[0].description", "Fibra 300")
	h.typeIn(s, "before[0].amount", "40,00")
	h.typeIn(s, "before[1].description", "Descuento de bienvenida")
	h.typeIn(s, "before[1].amount", "10,00")
	// a discount typed as a positive amount: the row says so
	h.mustHave(tr.D("calc.err.must_be_negative", map[string]any{"Field": tr.D("calc.field.line", map[string]any{
		"Field": tr.S("calc.line.bill_before"), "Index": 2, "Sub": tr.S("calcui.bill.amount")})}))
	h.typeIn(s, "before[1].amount", "-10,00")
	h.typeIn(s, "after[0].description", "Fibra 300")
	h.typeIn(s, "after[0].amount", "40,00")
	h.mustHave(tr.S("calc.class.promotion_expired"))
	h.mustHave("+10,00 US$")
	h.mustHave("Su promoción Descuento de bienvenida terminó, por eso la factura sube 10,00 US$.")
	h.mustHave("En total, su factura sube 10,00 US$: pasa de 30,00 US$ a 40,00 US$.")

	// A new line for a service added this month.
	var adds []*widget.Button
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == tr.S("calcui.bill.add") {
			adds = append(adds, b)
		}
	})
	if len(adds) != 2 {
		t.Fatalf("%d add buttons", len(adds))
	}
	test.Tap(adds[1]) // the current bill's
	h.typeIn(s, "after[3].description", "TV Esencial")
	h.typeIn(s, "after[3].amount", "12,50")
	h.mustHave(tr.S("calc.class.new_service"))
	h.mustHave("22,50 US$")
	h.noMissingKeys()
	h.noNonNumbers()
}

func TestCalcCompensationUsesThePlaybookAndRole(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t
	s := h.calc("compensation")
	h.typeIn(s, "monthly_bill", "60,00")
	h.mustHave(tr.S("calcui.need_input"))
	s.level.SetSelectedIndex(2) // level 3: 50 % up to 75, supervisors only
	h.mustHave("30,00 US$")
	h.mustHave(tr.S("calc.line.role_may_not_grant"))
	h.mustHave(tr.S("role.supervisor"))
	s.level.SetSelectedIndex(0) // level 1: 10 % capped at 10
	h.typeIn(s, "monthly_bill", "200,00")
	h.mustHave("10,00 US$")
	h.mustHave(tr.S("calc.line.role_may_grant"))
}

// On a call with a customer billed in euros, under a pack whose policy
// is in dollars, the compensation calculator does not weigh the euro bill
// against the dollar caps: it says why it cannot work the credit out.
func TestCalcCompensationRefusesABillInAnotherCurrencyThanThePolicy(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	if err := h.db.UpsertCustomer(context.Background(), &cases.Customer{Account: "ACC-EUR-1", Name: "Inés Vidal", Plan: "Fibra 300", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	h.startCall("ACC-EUR-1", "bill increase")
	s := h.calc("compensation")
	s.level.SetSelectedIndex(0)
	h.typeIn(s, "monthly_bill", "200.00")
	h.mustHave("USD")
	h.mustHave("EUR")
	h.mustHave("exchange rate")
	h.noMissingKeys()
}

func TestCalcValuesFollowTheInterfaceLanguage(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("roi")
	h.typeIn(s, "investment", "1.234,56")
	h.typeIn(s, "gain", "2.469,12")
	h.mustHave("100,0 %")
	h.app.setUILang(locales.EN)
	s = screenOf[*calcScreen](h.app)
	if got := s.entries["investment"].Text; got != "1,234.56" {
		t.Fatalf("investment after switching to English: %q", got)
	}
	h.mustHave("100.0%")
	h.mustHave("$1,234.56")
	h.mustHave("Return on investment (ROI)")
}

// A value rewritten for the other language stays one the form reads:
// "1200" calls written back as "1,200" would be refused as ambiguous (twelve
// hundred, or 1.2?) the moment the agent switched languages.
func TestCalcSwitchingLanguageKeepsValuesReadable(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("erlangc")
	h.fillExamples(s)
	h.typeIn(s, "calls", "1200")
	if s.out == nil {
		t.Fatalf("no result from 1200 calls: %q", h.texts())
	}
	h.app.setUILang(locales.EN)
	s = screenOf[*calcScreen](h.app)
	if got := s.entries["calls"].Text; got != "1200" || s.out == nil {
		t.Fatalf("calls after switching to English: %q (result %v)", got, s.out != nil)
	}
	s = h.calc("roi")
	h.typeIn(s, "investment", "1500.00")
	h.typeIn(s, "gain", "3000")
	h.app.setUILang(locales.ES)
	s = screenOf[*calcScreen](h.app)
	if got := s.entries["investment"].Text; got != "1.500,00" || s.out == nil {
		t.Fatalf("investment after switching to Spanish: %q (result %v)", got, s.out != nil)
	}
}

// Flows typed with commas that no amount holds are not read, leniently,
// as one flow of $30,000.40 (the investment "never" recovered, where
// agentctl calc payback --flows 30000,40000 says a year and a half): the
// form asks for semicolons, and with them agrees with the command line.
func TestCalcFlowsTypedWithCommasAskForSemicolons(t *testing.T) {
	for _, l := range locales.Langs {
		h := esHarness(t, false, l)
		s := h.calc("payback")
		h.typeIn(s, "investment", "50000")
		h.typeIn(s, "flows", "30000,40000")
		if s.out != nil {
			t.Errorf("%s: a result from %q", l, "30000,40000")
		}
		h.mustHave(h.app.t.D("calc.err.list_ambiguous", map[string]any{"Field": h.app.t.S("calcui.payback.flows")}))
		// Refused in one language, refused in the other: not turned into
		// one amount on the way.
		other := locales.Langs[0]
		if other == l {
			other = locales.Langs[1]
		}
		h.app.setUILang(other)
		s = screenOf[*calcScreen](h.app)
		if s.out != nil || s.entries["flows"].Text != "30000,40000" {
			t.Errorf("%s -> %s: %q became %q (result %v)", l, other, "30000,40000", s.entries["flows"].Text, s.out != nil)
		}
		h.app.setUILang(l)
		s = screenOf[*calcScreen](h.app)
		h.typeIn(s, "flows", "30000; 40000")
		if s.out == nil {
			t.Fatalf("%s: no result", l)
		}
		h.mustHave(calculators.FormatParam(1.5, calculators.KindYears, h.app.t))
	}
}

// A result used in one call can be used in the next: the confirmation
// belongs to the call it was added to.
func TestCalcResultUsedInOneCallServesTheNext(t *testing.T) {
	h := esHarness(t, true, locales.ES)
	tr := h.app.t
	h.startCall("4417001234", "aumento")
	s := h.calc("commission")
	h.typeIn(s, "sales", "1000")
	h.typeIn(s, "rate", "5 %")
	h.tap(tr.S("calcui.use_button"))
	used := s.useStatus.Text
	if used == "" || !s.useBtn.Disabled() {
		t.Fatalf("not used in the first call: %q", used)
	}
	h.app.call.onNewCall()
	h.startCall("4417005678", "aumento")
	s = h.calc("commission")
	if s.useBtn.Disabled() {
		t.Errorf("use in call is disabled on the next call; it says %q", s.useStatus.Text)
	}
	if h.has(used) {
		t.Errorf("the next call's calculators say the result was added: %q", used)
	}
}

// The sentence said on the call repeats a typed rate as typed: 2.25 %, not
// 2.3 %, beside a commission of 22.50 on 1,000.
func TestCalcSentenceSaysTheRateTyped(t *testing.T) {
	h := esHarness(t, true, locales.ES)
	call := h.startCall("4417001234", "aumento")
	s := h.calc("commission")
	h.typeIn(s, "sales", "1000")
	h.typeIn(s, "rate", "2,25 %")
	h.tap(h.app.t.S("calcui.use_button"))
	got, err := h.db.GetCase(context.Background(), call.current().ID)
	if err != nil || len(got.Calcs) != 1 {
		t.Fatalf("calcs: %+v %v", got, err)
	}
	if sum := got.Calcs[0].Summary; !strings.Contains(sum, "2,25") || !strings.Contains(sum, "22,50") {
		t.Errorf("the case keeps %q", sum)
	}
}

// The value over each bar of the staffing chart never says more than the
// queue reaches: 13 agents for 100 calls of 180 s in 30 min answer 79.56 %
// within 20 s, which missed the 80 % target but read "80 %" over its bar.
func TestCalcErlangCChartNeverOverstates(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
			s := h.calc("erlangc")
			h.typeIn(s, "calls", "100")
			h.typeIn(s, "aht", "180")
			chart := h.chart()
			r := test.WidgetRenderer(chart).(*barChartRenderer)
			seen13 := false
			for i, b := range chart.bars {
				text := r.valueText[i].Text
				shown, err := calculators.ParseRate(text, l)
				if err != nil {
					t.Fatalf("bar %s reads %q: %v", b.label, text, err)
				}
				if shown > b.value+1e-12 {
					t.Errorf("bar %s (%.4f) reads %q", b.label, b.value, text)
				}
				if b.label == "13" {
					seen13 = true
					if want := calculators.FormatPercent(0.79, 0, l); text != want {
						t.Errorf("13 agents read %q, want %q", text, want)
					}
				}
			}
			if !seen13 {
				t.Fatalf("no bar for 13 agents: %+v", chart.bars)
			}
		})
	}
}

// chart is the calculator's bar chart in the window; the test stops
// without one.
func (h *harness) chart() *barChart {
	h.t.Helper()
	var chart *barChart
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*barChart); ok {
			chart = c
		}
	})
	if chart == nil {
		h.t.Fatal("no chart")
	}
	return chart
}

// A lifetime typed as 0 is refused as zero, not as a field left empty.
func TestCalcLTVLifetimeTypedAsZero(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t
	s := h.calc("ltv")
	h.typeIn(s, "monthly_revenue", "30")
	h.typeIn(s, "gross_margin", "60 %")
	h.typeIn(s, "lifetime_months", "0")
	h.mustHave(tr.D("calc.err.must_be_positive", map[string]any{"Field": tr.S("calcui.ltv.lifetime_months")}))
}

// A staffing row that misses the target never reads as meeting it: 142
// calls at 240 s with 23 agents answer 79.98 % within 20 s, which the table
// showed as "80.0%" beside the 24 agents the answer needs.
func TestCalcErlangCTableNeverOverstates(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
		s := h.calc("erlangc")
		h.typeIn(s, "calls", "142")
		h.typeIn(s, "aht", "240")
		if s.out == nil {
			t.Fatalf("%s: no result", l)
		}
		texts := h.texts()
		if !slices.Contains(texts, calculators.FormatPercent(0.799, 1, l)) || slices.Contains(texts, calculators.FormatPercent(0.8, 1, l)) {
			t.Errorf("%s: 23 agents answer 79.98 %%, the table reads %q", l, texts)
		}
		// The answer's row rounds like the result's line above it.
		if n := strings.Count(strings.Join(texts, "|"), calculators.FormatPercent(0.873, 1, l)); n != 2 {
			t.Errorf("%s: 87.25 %% shows %d times as %q: %q", l, n, calculators.FormatPercent(0.873, 1, l), texts)
		}
	}
}

// An occupancy in the staffing table never reads on the other side of the
// cap it is held to, nor on it when it is not: 300.15 calls at 240 s with
// 50 agents keep them 80.04 % busy, over an 80 % cap, which the table
// showed as "80.0%"; 299.85 calls keep them 79.96 % busy, under it, shown
// as "80.0%" too.
func TestCalcErlangCTableOccupancyNeverCrossesTheCap(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
		s := h.calc("erlangc")
		h.typeIn(s, "aht", "240")
		h.typeIn(s, "max_occupancy", calculators.FormatPercent(0.8, 0, l))
		for _, tc := range []struct {
			calls     float64
			want, not float64
		}{
			{300.15, 0.801, 0.8}, // over the cap: never the cap itself
			{299.85, 0.799, -1},  // under it: never the cap (the answer's own line may round)
		} {
			h.typeIn(s, "calls", calculators.FormatNumber(tc.calls, 2, l))
			if s.out == nil {
				t.Fatalf("%s: no result", l)
			}
			texts := h.texts()
			if !slices.Contains(texts, calculators.FormatPercent(tc.want, 1, l)) || tc.not > 0 && slices.Contains(texts, calculators.FormatPercent(tc.not, 1, l)) {
				t.Errorf("%s: %v calls, 50 agents: want %q in the table, it reads %q", l, tc.calls, calculators.FormatPercent(tc.want, 1, l), texts)
			}
		}
	}
}

// The confirmation that a result went into the call reads in the
// interface language shown, as everything around it does: switched to
// English after using a result, it said "Se agregó a la llamada".
func TestCalcUsedConfirmationFollowsTheInterfaceLanguage(t *testing.T) {
	h := esHarness(t, true, locales.ES)
	h.startCall("4417001234", "aumento")
	s := h.calc("commission")
	h.typeIn(s, "sales", "1000")
	h.typeIn(s, "rate", "5 %")
	h.tap(h.app.t.S("calcui.use_button"))
	if _, ok := s.used["commission"]; !ok {
		t.Fatal("not used in the call")
	}
	summary := ""
	if c := s.openCall(); c != nil && len(c.Calcs) == 1 {
		summary = c.Calcs[0].Summary
	}
	h.app.setUILang(locales.EN)
	s = screenOf[*calcScreen](h.app)
	want := h.app.t.D("calcui.used", map[string]any{"Summary": summary})
	if summary == "" || s.useStatus.Text != want || s.useStatus.Hidden {
		t.Fatalf("after switching to English the confirmation reads %q, want %q", s.useStatus.Text, want)
	}
}

// A net present value too large to show names the figure in the
// interface language: flows of 1,000 discounted at -90 % came out as
// "npv: the value is too large", the calculator's own field name, in
// Spanish too.
func TestCalcNPVTooLargeNamesTheFigure(t *testing.T) {
	for _, l := range locales.Langs {
		h := esHarness(t, false, l)
		h.app.setUILang(l)
		tr := h.app.t
		s := h.calc("npv")
		h.typeIn(s, "rate", calculators.FormatPercent(-0.9, 0, l))
		h.typeIn(s, "flows", strings.Repeat("1000; ", 9)+"1000")
		if s.out != nil {
			t.Fatalf("%s: a result from flows discounted at -90 %%: %q", l, h.texts())
		}
		h.mustHave(tr.S("calc.line.npv") + ": ")
		h.mustNotHave("npv: ")
	}
}

// The target line of the staffing chart is named by the target as typed,
// as the sentence said on the call names it: 85.25 % read "Target 85.3%",
// another target than the one the staffing was worked out for.
func TestCalcErlangCChartNamesTheTargetTyped(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
		s := h.calc("erlangc")
		h.typeIn(s, "calls", "100")
		h.typeIn(s, "aht", "180")
		h.typeIn(s, "target", calculators.FormatPercent(0.8525, 2, l))
		chart := h.chart()
		want := h.app.t.D("calcui.chart.target", map[string]any{"Value": calculators.FormatPercent(0.8525, 2, l)})
		if len(chart.refs) != 1 || chart.refs[0].label != want {
			t.Errorf("%s: the target line reads %+v, want %q", l, chart.refs, want)
		}
	}
}

// The purchases a year of an average order, emptied, are asked for as any
// value left out, not refused as zero; typed as 0, they are.
func TestCalcLTVPurchasesEmptiedAreRequired(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t
	s := h.calc("ltv")
	h.typeIn(s, "average_order", "80")
	h.typeIn(s, "gross_margin", "60 %")
	h.typeIn(s, "lifetime_months", "36")
	h.typeIn(s, "purchases_per_year", "4")
	h.typeIn(s, "purchases_per_year", "")
	h.mustHave(tr.D("calc.err.required", map[string]any{"Field": tr.S("calcui.ltv.purchases_per_year")}))
	h.typeIn(s, "purchases_per_year", "0")
	h.mustHave(tr.D("calc.err.must_be_positive", map[string]any{"Field": tr.S("calcui.ltv.purchases_per_year")}))
}

// The payback chart's axis names each tick by its own value, however small
// the amounts: 1.00 recovered at 0.30 a year ticked "-1", "-1", "0", "1",
// the half units written as whole ones.
func TestCalcPaybackChartTicksSmallAmounts(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
		s := h.calc("payback")
		h.typeIn(s, "investment", calculators.FormatNumber(1, 2, l))
		h.typeIn(s, "annual", calculators.FormatNumber(0.3, 2, l))
		if s.out == nil {
			t.Fatalf("%s: no result: %q", l, h.texts())
		}
		r := test.WidgetRenderer(h.chart()).(*barChartRenderer)
		seen := map[string]bool{}
		for i, v := range r.ticks {
			text := r.tickText[i].Text
			back, err := calculators.ParseNumber(text, l)
			if seen[text] || err != nil || math.Abs(back-v) > 1e-9 {
				t.Errorf("%s: tick %v reads %q (ticks %v)", l, v, text, r.ticks)
			}
			seen[text] = true
		}
	}
}

// A payback past the chart's last year (the chart stops at 30) draws no
// marker line beyond the plot, over whatever lies to its right; its label
// still says when.
func TestCalcPaybackMarkerStaysOnTheChart(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: "en"})
	s := h.calc("payback")
	h.typeIn(s, "investment", "100000")
	h.typeIn(s, "annual", "2000")
	if s.out == nil {
		t.Fatalf("no result: %q", h.texts())
	}
	c := h.chart()
	c.Resize(fyne.NewSize(400, 240))
	r := test.WidgetRenderer(c).(*barChartRenderer)
	r.Layout(c.Size())
	if r.marker.Visible() && (r.marker.Position1.X > c.Size().Width || r.marker.Position2.X > c.Size().Width) {
		t.Errorf("the marker is drawn at x=%v on a chart %v wide", r.marker.Position1.X, c.Size().Width)
	}
	if !r.markText.Visible() || r.markText.Position().X+r.markText.Size().Width > c.Size().Width+0.5 {
		t.Errorf("the payback's label %q is hidden or off the chart at %v", r.markText.Text, r.markText.Position())
	}
}

// A result used in the call stays marked as used when the agent looks at
// another calculator and comes back to it unchanged: the button was
// enabled again and the confirmation gone, inviting the same result into
// the case twice.
func TestCalcUsedResultStaysUsedAcrossCalculators(t *testing.T) {
	h := esHarness(t, true, locales.ES)
	tr := h.app.t
	h.startCall("4417001234", "aumento")
	s := h.calc("commission")
	h.typeIn(s, "sales", "1000")
	h.typeIn(s, "rate", "5 %")
	h.tap(tr.S("calcui.use_button"))
	confirmation := s.useStatus.Text
	if confirmation == "" || !s.useBtn.Disabled() {
		t.Fatalf("not used in the call: %q", confirmation)
	}
	h.calc("roi")
	if h.has(confirmation) {
		t.Errorf("the ROI calculator says the commission was added: %q", confirmation)
	}
	s = h.calc("commission")
	if !s.useBtn.Disabled() || !h.has(confirmation) {
		t.Errorf("back on the commission, the result used reads as not used: button disabled %v, status %q", s.useBtn.Disabled(), s.useStatus.Text)
	}
	h.typeIn(s, "rate", "6 %")
	if s.useBtn.Disabled() || h.has(confirmation) {
		t.Errorf("a changed commission reads as used: %q", s.useStatus.Text)
	}
}

// A lifetime value too large to show says so, naming the figure: with the
// lifetime given by churn the error fell on the empty lifetime field,
// hidden as untouched, and the screen asked to fill in a form that was
// full.
func TestCalcLTVTooLargeNamesTheFigure(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t
	s := h.calc("ltv")
	h.typeIn(s, "monthly_revenue", "1000000000000")
	h.typeIn(s, "gross_margin", "100 %")
	h.typeIn(s, "monthly_churn", "0,1 %")
	if s.out != nil {
		t.Fatalf("a result of 1.000.000.000.000 a month for 1.000 months: %q", h.texts())
	}
	h.mustNotHave(tr.S("calcui.need_input"))
	h.mustHave(tr.S("calc.line.ltv") + ": ")
}

// A maximum occupancy typed as 0 % is said to be out of range: the screen
// read it as no cap and showed a staffing with none.
func TestCalcErlangCMaxOccupancyZeroIsRefused(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	tr := h.app.t
	s := h.calc("erlangc")
	for f, v := range map[string]string{"calls": "100", "interval": "30", "aht": "180", "target": "80 %", "within": "20"} {
		h.typeIn(s, f, v)
	}
	h.typeIn(s, "max_occupancy", "0 %")
	if s.out != nil {
		t.Errorf("a result with a 0 %% cap: %v", s.out.lines)
	}
	if all := strings.Join(h.texts(), " "); !strings.Contains(all, "0,01") || !strings.Contains(all, tr.S("calcui.fix_errors")) {
		t.Errorf("the cap of 0 %% is not said to be out of range: %q", h.texts())
	}
}
