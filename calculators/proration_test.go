package calculators

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestProration(t *testing.T) {
	r, err := ProrationInput{CycleStart: day("2026-11-01"), CycleEnd: day("2026-12-01"), Change: day("2026-11-16"),
		OldMonthly: usd(50), NewMonthly: usd(80)}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if r.CycleDays != 30 || r.OldDays != 15 || r.NewDays != 15 {
		t.Errorf("days = %d %d %d", r.CycleDays, r.OldDays, r.NewDays)
	}
	if r.OldUsed != usd(25) || r.Credit != usd(25) || r.Charge != usd(40) || r.Net != usd(15) {
		t.Errorf("money = used %v credit %v charge %v net %v", r.OldUsed, r.Credit, r.Charge, r.Net)
	}

	// A downgrade is a credit; 31-day cycle with thirds of a cent rounded
	// half away from zero: 59.99·10/31 = 19.3516… → 19.35; 29.99·10/31 = 9.6741… → 9.67.
	r, err = ProrationInput{CycleStart: day("2026-01-10"), CycleEnd: day("2026-02-10"), Change: day("2026-01-31"),
		OldMonthly: usd(59.99), NewMonthly: usd(29.99)}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if r.CycleDays != 31 || r.NewDays != 10 || r.Credit != usd(19.35) || r.Charge != usd(9.67) || r.Net != usd(-9.68) {
		t.Errorf("downgrade = %+v", r)
	}

	// Time of day and zone do not move the calendar day, nor does DST.
	mad, _ := time.LoadLocation("Europe/Madrid")
	if mad != nil {
		r, err = ProrationInput{
			CycleStart: time.Date(2026, 10, 1, 23, 30, 0, 0, mad), CycleEnd: time.Date(2026, 11, 1, 0, 10, 0, 0, mad),
			Change: time.Date(2026, 10, 26, 12, 0, 0, 0, mad), OldMonthly: usd(31), NewMonthly: usd(62)}.Compute()
		if err != nil || r.CycleDays != 31 || r.OldDays != 25 || r.NewDays != 6 {
			t.Errorf("DST cycle = %+v, %v", r, err)
		}
	}
}

// Property: days on each plan add up to the cycle, for every change day.
func TestProrationDaysAddUp(t *testing.T) {
	start, end := day("2028-02-01"), day("2028-03-01") // leap February
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		r, err := ProrationInput{CycleStart: start, CycleEnd: end, Change: d, OldMonthly: usd(10), NewMonthly: usd(20)}.Compute()
		if err != nil {
			t.Fatal(err)
		}
		if r.CycleDays != 29 || r.OldDays+r.NewDays != r.CycleDays {
			t.Fatalf("%s: %d + %d != %d", d.Format(time.DateOnly), r.OldDays, r.NewDays, r.CycleDays)
		}
		if r.OldUsed.Minor+r.Credit.Minor < 999 || r.OldUsed.Minor+r.Credit.Minor > 1001 {
			t.Fatalf("%s: used %v + credit %v far from the monthly price", d, r.OldUsed, r.Credit)
		}
	}
}

func TestProrationValidate(t *testing.T) {
	base := ProrationInput{CycleStart: day("2026-11-01"), CycleEnd: day("2026-12-01"), Change: day("2026-11-16"), OldMonthly: usd(50), NewMonthly: usd(80)}
	in := base
	in.CycleEnd = day("2026-10-01")
	if c := codes(in.Validate()); c["cycle_end"] != CodeEndBeforeStart {
		t.Errorf("end before start: %v", c)
	}
	in = base
	in.CycleEnd = in.CycleStart
	if c := codes(in.Validate()); c["cycle_end"] != CodeEndBeforeStart {
		t.Errorf("empty cycle: %v", c)
	}
	for _, ch := range []string{"2026-10-31", "2026-12-01", "2027-01-01"} {
		in = base
		in.Change = day(ch)
		if c := codes(in.Validate()); c["change"] != CodeOutOfRange {
			t.Errorf("change %s: %v", ch, c)
		}
	}
	in = base
	in.Change = time.Time{}
	in.OldMonthly = usd(-1)
	if c := codes(in.Validate()); c["change"] != CodeRequired || c["old"] != CodeNegative {
		t.Errorf("required: %v", c)
	}
}

// The old plan's used part and its credit are read out of its price, so
// they add up to it: a $39.99 plan changed mid-way through a 30-day cycle
// read "used $20.00, credit $20.00", $40.00 of a $39.99 plan. The credit,
// which the net charge comes from, keeps its own rounding.
func TestProrationOldPlanPartsAddUpToItsPrice(t *testing.T) {
	for _, price := range []float64{39.99, 40.01, 0.03, 59.99, 100} {
		start, end := day("2026-11-01"), day("2026-12-01")
		for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
			old := usd(price)
			r, err := ProrationInput{CycleStart: start, CycleEnd: end, Change: d, OldMonthly: old, NewMonthly: usd(20)}.Compute()
			if err != nil {
				t.Fatal(err)
			}
			want, _ := old.MulDiv(int64(r.NewDays), int64(r.CycleDays))
			if r.OldUsed.Minor+r.Credit.Minor != old.Minor || r.Credit != want {
				t.Fatalf("%v from %s: used %v + credit %v (want %v)", old, d.Format(time.DateOnly), r.OldUsed, r.Credit, want)
			}
		}
	}
}
