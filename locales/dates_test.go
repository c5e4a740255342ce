package locales

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		lang Lang
		in   string
		want time.Time // zero: refused
	}{
		{ES, "23/11/2026", day(2026, 11, 23)}, {EN, "11/23/2026", day(2026, 11, 23)},
		{ES, "2026-11-23", day(2026, 11, 23)}, {EN, " 5/6/19 ", day(2019, 5, 6)},
		{ES, "23-11-2026", day(2026, 11, 23)}, {ES, "23.11.2026", day(2026, 11, 23)},
		{ES, "31/02/2026", time.Time{}}, {EN, "23/11/2026", time.Time{}}, {ES, "", time.Time{}},
		// Dates people type here are a customer's "since", a due date, a
		// report's range: year 1 read as no date at all (it is Go's zero
		// time, which every screen writes as "—"), and "0219" for "2019"
		// gave a customer of eighteen centuries.
		{ES, "01/01/0001", time.Time{}}, {EN, "02/03/0219", time.Time{}}, {ES, "1899-12-31", time.Time{}},
		{ES, "01/01/1900", day(1900, 1, 1)}, {EN, "12/31/2199", day(2199, 12, 31)}, {ES, "01/01/2200", time.Time{}},
	} {
		got, err := ParseDate(tc.lang, tc.in)
		if tc.want.IsZero() != (err != nil) || !got.Equal(tc.want) {
			t.Errorf("%s %q: %v %v, want %v", tc.lang, tc.in, got, err, tc.want)
		}
	}
}

// ParseDate reads what a person types in a date field: it never panics,
// and a date it accepts is written back by FormatDate as a date it reads
// again as the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"23/11/2026", "11/23/2026", "2026-11-23", "1/2/06", "23-11-2026", "23.11.2026",
		" 5/6/2019 ", "31/02/2026", "01/01/0001", "00/00/0000", "2026-13-01", "1/2/", "", "//", "9999-12-31"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, es bool) {
		l := EN
		if es {
			l = ES
		}
		got, err := ParseDate(l, s)
		if err != nil {
			return
		}
		written := FormatDate(l, got)
		again, err := ParseDate(l, written)
		if err != nil || !again.Equal(got) {
			t.Fatalf("%s: %q read as %v, written %q, read back as %v (%v)", l, s, got, written, again, err)
		}
	})
}
