package calculators

import (
	"math"
	"math/big"
)

// DeflectionInput estimates what moving contacts to self-service or
// automation saves over one period.
type DeflectionInput struct {
	Contacts      float64 // contacts in the period; a forecast may be fractional
	CostAssisted  Money   // cost of one contact handled by a person
	CostAutomated Money   // cost of one automated contact (bot, IVR), often 0
	RateBefore    float64 // share automated today, 0..1
	RateAfter     float64 // share automated after the change, 0..1
}

// DeflectionResult: cost = contacts·((1-rate)·assisted + rate·automated),
// before and after; Saving = before - after (negative if the change costs).
type DeflectionResult struct {
	CostBefore Money
	CostAfter  Money
	Saving     Money
	Breakdown  []Line
}

// Validate reports every problem with the input.
func (in DeflectionInput) Validate() error {
	var c checker
	c.number("contacts", in.Contacts, nonNegative)
	c.money("cost_assisted", in.CostAssisted, nonNegative)
	c.money("cost_automated", in.CostAutomated, nonNegative)
	c.fraction("rate_before", in.RateBefore)
	c.fraction("rate_after", in.RateAfter)
	return c.errs.Err()
}

// cost is contacts·((1-rate)·assisted + rate·automated) in minor units,
// from the inputs as typed in exact decimals and rounded half away from
// zero once: in floats 10 contacts at 6.50, 31 % automated at 0.25, are
// 45.62499… and rounded to 45.62, not 45.63.
func (in DeflectionInput) cost(rate float64) (int64, bool) {
	n, okN := decimalRat(in.Contacts)
	r, okR := decimalRat(rate)
	if !okN || !okR {
		return 0, false
	}
	one := big.NewRat(1, 1)
	per := new(big.Rat).Mul(new(big.Rat).Sub(one, r), new(big.Rat).SetInt64(in.CostAssisted.Minor))
	per.Add(per, new(big.Rat).Mul(r, new(big.Rat).SetInt64(in.CostAutomated.Minor)))
	return mulRat(1, per.Mul(per, n))
}

// Compute validates and computes.
func (in DeflectionInput) Compute() (DeflectionResult, error) {
	if err := in.Validate(); err != nil {
		return DeflectionResult{}, err
	}
	cur := in.CostAssisted.Currency
	if cur == "" {
		cur = in.CostAutomated.Currency
	}
	// A cost too large to show is named as the figure it is: each input
	// may be well under the bound the message names, their product not.
	b, ok := in.cost(in.RateBefore)
	if !ok {
		return DeflectionResult{}, resultTooLarge("cost_before")
	}
	a, ok := in.cost(in.RateAfter)
	if !ok {
		return DeflectionResult{}, resultTooLarge("cost_after")
	}
	before, after := FromMinor(b, cur), FromMinor(a, cur)
	saving, err := before.Sub(after)
	if err != nil {
		return DeflectionResult{}, withField(err, "saving")
	}
	return DeflectionResult{
		CostBefore: before, CostAfter: after, Saving: saving,
		Breakdown: []Line{
			{Key: "calc.line.contacts", Value: in.Contacts, Kind: KindNumber},
			{Key: "calc.line.automated_before", Value: in.Contacts * in.RateBefore, Kind: KindNumber},
			{Key: "calc.line.automated_after", Value: in.Contacts * in.RateAfter, Kind: KindNumber},
			{Key: "calc.line.cost_before", Value: before, Kind: KindMoney},
			{Key: "calc.line.cost_after", Value: after, Kind: KindMoney},
			{Key: "calc.line.saving", Value: saving, Kind: KindMoney},
		},
	}, nil
}

// CostPerContactInput divides a period's total cost of the contact centre by
// the contacts it handled.
type CostPerContactInput struct {
	Cost     Money
	Contacts int64
}

// CostPerContactResult holds the cost of one contact, rounded half away from
// zero to the cent.
type CostPerContactResult struct {
	PerContact Money
	Breakdown  []Line
}

// Validate reports every problem with the input.
func (in CostPerContactInput) Validate() error {
	var c checker
	c.money("cost", in.Cost, nonNegative)
	c.number("contacts", float64(in.Contacts), positive)
	return c.errs.Err()
}

