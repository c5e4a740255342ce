package desksync_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// crmd refusing (401) the token a refresh has just given is a session
// the desk cannot use: trying it again every poll sends nothing, and the
// agent must be told to log in again, with their saves kept for then.
func TestSyncerTokenRefusedAfterARefreshEndsTheSession(t *testing.T) {
	r, _ := start(t)
	var armed atomic.Bool
	var refused atomic.Int32
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if armed.Load() && !strings.HasPrefix(req.URL.Path, "/v1/auth/") {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"code":"unauthorized","message":"token refused"}}`))
			return true
		}
		return false
	})
	d := newSyncDesk(t, front.URL, "ana")
	d.s.Start(front.URL, "ana")
	d.waitFor("online", func() bool { return d.s.Status().Online })
	armed.Store(true)
	d.save(&cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}})
	d.waitFor("asked to log in again", func() bool {
		st := d.s.Status()
		return st.SessionEnded && !st.LoggedIn && st.EndedUser == "ana" && st.Waiting == 1
	})
	n := refused.Load()
	d.s.RefreshNow()
	d.waitFor("still waiting", func() bool { return d.s.Status().Waiting == 1 })
	if more := refused.Load() - n; more > 1 {
		t.Errorf("%d more requests refused after the session ended", more)
	}
}
