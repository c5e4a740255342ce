package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/training"
)

// storedReport reads an answer's attempt and the report crmd stored in it.
func storedReport(t *testing.T, r *crmtest.Resp) (crm.TrainingAttempt, training.Report) {
	t.Helper()
	var at crm.TrainingAttempt
	r.JSON(t, &at)
	var rep training.Report
	if err := json.Unmarshal(at.Details, &rep); err != nil {
		t.Fatalf("details are not a report: %v: %s", err, at.Details)
	}
	if len(at.Attempt) != 0 {
		t.Errorf("the attempt record is sent back: %s", at.Attempt)
	}
	return at, rep
}

func hasBlocker(rep training.Report, id string) bool {
	return slices.ContainsFunc(rep.Blockers, func(b training.Blocker) bool { return b.ID == id })
}

// crmd grades every attempt itself and stores its own grade: the score,
// pass flag and report a desk sends are ignored, and consequences (a
// disclosure, volunteered data) come from the scenario, not from events a
// desk wrote.
func TestCrmdGradesAttemptsItself(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)

	// v1 rewrites a played attempt as a version 1 file that invents an
	// authentication and has no disclose or volunteer event: a desk
	// that dropped them to hide a violating choice.
	v1 := func(at training.Attempt) training.Attempt {
		at.Format = 1
		at.Events = append([]training.Event{{At: at.Started, Kind: training.EvAuth, Method: "pin"}}, at.Events...)
		for _, e := range at.Events {
			if e.Kind == training.EvDisclose || e.Kind == training.EvVolunteer {
				t.Fatalf("the played attempt records a derived %s event", e.Kind)
			}
		}
		return at
	}
	rows := []struct {
		name    string
		picks   map[string]string
		edit    func(at training.Attempt) training.Attempt
		claim   bool // the desk claims 100 and a pass
		score   int
		passed  bool
		blocker string
	}{
		{"played well", nil, nil, false, 100, true, ""},
		{"tampered: a failing attempt claims 100 and a pass", map[string]string{"reason": "read_balance"}, nil, true, 88, false, training.BlockerDisclosedBeforeAuth},
		{"disclose event dropped", map[string]string{"reason": "read_balance"}, v1, true, 88, false, training.BlockerDisclosedBeforeAuth},
		{"volunteer event dropped", map[string]string{"verify": "address_instead"}, v1, true, 85, false, "volunteered_data"},
		{"a poor answer claimed perfect", map[string]string{"reason": "app"}, nil, true, 97, true, ""},
	}
	for i, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			rec := crmtest.PlayAttempt(t, "g-"+string(rune('a'+i)), crmtest.AttemptScenario, row.picks)
			if row.edit != nil {
				rec = row.edit(rec)
			}
			up := crmtest.AttemptUpload(t, rec)
			if row.claim {
				up.Score, up.MaxScore, up.Passed = 100, 100, true
				up.Details = json.RawMessage(`{"total":100,"passed":true,"blockers":[]}`)
			}
			r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
			crmtest.Expect(t, r, 201, "post")
			got, rep := storedReport(t, r)
			if got.Score != row.score || got.MaxScore != 100 || got.Passed != row.passed || rep.Passed != row.passed {
				t.Errorf("stored score %d/%d passed %v (report %v), want %d/100 passed %v", got.Score, got.MaxScore, got.Passed, rep.Passed, row.score, row.passed)
			}
			if row.blocker != "" && !hasBlocker(rep, row.blocker) {
				t.Errorf("blockers %+v, want %s", rep.Blockers, row.blocker)
			}
			if rep.RubricVersion != rec.RubricVersion || rep.Scenario != rec.Scenario || !got.StartedAt.Equal(rec.Started) || !got.FinishedAt.Equal(rec.Finished) {
				t.Errorf("stored %+v for %s under %s", got, rec.Scenario, rec.RubricVersion)
			}
			// What supervisors read is crmd's grade too.
			l := a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
			crmtest.Expect(t, l, 200, "list")
			var al crm.AttemptList
			l.JSON(t, &al)
			i := slices.IndexFunc(al.Attempts, func(x crm.TrainingAttempt) bool { return x.ID == rec.ID })
			if i < 0 || al.Attempts[i].Score != row.score || al.Attempts[i].Passed != row.passed || len(al.Attempts[i].Attempt) != 0 {
				t.Errorf("listed %+v", al.Attempts)
			}
			// Resending the same upload is harmless and answers the same grade.
			r = a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
			crmtest.Expect(t, r, 200, "resend")
			if again, _ := storedReport(t, r); again.Score != got.Score || again.Passed != got.Passed {
				t.Errorf("resent: %+v", again)
			}
		})
	}
}

