package desksync_test

import (
	"context"
	"testing"

	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
)

// crmd files an attempt under the login that sends it, whatever name the
// desk knew the trainee by: one played under tia's login before she
// renamed herself in Settings is still hers, and goes with her login. One
// played under an old name with nobody logged in is not known to be hers
// and stays on the desk, as another login's does.
func TestUploadAttemptsFollowsTheLoginAcrossARename(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	tia := newDesk(t, r.URL, "tia")
	tdb := trainingDB(t)
	save := func(id, trainee, user string) {
		t.Helper()
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, nil)
		a.Trainee, a.CRMUser = trainee, user
		if _, err := tdb.SaveAttempt(ctx, a, claimedPass); err != nil {
			t.Fatal(err)
		}
	}
	save("rn-old", "Tina Old", "tia")
	save("rn-now", crmtest.AttemptTrainee, "tia")
	save("rn-nobody", "Tina Old", "")
	save("rn-tom", "Tom", "tom")

	n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee)
	if err != nil || n != 2 {
		t.Fatalf("uploaded %d: %v", n, err)
	}
	marks, err := tdb.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id, sent := range map[string]bool{"rn-old": true, "rn-now": true, "rn-nobody": false, "rn-tom": false} {
		if got := marks[desksync.UploadedPrefix+id] != ""; got != sent {
			t.Errorf("%s marked %v, want %v", id, got, sent)
		}
	}
	sup := api.Login("sup", crmtest.Password)
	res := api.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	crmtest.Expect(t, res, 200, "list")
	var al struct{ Attempts []struct{ ID string } }
	res.JSON(t, &al)
	if len(al.Attempts) != 2 {
		t.Errorf("crmd holds %+v for tia", al.Attempts)
	}
}
