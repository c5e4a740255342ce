package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/sqlite"
)

// An approval the app made on this desk and that waits to be sent is
// recorded under the desk's agent name, which crmd counts under the
// login once it arrives. team approve counted the login's only, and let
// an approval through that the app refuses on the same desk and crmd
// then sets aside as past the supervisor's authority on the case.
func TestTeamApproveCountsWhatWaitsUnderTheDesksName(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 20000, 10000)
	supDB := deskOf(t, agentDB, "sup")
	mustRun(t, "", "sync", "--db", supDB)
	ctx := context.Background()
	sdb, err := sqlite.Open(ctx, supDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	if err := sdb.SetSetting(ctx, cases.KeyAgent, "Sara Supervisora"); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, sdb, c.ID, 0, true, "", desksync.Actor{Name: "Sara Supervisora", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	_, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--action", "1", "--db", supDB)
	if code != 1 || !strings.Contains(errs, "you approved $200.00 on this case already") {
		t.Errorf("approving $100 after $200 waiting under the desk's name: exit %d %q", code, errs)
	}
}
