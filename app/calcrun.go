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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// Each runXxx reads its calculator's form, runs it and returns the result
// with its headline, breakdown and chart, or nil when the form has errors
// (the reader holds them). calcDefs names them.

func runROI(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ROIInput{Investment: p.money("investment"), Gain: p.money("gain")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		return ct.D("calcui.roi.say", map[string]any{"Investment": money(in.Investment, l), "Gain": money(in.Gain, l),
			"Net": money(r.NetBenefit, l), "ROI": pct(r.ROI, l)}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runPayback(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.PaybackInput{Investment: p.money("investment"), Annual: p.money("annual"), Flows: p.moneyList("flows")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown,
		chart: func(t *locales.T) fyne.CanvasObject { return paybackChart(t, s.currency(), in, r) },
		say: func(ct *locales.T) (string, []calculators.Figure) {
			l := ct.Lang
			years := ""
			if !r.Never {
				years = calculators.FormatLine(calculators.Line{Value: r.Years, Kind: calculators.KindYears}, ct)
			}
			return ct.D("calcui.payback.say", map[string]any{"Investment": money(in.Investment, l), "Years": years, "Never": r.Never}),
				calculators.KeepBreakdown(r.Breakdown)
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
	// Whole amounts, unless the axis steps by less than one (amounts of a
	// few units), whose ticks would then read twice the same.
	c.tick = func(v float64) string {
		_, _, step := c.axis()
		return calculators.FormatNumber(v, stepDecimals(step), lang)
	}
	c.xTitle = t.S("calcui.chart.year")
	c.yTitle = t.D("calcui.chart.cumulative", map[string]any{"Currency": cur})
	if !r.Never {
		c.marker = r.Years
		c.markerLabel = t.D("calcui.chart.payback", map[string]any{
			"Years": calculators.FormatLine(calculators.Line{Value: r.Years, Kind: calculators.KindYears}, t)})
	}
	return c
}

func runNPV(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.NPVInput{Rate: p.rate("rate"), Flows: p.moneyList("flows"), Initial: p.money("initial")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		return ct.D("calcui.npv.say", map[string]any{"Rate": typedPct(in.Rate, l), "NPV": money(r.NPV, l), "Periods": len(in.Flows)}),
			calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runIRR(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.IRRInput{Flows: p.moneyList("flows")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		if len(r.Others) > 0 {
			// Several rates fit: said as such, or the one nearest 10 %
			// would be taken for the investment's.
			others := make([]string, len(r.Others))
			for i, o := range r.Others {
				others[i] = pct(o, ct.Lang)
			}
			return ct.D("calcui.irr.say_several", map[string]any{"IRR": pct(r.IRR, ct.Lang), "Others": strings.Join(others, "; ")}),
				calculators.KeepBreakdown(r.Breakdown)
		}
		return ct.D("calcui.irr.say", map[string]any{"IRR": pct(r.IRR, ct.Lang)}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runDeflection(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.DeflectionInput{
		Contacts: p.number("contacts"), CostAssisted: p.money("cost_assisted"), CostAutomated: p.money("cost_automated"),
		RateBefore: p.rate("rate_before"), RateAfter: p.rate("rate_after"),
	}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		return ct.D("calcui.deflection.say", map[string]any{"Contacts": counted(ct, "calcui.count.contacts", in.Contacts), "Before": typedPct(in.RateBefore, l),
			"After": typedPct(in.RateAfter, l), "CostBefore": money(r.CostBefore, l), "CostAfter": money(r.CostAfter, l),
			"Saving": money(r.Saving.Abs(), l), "Saves": r.Saving.Minor >= 0}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runCostPerContact(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.CostPerContactInput{Cost: p.money("cost"), Contacts: p.integer("contacts")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		return ct.D("calcui.cost_per_contact.say", map[string]any{"Cost": money(in.Cost, l),
			"Contacts": counted(ct, "calcui.count.contacts", float64(in.Contacts)), "PerContact": money(r.PerContact, l)}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runChatRevenue(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ChatRevenueInput{Visitors: p.number("visitors"), ChatConversion: p.rate("chat_conversion"),
		SiteConversion: p.rate("site_conversion"), AverageOrder: p.money("average_order")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		// Chat converting below the site's average loses orders: the
		// sentence says "fewer", with the figures as magnitudes.
		fewer := r.ExtraRevenue.Minor < 0 || r.ExtraOrders < 0
		orders := "calcui.count.more_orders"
		if fewer {
			orders = "calcui.count.fewer_orders"
		}
		return ct.D("calcui.chat_revenue.say", map[string]any{"Visitors": counted(ct, "calcui.count.visitors_chat", in.Visitors),
			"Orders": counted(ct, orders, math.Abs(r.ExtraOrders)), "Revenue": money(r.ExtraRevenue.Abs(), l),
			"Fewer": fewer}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runLTV(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.LTVInput{
		MonthlyRevenue: p.money("monthly_revenue"), AverageOrder: p.money("average_order"),
		PurchasesPerYear: p.number("purchases_per_year"), GrossMargin: p.rate("gross_margin"),
		LifetimeMonths: p.number("lifetime_months"), MonthlyChurn: p.rate("monthly_churn"), CAC: p.money("cac"),
		LifetimeTyped: p.raw("lifetime_months") != "", ChurnTyped: p.raw("monthly_churn") != "",
		PurchasesTyped: p.raw("purchases_per_year") != "",
	}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		return ct.D("calcui.ltv.say", map[string]any{"LTV": money(r.LTV, l), "Ratio": num(r.LTVToCAC, l),
			"HasRatio": r.LTVToCAC > 0}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runCommission(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.CommissionInput{Sales: p.money("sales"), Rate: p.rate("rate")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		return ct.D("calcui.commission.say", map[string]any{"Sales": money(in.Sales, l), "Rate": typedPct(in.Rate, l),
			"Commission": money(r.Commission, l)}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runProration(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ProrationInput{CycleStart: p.date("cycle_start"), CycleEnd: p.date("cycle_end"), Change: p.date("change"),
		OldMonthly: p.money("old"), NewMonthly: p.money("new")}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		days := ct.N("calc.unit.days", r.NewDays, map[string]any{"Value": calculators.FormatNumber(float64(r.NewDays), 0, l)})
		return ct.D("calcui.proration.say", map[string]any{"Net": money(r.Net.Abs(), l), "Days": days,
			"Credit": r.Net.Minor < 0, "Zero": r.Net.Minor == 0}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runCompensation(s *calcScreen, p *calcReader) *calcOutcome {
	pb := s.a.pb
	policy := make([]calculators.CompensationLevel, len(pb.Compensation))
	for i, l := range pb.Compensation {
		policy[i] = calculators.CompensationLevel{Level: l.Level, Percent: l.Percent, Fixed: l.Fixed, Max: l.Max, MinRole: l.MinRole}
	}
	// The policy's amounts are in the pack's currency; the bill is in
	// the call's, which may be another.
	in := calculators.CompensationInput{Policy: policy, Currency: s.a.defaultCurrency(), Level: p.level("level"),
		MonthlyBill: p.money("monthly_bill"), Role: string(s.a.role())}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown, say: func(ct *locales.T) (string, []calculators.Figure) {
		l := ct.Lang
		title := ""
		for _, x := range pb.Compensation {
			if x.Level == r.Level {
				title = pb.Say(l, x.Title)
			}
		}
		return ct.D("calcui.compensation.say", map[string]any{"Level": r.Level, "Title": title, "Credit": money(r.Credit, l),
			"Capped": r.Capped, "NeedsApproval": !r.Allowed}), calculators.KeepBreakdown(r.Breakdown)
	}}
}

func runErlangC(s *calcScreen, p *calcReader) *calcOutcome {
	in := calculators.ErlangCInput{
		Calls: p.number("calls"), Interval: p.duration("interval", time.Minute), AHT: p.duration("aht", time.Second),
		Target: p.rate("target"), Within: p.duration("within", time.Second),
		Shrinkage: p.rate("shrinkage"), MaxOccupancy: p.rate("max_occupancy"),
		MaxOccupancyTyped: p.raw("max_occupancy") != "",
	}
	r, ok := compute(p, in)
	if !ok {
		return nil
	}
	return &calcOutcome{lines: r.Breakdown,
		chart: func(t *locales.T) fyne.CanvasObject { return erlangChart(t, in, r) },
		extra: func(t *locales.T) fyne.CanvasObject { return erlangTable(t, r, in.Target, in.MaxOccupancy) },
		say: func(ct *locales.T) (string, []calculators.Figure) {
			l := ct.Lang
			agents := func(n int) string {
				return ct.N("calc.unit.agents", n, map[string]any{"Value": calculators.FormatNumber(float64(n), 0, l)})
			}
			return ct.D("calcui.erlangc.say", map[string]any{"Calls": counted(ct, "calcui.count.calls", in.Calls),
					"Every": counted(ct, "calcui.count.every_minutes", in.Interval.Minutes()), "Target": typedPct(in.Target, l),
					"Within": ct.D("calc.unit.seconds", map[string]any{"Value": num(in.Within.Seconds(), l)}),
					"Needed": counted(ct, "calcui.count.agents_needed", float64(r.Agents)), "Roster": agents(r.AgentsWithShrinkage), "Shrinkage": in.Shrinkage > 0}),
				calculators.KeepBreakdown(r.Breakdown)
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
	// A bar's service level is cut, not rounded, to the whole percent: a
	// staffing that misses 80 % at 79.6 % must not read "80 %" under the
	// target line, nor 99.7 % read the unreachable "100 %". The table
	// beside it gives the decimal.
	c.value = func(v float64) string { return calculators.FormatPercent(cutPercent(v, 0), 0, lang) }
	c.refs = []chartRef{{value: in.Target, label: t.D("calcui.chart.target", map[string]any{"Value": typedPct(in.Target, lang)})}}
	c.xTitle = t.S("calc.table.agents")
	c.yTitle = t.S("calc.table.service_level")
	return c
}

// cutPercent cuts a service level down to decimals places of its
// percentage, so a staffing that misses the target (79.96 %) never reads
// as reaching it (80.0 %); the hair of tolerance keeps float noise
// (0.7999999999) from being cut to 79.9.
func cutPercent(v float64, decimals int) float64 {
	scale := math.Pow(10, float64(decimals+2))
	return math.Floor(v*scale+1e-9) / scale
}

// erlangTable is the staffing table around the answer, the answer marked.
// Plain texts rather than labels keep its rows as tight as a table's.
func erlangTable(t *locales.T, r calculators.ErlangCResult, target, maxOcc float64) fyne.CanvasObject {
	lang := t.Lang
	if maxOcc == 0 { // no cap: agents can be busy all the time at most
		maxOcc = 1
	}
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
		// A row that misses the target is cut, not rounded, as on the
		// chart: 79.96 % reads 79.9 %, never the 80.0 % it misses. The
		// others round like the result's own line above the table.
		row := []string{strconv.Itoa(x.Agents), calculators.FormatPercent(calculators.ServiceLevelShown(x.ServiceLevel, target), 1, lang),
			t.D("calc.unit.seconds", map[string]any{"Value": calculators.FormatNumber(x.ASASeconds, 1, lang)}),
			calculators.FormatPercent(calculators.OccupancyShown(x.Occupancy, maxOcc), 1, lang), calculators.FormatPercent(x.PWait, 1, lang)}
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
			bl.Amount = p.Money(field, amount, true)
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
			base := calculators.BaseField(fe.Field)
			idx, sub := calculators.FieldPosition(strings.TrimPrefix(fe.Field, base))
			b := boolInt(base == "after")
			if idx > 0 && idx <= len(index[b]) {
				fe.Field = fmt.Sprintf("%s[%d].%s", base, index[b][idx-1], sub)
			}
			out[i] = fe
		}
		return out
	}
	if len(in.Before) == 0 && len(in.After) == 0 {
		p.Put(calculators.FieldError{Field: "after", Code: calculators.CodeRequired})
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
		say: func(ct *locales.T) (string, []calculators.Figure) {
			script := r.Script(ct.Lang)
			// The main reason and the total: what the customer called about.
			parts := []string{}
			if len(script) > 1 {
				parts = append(parts, ct.D(script[0].ID, script[0].Data))
			}
			last := script[len(script)-1]
			parts = append(parts, ct.D(last.ID, last.Data))
			figs := calculators.KeepBreakdown(r.Breakdown)
			for _, d := range r.Differences {
				f := calculators.Keep(calculators.Line{Key: "calc.class." + d.Class, Value: d.Amount, Kind: calculators.KindChange})
				f.Name = d.Name
				figs = append(figs, f)
			}
			return strings.Join(parts, " "), figs
		}}
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
			amount := widget.NewLabelWithStyle(calculators.FormatSignedMoney(d.Amount, lang), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
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
		title = t.D("calcui.bill.script_in", map[string]any{"Lang": t.S("playbook.lang." + string(st.Lang))})
	}
	objs = append(objs, widget.NewSeparator(), heading(title))
	for _, item := range r.Script(st.Lang) {
		l := widget.NewLabel("“" + st.D(item.ID, item.Data) + "”")
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	return container.NewVBox(objs...)
}
