package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// The calc family exposes every calculator of package calculators. Human
// output is the calculator's breakdown in --lang; --json prints the figures
// scripts rely on, amounts as decimal numbers in major units.
func init() {
	for _, c := range []struct {
		name string
		run  func(*calcRun, []string) error
	}{
		{"roi", runROI},
		{"payback", runPayback},
		{"npv", runNPV},
		{"irr", runIRR},
		{"deflection", runDeflection},
		{"cost-per-contact", runCostPerContact},
		{"chat-revenue", runChatRevenue},
		{"ltv", runLTV},
		{"commission", runCommission},
		{"proration", runProration},
		{"bill-diff", runBillDiff},
		{"compensation", runCompensation},
		{"erlangc", runErlangC},
	} {
		// The flag set is named by the command's path, written once here.
		path := "calc " + c.name
		register(&command{path: path, summary: "cli.calc." + c.name + ".summary", run: func(ctx context.Context, m *Main, args []string) error {
			calc := newCalc(m, path)
			calc.ctx = ctx
			return c.run(calc, args)
		}})
	}
}

// finish prints v as JSON or the breakdown as text.
func (c *calcRun) finish(v any, lines []calculators.Line) error {
	if c.m.JSON {
		return c.m.printJSON(v)
	}
	c.printLines(c.m.Stdout, lines)
	return nil
}

// compute parses the flags, reads them into the calculator's input with
// read once all are known (--lang and --currency may come last and decide
// how values are read), and computes it.
func compute[I calculators.Calculator[R], R any](c *calcRun, args []string, read func() I) (in I, r R, err error) {
	if err = c.parse(args); err != nil {
		return in, r, err
	}
	in = read()
	r, err = calculate(c, in)
	return in, r, err
}

// calculate computes in, reporting the problems found reading the flags
// together with the calculator's own, so a person sees every one at once.
func calculate[R any](c *calcRun, in calculators.Calculator[R]) (R, error) {
	if len(c.in.Errs) > 0 {
		var r R
		return r, c.fail(in.Validate())
	}
	r, err := in.Compute()
	if err != nil {
		return r, c.fail(err)
	}
	return r, nil
}

