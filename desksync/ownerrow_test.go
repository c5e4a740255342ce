package desksync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/desksync"
)

// The login an owner-less save went out under becomes the outbox row's
// owner in the transaction that records crmd's answer: the outbox read
// on its own, with nothing else of the desk's, already shows a refusal
// and the conflict after it to ana and not to ben, so no crash between
// two writes can leave them every login's. Nothing about them is kept in
// the desk's settings.
func TestOwnerlessOutcomeTakesTheSenderInTheOutbox(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	d := newDesk(t, r.URL, "ana")
	c := d.newCase(t, "Ana Pérez", "before the login")
	d.save(t, c, "still before the login")
	w := &desksync.Worker{Client: d.client, Outbox: desksync.HoldConflicts(d.db), BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
	for i := 0; i < 5 && w.Progress().Conflicts == 0; i++ {
		w.Pass(ctx)
	}
	if p := w.Progress(); p.SetAside != 1 || p.Conflicts != 1 {
		t.Fatalf("two saves under a display name: %+v, want the first refused and the second in conflict", p)
	}
	for _, tc := range []struct {
		login string
		shown int
	}{{"ana", 1}, {"ben", 0}} {
		aside, err := d.db.OutboxAsideOf(ctx, tc.login)
		if err != nil {
			t.Fatal(err)
		}
		n, err := d.db.OutboxStats(ctx, tc.login)
		if err != nil {
			t.Fatal(err)
		}
		if len(aside) != tc.shown || n.Aside != tc.shown || n.Conflicts != tc.shown {
			t.Errorf("the outbox shows %q %d refusals, counts %d refusals and %d conflicts of %s, want %d each",
				tc.login, len(aside), n.Aside, n.Conflicts, c.ID, tc.shown)
		}
	}
	conflicts, err := d.db.OutboxConflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, cf := range conflicts {
		if cf.Owner != "ana" {
			t.Errorf("conflict of %s owned by %q, want ana", cf.CaseID, cf.Owner)
		}
	}
	kv, err := d.db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k := range kv {
		if strings.HasPrefix(k, "sync.refused_under.") {
			t.Errorf("setting %s kept beside the outbox", k)
		}
	}
}