// Compute validates and computes.
func (in CostPerContactInput) Compute() (CostPerContactResult, error) {
	if err := in.Validate(); err != nil {
		return CostPerContactResult{}, err
	}
	per, err := in.Cost.MulDiv(1, in.Contacts)
	if err != nil {
		return CostPerContactResult{}, withField(err, "contacts")
	}
	return CostPerContactResult{PerContact: per, Breakdown: []Line{
		{Key: "calc.line.total_cost", Value: in.Cost, Kind: KindMoney},
		{Key: "calc.line.contacts", Value: in.Contacts, Kind: KindNumber},
		{Key: "calc.line.per_contact", Value: per, Kind: KindMoney},
	}}, nil
}

// Seed 002 reports that visitors who chat convert at 15–20 % against a site
// average near 2 %. The defaults take the low end so an estimate shown to a
// manager errs on the cautious side.
const (
	DefaultChatConversion = 0.15
	DefaultSiteConversion = 0.02
)

// ChatRevenueInput estimates the revenue chat adds: the orders chatting
// visitors place beyond what the site's average conversion would give.
type ChatRevenueInput struct {
	Visitors       float64 // visitors who chatted in the period
	ChatConversion float64 // 0..1
	SiteConversion float64 // 0..1
	AverageOrder   Money
}

// ChatRevenueResult: ExtraOrders = visitors·(chat - site); ExtraRevenue =
// ExtraOrders·average order.
type ChatRevenueResult struct {
	ChatOrders     float64
	BaselineOrders float64
	ExtraOrders    float64
	ExtraRevenue   Money
	Breakdown      []Line
}

// Validate reports every problem with the input.
func (in ChatRevenueInput) Validate() error {
	var c checker
	c.number("visitors", in.Visitors, nonNegative)
	c.fraction("chat_conversion", in.ChatConversion)
	c.fraction("site_conversion", in.SiteConversion)
	c.money("average_order", in.AverageOrder, nonNegative)
	return c.errs.Err()
}

// Compute validates and computes.
func (in ChatRevenueInput) Compute() (ChatRevenueResult, error) {
	if err := in.Validate(); err != nil {
		return ChatRevenueResult{}, err
	}
	r := ChatRevenueResult{
		ChatOrders:     in.Visitors * in.ChatConversion,
		BaselineOrders: in.Visitors * in.SiteConversion,
	}
	r.ExtraOrders = in.Visitors * (in.ChatConversion - in.SiteConversion)
	// The revenue from the inputs as typed, in exact decimals: 8.37 orders
	// of 25.50 are 213.435, which rounds to 213.44; the float product is a
	// hair under the half cent.
	v, okV := decimalRat(in.Visitors)
	chat, okC := decimalRat(in.ChatConversion)
	site, okS := decimalRat(in.SiteConversion)
	if !okV || !okC || !okS {
		return ChatRevenueResult{}, resultTooLarge("extra_revenue")
	}
	// Too large, the revenue is named, not the visitors: they may be
	// far under the bound the message names.
	minor, ok := mulRat(in.AverageOrder.Minor, new(big.Rat).Mul(v, new(big.Rat).Sub(chat, site)))
	if !ok {
		return ChatRevenueResult{}, resultTooLarge("extra_revenue")
	}
	r.ExtraRevenue = Money{Minor: minor, Currency: in.AverageOrder.Currency}
	r.Breakdown = []Line{
		{Key: "calc.line.visitors", Value: in.Visitors, Kind: KindNumber},
		{Key: "calc.line.chat_conversion", Value: in.ChatConversion, Kind: KindPercent},
		{Key: "calc.line.site_conversion", Value: in.SiteConversion, Kind: KindPercent},
		{Key: "calc.line.chat_orders", Value: r.ChatOrders, Kind: KindNumber},
		{Key: "calc.line.baseline_orders", Value: r.BaselineOrders, Kind: KindNumber},
		{Key: "calc.line.extra_orders", Value: r.ExtraOrders, Kind: KindNumber},
		{Key: "calc.line.average_order", Value: in.AverageOrder, Kind: KindMoney},
		{Key: "calc.line.extra_revenue", Value: r.ExtraRevenue, Kind: KindMoney},
	}
	return r, nil
}

// MaxLifetimeMonths bounds a customer lifetime at a century.
const MaxLifetimeMonths = 1200