func runROI(c *calcRun, args []string) error {
	inv := c.str("investment", "calc.flag.investment", "")
	gain := c.str("gain", "calc.flag.gain", "")
	_, r, err := compute(c, args, func() calculators.ROIInput {
		return calculators.ROIInput{Investment: c.money("investment", *inv, true), Gain: c.money("gain", *gain, true)}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{
		"roi": r.ROI, "net_benefit": r.NetBenefit.Major(), "currency": c.cur(),
	}, r.Breakdown)
}

func runPayback(c *calcRun, args []string) error {
	inv := c.str("investment", "calc.flag.investment", "")
	annual := c.str("annual", "calc.flag.annual", "")
	flows := c.str("flows", "calc.flag.payback_flows", "")
	_, r, err := compute(c, args, func() calculators.PaybackInput {
		in := calculators.PaybackInput{Investment: c.money("investment", *inv, true), Flows: c.moneyList("flows", *flows, false)}
		in.Annual = c.typedMoney("annual", *annual)
		if *annual == "" && *flows == "" {
			c.in.Errs.Add("--flows", calculators.CodeRequired, nil)
		}
		return in
	})
	if err != nil {
		return err
	}
	var years any // null when the investment is never recovered
	if !r.Never {
		years = r.Years
	}
	return c.finish(map[string]any{"years": years, "never": r.Never}, r.Breakdown)
}

func runNPV(c *calcRun, args []string) error {
	rate := c.str("rate", "calc.flag.discount_rate", "")
	flows := c.str("flows", "calc.flag.npv_flows", "")
	initial := c.str("initial", "calc.flag.initial", "")
	in, r, err := compute(c, args, func() calculators.NPVInput {
		return calculators.NPVInput{Rate: c.rate("rate", *rate, true), Flows: c.moneyList("flows", *flows, true),
			Initial: c.money("initial", *initial, false)}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{
		"npv": r.NPV.Major(), "present_value": r.PresentValue.Major(), "initial": in.Initial.Major(),
		"rate": in.Rate, "currency": c.cur(),
	}, r.Breakdown)
}

func runIRR(c *calcRun, args []string) error {
	flows := c.str("flows", "calc.flag.irr_flows", "")
	_, r, err := compute(c, args, func() calculators.IRRInput {
		return calculators.IRRInput{Flows: c.moneyList("flows", *flows, true)}
	})
	if err != nil {
		return err
	}
	others := append([]float64{}, r.Others...) // [] rather than null: one rate
	return c.finish(map[string]any{"irr": r.IRR, "other_irrs": others}, r.Breakdown)
}

func runDeflection(c *calcRun, args []string) error {
	contacts := c.str("contacts", "calc.flag.contacts", "")
	assisted := c.str("cost-assisted", "calc.flag.cost_assisted", "")
	automated := c.str("cost-automated", "calc.flag.cost_automated", "0")
	before := c.str("rate-before", "calc.flag.rate_before", "0%")
	after := c.str("rate-after", "calc.flag.rate_after", "")
	_, r, err := compute(c, args, func() calculators.DeflectionInput {
		return calculators.DeflectionInput{
			Contacts:      c.number("contacts", *contacts, true),
			CostAssisted:  c.money("cost-assisted", *assisted, true),
			CostAutomated: c.money("cost-automated", *automated, false),
			RateBefore:    c.rate("rate-before", *before, false),
			RateAfter:     c.rate("rate-after", *after, true),
		}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{
		"cost_before": r.CostBefore.Major(), "cost_after": r.CostAfter.Major(), "saving": r.Saving.Major(), "currency": c.cur(),
	}, r.Breakdown)
}

func runCostPerContact(c *calcRun, args []string) error {
	cost := c.str("cost", "calc.flag.cost", "")
	contacts := c.str("contacts", "calc.flag.contacts", "")
	_, r, err := compute(c, args, func() calculators.CostPerContactInput {
		return calculators.CostPerContactInput{Cost: c.money("cost", *cost, true), Contacts: c.integer("contacts", *contacts, true)}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{"per_contact": r.PerContact.Major(), "currency": c.cur()}, r.Breakdown)
}

func runChatRevenue(c *calcRun, args []string) error {
	visitors := c.str("visitors", "calc.flag.visitors", "")
	chat := c.str("chat-conversion", "calc.flag.chat_conversion", "15%")
	site := c.str("site-conversion", "calc.flag.site_conversion", "2%")
	aov := c.str("average-order", "calc.flag.average_order", "")
	_, r, err := compute(c, args, func() calculators.ChatRevenueInput {
		return calculators.ChatRevenueInput{
			Visitors:       c.number("visitors", *visitors, true),
			ChatConversion: c.rate("chat-conversion", *chat, true),
			SiteConversion: c.rate("site-conversion", *site, true),
			AverageOrder:   c.money("average-order", *aov, true),
		}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{
		"chat_orders": r.ChatOrders, "baseline_orders": r.BaselineOrders, "extra_orders": r.ExtraOrders,
		"extra_revenue": r.ExtraRevenue.Major(), "currency": c.cur(),
	}, r.Breakdown)
}

func runLTV(c *calcRun, args []string) error {
	aov := c.str("average-order", "calc.flag.average_order", "")
	purchases := c.str("purchases-per-year", "calc.flag.purchases_per_year", "")
	monthly := c.str("monthly-revenue", "calc.flag.monthly_revenue", "")
	margin := c.str("gross-margin", "calc.flag.gross_margin", "")
	months := c.str("lifetime-months", "calc.flag.lifetime_months", "")
	churn := c.str("monthly-churn", "calc.flag.monthly_churn", "")
	cac := c.str("cac", "calc.flag.cac", "")
	in, r, err := compute(c, args, func() calculators.LTVInput {
		return calculators.LTVInput{
			PurchasesPerYear: c.number("purchases-per-year", *purchases, false),
			GrossMargin:      c.rate("gross-margin", *margin, true),
			LifetimeMonths:   c.number("lifetime-months", *months, false),
			MonthlyChurn:     c.rate("monthly-churn", *churn, false),
			LifetimeTyped:    strings.TrimSpace(*months) != "",
			ChurnTyped:       strings.TrimSpace(*churn) != "",
			PurchasesTyped:   strings.TrimSpace(*purchases) != "",
			// Read after the others, so problems are listed in flag order.
			AverageOrder:   c.typedMoney("average-order", *aov),
			MonthlyRevenue: c.typedMoney("monthly-revenue", *monthly),
			CAC:            c.typedMoney("cac", *cac),
		}
	})
	if err != nil {
		return err
	}
	out := map[string]any{
		"monthly_revenue": r.MonthlyRevenue.Major(), "lifetime_months": r.LifetimeMonths, "ltv": r.LTV.Major(), "currency": c.cur(),
	}
	if in.CAC.Minor > 0 {
		out["ltv_cac"] = r.LTVToCAC
	}
	return c.finish(out, r.Breakdown)
}

func runCommission(c *calcRun, args []string) error {
	sales := c.str("sales", "calc.flag.sales", "")
	rate := c.str("rate", "calc.flag.commission_rate", "")
	_, r, err := compute(c, args, func() calculators.CommissionInput {
		return calculators.CommissionInput{Sales: c.money("sales", *sales, true), Rate: c.rate("rate", *rate, true)}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{"commission": r.Commission.Major(), "currency": c.cur()}, r.Breakdown)
}

func runProration(c *calcRun, args []string) error {
	start := c.str("cycle-start", "calc.flag.cycle_start", "")
	end := c.str("cycle-end", "calc.flag.cycle_end", "")
	change := c.str("change", "calc.flag.change", "")
	old := c.str("old", "calc.flag.old", "")
	nw := c.str("new", "calc.flag.new", "")
	_, r, err := compute(c, args, func() calculators.ProrationInput {
		return calculators.ProrationInput{
			CycleStart: c.date("cycle-start", *start, true),
			CycleEnd:   c.date("cycle-end", *end, true),
			Change:     c.date("change", *change, true),
			OldMonthly: c.money("old", *old, true),
			NewMonthly: c.money("new", *nw, true),
		}
	})
	if err != nil {
		return err
	}
	return c.finish(map[string]any{
		"cycle_days": r.CycleDays, "old_days": r.OldDays, "new_days": r.NewDays,
		"old_used": r.OldUsed.Major(), "credit": r.Credit.Major(), "charge": r.Charge.Major(), "net": r.Net.Major(),
		"currency": c.cur(),
	}, r.Breakdown)
}

// billLineJSON is one line of a --before/--after file.
type billLineJSON struct {
	Code        string   `json:"code"`
	Description string   `json:"description"`
	Kind        string   `json:"kind"`
	Amount      *float64 `json:"amount"`
}

// readBill reads a bill file; problems are recorded against the flag.
func (c *calcRun) readBill(flagName, path string) []calculators.BillLine {
	if !c.in.Present("--"+flagName, path, true) {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		// The reason in the reader's words, the path as they gave it.
		c.in.Errs.Add("--"+flagName, "file", map[string]any{"Detail": strings.TrimSuffix(c.m.fileErr(path, err).Error(), ".")})
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var raw []billLineJSON
	if err := dec.Decode(&raw); err != nil {
		c.in.Errs.Add("--"+flagName, "json", map[string]any{"Detail": c.m.billJSONProblem(b, err)})
		return nil
	}
	out := make([]calculators.BillLine, 0, len(raw))
	for i, l := range raw {
		bl := calculators.BillLine{Code: l.Code, Description: l.Description, Kind: l.Kind}
		field := fmt.Sprintf("%s[%d].amount", flagName, i)
		if l.Amount == nil {
			c.in.Errs.Add(field, calculators.CodeRequired, nil)
		} else if m, err := billAmount(*l.Amount, c.cur()); err != nil {
			es, _ := calculators.AsErrors(err)
			for _, fe := range es {
				c.in.Errs.Add(field, fe.Code, fe.Params)
			}
		} else {
			bl.Amount = m
		}
		out = append(out, bl)
	}
	return out
}

// billAmount reads a bill file's amount by the rules of an amount typed on
// the screen: its shortest decimal form (12.345, as the file writes it) is
// refused with more than two decimals rather than rounded silently to a
// figure no bill has.
func billAmount(major float64, currency string) (calculators.Money, error) {
	if math.IsNaN(major) || math.IsInf(major, 0) {
		return calculators.NewMoney(major, currency)
	}
	s := strconv.FormatFloat(major, 'f', -1, 64)
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) < 4 {
		// A JSON number's point is always the decimal point: zeros after
		// its digits keep 12.345 from reading as "twelve thousand three
		// hundred and forty-five, or 12.345?" (ambiguous_thousands); it is
		// still too_many_decimals.
		s += strings.Repeat("0", 4-len(frac))
	}
	return calculators.ParseMoney(s, currency, locales.EN)
}

func runBillDiff(c *calcRun, args []string) error {
	m := c.m
	before := c.str("before", "calc.flag.before", "")
	after := c.str("after", "calc.flag.after", "")
	_, r, err := compute(c, args, func() calculators.BillDiffInput {
		return calculators.BillDiffInput{Before: c.readBill("before", *before), After: c.readBill("after", *after)}
	})
	if err != nil {
		return err
	}
	t, lang := m.T(), m.Lang
	// The script in the reader's words, once: JSON gives it per difference
	// and whole, the text output whole.
	script := r.Script(lang)
	lines := make([]string, len(script))
	for i, s := range script {
		lines[i] = t.D(s.ID, s.Data)
	}
	if m.JSON {
		type jdiff struct {
			Class     string  `json:"class"`
			Kind      string  `json:"kind"`
			Code      string  `json:"code,omitempty"`
			Name      string  `json:"name"`
			OldName   string  `json:"old_name,omitempty"`
			Before    float64 `json:"before"`
			After     float64 `json:"after"`
			Amount    float64 `json:"amount"`
			MessageID string  `json:"message_id"`
			Script    string  `json:"script"`
		}
		diffs := []jdiff{}
		for i, d := range r.Differences {
			diffs = append(diffs, jdiff{d.Class, d.Kind, d.Code, d.Name, d.OldName, d.Before.Major(), d.After.Major(),
				d.Amount.Major(), d.MessageID, lines[i]})
		}
		return m.printJSON(map[string]any{
			"total_before": r.TotalBefore.Major(), "total_after": r.TotalAfter.Major(), "difference": r.Difference.Major(),
			"currency": c.cur(), "differences": diffs, "script": lines,
		})
	}
	w := m.Stdout
	c.printLines(w, r.Breakdown)
	fmt.Fprintln(w)
	if len(r.Differences) == 0 {
		fmt.Fprintln(w, t.S("calc.out.no_differences"))
	} else {
		fmt.Fprintln(w, t.S("calc.out.differences"))
		// Labels align left and amounts right, so signs and decimals line up.
		amounts := make([]string, len(r.Differences))
		width := 0
		for i, d := range r.Differences {
			amounts[i] = calculators.FormatSignedMoney(d.Amount, lang)
			width = max(width, utf8.RuneCountInString(amounts[i]))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for i, d := range r.Differences {
			pad := strings.Repeat(" ", width-utf8.RuneCountInString(amounts[i]))
			fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", t.S("calc.class."+d.Class), d.Name, pad, amounts[i])
		}
		tw.Flush()
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, t.S("calc.out.script"))
	for _, l := range lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
	return nil
}

func runCompensation(c *calcRun, args []string) error {
	m := c.m
	c.flagOf = map[string]string{"monthly_bill": "monthly"}
	level := c.str("level", "calc.flag.level", "")
	monthly := c.str("monthly", "calc.flag.monthly", "")
	// Left out, the role is the desk's (deskRole), as on the screen.
	role := c.str("role", "calc.flag.role", "")
	if err := c.parse(args); err != nil {
		return err
	}
	// The policy is the pack the desk works with, as on the calculators
	// screen (deskPack: crmd's published one, the custom folder over it),
	// not the built-in one a site may have changed.
	db, err := m.openDB(c.ctx)
	if err != nil {
		return err
	}
	pb := c.pb // read already when the currency was left out
	if pb == nil {
		pb = m.deskPack(c.ctx, db)
	}
	if *role == "" {
		*role = string(m.deskRole(c.ctx, db))
	}
	db.Close()
	// The policy's amounts are in the pack's currency: use it unless the
	// person asked for another one, which would mix currencies. The bill
	// is read in it too, so "200 €" is an amount of a euro pack.
	explicit := false
	c.fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "currency" })
	if cur := pb.Meta.Currency; cur != "" {
		if explicit && c.cur() != cur {
			c.in.Errs.Add("--currency", calculators.CodeCurrencyMismatch, map[string]any{"Currency": cur})
		}
		*c.currency = cur
		c.in.Currency = cur
	}
	policy := make([]calculators.CompensationLevel, len(pb.Compensation))
	title := ""
	lvl := int(c.integer("level", *level, true))
	for i, l := range pb.Compensation {
		policy[i] = calculators.CompensationLevel{Level: l.Level, Percent: l.Percent, Fixed: l.Fixed, Max: l.Max, MinRole: l.MinRole}
		if l.Level == lvl {
			title = pb.Say(m.Lang, l.Title)
		}
	}
	in := calculators.CompensationInput{Policy: policy, Currency: c.cur(), Level: lvl, MonthlyBill: c.money("monthly", *monthly, true), Role: *role}
	r, err := calculate(c, in)
	if err != nil {
		return err
	}
	if m.JSON {
		return m.printJSON(map[string]any{
			"level": r.Level, "title": title, "credit": r.Credit.Major(), "capped": r.Capped,
			"min_role": r.MinRole, "role": *role, "allowed": r.Allowed, "currency": c.cur(),
		})
	}
	if title != "" {
		fmt.Fprintln(m.Stdout, title)
	}
	c.printLines(m.Stdout, r.Breakdown)
	return nil
}

// deskRole is the role the calculators screen grants credits with: the
// workstation's, held down to the role crmd gives the user logged in at
// this desk (the app's App.role), so the command and the screen agree on
// whether a level may be granted.
func (m *Main) deskRole(ctx context.Context, db *sqlite.DB) cases.Role {
	ws, err := cases.LoadWorkstation(ctx, db, m.Lang)
	if err != nil {
		return cases.RoleAgent
	}
	r := ws.Role
	c, err := m.client(ctx, db, "")
	if err != nil {
		return r
	}
	sess, ok := c.Session()
	if !ok {
		return r
	}
	rank := map[cases.Role]int{cases.RoleTrainee: 0, cases.RoleAgent: 1, cases.RoleSupervisor: 2, cases.RoleAdmin: 3}
	if cr, ok := rank[sess.Role]; ok && cr < rank[r] {
		return sess.Role
	}
	return r
}

func runErlangC(c *calcRun, args []string) error {
	m := c.m
	calls := c.str("calls", "calc.flag.calls", "")
	interval := c.str("interval", "calc.flag.interval", "")
	aht := c.str("aht", "calc.flag.aht", "")
	target := c.str("target", "calc.flag.target", "")
	within := c.str("within", "calc.flag.within", "")
	shrink := c.str("shrinkage", "calc.flag.shrinkage", "")
	occ := c.str("max-occupancy", "calc.flag.max_occupancy", "")
	in, r, err := compute(c, args, func() calculators.ErlangCInput {
		return calculators.ErlangCInput{
			Calls:        c.number("calls", *calls, true),
			Interval:     c.duration("interval", *interval, 0, true), // a unit, always: bare numbers were seconds before they were minutes
			AHT:          c.duration("aht", *aht, time.Second, true),
			Target:       c.rate("target", *target, true),
			Within:       c.duration("within", *within, time.Second, true),
			Shrinkage:    c.rate("shrinkage", *shrink, false),
			MaxOccupancy: c.rate("max-occupancy", *occ, false),
			// 0 % typed is refused; only a cap left out is none.
			MaxOccupancyTyped: strings.TrimSpace(*occ) != "",
		}
	})
	if err != nil {
		return err
	}
	if m.JSON {
		type jrow struct {
			Agents       int     `json:"agents"`
			ServiceLevel float64 `json:"service_level"`
			ASASeconds   float64 `json:"asa_seconds"`
			Occupancy    float64 `json:"occupancy"`
			PWait        float64 `json:"p_wait"`
		}
		rows := []jrow{}
		for _, x := range r.Table {
			rows = append(rows, jrow{x.Agents, x.ServiceLevel, x.ASASeconds, x.Occupancy, x.PWait})
		}
		return m.printJSON(map[string]any{
			"traffic_erlangs": r.TrafficErlangs, "agents": r.Agents, "agents_with_shrinkage": r.AgentsWithShrinkage,
			"service_level": r.ServiceLevel, "asa_seconds": r.ASASeconds, "occupancy": r.Occupancy, "p_wait": r.PWait,
			"table": rows,
		})
	}
	t, lang := m.T(), m.Lang
	w := m.Stdout
	c.printLines(w, r.Breakdown)
	fmt.Fprintln(w)
	fmt.Fprintln(w, t.S("calc.table.title"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", t.S("calc.table.agents"), t.S("calc.table.service_level"),
		t.S("calc.table.asa"), t.S("calc.table.occupancy"), t.S("calc.table.p_wait"))
	for _, x := range r.Table {
		mark := ""
		if x.Agents == r.Agents {
			mark = "  ←"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", x.Agents,
			// Written as the desktop's table writes them, so neither reads
			// on the wrong side of the target or of the cap.
			calculators.FormatPercent(calculators.ServiceLevelShown(x.ServiceLevel, in.Target), 1, lang),
			t.D("calc.unit.seconds", map[string]any{"Value": calculators.FormatNumber(x.ASASeconds, 1, lang)}),
			calculators.FormatPercent(calculators.OccupancyShown(x.Occupancy, in.MaxOccupancy), 1, lang),
			calculators.FormatPercent(x.PWait, 1, lang), mark)
	}
	return tw.Flush()
}
