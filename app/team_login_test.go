package app

import (
	"context"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// The review's decisions are drawn for whoever decides: their login (four
// eyes: not on their own case) and the role crmd judges an approval by.
// Another login at the same desk, with the same desk role, so nothing is
// rebuilt for it, gets the review drawn for them when sync tells the desk
// of the login: an admin taking over from a supervisor can approve 400
// (above the supervisor's 250), and the agent of the case, now logged in,
// is not offered buttons crmd would refuse.
func TestTeamReviewFollowsTheLogin(t *testing.T) {
	for _, tc := range []struct {
		name                string
		agent               string
		before, after       desksync.Status
		approveBefore       bool // Approve shown and enabled
		approveAfter        bool
		ownBefore, ownAfter bool // the four-eyes note
	}{
		{"a supervisor, then an admin", "ana",
			desksync.Status{Configured: true, Known: true, Online: true, LoggedIn: true, User: "lead", Role: cases.RoleSupervisor},
			desksync.Status{Configured: true, Known: true, Online: true, LoggedIn: true, User: "boss", Role: cases.RoleAdmin},
			false, true, false, false},
		{"an admin, then the case's agent", "boss2",
			desksync.Status{Configured: true, Known: true, Online: true, LoggedIn: true, User: "boss", Role: cases.RoleAdmin},
			desksync.Status{Configured: true, Known: true, Online: true, LoggedIn: true, User: "boss2", Role: cases.RoleAdmin},
			true, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "lead", cases.KeyRole: string(cases.RoleSupervisor), cases.KeyUILang: "en"})
			big := teamCase("C-400", tc.agent, "Margaret O'Neill", "high", fixedNow.Add(-time.Hour), 24, 40_000)
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{big}, fixedNow); err != nil {
				t.Fatal(err)
			}
			h.app.sync.st = tc.before
			h.app.render()
			h.app.show("team")
			ts := h.app.teamScreen()
			ts.reload()
			ts.list.Select(0)
			tr := h.app.t
			check := func(when string, approves, own bool) {
				t.Helper()
				approve := findButton(h.app.Window().Content(), tr.S("team.decide.approve"))
				if got := approve != nil && !approve.Disabled(); got != approves {
					t.Errorf("%s: Approve for $400.00 offered: %v, want %v", when, got, approves)
				}
				if got := h.has(tr.S("team.invalid.own_case")); got != own {
					t.Errorf("%s: the own-case note shown: %v, want %v", when, got, own)
				}
			}
			check("before", tc.approveBefore, tc.ownBefore)
			h.app.sync.st = tc.after
			h.app.sync.refresh()
			check("after the login", tc.approveAfter, tc.ownAfter)
		})
	}
}
