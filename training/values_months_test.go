package training

import (
	"testing"
	"time"
)

// A billing cycle a month long ends on the same day of the next month, or
// on its last day when that month is shorter: Jan 31 + 1 month is Feb 28
// (29 in a leap year), never March 3, which would skip February.
func TestAddMonthsClampsToTheMonthsLastDay(t *testing.T) {
	sc := scenario(t, "balance_past_due")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{day(2026, 1, 31), 1, day(2026, 2, 28)},
		{day(2028, 1, 31), 1, day(2028, 2, 29)},
		{day(2026, 3, 31), 1, day(2026, 4, 30)},
		{day(2026, 8, 31), 1, day(2026, 9, 30)},
		{day(2026, 12, 31), 2, day(2027, 2, 28)},
		{day(2026, 11, 30), 3, day(2027, 2, 28)},
		{day(2026, 1, 15), 1, day(2026, 2, 15)},
		{day(2026, 12, 15), 1, day(2027, 1, 15)},
		{day(2026, 3, 31), -1, day(2026, 2, 28)},
		{day(2026, 5, 31), 0, day(2026, 5, 31)},
	} {
		vals := Values{m: map[string]Value{"start": {Kind: KindDate, Date: tc.from}}}
		got, err := sc.compute(Calc{Name: "end", Fn: "add_months", Args: []string{"start"}, N: tc.n}, vals)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Date.Equal(tc.want) {
			t.Errorf("%s + %d months = %s, want %s", tc.from.Format(time.DateOnly), tc.n, got.Date.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}
