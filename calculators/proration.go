package calculators

import "time"

// MaxCycleDays bounds a billing cycle: proration is for monthly plans, and a
// cycle longer than a year is a typo in a date.
const MaxCycleDays = 366

// ProrationInput describes a plan change in the middle of a billing cycle.
//
// Dates are calendar days; the time of day and the location are ignored
// (each is read as its own year-month-day), so a change entered at 23:30 in
// Mexico City is still that day. The cycle is half-open: CycleStart is the
// first billed day and CycleEnd the first day of the next cycle (exclusive),
// which is how bills print "1 Nov – 1 Dec" and makes the cycle length a plain
// subtraction. The new plan applies from Change inclusive, so Change must
// satisfy CycleStart ≤ Change < CycleEnd.
type ProrationInput struct {
	CycleStart time.Time
	CycleEnd   time.Time
	Change     time.Time
	OldMonthly Money // price of the plan the customer leaves, per cycle
	NewMonthly Money // price of the new plan, per cycle
}

// ProrationResult: the customer is credited the unused part of the old plan
// and charged the remaining part of the new one; Net = Charge - Credit is
// positive for a charge and negative for a credit.
//
// Rounding: Credit and Charge are price·days/cycle_days computed exactly in
// integer minor units and rounded half away from zero to the cent; OldUsed
// is the old price less Credit, and Net the difference of the two rounded
// parts, so the lines an agent reads out add up exactly.
type ProrationResult struct {
	CycleDays int
	OldDays   int // days on the old plan, CycleStart up to Change
	NewDays   int // days on the new plan, Change up to CycleEnd
	OldUsed   Money
	Credit    Money
	Charge    Money
	Net       Money
	Breakdown []Line
}

// civilDays counts days since 1970-01-01 of t's calendar date, independent of
// time zone and daylight saving.
func civilDays(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Validate reports every problem with the input.
func (in ProrationInput) Validate() error {
	var c checker
	dates := true
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"cycle_start", in.CycleStart}, {"cycle_end", in.CycleEnd}, {"change", in.Change}} {
		if f.t.IsZero() {
			c.add(f.name, CodeRequired, nil)
			dates = false
		} else if y := f.t.Year(); y < 1900 || y > 2999 {
			c.add(f.name, CodeInvalidDate, nil)
			dates = false
		}
	}
	if dates {
		start, end, change := civilDays(in.CycleStart), civilDays(in.CycleEnd), civilDays(in.Change)
		switch {
		case end <= start:
			c.add("cycle_end", CodeEndBeforeStart, nil)
		case end-start > MaxCycleDays:
			c.add("cycle_end", CodeOutOfRange, map[string]any{"Min": 1, "Max": MaxCycleDays, "Kind": KindDays})
		case change < start || change >= end:
			c.add("change", CodeOutOfRange, map[string]any{
				"Min": in.CycleStart.Format(time.DateOnly), "Max": in.CycleEnd.AddDate(0, 0, -1).Format(time.DateOnly), "Kind": KindText})
		}
	}
	c.money("old", in.OldMonthly, nonNegative)
	c.money("new", in.NewMonthly, nonNegative)
	return c.errs.Err()
}

// Compute validates and computes.
func (in ProrationInput) Compute() (ProrationResult, error) {
	if err := in.Validate(); err != nil {
		return ProrationResult{}, err
	}
	start, end, change := civilDays(in.CycleStart), civilDays(in.CycleEnd), civilDays(in.Change)
	r := ProrationResult{
		CycleDays: int(end - start),
		OldDays:   int(change - start),
		NewDays:   int(end - change),
	}
	cycle := int64(r.CycleDays)
	var err error
	if r.Credit, err = in.OldMonthly.MulDiv(int64(r.NewDays), cycle); err != nil {
		return ProrationResult{}, withField(err, "old")
	}
	// The used part is the rest of the price, not rounded on its own:
	// two halves of a cent each rounded up read "used $20.00, credit
	// $20.00" of a $39.99 plan.
	if r.OldUsed, err = in.OldMonthly.Sub(r.Credit); err != nil {
		return ProrationResult{}, withField(err, "old")
	}
	if r.Charge, err = in.NewMonthly.MulDiv(int64(r.NewDays), cycle); err != nil {
		return ProrationResult{}, withField(err, "new")
	}
	if r.Net, err = r.Charge.Sub(r.Credit); err != nil {
		return ProrationResult{}, withField(err, "new")
	}
	key := "calc.line.net_charge"
	if r.Net.Minor < 0 {
		key = "calc.line.net_credit"
	}
	r.Breakdown = []Line{
		{Key: "calc.line.cycle_days", Value: r.CycleDays, Kind: KindDays},
		{Key: "calc.line.old_days", Value: r.OldDays, Kind: KindDays},
		{Key: "calc.line.new_days", Value: r.NewDays, Kind: KindDays},
		{Key: "calc.line.old_price", Value: in.OldMonthly, Kind: KindMoney},
		{Key: "calc.line.new_price", Value: in.NewMonthly, Kind: KindMoney},
		{Key: "calc.line.old_used", Value: r.OldUsed, Kind: KindMoney},
		{Key: "calc.line.credit_unused", Value: r.Credit, Kind: KindMoney},
		{Key: "calc.line.charge_new", Value: r.Charge, Kind: KindMoney},
		{Key: key, Value: r.Net.Abs(), Kind: KindMoney},
	}
	return r, nil
}