// An attempt crmd cannot grade is refused with a code that says why, the
// grader's code and the turn: never stored, never graded with another
// rubric.
func TestCrmdRefusesAttemptsItCannotGrade(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	base := crmtest.PlayAttempt(t, "base", crmtest.AttemptScenario, nil)
	choices := func(at training.Attempt) []int {
		var out []int
		for i, e := range at.Events {
			if e.Kind == training.EvChoice {
				out = append(out, i)
			}
		}
		return out
	}
	rows := []struct {
		name      string
		edit      func(at *training.Attempt, up *crm.TrainingAttempt)
		status    int
		code      crm.Code
		gradeCode string
		turn      string
	}{
		{"no rubric version", func(at *training.Attempt, _ *crm.TrainingAttempt) { at.RubricVersion = "" },
			422, crm.CodeNoRubricVersion, training.ErrCodeNoRubric, ""},
		{"an unknown choice", func(at *training.Attempt, _ *crm.TrainingAttempt) {
			at.Events[choices(*at)[0]].Choice = "say_yes_to_all"
		},
			422, crm.CodeNotReplayable, training.ErrCodeChoice, "reason"},
		{"out of order", func(at *training.Attempt, _ *crm.TrainingAttempt) {
			c := choices(*at)
			at.Events[c[0]], at.Events[c[1]] = at.Events[c[1]], at.Events[c[0]]
		}, 422, crm.CodeNotReplayable, training.ErrCodeOrder, "agenda"},
		{"an unknown turn", func(at *training.Attempt, _ *crm.TrainingAttempt) { at.Events[choices(*at)[0]].Turn = "made_up_turn" },
			422, crm.CodeNotReplayable, training.ErrCodeUnknownTurn, ""},
		{"a rubric crmd does not have", func(at *training.Attempt, _ *crm.TrainingAttempt) { at.RubricVersion = "2099.1" },
			422, crm.CodeUnknownTraining, "", ""},
		{"a scenario crmd does not have", func(at *training.Attempt, up *crm.TrainingAttempt) {
			at.Scenario, up.Scenario = "from_next_release", "from_next_release"
		},
			422, crm.CodeUnknownTraining, "", ""},
		{"a newer version of a scenario crmd has", func(at *training.Attempt, _ *crm.TrainingAttempt) { at.ScenarioVersion += 1 },
			422, crm.CodeUnknownTraining, "", ""},
		{"no attempt record", func(_ *training.Attempt, up *crm.TrainingAttempt) { up.Attempt = nil },
			422, crm.CodeInvalid, "", ""},
		{"another attempt's record", func(at *training.Attempt, _ *crm.TrainingAttempt) { at.ID = "someone-else" },
			422, crm.CodeInvalid, "", ""},
		{"another scenario's record", func(_ *training.Attempt, up *crm.TrainingAttempt) { up.Scenario = "bill_payment" },
			422, crm.CodeInvalid, "", ""},
		{"derived events in a version 2 record", func(at *training.Attempt, _ *crm.TrainingAttempt) {
			at.Events = append(at.Events, training.Event{At: at.Started, Kind: training.EvAuth, Method: "pin"})
		}, 422, crm.CodeInvalid, "", ""},
		// Practice-only inputs: a desk in a test shows no hint and never
		// goes back, so such a record was not made by a desk in a test.
		{"a hint in a test", func(at *training.Attempt, _ *crm.TrainingAttempt) {
			c := choices(*at)[0]
			at.Events = slices.Insert(at.Events, c, training.Event{At: at.Events[c].At, Kind: training.EvHint, Turn: at.Events[c].Turn})
		}, 422, crm.CodeInvalid, "", ""},
		{"a retry in a test", func(at *training.Attempt, _ *crm.TrainingAttempt) {
			c := choices(*at)[0]
			at.Events = slices.Insert(at.Events, c+1, training.Event{At: at.Events[c].At, Kind: training.EvRetry, Turn: at.Events[c].Turn})
		}, 422, crm.CodeInvalid, "", ""},
		{"a record over the bound", func(_ *training.Attempt, up *crm.TrainingAttempt) {
			up.Attempt = json.RawMessage(`"` + strings.Repeat("x", crm.MaxAttemptBytes) + `"`)
		}, 413, crm.CodeTooLarge, "", ""},
	}
	for i, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			at := base
			at.ID = "r-" + string(rune('a'+i))
			at.Events = slices.Clone(base.Events)
			up := crm.TrainingAttempt{ID: at.ID, Scenario: at.Scenario, Score: 100, MaxScore: 100, Passed: true}
			row.edit(&at, &up)
			if up.Attempt == nil && row.name != "no attempt record" {
				up.Attempt, _ = json.Marshal(at)
			}
			for _, l := range []string{"en", "es"} {
				r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, map[string]string{"Accept-Language": l}, up)
				crmtest.Expect(t, r, row.status, "post")
				var eb crm.ErrorBody
				r.JSON(t, &eb)
				d := eb.Error
				if d.Code != row.code || d.GradeError != row.gradeCode || d.Turn != row.turn {
					t.Errorf("%s: %+v, want %s (%s at %q)", l, d, row.code, row.gradeCode, row.turn)
				}
				if d.Message == "" || strings.HasPrefix(d.Message, "!") {
					t.Errorf("%s: no message for %s: %q", l, d.Code, d.Message)
				}
			}
			if row.code.Permanent() == (row.code == crm.CodeUnknownTraining) {
				t.Errorf("%s permanent: %v", row.code, row.code.Permanent())
			}
		})
	}
	l := a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	var al crm.AttemptList
	l.JSON(t, &al)
	if len(al.Attempts) != 0 {
		t.Errorf("refused attempts were stored: %+v", al.Attempts)
	}
}

