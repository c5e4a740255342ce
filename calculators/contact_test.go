package calculators

import (
	"math"
	"testing"
)

func TestDeflection(t *testing.T) {
	r, err := DeflectionInput{Contacts: 500, CostAssisted: usd(8), RateAfter: 0.40}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if r.CostBefore != usd(4000) || r.CostAfter != usd(2400) || r.Saving != usd(1600) {
		t.Errorf("deflection = %v %v %v", r.CostBefore, r.CostAfter, r.Saving)
	}
	r, err = DeflectionInput{Contacts: 1000, CostAssisted: usd(6), CostAutomated: usd(0.5), RateBefore: 0.1, RateAfter: 0.3}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	// before 1000·(0.9·6 + 0.1·0.5) = 5450; after 1000·(0.7·6 + 0.3·0.5) = 4350
	if r.CostBefore != usd(5450) || r.CostAfter != usd(4350) || r.Saving != usd(1100) {
		t.Errorf("deflection = %v %v %v", r.CostBefore, r.CostAfter, r.Saving)
	}
	if c := codes(DeflectionInput{Contacts: -1, CostAssisted: usd(8), RateAfter: 1.4}.Validate()); c["contacts"] != CodeNegative || c["rate_after"] != CodeOutOfRange {
		t.Errorf("validate: %v", c)
	}
}

func TestCostPerContact(t *testing.T) {
	r, err := CostPerContactInput{Cost: usd(540000), Contacts: 120000}.Compute()
	if err != nil || r.PerContact != usd(4.50) {
		t.Errorf("cost per contact = %v, %v", r.PerContact, err)
	}
	if c := codes(CostPerContactInput{Cost: usd(1)}.Validate()); c["contacts"] != CodeMustBePositive {
		t.Errorf("validate: %v", c)
	}
}

func TestChatRevenue(t *testing.T) {
	r, err := ChatRevenueInput{Visitors: 10000, ChatConversion: DefaultChatConversion,
		SiteConversion: DefaultSiteConversion, AverageOrder: usd(80)}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.ExtraOrders-1300) > 1e-9 || r.ExtraRevenue != usd(104000) {
		t.Errorf("chat = %v orders, %v", r.ExtraOrders, r.ExtraRevenue)
	}
	// 54 · (18 % − 2.5 %) = 8.37 orders of 25.50: 213.435, half a cent,
	// rounds up as it would by hand.
	r, err = ChatRevenueInput{Visitors: 54, ChatConversion: 0.18, SiteConversion: 0.025, AverageOrder: usd(25.50)}.Compute()
	if err != nil || r.ExtraRevenue != usd(213.44) {
		t.Errorf("chat = %v orders, %v (%v), want 213.44", r.ExtraOrders, r.ExtraRevenue, err)
	}
}

func TestLTV(t *testing.T) {
	r, err := LTVInput{MonthlyRevenue: usd(50), GrossMargin: 0.6, MonthlyChurn: 0.02, CAC: usd(300)}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	// 50 · 0.6 · 50 months = 1500; 1500/300 = 5
	if r.LTV != usd(1500) || r.LifetimeMonths != 50 || r.LTVToCAC != 5 {
		t.Errorf("ltv = %+v", r)
	}
	r, err = LTVInput{AverageOrder: usd(40), PurchasesPerYear: 6, GrossMargin: 0.5, LifetimeMonths: 36}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	// 40·6/12 = 20 a month; 20·0.5·36 = 360
	if r.MonthlyRevenue != usd(20) || r.LTV != usd(360) || r.LTVToCAC != 0 {
		t.Errorf("ltv = %+v", r)
	}
	c := codes(LTVInput{MonthlyRevenue: usd(1), AverageOrder: usd(1), GrossMargin: 0, LifetimeMonths: 1, MonthlyChurn: 0.1}.Validate())
	if c["monthly_revenue"] != CodeExclusive || c["gross_margin"] != CodeMustBePositive || c["lifetime_months"] != CodeExclusive {
		t.Errorf("validate: %v", c)
	}
	// A monthly revenue with purchases a year and no average order names
	// the purchases as the other way: it named the average order, a
	// field left empty.
	for _, tc := range []struct {
		in    LTVInput
		other string
	}{
		{LTVInput{MonthlyRevenue: usd(50), PurchasesPerYear: 4, GrossMargin: 0.6, LifetimeMonths: 36}, "purchases_per_year"},
		{LTVInput{MonthlyRevenue: usd(50), AverageOrder: usd(80), PurchasesPerYear: 4, GrossMargin: 0.6, LifetimeMonths: 36}, "average_order"},
	} {
		es, _ := AsErrors(tc.in.Validate())
		if len(es) != 1 || es[0].Field != "monthly_revenue" || es[0].Code != CodeExclusive || es[0].Params["Other"] != tc.other {
			t.Errorf("monthly revenue and %s: %v", tc.other, es)
		}
	}
	// Purchases a year without the average order: required, not an LTV
	// of 0 with no currency.
	if c := codes(LTVInput{PurchasesPerYear: 4, GrossMargin: 0.6, LifetimeMonths: 36}.Validate()); c["average_order"] != CodeRequired {
		t.Errorf("no average order: %v", c)
	}
	// The average order without its purchases a year: required, as the
	// other way round, not "must be greater than zero" for a value left
	// out; typed as 0, it must be greater than zero.
	if c := codes(LTVInput{AverageOrder: usd(80), GrossMargin: 0.6, LifetimeMonths: 36}.Validate()); c["purchases_per_year"] != CodeRequired {
		t.Errorf("no purchases a year: %v", c)
	}
	if c := codes(LTVInput{AverageOrder: usd(80), PurchasesTyped: true, GrossMargin: 0.6, LifetimeMonths: 36}.Validate()); c["purchases_per_year"] != CodeMustBePositive {
		t.Errorf("purchases a year typed as 0: %v", c)
	}
}

