package training

import (
	"errors"
	"os"
	"slices"
	"sync"
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

var (
	fixtureOnce sync.Once
	fixtureC    *Content
	fixtureErr  error
)

// fixture is the engine fixture (testdata/engine): one scenario with every
// mechanism, so the engine's tests do not move when the shipped content is
// rewritten.
func fixture(t testing.TB) *Scenario {
	t.Helper()
	fixtureOnce.Do(func() {
		pb, err := playbook.LoadDefault()
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureC, fixtureErr = Load(os.DirFS("testdata/engine"), "testdata/engine", pb)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureC.Scenario("refund_fixture")
}

func defaultPlaybook(t testing.TB) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// session starts a test session on the fixed day.
func session(t testing.TB, sc *Scenario, seed int64, mode Mode, lang locales.Lang) *Session {
	t.Helper()
	clk := &fakeClock{now: testDay, step: time.Second}
	s, err := NewSession(sc, seed, mode, WithClock(clk.Now), WithLang(lang), WithTrainee("Ana"), WithCompany("Telco Norte"),
		WithRubric(rubric(t)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bot plays like the validator's robot but on a session the test controls:
// the best choice (or the one picks names), the expected entry and the
// model line (or the line picks names).
func bot(t testing.TB, sc *Scenario, seed int64, mode Mode, lang locales.Lang, picks map[string]string) Attempt {
	t.Helper()
	a, err := playBest(session(t, sc, seed, mode, lang), lang, picks)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// rubric is the current embedded rubric, which the fixture loads with.
func rubric(t testing.TB) Rubric {
	t.Helper()
	rs, err := defaultRubrics()
	if err != nil {
		t.Fatal(err)
	}
	return rs[len(rs)-1]
}

// mustGrade grades an attempt the grader must accept.
func mustGrade(t testing.TB, sc *Scenario, a Attempt) Report {
	t.Helper()
	r, err := Grade(sc, a, rubric(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func gradeCode(err error) string {
	var ge *GradeError
	if errors.As(err, &ge) {
		return ge.Code
	}
	return ""
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

// seedWhere finds a seed whose draw satisfies ok.
func seedWhere(t testing.TB, sc *Scenario, ok func(Values) bool) int64 {
	t.Helper()
	for seed := int64(1); seed < 200; seed++ {
		v, err := sc.Draw(seed, testDay)
		if err == nil && ok(v) {
			return seed
		}
	}
	t.Fatal("no seed draws that")
	return 0
}

func pinWrong(wrong bool) func(Values) bool {
	return func(v Values) bool { x, _ := v.Get("pin_wrong"); return x.Bool == wrong }
}
