package calculators

import "testing"

var policy = []CompensationLevel{
	{Level: 1, Percent: 0.10, Max: 20, MinRole: "agent"},
	{Level: 2, Percent: 0.25, Max: 50, MinRole: "agent"},
	{Level: 3, Percent: 0.50, Max: 100, MinRole: "supervisor"},
	{Level: 4, Fixed: 150, MinRole: "admin"},
}

func TestCompensation(t *testing.T) {
	tests := []struct {
		level   int
		bill    float64
		role    string
		credit  float64
		capped  bool
		allowed bool
	}{
		{2, 60, "agent", 15, false, true},
		{2, 400, "agent", 50, true, true},
		{3, 60, "agent", 30, false, false},
		{3, 60, "supervisor", 30, false, true},
		{3, 60, "Admin", 30, false, true},
		{4, 60, "supervisor", 150, false, false},
		{1, 0.05, "trainee", 0.01, false, false}, // 0.005 → 0.01, half away from zero
	}
	for _, tt := range tests {
		r, err := CompensationInput{Policy: policy, Level: tt.level, MonthlyBill: usd(tt.bill), Role: tt.role}.Compute()
		if err != nil {
			t.Fatalf("%+v: %v", tt, err)
		}
		if r.Credit != usd(tt.credit) || r.Capped != tt.capped || r.Allowed != tt.allowed {
			t.Errorf("level %d bill %v role %s: credit %v capped %v allowed %v", tt.level, tt.bill, tt.role, r.Credit, r.Capped, r.Allowed)
		}
	}
	c := codes(CompensationInput{Policy: policy, Level: 9, MonthlyBill: usd(-1), Role: "boss"}.Validate())
	if c["level"] != CodeUnknownLevel || c["monthly_bill"] != CodeNegative || c["role"] != CodeUnknownRole {
		t.Errorf("validate: %v", c)
	}
	bad := []CompensationLevel{{Level: 1, Percent: 2, MinRole: "x"}, {Level: 1}}
	c = codes(CompensationInput{Policy: bad, Level: 1, MonthlyBill: usd(1), Role: "agent"}.Validate())
	if c["policy[0].percent"] != CodeOutOfRange || c["policy[0].min_role"] != CodeUnknownRole || c["policy[1].level"] != CodeDuplicate {
		t.Errorf("policy: %v", c)
	}
}

// The policy's fixed credits and caps are in the pack's currency. A bill
// in another one cannot be weighed against them without a rate: a EUR
// bill under a USD policy is refused, not capped at 20 read as euros. A
// level of percentages alone would not mix currencies, but every level
// that names an amount does.
func TestCompensationRefusesABillInAnotherCurrencyThanThePolicy(t *testing.T) {
	eur := Money{Minor: 6000, Currency: "EUR"}
	for _, level := range []int{1, 4} {
		c := codes(CompensationInput{Policy: policy, Currency: "USD", Level: level, MonthlyBill: eur, Role: "admin"}.Validate())
		if c["monthly_bill"] != CodePolicyCurrency {
			t.Errorf("level %d: %v", level, c)
		}
	}
	pct := []CompensationLevel{{Level: 1, Percent: 0.1, MinRole: "agent"}}
	r, err := CompensationInput{Policy: pct, Currency: "USD", Level: 1, MonthlyBill: eur, Role: "agent"}.Compute()
	if err != nil || r.Credit != (Money{Minor: 600, Currency: "EUR"}) {
		t.Errorf("a percentage alone: %v %v", r.Credit, err)
	}
	r, err = CompensationInput{Policy: policy, Currency: "USD", Level: 1, MonthlyBill: usd(60), Role: "agent"}.Compute()
	if err != nil || r.Credit != usd(6) {
		t.Errorf("the policy's own currency: %v %v", r.Credit, err)
	}
}

// A pack's fixed credit and cap are read as written, rounded half away from
// zero to the cent as every amount is: 1.005 times 100 in floating point is
// 100.49999999999999, and the credit was $1.00 where NewMoney says $1.01.
func TestCompensationPackAmountsRoundAsWritten(t *testing.T) {
	pack := []CompensationLevel{
		{Level: 1, Fixed: 1.005, MinRole: "agent"},
		{Level: 2, Percent: 0.5, Max: 1.005, MinRole: "agent"},
	}
	for _, tc := range []struct {
		level  int
		credit int64
		capped bool
	}{
		{1, 101, false},
		{2, 101, true}, // half of $60 capped at 1.005 → $1.01
	} {
		r, err := CompensationInput{Policy: pack, Level: tc.level, MonthlyBill: usd(60), Role: "agent"}.Compute()
		if err != nil || r.Credit.Minor != tc.credit || r.Capped != tc.capped {
			t.Errorf("level %d: %v capped %v, %v; want %d minor", tc.level, r.Credit, r.Capped, err, tc.credit)
		}
		for _, l := range r.Breakdown {
			if m, ok := l.Value.(Money); ok && (l.Key == "calc.line.credit_fixed" || l.Key == "calc.line.credit_cap") && m.Minor != 101 {
				t.Errorf("level %d: %s = %v, want 1.01", tc.level, l.Key, m)
			}
		}
	}
}
