package desksync_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// Any request may be the one that finds crmd has ended the session (its
// refresh refused), not only the pull's statuses: the playbook fetch of a
// round whose statuses came back, or a customer lookup between pulls. The
// desk tells it as an ended session whichever it was, never as a plain
// logout, so the person is asked to log in again as the same user.
func TestSyncerSessionEndedByAnyRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   string // the path whose first request after arming finds the session over
		ask  func(d *syncDesk)
	}{
		// The round's statuses were answered under the live session; the
		// clock moves before its playbook fetch.
		{name: "playbook fetch", at: "/v1/playbook"},
		{name: "customer lookup", at: "/v1/customers/", ask: func(d *syncDesk) {
			if !d.s.LookupCustomer("ACC-1001", func(*cases.Customer) {}) {
				d.t.Fatal("the lookup was not sent")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var now atomic.Int64
			now.Store(time.Now().UnixMicro())
			r, _ := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.UnixMicro(now.Load()).UTC() } })
			var armed, jumped atomic.Bool
			front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
				if jumped.Load() && req.URL.Path == "/v1/escalations" {
					// Only the request under test meets the ended
					// session: the pulls after it find crmd busy.
					w.WriteHeader(http.StatusServiceUnavailable)
					return true
				}
				if armed.Load() && strings.HasPrefix(req.URL.Path, tc.at) && jumped.CompareAndSwap(false, true) {
					now.Add((90 * 24 * time.Hour).Microseconds()) // ana's tokens are over
				}
				return false
			})
			d := anaOnlineWithBensSave(t, front.URL)
			armed.Store(true)
			if tc.ask != nil {
				tc.ask(d)
			}
			d.waitFor("the clock moved", jumped.Load)
			d.waitFor("session ended", func() bool { st := d.s.Status(); return st.SessionEnded && !st.LoggedIn })
			d.waitFor("everything pending", func() bool { st := d.s.Status(); return st.Others == 0 && st.Waiting == 1 })
			if st := d.s.Status(); st.EndedUser != "ana" || st.EndedRole != crm.RoleAgent {
				t.Errorf("ended session's user %q, role %q", st.EndedUser, st.EndedRole)
			}
		})
	}
}

// A lookup that finds the session over tells it at once, not at the next
// pull, which may be a quarter of a minute away.
func TestSyncerLookupTellsTheSessionEndedAtOnce(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Now().UnixMicro())
	r, _ := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.UnixMicro(now.Load()).UTC() } })
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	s := desksync.New(desksync.Config{
		Connect: crmtest.DeskConnect(t, r.URL, filepath.Join(dir, "data"), "ana"), Outbox: db,
		Pull: time.Hour, Slow: time.Hour, // only the first round, at the start
	})
	t.Cleanup(s.Stop)
	s.Start(r.URL, "ana")
	d := &syncDesk{t: t, s: s}
	d.waitFor("online", func() bool { st := s.Status(); return st.Online && st.User == "ana" })
	now.Add((90 * 24 * time.Hour).Microseconds()) // ana's tokens are over
	if !s.LookupCustomer("ACC-1001", func(*cases.Customer) {}) {
		t.Fatal("the lookup was not sent")
	}
	d.waitFor("session ended", func() bool { st := s.Status(); return st.SessionEnded && st.EndedUser == "ana" })
}
