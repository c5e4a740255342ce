package desksync_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/training"
)

// The desk's upload path end to end, through crmd on SQLite: crmd stores
// its own grade of each attempt record, whatever the desk's training
// database says the grade was; an attempt crmd refuses for good is marked
// with the code and not sent again; one naming content crmd does not have
// yet is left for a later sync without holding up the others; another
// trainee's waits for their own login.
func TestUploadAttemptsStoresCrmdsGrade(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	tia := newDesk(t, r.URL, "tia")
	tdb, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "training.db"), sqlite.Training)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tdb.Close() })

	// claimed is the report an edited training database holds: a pass.
	claimed := training.Report{Scenario: crmtest.AttemptScenario, Total: 100, PassMark: 80, Passed: true, Complete: true}
	save := func(id string, picks map[string]string, edit func(*training.Attempt)) {
		t.Helper()
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, picks)
		if edit != nil {
			edit(&a)
		}
		if _, err := tdb.SaveAttempt(ctx, a, claimed); err != nil {
			t.Fatal(err)
		}
	}
	save("up-fail", map[string]string{"reason": "read_balance"}, nil)
	// A track holding the scenario; played while tia was logged in.
	save("up-pass", nil, func(a *training.Attempt) { a.Track, a.CRMUser = "billing_2", "tia" })
	// Another trainee's, on this shared desk: it waits for their login.
	save("up-other", nil, func(a *training.Attempt) { a.CRMUser = "tom" })
	save("up-later", nil, func(a *training.Attempt) { a.RubricVersion = "2099.1" })
	save("up-norubric", nil, func(a *training.Attempt) { a.RubricVersion = "" })
	save("up-edited", nil, func(a *training.Attempt) {
		for i, e := range a.Events {
			if e.Kind == training.EvChoice {
				a.Events[i].Choice = "not_offered"
				return
			}
		}
	})

	n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee)
	if err != nil || n != 2 {
		t.Fatalf("uploaded %d: %v", n, err)
	}
	marks, err := tdb.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"up-norubric": "refused: " + string(crm.CodeNoRubricVersion),
		"up-edited":   "refused: " + string(crm.CodeNotReplayable),
		"up-later":    "",
		"up-other":    "",
	} {
		if got := marks[desksync.UploadedPrefix+id]; got != want {
			t.Errorf("%s marked %q, want %q", id, got, want)
		}
	}
	for _, id := range []string{"up-fail", "up-pass"} {
		if v := marks[desksync.UploadedPrefix+id]; v == "" || v[:7] == "refused" {
			t.Errorf("%s marked %q", id, v)
		}
	}

	sup := api.Login("sup", crmtest.Password)
	res := api.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	crmtest.Expect(t, res, 200, "list")
	var al crm.AttemptList
	res.JSON(t, &al)
	got := map[string]crm.TrainingAttempt{}
	for _, a := range al.Attempts {
		got[a.ID] = a
	}
	if len(got) != 2 {
		t.Fatalf("crmd holds %d attempts: %+v", len(got), al.Attempts)
	}
	if f := got["up-fail"]; f.Passed || f.Score != 88 || f.MaxScore != 100 { // a total of 88.7, rounded down
		t.Errorf("the failing attempt the desk calls a pass: stored %d/%d passed %v", f.Score, f.MaxScore, f.Passed)
	}
	if p := got["up-pass"]; !p.Passed || p.Score != 100 {
		t.Errorf("the passing attempt: stored %d passed %v", p.Score, p.Passed)
	}
	// The track went beside the record, where a crmd of any release takes
	// it, and crmd graded against the track's pass mark.
	if p := got["up-pass"]; p.Track != "billing_2" || !strings.Contains(string(p.Details), `"pass_mark":85`) {
		t.Errorf("the attempt played for a track: track %q, report %s", p.Track, p.Details)
	}

	// The next sync sends nothing new: the one crmd could not grade yet
	// goes again, and is again left for later.
	if n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee); err != nil || n != 0 {
		t.Errorf("second sync: %d %v", n, err)
	}
}
