package desksync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// The first save after a start or a login, with nothing sent yet under
// it, goes out at once: the worker is not known to be offline, so it is
// not left to its next poll (10 s).
func TestFirstSaveAfterALoginGoesAtOnce(t *testing.T) {
	r, api := start(t)
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	s := desksync.New(desksync.Config{
		Connect: crmtest.DeskConnect(t, r.URL, filepath.Join(dir, "data"), "ana"), Outbox: db,
		Pull: time.Hour, Slow: time.Hour, // the production defaults are 15 s and 5 min
		Tune: func(w *desksync.Worker) { w.Poll = 8 * time.Second }, // production: 10 s
	})
	t.Cleanup(s.Stop)
	s.Start(r.URL, "ana")
	for deadline := time.Now().Add(10 * time.Second); !(s.Status().Known && s.Status().Online); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never online: %+v", s.Status())
		}
	}
	time.Sleep(300 * time.Millisecond) // the worker's first pass: nothing to send

	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	if err := (&cases.Service{Store: db}).Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	s.Saved()
	tok := api.Login("ana", crmtest.Password).AccessToken
	deadline := time.Now().Add(3 * time.Second)
	for api.Do("GET", "/v1/cases/"+c.ID, tok, nil, nil).Status != 200 {
		if time.Now().After(deadline) {
			t.Fatalf("a save made while online still waits 3 s later; status %+v", s.Status())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// crmd holding exactly this version, stored under another key, is no
// conflict: what crmd sets itself (when it first stored the case, the
// token's role) is not a difference.
func TestTheSameVersionUnderAnotherKeyIsNoConflict(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	w, told := d.heldWorker()
	c := d.newCase(t, "ana", "first")
	drain(t, w, d)
	d.save(t, c, "second")
	// The very same version 2 reaches crmd under another key first.
	tok := api.Login("ana", crmtest.Password).AccessToken
	crmtest.Expect(t, api.PutCase(tok, "another-key-v2", c), 200, "the same version under another key")
	p := drain(t, w, d)
	if p.Conflicts != 0 || len(*told) != 0 {
		t.Fatalf("an identical version is reported as a conflict: %+v", p)
	}
}

// crmd refused version 2 for good; another desk then wrote its own
// version 2. This desk's version 3, built on its refused 2, is not sent on
// that base (crmd would take it on top of the other desk's, unseen): it is
// set beside crmd's copy as a conflict for the agent to choose.
func TestAfterARefusalTheNextVersionDoesNotOverwriteAnotherDesk(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	w, told := d.heldWorker()

	c, theirs := d.refusedSecondVersion(t, w)
	tok := api.Login("ana", crmtest.Password).AccessToken
	theirs.Version, theirs.Notes = 2, "from the other desk" // as another desk of ana's writes it
	crmtest.Expect(t, api.PutCase(tok, "other-desk:v2", &theirs), 200, "the other desk's v2")

	c.Escalation.Priority = "normal"
	d.save(t, c, "mine, v3") // built on this desk's refused v2, not on the other desk's
	drain(t, w, d)
	onCRM, err := r.Store.GetCase(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if onCRM.Case.Notes != "from the other desk" || len(*told) != 1 {
		t.Fatalf("the other desk's v2 was overwritten unseen: crmd has v%d %q; conflicts told: %d", onCRM.Case.Version, onCRM.Case.Notes, len(*told))
	}
}

// refusedSecondVersion sends a case's version 1, then a version 2 crmd
// refuses for good (a priority its pack does not have). It returns the
// case as this desk holds it and crmd's version 1.
func (d *desk) refusedSecondVersion(t *testing.T, w *desksync.Worker) (mine *cases.Case, crmds cases.Case) {
	t.Helper()
	mine = d.newCase(t, "ana", "first")
	drain(t, w, d)
	crmds = *mine
	mine.Status = cases.StatusEscalated
	mine.Escalation = &cases.Escalation{Ticket: "ESC-R2", Criteria: []string{"exceeds_authority"}, Priority: "no_such_priority", Reason: "refund", At: time.Now()}
	d.save(t, mine, "escalated")
	if p := drain(t, w, d); p.SetAside != 1 {
		t.Fatalf("after version 2: %+v", p)
	}
	return mine, crmds
}

// heldWorker is the worker as the app and agentctl run it (conflicts
// held), with the conflicts it tells of.
func (d *desk) heldWorker() (*desksync.Worker, *[]crm.Conflict) {
	w := d.worker()
	w.Outbox = desksync.HoldConflicts(d.db)
	told := &[]crm.Conflict{}
	w.OnConflict = func(c crm.Conflict) { *told = append(*told, c) }
	return w, told
}

// A version after a refused one, due while crmd is down, leaves the
// worker offline (and backing off), not "online" with nothing sent.
func TestAfterARefusalOfflineIsOffline(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	w, _ := d.heldWorker()
	c, _ := d.refusedSecondVersion(t, w)
	r.Stop()
	c.Escalation.Priority = "normal"
	d.save(t, c, "mine, v3, offline")
	w.Pass(context.Background())
	if p := w.Progress(); p.Online || p.LastError != crm.CodeOffline {
		t.Fatalf("crmd is down, yet the worker reports %+v", p)
	}
}
