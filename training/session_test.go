package training

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

// Every default scenario can be played to a pass by choosing the best
// options and entering the expected values, in both languages, modes and
// several seeds.
func TestDrillEveryScenarioPassesWithBestChoices(t *testing.T) {
	c := content(t)
	for _, sc := range c.Scenarios {
		for _, lang := range locales.Langs {
			for _, mode := range []Mode{Practice, Test} {
				for seed := int64(1); seed <= 4; seed++ {
					a := bot(t, sc, seed, mode, lang, nil)
					r := Grade(sc, a, c.CurrentRubric())
					if !r.Passed || r.Total != 100 || len(r.Blockers) > 0 {
						t.Errorf("%s %s %s seed %d: total %v passed %v blockers %v", sc.ID, lang, mode, seed, r.Total, r.Passed, r.Blockers)
					}
				}
			}
		}
	}
}

// Every default scenario has at least one violation, and choosing any of
// them fails the attempt with a blocker, however good the rest was.
func TestDrillEveryViolationBlocks(t *testing.T) {
	c := content(t)
	for _, sc := range c.Scenarios {
		n := 0
		for _, turn := range sc.Turns {
			for _, ch := range turn.Choices {
				if ch.Grade != Violation {
					continue
				}
				n++
				a := bot(t, sc, 7, Test, locales.ES, map[string]string{turn.ID: ch.ID})
				r := Grade(sc, a, c.CurrentRubric())
				if len(r.Blockers) == 0 || r.Passed {
					t.Errorf("%s/%s/%s: no blocker (total %v)", sc.ID, turn.ID, ch.ID, r.Total)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s has no violation to fail on", sc.ID)
		}
	}
}

func TestDrillPracticeSession(t *testing.T) {
	sc := scenario(t, "prorated_plan_change")
	clk := &fakeClock{now: testDay, step: 10 * time.Second}
	s, err := NewSession(sc, 3, Practice, WithClock(clk.Now), WithLang(locales.EN), WithTrainee("ana"), WithCompany("Acme Home"))
	if err != nil {
		t.Fatal(err)
	}
	if line := s.Line(locales.EN); !strings.Contains(line, "phone rings") {
		t.Errorf("first line %q", line)
	}
	d, _ := s.Decision(locales.ES)
	if len(d.Choices) != 3 || d.Step != "introduction" {
		t.Fatalf("decision %+v", d)
	}
	if !strings.Contains(strings.Join(labels(d), " "), "Acme Home") {
		t.Errorf("company not filled in: %v", labels(d))
	}
	if _, ok := s.Feedback(locales.EN); ok {
		t.Error("feedback before any decision")
	}
	hint, err := s.Hint(locales.EN)
	if err != nil || hint == "" {
		t.Fatalf("hint %q %v", hint, err)
	}
	if err := s.Retry(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("retry with nothing answered: %v", err)
	}
	must(t, s.Choose("brand_greeting"))
	f, ok := s.Feedback(locales.EN)
	if !ok || f.Grade != Best || f.Text == "" {
		t.Fatalf("feedback %+v", f)
	}
	// A violation, taken back: it no longer counts.
	must(t, s.Choose("reads_balance"))
	if f, _ := s.Feedback(locales.ES); f.Grade != Violation {
		t.Fatalf("feedback %+v", f)
	}
	must(t, s.Retry())
	if s.Turn().ID != "reason" {
		t.Fatalf("retry went to %s", s.Turn().ID)
	}
	if _, ok := s.Feedback(locales.EN); ok {
		t.Error("feedback survives a retry")
	}
	must(t, s.Choose("paraphrase"))
	if err := s.Choose("ask_pin"); !errors.Is(err, ErrUnknownChoice) {
		t.Fatalf("a choice of another turn: %v", err)
	}
	if err := s.Enter("12"); !errors.Is(err, ErrNotEntry) {
		t.Fatalf("entry on a choice turn: %v", err)
	}
	a, err := playBest(s, locales.EN, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Done() || a.Finished.IsZero() {
		t.Fatal("not finished")
	}
	if err := s.Choose("x"); !errors.Is(err, ErrFinished) {
		t.Errorf("after the end: %v", err)
	}
	r := Grade(sc, a, rubric(t))
	if !r.Passed || hasBlocker(r, BlockerDisclosedBeforeAuth) {
		t.Fatalf("a retried violation still counts: %+v", r)
	}
	if indexOf(a.Events, EvRetry) < 0 || indexOf(a.Events, EvHint) < 0 {
		t.Error("retry and hint are part of the record")
	}
	// The clock moves 10 s per reading; elapsed is frozen at the end.
	if e := s.Elapsed(); e <= 0 || e != a.Finished.Sub(a.Started) || a.DurationMS != e.Milliseconds() {
		t.Errorf("elapsed %v, duration %d ms", e, a.DurationMS)
	}
	if e1, e2 := s.Elapsed(), s.Elapsed(); e1 != e2 {
		t.Error("elapsed keeps running after the end")
	}
}

func TestDrillTestModeGivesNoHelp(t *testing.T) {
	sc := scenario(t, "bill_payment")
	s, err := NewSession(sc, 1, Test, WithClock((&fakeClock{now: testDay, step: time.Second}).Now))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Hint(locales.ES); !errors.Is(err, ErrTestMode) {
		t.Errorf("hint in test mode: %v", err)
	}
	must(t, s.Choose("department_greeting"))
	if _, ok := s.Feedback(locales.ES); ok {
		t.Error("feedback in test mode")
	}
	if err := s.Retry(); !errors.Is(err, ErrTestMode) {
		t.Errorf("retry in test mode: %v", err)
	}
	if _, err := NewSession(sc, 1, Mode("exam")); err == nil {
		t.Error("unknown mode accepted")
	}
}

func TestDrillEntries(t *testing.T) {
	sc := scenario(t, "bill_payment")
	s, err := NewSession(sc, 2, Practice, WithClock((&fakeClock{now: testDay}).Now), WithLang(locales.ES))
	if err != nil {
		t.Fatal(err)
	}
	for s.Turn().Entry == nil {
		must(t, s.Choose(bestChoice(s.Turn())))
	}
	n := len(s.Attempt().Events)
	var ee *EntryError
	if err := s.Enter("mucho"); !errors.As(err, &ee) || ee.MessageID() != "training.sim.bad_money" {
		t.Fatalf("unreadable amount: %v", err)
	}
	if len(s.Attempt().Events) != n {
		t.Fatal("an unreadable answer was recorded")
	}
	want, _ := s.Expected(locales.EN) // typed the English way on a Spanish call
	must(t, s.Enter(want))
	if f, _ := s.Feedback(locales.ES); !f.Correct {
		t.Fatalf("%s not accepted: %+v", want, f)
	}
	must(t, s.Retry())
	must(t, s.Enter("1,00"))
	if f, _ := s.Feedback(locales.ES); f.Correct || f.Expected == "" || !strings.Contains(f.Text, f.Expected) {
		t.Fatalf("wrong answer feedback %+v", f)
	}
}

func TestDrillYesNoAndDates(t *testing.T) {
	for in, want := range map[string]bool{"sí": true, "Si": true, "yes": true, "Y": true, "no": false, "N": false} {
		if got, err := parseYesNo(in); err != nil || got != want {
			t.Errorf("%q = %v %v", in, got, err)
		}
	}
	if _, err := parseYesNo("tal vez"); err == nil {
		t.Error("maybe accepted")
	}
	// Cash posts within five business days: a Friday payment posts by the
	// next Friday, skipping the weekend.
	fri := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	if got := addBusinessDays(fri, 5); !got.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("5 business days after %v = %v", fri, got)
	}
}

func TestDrillAccountMaskedUntilAuthenticated(t *testing.T) {
	sc := scenario(t, "promo_expired")
	s, err := NewSession(sc, 1, Practice, WithClock((&fakeClock{now: testDay}).Now))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Account(locales.ES) {
		if !f.Masked || f.Label == "" || strings.HasPrefix(f.Label, "!") {
			t.Fatalf("before authentication: %+v", f)
		}
	}
	for s.Turn().Step != "exploration" {
		must(t, s.Choose(bestChoice(s.Turn())))
	}
	for _, f := range s.Account(locales.EN) {
		if f.Masked || f.Value == "" {
			t.Fatalf("after authentication: %+v", f)
		}
	}
}

// A card read out by the customer and written in the notes never reaches
// the attempt; the count of what was removed does, and fails it.
func TestDrillCardNeverStored(t *testing.T) {
	sc := scenario(t, "payment_declined")
	a := bot(t, sc, 4, Test, locales.EN, map[string]string{"new_card": "card_in_notes"})
	vals, _ := sc.Draw(4, testDay)
	card, _ := vals.Get("card")
	data, _ := json.Marshal(a)
	if strings.Contains(string(data), card.Card) || strings.Contains(string(data), card.Format(locales.EN, "")) {
		t.Fatalf("card %s stored in the attempt", card.Card)
	}
	r := Grade(sc, a, rubric(t))
	if !hasBlocker(r, BlockerCardInNotes) {
		t.Fatalf("no card_in_notes blocker: %+v", r.Blockers)
	}
}

// Choices are shuffled by the seed: stable for one attempt, not always in
// the file's order.
func TestDrillChoiceOrder(t *testing.T) {
	sc := scenario(t, "bill_payment")
	order := func(seed int64) string {
		s, err := NewSession(sc, seed, Test, WithClock((&fakeClock{now: testDay}).Now))
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.Decision(locales.ES)
		var ids []string
		for _, c := range d.Choices {
			ids = append(ids, c.ID)
		}
		return strings.Join(ids, ",")
	}
	if first, again := order(11), order(11); first != again {
		t.Fatal("the same seed shows another order")
	}
	seen := map[string]bool{}
	for seed := int64(1); seed <= 20; seed++ {
		seen[order(seed)] = true
	}
	if len(seen) < 2 {
		t.Errorf("20 seeds, one order: %v", seen)
	}
}

// Two attempts with different seeds meet different customers and figures.
func TestDrillSeedsVary(t *testing.T) {
	for _, sc := range content(t).Scenarios {
		distinct := map[string]bool{}
		for seed := int64(1); seed <= 6; seed++ {
			v, err := sc.Draw(seed, testDay)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, x := range sc.Vars {
				s, _ := v.Format(x.Name, locales.EN)
				parts = append(parts, s)
			}
			distinct[strings.Join(parts, "|")] = true
		}
		if len(distinct) < 4 {
			t.Errorf("%s: only %d distinct draws in 6 seeds", sc.ID, len(distinct))
		}
	}
}

func labels(d Decision) []string {
	var out []string
	for _, c := range d.Choices {
		out = append(out, c.Label)
	}
	return out
}

func bestChoice(t *Turn) string {
	i := slices.IndexFunc(t.Choices, func(c Choice) bool { return c.Grade == Best })
	return t.Choices[i].ID
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
