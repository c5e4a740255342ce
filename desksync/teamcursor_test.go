package desksync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// A supervisor's desk restarted reads the team's queue on from the cursor
// it kept, not the centre's whole history again; the queue it held stays.
func TestSyncerKeepsTheTeamCursorAcrossARestart(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	ana := newDesk(t, r.URL, "ana")
	if err := ana.svc.Create(ctx, escalated("C-A", "ana", "high", 0)); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)

	// crmd behind a proxy that notes where each team refresh starts.
	target, err := url.Parse(r.URL)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var starts []string
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/v1/team/") && req.URL.Query().Get("cursor") == "" {
			mu.Lock()
			starts = append(starts, req.URL.Query().Get("updated_since"))
			mu.Unlock()
		}
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	refreshes := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), starts...)
	}

	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	sessions := filepath.Join(dir, "data")
	connect := crmtest.DeskConnect(t, srv.URL, sessions, "sup")
	run := func() *desksync.Syncer {
		s := desksync.New(desksync.Config{Connect: connect, Outbox: db, Team: db, DataDir: sessions,
			Pull: 30 * time.Millisecond, Slow: time.Hour})
		s.Start(srv.URL, "sup")
		return s
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; refreshes %q", what, refreshes())
			}
		}
	}

	s := run()
	wait("the queue and its cursor kept", func() bool {
		u, at, err := db.TeamCursor(ctx)
		_, terr := db.TeamCase(ctx, "C-A")
		return err == nil && terr == nil && u == srv.URL && !at.IsZero()
	})
	if first := refreshes(); first[0] != "" {
		t.Fatalf("the first refresh ever started at %q", first[0])
	}
	s.Stop()

	mu.Lock()
	starts = nil
	mu.Unlock()
	s = run()
	defer s.Stop()
	wait("a refresh after the restart", func() bool { return len(refreshes()) > 0 })
	if got := refreshes()[0]; got == "" {
		t.Error("the restarted desk read the whole queue again")
	}
	if _, err := db.TeamCase(ctx, "C-A"); err != nil {
		t.Errorf("the queue held before: %v", err)
	}
}
