package desksync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
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

// A version saved after an owner-less one crmd refused is set beside
// crmd's copy as a conflict (its base never reached crmd). That conflict
// is the login's that sent the refused version, as the refusal is: ana is
// shown and counted it, ben is neither, and with nobody logged in the
// desk shows it, as every item waiting.
func TestOwnerlessConflictIsTheSendersOwn(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	d := newDesk(t, r.URL, "ana")
	c := d.newCase(t, "Ana Pérez", "before the login")
	d.save(t, c, "still before the login")
	box := desksync.HoldConflicts(d.db)
	w := &desksync.Worker{Client: d.client, Outbox: box, BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
	for i := 0; i < 5 && w.Progress().Conflicts == 0; i++ {
		w.Pass(ctx)
	}
	if p := w.Progress(); p.SetAside != 1 || p.Conflicts != 1 {
		t.Fatalf("two saves under a display name: %+v, want the first refused and the second in conflict", p)
	}
	for _, tc := range []struct {
		login string
		shown int
	}{{"ana", 1}, {"ben", 0}, {"", 1}} {
		s := desksync.New(desksync.Config{Outbox: d.db, Settings: d.db, Pull: time.Hour, Slow: time.Hour,
			Connect: crmtest.DeskConnect(t, r.URL, filepath.Join(t.TempDir(), "data"), tc.login)})
		t.Cleanup(s.Stop)
		if tc.login != "" {
			s.Start(r.URL, tc.login)
			deadline := time.Now().Add(10 * time.Second)
			for st := s.Status(); !(st.Known && st.User == tc.login); st = s.Status() {
				if time.Now().After(deadline) {
					t.Fatalf("%s never logged in: %+v", tc.login, st)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		list, err := s.Conflicts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, err := box.OutboxStats(ctx, tc.login)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != tc.shown || n.Conflicts != tc.shown {
			t.Errorf("login %q: shown %d, counted %d conflicts of %s, want %d", tc.login, len(list), n.Conflicts, c.ID, tc.shown)
		}
	}
}
