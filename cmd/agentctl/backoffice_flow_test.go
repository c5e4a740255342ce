package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// agentctl sync says how many escalations it brought up to date; it counts
// every escalation crmd lists, changed or not, on every run.
func TestSyncCountsOnlyChangedEscalations(t *testing.T) {
	r, api := crmtest.StartSQLite(t)
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "ana", "--db", dbPath)
	db, err := sqlite.Open(ctx, dbPath, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
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