// LTVInput estimates a customer's lifetime value. Revenue is either
// transactional (AverageOrder × PurchasesPerYear) or a subscription
// (MonthlyRevenue); lifetime is either LifetimeMonths or derived from a
// monthly churn rate (lifetime = 1/churn months, the mean of a geometric
// retention). CAC, when given, yields the LTV/CAC ratio.
type LTVInput struct {
	AverageOrder     Money
	PurchasesPerYear float64
	MonthlyRevenue   Money
	GrossMargin      float64 // 0..1; LTV is counted in margin, not revenue
	LifetimeMonths   float64
	MonthlyChurn     float64 // 0..1
	CAC              Money   // optional
	// LifetimeTyped, ChurnTyped and PurchasesTyped say the field was
	// filled in, even as 0: a lifetime typed as 0 is refused as zero, not
	// as left out ("required"). Left false, a zero reads as left out.
	LifetimeTyped, ChurnTyped, PurchasesTyped bool
}

// LTVResult: LTV = monthly revenue · margin · lifetime months.
type LTVResult struct {
	MonthlyRevenue Money
	LifetimeMonths float64
	LTV            Money
	LTVToCAC       float64 // 0 when no CAC was given
	Breakdown      []Line
}

// Validate reports every problem with the input.
func (in LTVInput) Validate() error {
	var c checker
	transactional := given(in.AverageOrder) || in.PurchasesPerYear != 0
	subscription := given(in.MonthlyRevenue)
	switch {
	case transactional && subscription:
		// The other way is named by what of it was typed: the average
		// order, or the purchases a year alone.
		other := "average_order"
		if !given(in.AverageOrder) {
			other = "purchases_per_year"
		}
		c.add("monthly_revenue", CodeExclusive, map[string]any{"Other": other})
	case subscription:
		c.money("monthly_revenue", in.MonthlyRevenue, nonNegative)
	case transactional:
		// Purchases a year without what one is worth: an LTV of 0, with no
		// currency, is no answer to give a customer.
		if given(in.AverageOrder) {
			c.money("average_order", in.AverageOrder, nonNegative)
		} else {
			c.add("average_order", CodeRequired, nil)
		}
		if in.PurchasesPerYear == 0 && !in.PurchasesTyped {
			c.add("purchases_per_year", CodeRequired, nil)
		} else if c.number("purchases_per_year", in.PurchasesPerYear, positive) {
			c.atMost("purchases_per_year", in.PurchasesPerYear, 10000, KindNumber)
		}
	default:
		c.add("monthly_revenue", CodeRequired, nil)
	}
	if c.finite("gross_margin", in.GrossMargin) {
		if in.GrossMargin <= 0 {
			c.add("gross_margin", CodeMustBePositive, nil)
		} else {
			c.fraction("gross_margin", in.GrossMargin)
		}
	}
	lifetime := in.LifetimeMonths != 0 || in.LifetimeTyped
	churn := in.MonthlyChurn != 0 || in.ChurnTyped
	switch {
	case lifetime && churn:
		c.add("lifetime_months", CodeExclusive, map[string]any{"Other": "monthly_churn"})
	case lifetime:
		if c.number("lifetime_months", in.LifetimeMonths, positive) {
			c.atMost("lifetime_months", in.LifetimeMonths, MaxLifetimeMonths, KindNumber)
		}
	case churn:
		if c.number("monthly_churn", in.MonthlyChurn, positive) && c.fraction("monthly_churn", in.MonthlyChurn) &&
			1/in.MonthlyChurn > MaxLifetimeMonths {
			c.add("monthly_churn", CodeOutOfRange, map[string]any{"Min": 1.0 / MaxLifetimeMonths, "Max": 1.0, "Kind": KindPercent})
		}
	default:
		c.add("lifetime_months", CodeRequired, nil)
	}
	c.money("cac", in.CAC, nonNegative)
	return c.errs.Err()
}