// crmd grades with the content its config gives: an attempt at a scenario
// that content lacks waits for an upgrade rather than being graded.
func TestCrmdGradesWithItsConfiguredContent(t *testing.T) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	c, err := training.Load(os.DirFS("../../training/testdata/engine"), "training/testdata/engine", pb)
	if err != nil {
		t.Fatal(err)
	}
	_, a := start(t, func(cfg *server.Config) { cfg.Training = c })
	tia := a.Login("tia", crmtest.Password)
	up := crmtest.AttemptUpload(t, crmtest.PlayAttempt(t, "cfg-1", crmtest.AttemptScenario, nil))
	r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	crmtest.Expect(t, r, 422, "a scenario the configured content lacks")
	var eb crm.ErrorBody
	r.JSON(t, &eb)
	if eb.Error.Code != crm.CodeUnknownTraining {
		t.Errorf("%+v", eb.Error)
	}
}

// A call played for a track is graded against the track's pass mark, as
// the desk grades it: 82 passes a rubric's 80 but not a track's 85. The
// track is crmd's to check: one that does not hold the scenario is
// refused (it would pick the rubric's lower mark), and none named is the
// track crmd's content puts the scenario in.
func TestCrmdGradesWithTheTracksPassMark(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	for i, track := range []string{"", "service_account", "billing_2", "no_such_track"} {
		rec := crmtest.PlayAttempt(t, "pm-"+string(rune('a'+i)), "third_party_caller", map[string]string{"verify": "her_pin"})
		up := crmtest.AttemptUpload(t, rec)
		up.Track = track // beside the record, as a desk sends it
		r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
		if track == "billing_2" || track == "no_such_track" {
			// Not a track crmd's content puts the scenario in.
			crmtest.Expect(t, r, 422, "track "+track)
			var eb crm.ErrorBody
			r.JSON(t, &eb)
			if eb.Error.Code != crm.CodeUnknownTraining {
				t.Errorf("track %q: %+v", track, eb.Error)
			}
			continue
		}
		crmtest.Expect(t, r, 201, "post")
		got, rep := storedReport(t, r)
		if rep.Total < 80 || rep.Total >= 85 {
			t.Fatalf("the call scored %.1f; the test needs one between the two marks", rep.Total)
		}
		if rep.PassMark != 85 || rep.Passed || got.Passed || got.Track != "service_account" {
			t.Errorf("track %q: pass mark %d, passed %v (stored %v, track %q); want 85, not passed, service_account",
				track, rep.PassMark, rep.Passed, got.Passed, got.Track)
		}
	}
	l := a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	crmtest.Expect(t, l, 200, "list")
	var al crm.AttemptList
	l.JSON(t, &al)
	if len(al.Attempts) != 2 {
		t.Errorf("stored %d attempts, want the 2 with crmd's track: %+v", len(al.Attempts), al.Attempts)
	}
}

