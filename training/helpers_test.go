package training

import (
	"slices"
	"testing"
	"time"

	"agentdesk/locales"
	"agentdesk/playbook"
)

// testDay is the day every test call happens on, so draws are fixed.
var testDay = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// fakeClock advances by step on every reading: elapsed time becomes a
// function of the number of events, not of the machine running the test.
type fakeClock struct {
	now  time.Time
	step time.Duration
}

func (c *fakeClock) Now() time.Time {
	t := c.now
	c.now = c.now.Add(c.step)
	return t
}

func content(t testing.TB) *Content {
	t.Helper()
	c, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func scenario(t testing.TB, id string) *Scenario {
	t.Helper()
	sc := content(t).Scenario(id)
	if sc == nil {
		t.Fatalf("no scenario %s", id)
	}
	return sc
}

func defaultPlaybook(t testing.TB) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// bot plays like the validator's robot but on a session the test controls:
// the best choice (or the one picks names) and the expected entry.
func bot(t testing.TB, sc *Scenario, seed int64, mode Mode, lang locales.Lang, picks map[string]string) Attempt {
	t.Helper()
	clk := &fakeClock{now: testDay, step: time.Second}
	s, err := NewSession(sc, seed, mode, WithClock(clk.Now), WithLang(lang), WithTrainee("ana"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := playBest(s, lang, picks)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func rubric(t testing.TB) Rubric {
	t.Helper()
	return content(t).CurrentRubric()
}

func criterion(r Report, id string) CriterionScore {
	i := slices.IndexFunc(r.Criteria, func(c CriterionScore) bool { return c.ID == id })
	if i < 0 {
		return CriterionScore{}
	}
	return r.Criteria[i]
}

func hasBlocker(r Report, id string) bool {
	return slices.ContainsFunc(r.Blockers, func(b Blocker) bool { return b.ID == id })
}

// edit returns a copy of the attempt with its events transformed.
func edit(a Attempt, f func([]Event) []Event) Attempt {
	a.Events = f(slices.Clone(a.Events))
	return a
}

func without(kind string) func([]Event) []Event {
	return func(evs []Event) []Event {
		return slices.DeleteFunc(evs, func(e Event) bool { return e.Kind == kind })
	}
}

func indexOf(evs []Event, kind string) int {
	return slices.IndexFunc(evs, func(e Event) bool { return e.Kind == kind })
}
