package crm_test

import (
	"context"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// The app and agentctl on the same data folder share the session file.
// When one of them has refreshed, the other does not present the refresh
// token it holds in memory, which crmd has consumed: crmd would take that
// for a stolen copy and end the session on both.
func TestASessionRefreshedByAnotherProcessIsTakenUp(t *testing.T) {
	clk := &clock{t: time.Now()}
	r, _ := crmtest.StartSQLite(t, func(c *server.Config) { c.Now = clk.now })
	dir := t.TempDir()
	app, err := crm.NewClient(r.URL, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	app.Now = clk.now
	if _, err := app.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	// agentctl, run beside the app a quarter of an hour later.
	clk.add(16 * time.Minute)
	ctl, err := crm.NewClient(r.URL, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctl.Now = clk.now
	if _, err := ctl.ListCases(context.Background(), time.Time{}, "", 0); err != nil {
		t.Fatalf("agentctl: %v", err)
	}
	// The app's next request finds its own access token over too.
	if _, err := app.ListCases(context.Background(), time.Time{}, "", 0); err != nil {
		t.Errorf("the app after agentctl refreshed: %v", err)
	}
	if _, err := ctl.ListCases(context.Background(), time.Time{}, "", 0); err != nil {
		t.Errorf("agentctl after the app: %v", err)
	}
}
