package crmtest

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/server"
	"agentdesk/playbook"
	"agentdesk/training"
)

// otherTraining is training content other than the embedded one: the
// engine's test pack, which lacks AttemptScenario. A crmd given it grades
// differently, as one upgraded between a send and its resend would.
func otherTraining(t testing.TB) *training.Content {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no source path for the training test pack")
	}
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(here), "..", "..", "training", "testdata", "engine")
	c, err := training.Load(os.DirFS(dir), "training/testdata/engine", pb)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// RunAttemptResend holds a crmd on store to what a resent training attempt
// is answered: a desk that did not see the answer to an upload sends it
// again, to the same crmd or to another instance whose training content
// changed in between. crmd owns grades, so each resend is answered what
// was stored, byte for byte, and nothing is stored twice.
func RunAttemptResend(t *testing.T, store crm.Store) {
	SeedUsers(t, store)
	first := Start(t, store)
	second := StartWithKeys(t, store, first.KeysDir, first.Keys, "127.0.0.1:0",
		func(cfg *server.Config) { cfg.Training = otherTraining(t) })
	a1, a2 := NewAPI(t, first.URL), NewAPI(t, second.URL)
	tia := a1.Login("tia", Password)
	up := AttemptUpload(t, PlayAttempt(t, "resend-1", AttemptScenario, nil))
	stored := a1.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	Expect(t, stored, 201, "the first send")
	for _, r := range []struct {
		name string
		api  *API
	}{{"the same crmd", a1}, {"a crmd with other training content", a2}} {
		res := r.api.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
		Expect(t, res, 200, "resent to "+r.name)
		// As JSON values: PostgreSQL keeps the report as jsonb, in an
		// order and spacing of its own.
		var got, want any
		res.JSON(t, &got)
		stored.JSON(t, &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("resent to %s, answered\n%s\nnot what was stored\n%s", r.name, res.Body, stored.Body)
		}
	}
	sup := a1.Login("sup", Password)
	l := a1.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	Expect(t, l, 200, "list")
	var al crm.AttemptList
	l.JSON(t, &al)
	if len(al.Attempts) != 1 {
		t.Errorf("stored %d attempts, want 1: %+v", len(al.Attempts), al.Attempts)
	}
}
