package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// crmd answers case writes 500 (a failing store): one agentctl sync tries
// the item and leaves it for the next sync, instead of resending it back
// to back.
func TestSyncDoesNotHammerAFailingCrmd(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	u, _ := url.Parse(r.URL)
	rp := httputil.NewSingleHostReverseProxy(u)
	var hits atomic.Int64
	px := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/v1/cases") && req.Method != "GET" {
			hits.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(500)
			w.Write([]byte(`{"error":{"code":"internal","message":"x"}}`))
			return
		}
		rp.ServeHTTP(w, req)
	}))
	defer px.Close()
	dbPath := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", px.URL, "--user", "ana", "--db", dbPath)
	db, err := sqlite.Open(context.Background(), dbPath, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	if err := (&cases.Service{Store: db}).Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustRun(t, "", "sync", "--db", dbPath, "--json")
	if hits.Load() > 2 {
		t.Errorf("one sync hammered crmd with %d requests for one item", hits.Load())
	}
}
