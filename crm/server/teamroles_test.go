package server_test

import (
	"slices"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// An admin, the back-office lead, works the team queue as a supervisor
// does: an amount above a supervisor's limit is theirs to approve, which
// they cannot do from a queue they cannot read or move on. Agents and
// trainees stay out.
func TestTeamQueueIsTheDecidersToWork(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-TEAMROLE-1:v1", escalatedCase("C-TEAMROLE-1")), 201, "an escalated case")
	for _, tc := range []struct {
		user        string
		team, moves int
	}{
		{"admin", 200, 200},
		{"sup", 200, 409}, // the admin's move came first: in progress already
		{"ana", 403, 403},
		{"tia", 401, 401}, // a trainee's token is for training only
	} {
		tok := a.Login(tc.user, crmtest.Password).AccessToken
		crmtest.Expect(t, a.Do("GET", "/v1/team/escalations", tok, nil, nil), tc.team, tc.user+" reads the team queue")
		crmtest.Expect(t, a.Do("PUT", "/v1/cases/C-TEAMROLE-1/escalation", tok, nil, crm.EscalationUpdate{Status: crm.EscInProgress, Note: "on it"}),
			tc.moves, tc.user+" moves an escalation on")
	}
}

// The roles that decide amounts are the ones that read the queue they
// are in: a decider who cannot read it cannot decide anything.
func TestDecidersReadTheTeamQueue(t *testing.T) {
	for _, route := range []string{"GET /v1/team/escalations", "PUT /v1/cases/{id}/escalation"} {
		got := server.Policy()[route].Roles
		for _, r := range cases.DeciderRoles {
			if !slices.Contains(got, r) {
				t.Errorf("%s refuses %s, who decides amounts", route, r)
			}
		}
	}
}