func TestCommission(t *testing.T) {
	r, err := CommissionInput{Sales: usd(12345.67), Rate: 0.07}.Compute()
	// 864.1969 → 864.20
	if err != nil || r.Commission != usd(864.20) {
		t.Errorf("commission = %v, %v", r.Commission, err)
	}
	if c := codes(CommissionInput{Sales: usd(1), Rate: 1.2}.Validate()); c["rate"] != CodeOutOfRange {
		t.Errorf("validate: %v", c)
	}
}

// The LTV is rounded to the cent once, from the inputs, not from the
// monthly revenue already rounded for its own line: 80 an order, 4 a
// year, is 26.666… a month, and 36 months at 60 % are 80·4·3·0.6 = 576.00
// exactly; from 26.67 it was 576.07.
func TestLTVRoundsOnce(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   LTVInput
		want Money
	}{
		// 80·4/12·0.6·36 = 576
		{"transactional, months", LTVInput{AverageOrder: usd(80), PurchasesPerYear: 4, GrossMargin: 0.6, LifetimeMonths: 36}, usd(576)},
		// 100·5/12·0.45·24 = 450 (41.666… a month; 41.67 gave 450.04)
		{"transactional, months 2", LTVInput{AverageOrder: usd(100), PurchasesPerYear: 5, GrossMargin: 0.45, LifetimeMonths: 24}, usd(450)},
		// 80·4/12·0.6/0.05 = 320 (26.67·0.6·20 gave 320.04)
		{"transactional, churn", LTVInput{AverageOrder: usd(80), PurchasesPerYear: 4, GrossMargin: 0.6, MonthlyChurn: 0.05}, usd(320)},
		// 45·0.6/0.03 = 900
		{"subscription, churn", LTVInput{MonthlyRevenue: usd(45), GrossMargin: 0.6, MonthlyChurn: 0.03}, usd(900)},
		// 0.50·0.29·1 = 0.145 → 0.15, a tie the float product puts below
		{"subscription, half cent", LTVInput{MonthlyRevenue: usd(0.5), GrossMargin: 0.29, LifetimeMonths: 1}, usd(0.15)},
	} {
		r, err := tc.in.Compute()
		if err != nil || r.LTV != tc.want {
			t.Errorf("%s: ltv = %v, %v; want %v", tc.name, r.LTV, err, tc.want)
		}
	}
}

// Deflection costs are rounded from the inputs as typed, in exact
// decimals: a float product put these half cents just below the tie.
func TestDeflectionHalfCents(t *testing.T) {
	for _, tc := range []struct {
		name              string
		in                DeflectionInput
		before, after, sv Money
	}{
		// before 10·6.50 = 65.00; after 10·(0.69·6.50 + 0.31·0.25) =
		// 10·(4.485 + 0.0775) = 45.625 → 45.63; saving 19.37
		{"31 %", DeflectionInput{Contacts: 10, CostAssisted: usd(6.5), CostAutomated: usd(0.25), RateAfter: 0.31},
			usd(65), usd(45.63), usd(19.37)},
		// after 10·(0.33·4.50 + 0.67·0.25) = 10·(1.485 + 0.1675) = 16.525 → 16.53
		{"67 %", DeflectionInput{Contacts: 10, CostAssisted: usd(4.5), CostAutomated: usd(0.25), RateAfter: 0.67},
			usd(45), usd(16.53), usd(28.47)},
		// before 150·(0.95·1.99 + 0.05·0.50) = 150·1.9155 = 287.325 → 287.33;
		// after 150·(0.35·1.99 + 0.65·0.50) = 150·1.0215 = 153.225 → 153.23
		{"5 % to 65 %", DeflectionInput{Contacts: 150, CostAssisted: usd(1.99), CostAutomated: usd(0.5), RateBefore: 0.05, RateAfter: 0.65},
			usd(287.33), usd(153.23), usd(134.10)},
	} {
		r, err := tc.in.Compute()
		if err != nil || r.CostBefore != tc.before || r.CostAfter != tc.after || r.Saving != tc.sv {
			t.Errorf("%s: %v → %v, saving %v (%v); want %v → %v, saving %v", tc.name,
				r.CostBefore, r.CostAfter, r.Saving, err, tc.before, tc.after, tc.sv)
		}
	}
}
