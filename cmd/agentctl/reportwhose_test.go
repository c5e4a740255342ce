package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/sqlite"
)

// report reasons counts what the reports screen counts for the same desk:
// on a desk shared by agents, the signed-in agent's cases; on a
// supervisor's, the team's. It counted everyone's on an agent's desk.
func TestReportReasonsCountsWhatTheReportsScreenCounts(t *testing.T) {
	for _, tc := range []struct {
		role cases.Role
		want int
	}{
		{cases.RoleAgent, 1},
		{cases.RoleSupervisor, 2},
	} {
		db := filepath.Join(t.TempDir(), "agentdesk.db")
		mustRun(t, "", "config", "set", "--db", db, "agent.name", "ana")
		mustRun(t, "", "config", "set", "--db", db, "agent.role", string(tc.role))
		store, err := sqlite.Open(context.Background(), db, sqlite.Production)
		if err != nil {
			t.Fatal(err)
		}
		for _, agent := range []string{"ana", "ben"} {
			c := crmtest.NewCase("C-WHO-"+agent, agent)
			c.Status, c.Reason, c.ClosedAt = cases.StatusClosed, "billing.promo_expired", time.Now()
			if err := store.CreateCase(context.Background(), c, nil); err != nil {
				t.Fatal(err)
			}
		}
		store.Close()
		var rep struct {
			ByCode map[string][2]int `json:"by_code"`
		}
		out := filepath.Join(t.TempDir(), "reasons.pdf")
		if err := json.Unmarshal([]byte(mustRun(t, "", "report", "reasons", "--db", db, "--out", out, "--json")), &rep); err != nil {
			t.Fatal(err)
		}
		// This week, or the last one at midnight.
		if got := rep.ByCode["billing.promo_expired"][0] + rep.ByCode["billing.promo_expired"][1]; got != tc.want {
			t.Errorf("%s's desk shared with ben: %d cases counted, want %d", tc.role, got, tc.want)
		}
	}
}
