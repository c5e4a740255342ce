package app

import (
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// The case summaries' range is the last week until a date is typed,
// worked out again each time the screen is shown, as the weekly report's
// week is: worked out once, when the screen was first drawn, a desk left
// open from Monday exported on Friday the week before Monday, and the
// calls of the four days since were missing from it without a word.
func TestTheReportsRangeFollowsTheClockUntilADateIsTyped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	now := time.Date(2026, 11, 23, 11, 0, 0, 0, time.Local) // a Monday
	h.app.deps.Now = func() time.Time { return now }
	h.app.show("reports")
	s := h.reports()
	if s.from != "11/16/2026" || s.to != "11/23/2026" {
		t.Fatalf("Monday: %q to %q", s.from, s.to)
	}
	h.app.show("call")
	now = now.AddDate(0, 0, 4) // Friday
	h.app.show("reports")
	if s.from != "11/20/2026" || s.to != "11/27/2026" || s.fromE.Text != s.from || s.toE.Text != s.to {
		t.Errorf("Friday: %q to %q, fields %q to %q; want 11/20/2026 to 11/27/2026", s.from, s.to, s.fromE.Text, s.toE.Text)
	}
	if f, err := s.filter(); err != nil || !f.To.Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local)) {
		t.Errorf("Friday: the cases listed end %v (%v)", f.To, err)
	}
	s.fromE.SetText("11/01/2026")
	h.app.show("call")
	now = now.AddDate(0, 0, 3)
	h.app.show("reports")
	if s.from != "11/01/2026" || s.fromE.Text != "11/01/2026" || s.to != "11/27/2026" {
		t.Errorf("typed: %q to %q, field %q; want the range typed, 11/01/2026 to 11/27/2026", s.from, s.to, s.fromE.Text)
	}
}
