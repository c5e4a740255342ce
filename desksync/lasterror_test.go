package desksync_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
)

// crmd failing saves (500) leaves why in the progress, for the status bar
// to tell the agent; once they go through, the reason goes too, or the
// desk would go on saying crmd fails what it takes.
func TestTheLastErrorClearsWhenSavesGoThrough(t *testing.T) {
	r, _ := start(t)
	var failing atomic.Bool
	failing.Store(true)
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if failing.Load() && req.Method != http.MethodGet && !strings.HasPrefix(req.URL.Path, "/v1/auth/") {
			http.Error(w, `{"error":{"code":"internal","message":"boom"}}`, http.StatusInternalServerError)
			return true
		}
		return false
	})
	d := newDesk(t, front.URL, "ana")
	d.newCase(t, "ana", "a call")
	w := d.worker()
	w.SendNow = true
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 1 || p.LastError != crm.CodeInternal {
		t.Fatalf("crmd failing the save: %+v", p)
	}
	failing.Store(false)
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 0 || p.LastError != "" {
		t.Fatalf("the save went through: %+v", p)
	}
}

// sentFails is an outbox whose record of what crmd took fails (the desk's
// disk full, its database locked by another program).
type sentFails struct{ desksync.Outbox }

func (sentFails) MarkOutboxSent(context.Context, []int64) error {
	return errors.New("database is locked")
}

// crmd took the save but the desk could not record it: the reason is the
// desk's own database, not crmd failing, which the bar would blame.
func TestTheDesksOwnDatabaseFailingIsNotCRMFailing(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	d.newCase(t, "ana", "a call")
	w := d.worker()
	w.Outbox = sentFails{d.db}
	w.SendNow = true
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 1 || p.LastError != desksync.CodeDeskStore {
		t.Fatalf("crmd took the save, the desk could not record it: %+v", p)
	}
}

// crmd already holds this very version under another key, and the desk
// could not record that it went: the desk's database is said, as for any
// send it could not record, not nothing (the log had no word of it
// either).
func TestTheSameVersionNotRecordedSaysTheDesksDatabase(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	w, _ := d.heldWorker()
	c := d.newCase(t, "ana", "first")
	drain(t, w, d)
	d.save(t, c, "second")
	tok := api.Login("ana", crmtest.Password).AccessToken
	crmtest.Expect(t, api.PutCase(tok, "another-key-v2", c), 200, "the same version under another key")
	w.Outbox = desksync.HoldConflicts(sentFails{d.db})
	w.SendNow = true
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 1 || p.LastError != desksync.CodeDeskStore {
		t.Fatalf("crmd holds the version, the desk could not record it: %+v", p)
	}
}
