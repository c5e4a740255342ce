package desksync_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
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
	tdb := trainingDB(t)

	claimed := claimedPass
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

// crmd records training attempts only from the roles crm.AttemptRoles
// names; every other login's upload is refused (an admin's: 403). The
// list the desk decides by is crmd's.
func TestAttemptRolesAreTheRolesCrmdRecords(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	for user, role := range map[string]crm.Role{"tia": crm.RoleTrainee, "ana": crm.RoleAgent, "sup": crm.RoleSupervisor, "admin": crm.RoleAdmin} {
		d := newDesk(t, r.URL, user)
		a := crmtest.PlayAttempt(t, "roles-"+user, crmtest.AttemptScenario, nil)
		up, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.client.PostAttempt(ctx, crm.TrainingAttempt{ID: a.ID, Scenario: a.Scenario, Attempt: up})
		if want := slices.Contains(crm.AttemptRoles, role); (err == nil) != want {
			t.Errorf("%s (%s) uploading an attempt: %v; the desk expects it taken: %v", user, role, err, want)
		}
	}
}

// An admin's login is not one crmd records attempts from: the desk sends
// none under it (crmd refused each, and the refusal marked them for good,
// a trainee's or an agent's made before the login among them). Those wait
// for a login crmd takes them from; the admin's own are kept on the desk
// and counted, so the person can be told once.
func TestUploadAttemptsSendsNothingUnderARoleCrmdRefuses(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	admin := newDesk(t, r.URL, "admin")
	tdb := trainingDB(t)
	claimed := training.Report{Scenario: crmtest.AttemptScenario, Total: 100, PassMark: 80, Passed: true, Complete: true}
	for id, user := range map[string]string{"before-login": "", "the-admins": "admin"} {
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, nil)
		a.CRMUser = user
		if _, err := tdb.SaveAttempt(ctx, a, claimed); err != nil {
			t.Fatal(err)
		}
	}
	n, err := desksync.UploadAttempts(ctx, admin.client, tdb, crmtest.AttemptTrainee)
	if err != nil || n != 0 {
		t.Fatalf("uploaded %d under an admin's login: %v", n, err)
	}
	marks, err := tdb.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"before-login", "the-admins"} {
		if v := marks[desksync.UploadedPrefix+id]; v != "" {
			t.Errorf("%s marked %q under an admin's login", id, v)
		}
	}
	if held, err := desksync.AttemptsNotRecorded(ctx, tdb, crmtest.AttemptTrainee, "admin", crm.RoleAdmin); err != nil || held != 1 {
		t.Errorf("the admin's attempts not recorded: %d %v, want 1", held, err)
	}
	if held, err := desksync.AttemptsNotRecorded(ctx, tdb, crmtest.AttemptTrainee, "tia", crm.RoleTrainee); err != nil || held != 0 {
		t.Errorf("a trainee's attempts not recorded: %d %v, want 0", held, err)
	}

	// A trainee's login then sends the one made before any login.
	tia := newDesk(t, r.URL, "tia")
	if n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee); err != nil || n != 1 {
		t.Errorf("uploaded %d under the trainee's login: %v, want the one made before any login", n, err)
	}
}

// The desk's sync under an admin's login sends none of the attempts and
// says in Status how many of this login's stay unrecorded, for the status
// bar to tell the person once.
func TestSyncerCountsAttemptsCrmdDoesNotRecordForTheRole(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	d := newSyncDesk(t, r.URL, "admin")
	a := crmtest.PlayAttempt(t, "admins-practice", crmtest.AttemptScenario, nil)
	a.CRMUser = "admin"
	if _, err := d.tdb.SaveAttempt(ctx, a, training.Report{Scenario: crmtest.AttemptScenario}); err != nil {
		t.Fatal(err)
	}
	d.s.Start(r.URL, crmtest.AttemptTrainee)
	d.waitFor("the admin's attempt counted", func() bool { return d.s.Status().AttemptsNotRecorded == 1 })
	if marks, err := d.tdb.AllSettings(ctx); err != nil || marks[desksync.UploadedPrefix+a.ID] != "" {
		t.Errorf("the admin's attempt marked %q %v", marks[desksync.UploadedPrefix+a.ID], err)
	}
}
