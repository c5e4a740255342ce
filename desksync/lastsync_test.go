package desksync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// On a desk several people log in to, "last synced" is each login's own:
// ben, who has sent nothing, is not shown when ana's saves went; ana sees
// hers again at her next login, and after the app starts again.
func TestLastSyncIsPerLogin(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	d.waitFor("online", func() bool { st := d.s.Status(); return st.Known && st.Online && st.User == "ana" })
	d.save(&cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}})
	d.waitFor("ana's save sent", func() bool { st := d.s.Status(); return st.Waiting == 0 && !st.LastSync.IsZero() })
	anas := d.s.Status().LastSync

	if err := d.s.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if st := d.s.Status(); !st.LastSync.IsZero() {
		t.Errorf("nobody logged in, the bar shows ana's last sync %v", st.LastSync)
	}
	if _, err := d.s.Login(ctx, "ben", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	d.waitFor("ben online", func() bool { st := d.s.Status(); return st.Known && st.Online && st.User == "ben" })
	if st := d.s.Status(); !st.LastSync.IsZero() {
		t.Errorf("ben, who sent nothing, is shown ana's last sync %v", st.LastSync)
	}
	if err := d.s.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.Login(ctx, "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	d.waitFor("ana's last sync again", func() bool { return d.s.Status().LastSync.Equal(anas) })

	// The app started again on the same desk: ana's is kept, ben has none.
	for user, want := range map[string]time.Time{"ana": anas, "ben": {}} {
		s := desksync.New(desksync.Config{Connect: crmtest.DeskConnect(t, r.URL, filepath.Join(t.TempDir(), "data"), user),
			Outbox: d.db, Settings: d.db, Pull: 40 * time.Millisecond, Slow: time.Hour})
		t.Cleanup(s.Stop)
		s.Start(r.URL, user)
		deadline := time.Now().Add(10 * time.Second)
		for st := s.Status(); !(st.Known && st.User == user && st.LastSync.Equal(want)); st = s.Status() {
			if time.Now().After(deadline) {
				t.Fatalf("%s after a restart: last sync %v, want %v", user, st.LastSync, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}