// Compute validates and computes.
func (in LTVInput) Compute() (LTVResult, error) {
	if err := in.Validate(); err != nil {
		return LTVResult{}, err
	}
	var r LTVResult
	var lines []Line
	if given(in.MonthlyRevenue) {
		r.MonthlyRevenue = in.MonthlyRevenue
	} else {
		m, ok := fromMinorFloat(float64(in.AverageOrder.Minor)*in.PurchasesPerYear/12, in.AverageOrder.Currency)
		if !ok {
			return LTVResult{}, resultTooLarge("average_order")
		}
		r.MonthlyRevenue = m
		lines = append(lines,
			Line{Key: "calc.line.average_order", Value: in.AverageOrder, Kind: KindMoney},
			Line{Key: "calc.line.purchases_per_year", Value: in.PurchasesPerYear, Kind: KindNumber})
	}
	r.LifetimeMonths = in.LifetimeMonths
	if r.LifetimeMonths == 0 {
		r.LifetimeMonths = 1 / in.MonthlyChurn
		lines = append(lines, Line{Key: "calc.line.monthly_churn", Value: in.MonthlyChurn, Kind: KindPercent})
	}
	// The LTV is rounded once, from the inputs as typed in exact decimals:
	// not from the monthly revenue already rounded for its own line (80 an
	// order, 4 a year, is 26.666… a month; 36 months at 60 % are 576.00,
	// not the 576.07 that 26.67 gives), nor from a float product that puts
	// a half cent just below the tie.
	// Too large, it is the figure itself that cannot be shown, named as
	// such: the lifetime may be the churn's, a field left empty.
	base, factor, ok := in.ltvFactor()
	if !ok {
		return LTVResult{}, resultTooLarge("ltv")
	}
	minor, ok := mulRat(base.Minor, factor)
	if !ok {
		return LTVResult{}, resultTooLarge("ltv")
	}
	ltv := Money{Minor: minor, Currency: r.MonthlyRevenue.Currency}
	r.LTV = ltv
	lines = append(lines,
		Line{Key: "calc.line.monthly_revenue", Value: r.MonthlyRevenue, Kind: KindMoney},
		Line{Key: "calc.line.gross_margin", Value: in.GrossMargin, Kind: KindPercent},
		Line{Key: "calc.line.lifetime_months", Value: r.LifetimeMonths, Kind: KindNumber},
		Line{Key: "calc.line.ltv", Value: ltv, Kind: KindMoney})
	if in.CAC.Minor > 0 {
		r.LTVToCAC = float64(ltv.Minor) / float64(in.CAC.Minor)
		lines = append(lines,
			Line{Key: "calc.line.cac", Value: in.CAC, Kind: KindMoney},
			Line{Key: "calc.line.ltv_cac", Value: r.LTVToCAC, Kind: KindNumber})
	}
	if math.IsNaN(r.LTVToCAC) || math.IsInf(r.LTVToCAC, 0) {
		return LTVResult{}, resultTooLarge("cac")
	}
	r.Breakdown = lines
	return r, nil
}

// ltvFactor is the LTV as an amount typed (the monthly revenue, or the
// average order) times an exact factor: margin · lifetime, with
// purchases/12 for a transactional revenue and 1/churn for a lifetime
// given by churn.
func (in LTVInput) ltvFactor() (Money, *big.Rat, bool) {
	margin, ok := decimalRat(in.GrossMargin)
	if !ok {
		return Money{}, nil, false
	}
	f := new(big.Rat).Set(margin)
	if in.LifetimeMonths != 0 {
		months, ok := decimalRat(in.LifetimeMonths)
		if !ok {
			return Money{}, nil, false
		}
		f.Mul(f, months)
	} else {
		churn, ok := decimalRat(in.MonthlyChurn)
		if !ok || churn.Sign() == 0 {
			return Money{}, nil, false
		}
		f.Quo(f, churn)
	}
	if given(in.MonthlyRevenue) {
		return in.MonthlyRevenue, f, true
	}
	per, ok := decimalRat(in.PurchasesPerYear)
	if !ok {
		return Money{}, nil, false
	}
	f.Mul(f, per)
	f.Quo(f, big.NewRat(12, 1))
	return in.AverageOrder, f, true
}

// CommissionInput computes the commission on sales attributed to support.
// Rate is usually 5–10 %; anything from 0 to 100 % is accepted because
// programmes differ.
type CommissionInput struct {
	Sales Money
	Rate  float64
}

// CommissionResult holds the commission, rounded half away from zero to the
// cent.
type CommissionResult struct {
	Commission Money
	Breakdown  []Line
}

// Validate reports every problem with the input.
func (in CommissionInput) Validate() error {
	var c checker
	c.money("sales", in.Sales, nonNegative)
	c.fraction("rate", in.Rate)
	return c.errs.Err()
}

// Compute validates and computes.
func (in CommissionInput) Compute() (CommissionResult, error) {
	if err := in.Validate(); err != nil {
		return CommissionResult{}, err
	}
	com, err := in.Sales.MulRate(in.Rate)
	if err != nil {
		return CommissionResult{}, withField(err, "sales")
	}
	return CommissionResult{Commission: com, Breakdown: []Line{
		{Key: "calc.line.sales", Value: in.Sales, Kind: KindMoney},
		{Key: "calc.line.commission_rate", Value: in.Rate, Kind: KindPercent},
		{Key: "calc.line.commission", Value: com, Kind: KindMoney},
	}}, nil
}