// The whole score crmd stores is read against the pass mark beside it: a
// call just under a track's 85 is stored below 85 and not passed, never as
// "85, not passed".
func TestCrmdStoredScoreNeverReachesAMarkTheCallMissed(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	rec := crmtest.PlayAttempt(t, "under-mark", "duplicate_charge", map[string]string{"checks": "history_only", "questions": "fraud_scare"})
	up := crmtest.AttemptUpload(t, rec)
	up.Track = "payments_account" // its pass mark is 85
	r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	crmtest.Expect(t, r, 201, "post")
	got, rep := storedReport(t, r)
	if rep.Total >= float64(rep.PassMark) || rep.Total < float64(rep.PassMark)-0.5 || len(rep.Blockers) > 0 || !rep.Complete {
		t.Fatalf("the call scored %.1f against %d (blockers %v): the test needs a complete call half a point under the mark", rep.Total, rep.PassMark, rep.Blockers)
	}
	l := a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	crmtest.Expect(t, l, 200, "list")
	var al crm.AttemptList
	l.JSON(t, &al)
	i := slices.IndexFunc(al.Attempts, func(x crm.TrainingAttempt) bool { return x.ID == rec.ID })
	if i < 0 {
		t.Fatalf("the attempt is not listed: %+v", al.Attempts)
	}
	for _, x := range []crm.TrainingAttempt{got, al.Attempts[i]} {
		if x.Passed || x.Score >= rep.PassMark || x.Score != int(rep.Total) {
			t.Errorf("stored score %d/%d, passed %v, for a total of %.1f against %d", x.Score, x.MaxScore, x.Passed, rep.Total, rep.PassMark)
		}
	}
}

func TestAttemptResendAnswersWhatWasStored(t *testing.T) {
	crmtest.RunAttemptResend(t, openStore(t))
}

// A desk builds an upload's body each time it sends it: a resend from a
// desk upgraded in between, or that encodes its record another way, has
// other bytes for the same attempt. crmd has that attempt, so the resend
// is answered what was stored, not refused as a key reused (which the
// desk takes as a refusal for good). A different attempt under the same
// ID is still refused, and so is the same one sent under another login.
func TestAttemptResentInOtherBytesIsTheStoredOne(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	played := crmtest.PlayAttempt(t, "resend-bytes-1", crmtest.AttemptScenario, nil)
	up := crmtest.AttemptUpload(t, played)
	stored := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	crmtest.Expect(t, stored, 201, "the first send")

	// The same attempt, its record indented and the body's fields in
	// another order.
	var rec bytes.Buffer
	if err := json.Indent(&rec, up.Attempt, "", "  "); err != nil {
		t.Fatal(err)
	}
	other := map[string]any{"attempt": json.RawMessage(rec.Bytes()), "scenario": up.Scenario, "id": up.ID}
	if up.Track != "" {
		other["track"] = up.Track
	}
	res := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, other)
	crmtest.Expect(t, res, 200, "the same attempt in other bytes")
	var got, want any
	res.JSON(t, &got)
	stored.JSON(t, &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answered\n%s\nnot what was stored\n%s", res.Body, stored.Body)
	}

	// Another attempt under the same ID: played at another time.
	again := played
	again.Started = again.Started.Add(time.Hour)
	again.Finished = again.Finished.Add(time.Hour)
	res = a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, crmtest.AttemptUpload(t, again))
	crmtest.Expect(t, res, 422, "another attempt under the same ID")
	if res.Code() != crm.CodeIdempotencyReused {
		t.Errorf("another attempt under the same ID: %s", res.Body)
	}
	ana := a.Login("ana", crmtest.Password)
	res = a.Do("POST", "/v1/training/attempts", ana.AccessToken, nil, up)
	crmtest.Expect(t, res, 422, "the attempt sent under another login")
}

