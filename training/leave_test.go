package training

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"agentdesk/locales"
)

// answerBest answers the session's current turn as the validator's robot
// does: the best choice, the expected figure or the model line.
func answerBest(t *testing.T, s *Session) {
	t.Helper()
	tr := s.Turn()
	want, _ := s.Expected(locales.ES)
	var err error
	switch {
	case tr == nil:
		t.Fatal("the call is over")
	case tr.Response != nil:
		err = s.Respond(want)
	case tr.Entry != nil:
		err = s.Enter(want)
	default:
		id := tr.Choices[0].ID
		for _, c := range tr.Choices {
			if c.Grade == Best {
				id = c.ID
				break
			}
		}
		err = s.Choose(id)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// leftCall plays the shipped promo_expired test call's first answers the
// best way and leaves it at the turn it is at: the record a desk writes
// when the trainee leaves (format 2, the "leave" input kind).
func leftCall(t *testing.T, c *Content, answers int) Attempt {
	t.Helper()
	clk := &fakeClock{now: testDay, step: 20 * time.Second}
	s, err := NewSession(c.Scenario("promo_expired"), 7, Test, WithClock(clk.Now), WithLang(locales.ES),
		WithTrainee("Nuria"), WithRubric(c.CurrentRubric()))
	if err != nil {
		t.Fatal(err)
	}
	for range answers {
		answerBest(t, s)
	}
	a := s.Attempt()
	a.ID, a.Track = "A-left", "billing_1"
	a.Events = append(a.Events, Event{At: clk.Now(), Kind: "leave", Turn: s.Turn().ID})
	return a
}

// A test call the trainee left is a call the trainee ended: the record
// says so (a leave event at the turn it happened), and the grader alone,
// from it, makes it a call cut short: hung up, the hung_up blocker with
// the abandoned message at that turn, not passed, and counted towards
// the track as a failed call. Graded twice, or again after a JSON round
// trip (as crmd gets it), it is the same report.
func TestLeftTestCallGradesAsHungUpAndCounts(t *testing.T) {
	c := content(t)
	sc := c.Scenario("promo_expired")
	for _, tc := range []struct {
		name    string
		answers int
	}{
		{"before the first answer", 0},
		{"after one answer", 1},
		{"after three answers", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := leftCall(t, c, tc.answers)
			at := a.Events[len(a.Events)-1].Turn
			rubric := c.CurrentRubric().WithPassMark(c.PassMarkFor(a.Track, a.Scenario))
			rep, err := Grade(sc, a, rubric)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.HungUp || rep.Complete || rep.Passed || len(rep.Blockers) == 0 ||
				rep.Blockers[0].ID != BlockerHungUp || rep.Blockers[0].Message != MessageAbandoned || rep.Blockers[0].Turn != at {
				t.Fatalf("report = %+v", rep)
			}
			if len(rep.Path) != tc.answers {
				t.Errorf("path %v after %d answers", rep.Path, tc.answers)
			}
			tp := c.Standing(c.Track("billing_1"), "Nuria", []Record{{Attempt: a, Report: rep}})
			if len(tp.Counted) != 1 || tp.Counted[0].Passed || !tp.Counted[0].Blocker {
				t.Fatalf("standing = %+v", tp)
			}
			again, err := Grade(sc, a, rubric)
			if err != nil || !reflect.DeepEqual(again, rep) {
				t.Fatalf("graded again: %+v (%v), first %+v", again, err, rep)
			}
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := ParseAttempt(b)
			if err != nil {
				t.Fatal(err)
			}
			if sent, err := Grade(sc, parsed, rubric); err != nil || !reflect.DeepEqual(sent, rep) {
				t.Fatalf("graded from its JSON: %+v (%v), first %+v", sent, err, rep)
			}
		})
	}
}

// A leave is an input like an answer: at the turn the call is at, never
// after the call is over.
func TestLeaveOutOfPlaceDoesNotReplay(t *testing.T) {
	c := content(t)
	sc := c.Scenario("promo_expired")
	rubric := c.CurrentRubric().WithPassMark(c.PassMarkFor("billing_1", "promo_expired"))
	a := leftCall(t, c, 2)
	wrong := a
	wrong.Events = append([]Event(nil), a.Events...)
	wrong.Events[len(wrong.Events)-1].Turn = a.Events[0].Turn
	twice := a
	twice.Events = append(append([]Event(nil), a.Events...), a.Events[len(a.Events)-1])
	for name, x := range map[string]struct {
		a    Attempt
		code string
	}{"at another turn": {wrong, ErrCodeOrder}, "after the call ended": {twice, ErrCodeAfterEnd}} {
		if _, err := Grade(sc, x.a, rubric); gradeCode(err) != x.code {
			t.Errorf("%s: %v, want %s", name, err, x.code)
		}
	}
}

// A test call recovered open (the desk killed mid-call) is closed with
// the leave event in its record, at the turn it was at, and graded by
// plain Grade: what crmd computes from the record is what the desk stored.
func TestCloseAbandonedRecordsTheLeave(t *testing.T) {
	ctx := context.Background()
	c := content(t)
	st := NewMemStore()
	open := leftCall(t, c, 2)
	left := open.Events[len(open.Events)-1]
	open.Events = open.Events[:len(open.Events)-1]
	id, err := st.SaveOpenAttempt(ctx, open)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.CloseAbandoned(ctx, st, "Nuria")
	if err != nil || len(got) != 1 {
		t.Fatalf("closed %d (%v)", len(got), err)
	}
	recs, _ := st.Attempts(ctx, "Nuria")
	if len(recs) != 1 || recs[0].Attempt.ID != id {
		t.Fatalf("records %+v", recs)
	}
	r := recs[0]
	evs := r.Attempt.Events
	if len(evs) != len(open.Events)+1 || evs[len(evs)-1].Kind != "leave" || evs[len(evs)-1].Turn != left.Turn ||
		evs[len(evs)-1].At.Before(evs[len(evs)-2].At) {
		t.Fatalf("recovered events %+v", evs)
	}
	rubric := c.CurrentRubric().WithPassMark(c.PassMarkFor(r.Attempt.Track, r.Attempt.Scenario))
	rep, err := Grade(c.Scenario("promo_expired"), r.Attempt, rubric)
	if err != nil || !reflect.DeepEqual(rep, r.Report) || !rep.HungUp || rep.Passed {
		t.Fatalf("Grade of the record %+v (%v), stored %+v", rep, err, r.Report)
	}
}

// A call cut short before the caller was verified, with nothing of the
// account said, scores no authentication; its explanation says why. It
// said "account details were shared, or data volunteered", which the
// trainee had not done. A disclosure is never explained so.
func TestUnverifiedCallCutShortIsNotExplainedAsADisclosure(t *testing.T) {
	c := content(t)
	for _, answers := range []int{0, 1} {
		rep := mustGrade(t, c.Scenario("promo_expired"), leftCall(t, c, answers))
		if cs := criterion(rep, "authentication"); !cs.Applicable || cs.Score != 0 || cs.Message != MessageAuthNotVerified {
			t.Errorf("left after %d answers: %+v, want %s", answers, cs, MessageAuthNotVerified)
		}
	}
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(true))
	bad := mustGrade(t, sc, bot(t, sc, seed, Test, locales.EN, map[string]string{"security": "let_it_go"}))
	if cs := criterion(bad, "authentication"); cs.Score >= 1 || cs.Message == MessageAuthNotVerified {
		t.Errorf("a disclosure to an unverified caller: %+v", cs)
	}
}

// A test call opened and lost with the app (a crash, the power cut)
// before anything was said in it, no answer and no line of the
// customer's, is forgotten at the next start, as leaving it through the
// screen forgets it: recorded, it counted as a failed call and replaced
// the trainee's earlier pass of that scenario.
func TestCloseAbandonedForgetsACallNotBegun(t *testing.T) {
	ctx := context.Background()
	c := content(t)
	st := NewMemStore()
	open := leftCall(t, c, 0)
	open.ID = ""
	open.Events = open.Events[:0] // no answer; promo_expired opens on the trainee's greeting
	if _, err := st.SaveOpenAttempt(ctx, open); err != nil {
		t.Fatal(err)
	}
	got, err := c.CloseAbandoned(ctx, st, "Nuria")
	if err != nil || len(got) != 0 {
		t.Fatalf("closed %+v (%v)", got, err)
	}
	if recs, _ := st.Attempts(ctx, "Nuria"); len(recs) != 0 {
		t.Fatalf("recorded %+v", recs)
	}
	if still, _ := st.OpenAttempts(ctx, "Nuria"); len(still) != 0 {
		t.Fatalf("still under way: %+v", still)
	}
}
