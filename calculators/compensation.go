package calculators

import (
	"sort"
	"strconv"
	"strings"
)

// DefaultRoles is the authority order of the product's roles, lowest first;
// a role may grant what any role before it may.
var DefaultRoles = []string{"trainee", "agent", "supervisor", "admin"}

// CompensationLevel is one rung of a compensation policy. It mirrors the
// playbook's type without importing it, so the arithmetic does not depend on
// how packs are loaded.
type CompensationLevel struct {
	Level   int
	Percent float64 // share of the monthly bill, 0..1
	Fixed   float64 // fixed credit, major units
	Max     float64 // cap, major units; 0 means no cap
	MinRole string  // lowest role that may grant it
}

// CompensationInput asks what credit an incident of Level earns on a customer
// whose monthly bill is MonthlyBill, and whether Role may grant it.
type CompensationInput struct {
	Policy []CompensationLevel
	// Currency is the one the policy's fixed credits and caps are in (the
	// pack's); empty: the bill's.
	Currency    string
	Level       int
	MonthlyBill Money
	Role        string
	// Roles overrides DefaultRoles for organisations with other titles.
	Roles []string
}

// CompensationResult: Credit = Percent·bill + Fixed (policies use one or the
// other; both add up if a pack sets both), capped at Max, rounded half away
// from zero to the cent.
type CompensationResult struct {
	Level     int
	Credit    Money
	Capped    bool
	MinRole   string
	Allowed   bool // Role ranks at least MinRole
	Breakdown []Line
}

func (in CompensationInput) roles() []string {
	if len(in.Roles) > 0 {
		return in.Roles
	}
	return DefaultRoles
}

func rank(roles []string, role string) int {
	for i, r := range roles {
		if strings.EqualFold(r, role) {
			return i
		}
	}
	return -1
}

// Validate reports every problem with the input and the policy.
func (in CompensationInput) Validate() error {
	var c checker
	roles := in.roles()
	if len(in.Policy) == 0 {
		c.add("policy", CodeRequired, nil)
	}
	seen := map[int]bool{}
	for i, l := range in.Policy {
		f := indexed("policy", i)
		if seen[l.Level] {
			c.add(f+".level", CodeDuplicate, map[string]any{"Value": l.Level})
		}
		seen[l.Level] = true
		c.fraction(f+".percent", l.Percent)
		c.number(f+".fixed", l.Fixed, nonNegative)
		c.number(f+".max", l.Max, nonNegative)
		if rank(roles, l.MinRole) < 0 {
			c.add(f+".min_role", CodeUnknownRole, map[string]any{"Roles": strings.Join(roles, ", ")})
		}
	}
	if len(in.Policy) > 0 && !seen[in.Level] {
		c.add("level", CodeUnknownLevel, map[string]any{"Levels": levelList(in.Policy)})
	}
	if c.money("monthly_bill", in.MonthlyBill, nonNegative) {
		in.checkCurrency(&c)
	}
	if strings.TrimSpace(in.Role) == "" {
		c.add("role", CodeRequired, nil)
	} else if rank(roles, in.Role) < 0 {
		c.add("role", CodeUnknownRole, map[string]any{"Roles": strings.Join(roles, ", ")})
	}
	return c.errs.Err()
}

// checkCurrency refuses a bill in another currency than the policy's when
// the level in use names an amount (a fixed credit or a cap): weighing the
// one against the other needs an exchange rate, and reading 20 dollars as
// 20 euros would promise the customer a wrong credit. A level of
// percentages alone works in the bill's currency.
func (in CompensationInput) checkCurrency(c *checker) {
	bill := in.MonthlyBill.Currency
	if in.Currency == "" || bill == "" || strings.EqualFold(bill, in.Currency) {
		return
	}
	for _, l := range in.Policy {
		if l.Level == in.Level && (l.Fixed > 0 || l.Max > 0) {
			c.add("monthly_bill", CodePolicyCurrency, map[string]any{"Currency": strings.ToUpper(in.Currency), "Other": bill})
			return
		}
	}
}

func levelList(p []CompensationLevel) string {
	ls := make([]int, 0, len(p))
	for _, l := range p {
		ls = append(ls, l.Level)
	}
	sort.Ints(ls)
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = strconv.Itoa(l)
	}
	return strings.Join(parts, ", ")
}

// Compute validates and computes.
func (in CompensationInput) Compute() (CompensationResult, error) {
	if err := in.Validate(); err != nil {
		return CompensationResult{}, err
	}
	var lvl CompensationLevel
	for _, l := range in.Policy {
		if l.Level == in.Level {
			lvl = l
			break
		}
	}
	cur := in.MonthlyBill.Currency
	// The percentage of the bill exactly, rounded to the cent as the
	// agent would reckon it, then the fixed part and the cap.
	pct, ok := mulRate(in.MonthlyBill.Minor, lvl.Percent)
	if !ok {
		return CompensationResult{}, resultTooLarge("monthly_bill")
	}
	// The pack's amounts are read as written (1.005 is 1.01, where
	// 1.005*100 in floating point is 100.4999… and rounded to 1.00), and
	// summed and capped in cents.
	fixed, err := NewMoney(lvl.Fixed, cur)
	if err != nil {
		return CompensationResult{}, resultTooLarge("monthly_bill")
	}
	limit, err := NewMoney(lvl.Max, cur)
	if err != nil {
		return CompensationResult{}, resultTooLarge("monthly_bill")
	}
	credit := pct + fixed.Minor
	r := CompensationResult{Level: lvl.Level, MinRole: lvl.MinRole}
	if lvl.Max > 0 && credit > limit.Minor {
		credit = limit.Minor
		r.Capped = true
	}
	if credit > MaxMinor {
		return CompensationResult{}, resultTooLarge("monthly_bill")
	}
	m := Money{Minor: max(credit, 0), Currency: cur}
	r.Credit = m
	roles := in.roles()
	r.Allowed = rank(roles, in.Role) >= rank(roles, lvl.MinRole)
	lines := []Line{
		{Key: "calc.line.incident_level", Value: lvl.Level, Kind: KindNumber},
		{Key: "calc.line.monthly_bill", Value: in.MonthlyBill, Kind: KindMoney},
	}
	if lvl.Percent > 0 {
		lines = append(lines, Line{Key: "calc.line.credit_percent", Value: lvl.Percent, Kind: KindPercent})
	}
	if lvl.Fixed > 0 {
		lines = append(lines, Line{Key: "calc.line.credit_fixed", Value: fixed, Kind: KindMoney})
	}
	if lvl.Max > 0 {
		lines = append(lines, Line{Key: "calc.line.credit_cap", Value: limit, Kind: KindMoney})
	}
	lines = append(lines,
		Line{Key: "calc.line.credit", Value: m, Kind: KindMoney},
		Line{Key: "calc.line.min_role", Value: lvl.MinRole, Kind: KindText})
	if r.Allowed {
		lines = append(lines, Line{Key: "calc.line.role_may_grant", Kind: KindText})
	} else {
		lines = append(lines, Line{Key: "calc.line.role_may_not_grant", Kind: KindText})
	}
	r.Breakdown = lines
	return r, nil
}
