package desksync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/training"
)

// A supervisor's desk reads the attempts trainees made at other desks, as
// crmd graded them: the desk's own training database has none of them.
// An agent's login may not list them.
func TestTeamAttemptsAreTheTraineesOfEveryDesk(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	tia := newDesk(t, r.URL, "tia")
	tdb := trainingDB(t)
	// What the trainee's desk claims is not what the supervisor reads.
	claimed := claimedPass
	for id, picks := range map[string]map[string]string{"tm-fail": {"reason": "read_balance"}, "tm-pass": nil} {
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, picks)
		a.Mode = training.Test
		if _, err := tdb.SaveAttempt(ctx, a, claimed); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee); err != nil || n != 2 {
		t.Fatalf("uploaded %d: %v", n, err)
	}

	sup := newDesk(t, r.URL, "sup")
	recs, skipped, err := desksync.TeamAttempts(ctx, sup.client, time.Now())
	if err != nil || skipped != 0 || len(recs) != 2 {
		t.Fatalf("%d records, %d skipped: %v", len(recs), skipped, err)
	}
	byID := map[string]training.Record{}
	latest := recs[len(recs)-1].Attempt.ID // crmd lists the oldest first
	for _, rec := range recs {
		byID[rec.Attempt.ID] = rec
		if rec.Attempt.Trainee != crmtest.AttemptTrainee || rec.Report.Trainee != crmtest.AttemptTrainee || rec.Attempt.CRMUser != "tia" ||
			rec.Attempt.Mode != training.Test || rec.Report.RubricVersion == "" || rec.Attempt.Started.IsZero() || len(rec.Report.Criteria) == 0 {
			t.Errorf("record %+v", rec)
		}
	}
	if byID["tm-fail"].Report.Passed || !byID["tm-pass"].Report.Passed {
		t.Errorf("crmd's grades: fail %v, pass %v", byID["tm-fail"].Report.Passed, byID["tm-pass"].Report.Passed)
	}
	// Bounded, the latest are kept.
	defer func(n int) { desksync.MaxTeamAttempts = n }(desksync.MaxTeamAttempts)
	desksync.MaxTeamAttempts = 1
	if recs, _, err := desksync.TeamAttempts(ctx, sup.client, time.Now()); err != nil || len(recs) != 1 || recs[0].Attempt.ID != latest {
		t.Errorf("bounded to one: %+v %v, want %s", recs, err, latest)
	}
	desksync.MaxTeamAttempts = 100
	// Past the window, nothing: what crmd received a year ago and more.
	if recs, _, err := desksync.TeamAttempts(ctx, sup.client, time.Now().Add(desksync.TraineesWindow+time.Hour)); err != nil || len(recs) != 0 {
		t.Errorf("a year on: %d records, %v", len(recs), err)
	}

	ana := newDesk(t, r.URL, "ana")
	if _, _, err := desksync.TeamAttempts(ctx, ana.client, time.Now()); crm.CodeOf(err) != crm.CodeForbidden {
		t.Errorf("an agent lists the trainees' attempts: %v", err)
	}
}

// trainingDB is a desk's training database, closed after the test.
func trainingDB(t *testing.T) *sqlite.DB {
	t.Helper()
	tdb, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "training.db"), sqlite.Training)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tdb.Close() })
	return tdb
}

// claimedPass is the report an edited training database holds: a pass,
// whatever crmd's replay of the call gives.
var claimedPass = training.Report{Scenario: crmtest.AttemptScenario, Total: 100, PassMark: 80, Passed: true, Complete: true}
