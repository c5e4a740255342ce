package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// An admin logged in at a supervisor's desk works the team queue as a
// supervisor does: the Team area shows, and an amount above a
// supervisor's limit (250 in the default pack) but within theirs (1,000)
// is theirs to approve. The same amount at a supervisor's login offers
// Deny only.
func TestAdminWorksTheTeamQueue(t *testing.T) {
	for _, tc := range []struct {
		name        string
		workstation cases.Role
		login       cases.Role
		team        bool
		approves    bool
	}{
		{"admin at a supervisor's desk", cases.RoleSupervisor, cases.RoleAdmin, true, true},
		// The desk's role is held to crmd's, never raised by it: at a desk
		// set to agent, an admin works as an agent, as a supervisor does.
		{"admin at a desk set to agent", cases.RoleAgent, cases.RoleAdmin, false, false},
		{"supervisor", cases.RoleSupervisor, cases.RoleSupervisor, true, false},
		{"agent at a supervisor's desk", cases.RoleSupervisor, cases.RoleAgent, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "lead", cases.KeyRole: string(tc.workstation), cases.KeyUILang: "en"})
			big := teamCase("C-400", "ana", "Margaret O'Neill", "high", fixedNow.Add(-time.Hour), 24, 40_000)
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{big}, fixedNow); err != nil {
				t.Fatal(err)
			}
			h.app.sync.st = desksync.Status{Configured: true, Known: true, Online: true, LoggedIn: true, User: "lead", Role: tc.login}
			h.app.render()
			h.app.show("team")
			ts := h.app.teamScreen()
			shown := ts != nil && ts.list != nil && h.app.allowed("team")
			if shown != tc.team {
				t.Fatalf("the Team area shown: %v, want %v (desk role %s)", shown, tc.team, h.app.role())
			}
			if !tc.team {
				return
			}
			ts.reload()
			ts.list.Select(0)
			tr := h.app.t
			approve := findButton(h.app.Window().Content(), tr.S("team.decide.approve"))
			if approve == nil {
				t.Fatal("no Approve for $400.00")
			}
			if approve.Disabled() == tc.approves {
				t.Fatalf("Approve for $400.00 enabled: %v, want %v", !approve.Disabled(), tc.approves)
			}
			if !tc.approves {
				h.mustHave(tr.D("team.decide.above_own", map[string]any{
					"Amount": "$400.00", "Limit": "$250.00", "Role": tr.S("role.noun.supervisor"), "Roles": tr.S("role.noun.admin")}))
				return
			}
			test.Tap(approve)
			c, err := h.db.TeamCase(context.Background(), "C-400")
			if err != nil {
				t.Fatal(err)
			}
			if d := c.Actions[0].Decision; d == nil || !d.Approved {
				t.Fatalf("the admin's approval of $400.00: %+v", d)
			}
			h.noMissingKeys()
		})
	}
}
