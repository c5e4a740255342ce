package crmtest

import (
	"encoding/json"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/locales"
	"agentdesk/training"
)

// AttemptDay is when PlayAttempt's calls start: a fixed day fixes every
// drawn figure, so a resent attempt is byte for byte the first.
var AttemptDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// AttemptScenario is the embedded scenario the suites play: the caller
// can pass no verification, so reading the balance at the first turn
// (picks {"reason": "read_balance"}) discloses before authentication and
// fails whatever else is done well.
const AttemptScenario = "balance_no_pin"

// AttemptTrainee is who plays PlayAttempt's calls: the agent's name the
// greeting is judged on naming.
const AttemptTrainee = "Tina Ruiz"

// PlayAttempt plays an embedded training scenario through the training
// library as a desk does, in Spanish and in test mode, with a clock that
// moves five seconds per reading from AttemptDay. picks[turn] is the
// choice to make or the line to say at a turn; elsewhere the best choice,
// the expected figure and the model line. The attempt gets id, as a
// desk's training database gives it one.
func PlayAttempt(t testing.TB, id, scenario string, picks map[string]string) training.Attempt {
	t.Helper()
	c, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	sc := c.Scenario(scenario)
	if sc == nil {
		t.Fatalf("no embedded scenario %q", scenario)
	}
	now := AttemptDay
	clock := func() time.Time { now = now.Add(5 * time.Second); return now }
	s, err := training.NewSession(sc, 7, training.Test, training.WithClock(clock), training.WithLang(locales.ES),
		training.WithTrainee(AttemptTrainee), training.WithRubric(c.CurrentRubric()))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; !s.Done(); n++ {
		if n > 10*len(sc.Turns) {
			t.Fatalf("%s: the call does not end", scenario)
		}
		turn := s.Turn()
		pick, picked := picks[turn.ID]
		if !picked && (turn.Response != nil || turn.Entry != nil) {
			pick, _ = s.Expected(locales.ES)
		}
		switch {
		case turn.Response != nil:
			err = s.Respond(pick)
		case turn.Entry != nil:
			err = s.Enter(pick)
		default:
			for _, ch := range turn.Choices {
				if !picked && ch.Grade == training.Best {
					pick, picked = ch.ID, true
				}
			}
			err = s.Choose(pick)
		}
		if err != nil {
			t.Fatalf("%s at %s: %v", scenario, turn.ID, err)
		}
	}
	a := s.Attempt()
	a.ID = id
	return a
}

// AttemptUpload is what a desk posts for a: the record crmd replays, in
// the envelope that names it. The desk's own score is left at zero:
// crmd ignores it.
func AttemptUpload(t testing.TB, a training.Attempt) crm.TrainingAttempt {
	t.Helper()
	rec, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return crm.TrainingAttempt{ID: a.ID, Scenario: a.Scenario, StartedAt: a.Started, FinishedAt: a.Finished, Attempt: rec}
}
