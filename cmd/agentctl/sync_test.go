package main

// agentctl sync against a real crmd: what it sends, and what it holds.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// agentctl sync holds a case whose conflict waits for a person, as the
// desktop does: the version queued after the refused one must not go out
// on top of the other desk's version and overwrite it unseen.
func TestSyncHoldsACaseWhoseConflictWaits(t *testing.T) {
	api, db, dbPath := anasDesk(t)
	ctx := context.Background()
	svc := &cases.Service{Store: db}
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	if err := svc.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustRun(t, "", "sync", "--db", dbPath)

	// Another desk of ana's saves version 2 on crmd.
	tok := api.Login("ana", crmtest.Password).AccessToken
	theirs := *c
	theirs.Version, theirs.Notes = 2, "from the other desk"
	crmtest.Expect(t, api.PutCase(tok, "other:1", &theirs), 200, "other desk")

	db, _ = sqlite.Open(ctx, dbPath, sqlite.Production)
	svc = &cases.Service{Store: db}
	c.Notes = "mine v2"
	if err := svc.Save(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Notes = "mine v3"
	if err := svc.Save(ctx, c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustRun(t, "", "sync", "--db", dbPath, "--json")
	var got cases.Case
	api.Do("GET", "/v1/cases/"+c.ID, tok, nil, nil).JSON(t, &got)
	if got.Notes != "from the other desk" {
		t.Errorf("the other desk's version 2 was overwritten unseen while its conflict waits: crmd has v%d %q", got.Version, got.Notes)
	}
}

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

// agentctl sync counts the escalations it brought up to date, not every
// one crmd lists on every run.
func TestSyncCountsOnlyChangedEscalations(t *testing.T) {
	api, db, dbPath := anasDesk(t)
	ctx := context.Background()
	now := time.Now()
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES, Status: cases.StatusEscalated,
		Customer:   cases.Customer{Account: "ACC-1001", Name: "Lucía García"},
		Escalation: &cases.Escalation{Ticket: "ESC-1", Criteria: []string{"complex_dispute"}, Priority: "high", Reason: "r", At: now, Status: cases.EscReceived}}
	if err := (&cases.Service{Store: db}).Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustRun(t, "", "sync", "--db", dbPath)
	tok := api.Login("sup", crmtest.Password).AccessToken
	crmtest.Expect(t, api.Do("PUT", "/v1/cases/"+c.ID+"/escalation", tok, nil, crm.EscalationUpdate{Status: crm.EscInProgress}), 200, "move")
	mustRun(t, "", "sync", "--db", dbPath) // brings the move

	var rep syncReport
	if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", dbPath, "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Escalations != 0 {
		t.Errorf("a sync with nothing new reports %d escalation(s) updated", rep.Escalations)
	}
}

// anasDesk is crmd on SQLite and a desk database ana logged in from, open.
func anasDesk(t *testing.T) (*crmtest.API, *sqlite.DB, string) {
	t.Helper()
	r, api := crmtest.StartSQLite(t)
	dbPath := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "ana", "--db", dbPath)
	db, err := sqlite.Open(context.Background(), dbPath, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	return api, db, dbPath
}

// agentctl sync reports what it sent of the login's own: another login's
// refusal of a save with no owner (made under a display name, refused
// under ana's login) is neither sent by ben's sync nor counted as sent.
func TestSyncDoesNotCountAnotherLoginsRefusalAsSent(t *testing.T) {
	_, db, dbPath := anasDesk(t)
	ctx := context.Background()
	c := &cases.Case{Agent: "Ana Pérez", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	if err := (&cases.Service{Store: db}).Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	type report struct {
		Sent     int `json:"sent"`
		SetAside int `json:"set_aside"`
	}
	sync := func(who string) report {
		t.Helper()
		var rep report
		if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", dbPath, "--json")), &rep); err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		return rep
	}
	if rep := sync("ana"); rep.Sent != 0 || rep.SetAside != 1 {
		t.Fatalf("ana's sync: %+v, want the save refused", rep)
	}
	mustRun(t, "", "crm", "logout", "--db", dbPath)
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--user", "ben", "--db", dbPath) // at the desk's crm.url
	if rep := sync("ben"); rep.Sent != 0 || rep.SetAside != 0 {
		t.Errorf("ben's sync, with nothing of his waiting: %+v, want nothing sent nor set aside", rep)
	}
}
