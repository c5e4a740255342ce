package sqlite_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
	"agentdesk/training"
)

func TestTrainingStore(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqlite.Training)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	a := training.Attempt{Scenario: "bill_increase_promo", Seed: 7, Mode: training.Mode("test"), Trainee: "Nuria", Started: start,
		Events: []training.Event{{At: start, Kind: training.EvNote, Text: "tarjeta 4111 1111 1111 1111 y PIN 4321"}}}
	id, err := db.SaveAttempt(ctx, a, training.Report{Total: 86.5, Passed: true})
	if err != nil || !strings.HasPrefix(id, "A-") {
		t.Fatalf("save: %q %v", id, err)
	}
	a2 := a
	a2.Started = start.Add(time.Hour)
	a2.Events = nil
	if _, err := db.SaveAttempt(ctx, a2, training.Report{Total: 60}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveAttempt(ctx, training.Attempt{}, training.Report{}); err != training.ErrNoTrainee {
		t.Fatalf("attempt without trainee: %v", err)
	}
	recs, err := db.Attempts(ctx, "Nuria")
	if err != nil || len(recs) != 2 || recs[0].Report.Total != 86.5 || recs[0].Attempt.ID != id {
		t.Fatalf("attempts = %+v %v", recs, err)
	}
	if n := recs[0].Attempt.Events[0].Text; strings.Contains(n, "4111 1111") || strings.Contains(n, "4321") {
		t.Fatalf("note stored unredacted: %q", n)
	}
	c := training.Certificate{Trainee: "Nuria", Track: "billing_1", Date: start, RubricVersion: "1", Attempts: []string{id}}
	if err := db.SaveCertificate(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Date = start.Add(48 * time.Hour)
	if err := db.SaveCertificate(ctx, c); err != nil {
		t.Fatal(err)
	}
	certs, err := db.Certificates(ctx, "Nuria")
	if err != nil || len(certs) != 1 || !certs[0].Date.Equal(c.Date) {
		t.Fatalf("certificates = %+v %v", certs, err)
	}
	if who, _ := db.Trainees(ctx); len(who) != 1 || who[0] != "Nuria" {
		t.Fatalf("trainees = %v", who)
	}
	data, _ := os.ReadFile(db.Path)
	wal, _ := os.ReadFile(db.Path + "-wal")
	if strings.Contains(string(data)+string(wal), "4111 1111 1111 1111") {
		t.Fatal("card number on disk")
	}
}

// A trainee's work cannot be written to the production database.
func TestProductionRefusesTrainingRecords(t *testing.T) {
	db := open(t, sqlite.Production)
	_, err := db.SaveAttempt(context.Background(), training.Attempt{Trainee: "Nuria"}, training.Report{})
	if cases.ErrorCode(err) != cases.EForbidden {
		t.Fatalf("attempt into production: %v", err)
	}
	if err := db.SaveCertificate(context.Background(), training.Certificate{Trainee: "Nuria"}); cases.ErrorCode(err) != cases.EForbidden {
		t.Fatalf("certificate into production: %v", err)
	}
}

// answerTurn answers the session's current turn the best way: the best
// choice, or the expected figure or line.
func answerTurn(t *testing.T, s *training.Session) {
	t.Helper()
	dec, live := s.Decision(locales.ES)
	if !live {
		t.Fatal("the call is over")
	}
	want, _ := s.Expected(locales.ES)
	var err error
	switch {
	case dec.Response != nil:
		err = s.Respond(want)
	case dec.Entry != nil:
		err = s.Enter(want)
	default:
		turn := s.Scenario().Turn(dec.Turn)
		id := dec.Choices[0].ID
		for _, c := range turn.Choices {
			if c.Grade == training.Best {
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

// A test call under way is in the training database from its start, each
// answer with it: a desk killed mid-call loses nothing of it, and on the
// next start the call is closed as the trainee left it, its two answers
// and a leave, graded as a call cut short (it counts, and cannot pass).
func TestAbandonedTestCallIsRecoveredAfterACrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Training)
	tc, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { now = now.Add(20 * time.Second); return now }
	sess, err := training.NewSession(tc.Scenario("promo_expired"), 7, training.Test, training.WithClock(clock),
		training.WithTrainee("Nuria"), training.WithRubric(tc.CurrentRubric()))
	if err != nil {
		t.Fatal(err)
	}
	id, err := db.SaveOpenAttempt(ctx, sess.Attempt())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		answerTurn(t, sess)
		a := sess.Attempt()
		a.ID = id
		if _, err := db.SaveOpenAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	want := sess.Attempt().Events

	// The crash: the session is gone, the file is opened again.
	sess = nil
	db.Close()
	db = sqlitetest.Open(t, dir, sqlite.Training)
	if recs, _ := db.Attempts(ctx, "Nuria"); len(recs) != 0 {
		t.Fatalf("an open call among the attempts: %+v", recs)
	}
	got, err := tc.CloseAbandoned(ctx, db, "Nuria")
	if err != nil || len(got) != 1 {
		t.Fatalf("closed %d (%v)", len(got), err)
	}
	recs, err := db.Attempts(ctx, "Nuria")
	if err != nil || len(recs) != 1 {
		t.Fatalf("attempts after recovery: %d %v", len(recs), err)
	}
	r := recs[0]
	// Its record says how it ended: left at the turn it was at.
	if r.Attempt.ID != id || len(r.Attempt.Events) != 3 || r.Attempt.Events[0].Turn != want[0].Turn || r.Attempt.Events[1].Turn != want[1].Turn ||
		r.Attempt.Events[2].Kind != training.EvLeave || r.Attempt.Events[2].Turn == want[1].Turn ||
		!r.Attempt.Finished.IsZero() || r.Attempt.Mode != training.Test {
		t.Fatalf("attempt = %+v", r.Attempt)
	}
	if !r.Report.HungUp || r.Report.Complete || r.Report.Passed || len(r.Report.Blockers) == 0 || r.Report.Blockers[0].ID != training.BlockerHungUp {
		t.Fatalf("report = %+v", r.Report)
	}
	// It counts towards the track as a hang-up does: a failed call.
	tp := tc.Standing(tc.Track("billing_1"), "Nuria", recs)
	if len(tp.Counted) != 1 || tp.Counted[0].Attempt != id || tp.Counted[0].Passed {
		t.Fatalf("standing = %+v", tp)
	}
	// Closed once: nothing is left open, and the grade is what was recorded.
	if again, err := tc.CloseAbandoned(ctx, db, "Nuria"); err != nil || len(again) != 0 {
		t.Fatalf("closed again: %d %v", len(again), err)
	}
	if open, _ := db.OpenAttempts(ctx, "Nuria"); len(open) != 0 {
		t.Fatalf("still open: %+v", open)
	}
	regraded, err := training.Grade(tc.Scenario("promo_expired"), r.Attempt, tc.CurrentRubric().WithPassMark(tc.PassMarkFor(r.Attempt.Track, r.Attempt.Scenario)))
	if err != nil || regraded.Total != r.Report.Total || regraded.DurationMS != r.Report.DurationMS {
		t.Fatalf("regraded %+v (%v), stored %+v", regraded, err, r.Report)
	}
}

// A test call finished normally leaves nothing open.
func TestFinishedTestCallLeavesNothingOpen(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqlite.Training)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	a := training.Attempt{Scenario: "promo_expired", Mode: training.Test, Trainee: "Nuria", Started: start}
	id, err := db.SaveOpenAttempt(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	a.ID, a.Finished = id, start.Add(time.Minute)
	if got, err := db.SaveAttempt(ctx, a, training.Report{Total: 90, Complete: true}); err != nil || got != id {
		t.Fatalf("save: %q %v", got, err)
	}
	if open, err := db.OpenAttempts(ctx, "Nuria"); err != nil || len(open) != 0 {
		t.Fatalf("open after finishing: %+v %v", open, err)
	}
	if err := db.DropOpenAttempt(ctx, id); err != nil {
		t.Fatal(err)
	}
}

// Saving redacts what is stored, never the caller's attempt: a session
// keeps its own record (and shows the trainee what they typed) after the
// store has its copy.
func TestSavingLeavesTheCallersAttemptAsItWas(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	const typed = "tarjeta 4111 1111 1111 1111"
	for _, tt := range []struct {
		name string
		save func(db *sqlite.DB, a training.Attempt) error
	}{
		{"SaveAttempt", func(db *sqlite.DB, a training.Attempt) error {
			_, err := db.SaveAttempt(ctx, a, training.Report{})
			return err
		}},
		{"SaveOpenAttempt", func(db *sqlite.DB, a training.Attempt) error {
			_, err := db.SaveOpenAttempt(ctx, a)
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := open(t, sqlite.Training)
			a := training.Attempt{Scenario: "bill_increase_promo", Mode: training.Test, Trainee: "Nuria", Started: start,
				Events: []training.Event{{At: start, Kind: training.EvEntry, Turn: "note", Value: typed,
					Redacted: &training.Redaction{PINs: 1}}}}
			if err := tt.save(db, a); err != nil {
				t.Fatal(err)
			}
			if e := a.Events[0]; e.Value != typed || *e.Redacted != (training.Redaction{PINs: 1}) {
				t.Errorf("the caller's event became %q %+v", e.Value, *e.Redacted)
			}
		})
	}
}
