package desksync_test

import (
	"context"
	"testing"
	"time"

	"agentdesk/desksync"
)

// A save made under a display name before anyone logged in ("Ana Pérez")
// has no owner: the next login sends it, and crmd refuses it (it takes a
// case only in its agent's own name). The refusal is that login's, who
// sent it and can see to it, not every login's on a shared desk: ben, at
// his login, is neither shown nor counted ana's. With nobody logged in the
// desk shows everything, as it does every item waiting.
func TestOwnerlessRefusalIsTheSendersOwn(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	d := newDesk(t, r.URL, "ana")
	c := d.newCase(t, "Ana Pérez", "before the login")
	box := desksync.HoldConflicts(d.db)
	w := &desksync.Worker{Client: d.client, Outbox: box, BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
	w.Pass(ctx)
	if p := w.Progress(); p.SetAside != 1 {
		t.Fatalf("the save under a display name: %+v, want it refused by crmd", p)
	}
	for _, tc := range []struct {
		login string
		shown int
	}{{"ana", 1}, {"ben", 0}, {"", 1}} {
		list, err := box.OutboxAsideOf(ctx, tc.login)
		if err != nil {
			t.Fatal(err)
		}
		n, err := box.OutboxStats(ctx, tc.login)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != tc.shown || n.Aside != tc.shown {
			t.Errorf("login %q: shown %d, counted %d refusals of %s, want %d", tc.login, len(list), n.Aside, c.ID, tc.shown)
		}
	}
}