// An attempt crmd stored before it fingerprinted attempts by what they
// are, under the fingerprint of its bytes, is still the one a resend of
// those bytes gets.
func TestAttemptStoredByItsBytesIsStillResent(t *testing.T) {
	r, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	up := crmtest.AttemptUpload(t, crmtest.PlayAttempt(t, "resend-bytes-2", crmtest.AttemptScenario, nil))
	body, err := json.Marshal(up)
	if err != nil {
		t.Fatal(err)
	}
	kept := up
	kept.Username, kept.ReceivedAt, kept.Attempt = "tia", time.Now().UTC(), nil
	fp := server.Fingerprint("POST", "/v1/training/attempts", "tia", body)
	if _, err := r.Store.AddAttempt(context.Background(), kept, fp); err != nil {
		t.Fatal(err)
	}
	res := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, body)
	crmtest.Expect(t, res, 200, "a resend of an attempt stored by its bytes")
	var got crm.TrainingAttempt
	res.JSON(t, &got)
	if got.ID != up.ID || !got.ReceivedAt.Equal(kept.ReceivedAt) {
		t.Errorf("answered %s", res.Body)
	}
}

// A test call the desk recovered open (killed mid-call) and closed is
// sent with the trainee's leave in its record: crmd, grading the record
// alone, makes it the call cut short the desk recorded (hung up, the
// abandoned message, not passed), so it counts on both sides and the
// supervisor's view agrees with the desk.
func TestCrmdGradesAnAbandonedTestCallAsTheDeskDoes(t *testing.T) {
	ctx := context.Background()
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	c, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	sc := c.Scenario(crmtest.AttemptScenario)
	now := crmtest.AttemptDay
	clock := func() time.Time { now = now.Add(5 * time.Second); return now }
	s, err := training.NewSession(sc, 7, training.Test, training.WithClock(clock), training.WithLang(locales.ES),
		training.WithTrainee(crmtest.AttemptTrainee), training.WithRubric(c.CurrentRubric()))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		turn := s.Turn()
		want, _ := s.Expected(locales.ES)
		switch {
		case turn.Response != nil:
			err = s.Respond(want)
		case turn.Entry != nil:
			err = s.Enter(want)
		default:
			i := slices.IndexFunc(turn.Choices, func(ch training.Choice) bool { return ch.Grade == training.Best })
			err = s.Choose(turn.Choices[max(i, 0)].ID)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	st := training.NewMemStore()
	if _, err := st.SaveOpenAttempt(ctx, s.Attempt()); err != nil {
		t.Fatal(err)
	}
	closed, err := c.CloseAbandoned(ctx, st, crmtest.AttemptTrainee)
	if err != nil || len(closed) != 1 {
		t.Fatalf("closed %d (%v)", len(closed), err)
	}
	desk := closed[0]
	if !desk.Report.HungUp || desk.Report.Passed {
		t.Fatalf("the desk's grade %+v", desk.Report)
	}

	r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, crmtest.AttemptUpload(t, desk.Attempt))
	crmtest.Expect(t, r, 201, "post")
	got, rep := storedReport(t, r)
	if !rep.HungUp || rep.Complete || rep.Passed || got.Passed || !hasBlocker(rep, training.BlockerHungUp) ||
		rep.Blockers[0].Message != training.MessageAbandoned {
		t.Fatalf("crmd graded the abandoned call %+v (stored score %d, passed %v)", rep, got.Score, got.Passed)
	}
	if rep.Total != desk.Report.Total || got.Score != desk.Report.Score() || rep.DurationMS != desk.Report.DurationMS {
		t.Fatalf("crmd %v/%d ms, the desk %v/%d ms", rep.Total, rep.DurationMS, desk.Report.Total, desk.Report.DurationMS)
	}
}
