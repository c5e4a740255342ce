package server_test

import (
	"slices"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// An approval is bound by the approver's own authority, by the role of
// their token and the limit of the pack crmd publishes (none published
// here: the built-in one, supervisor 250, admin 1000), whatever the body
// claims. Denying spends nothing and is always allowed.
func TestApprovalsStayWithinTheApproversAuthority(t *testing.T) {
	_, a := start(t)
	ana, sup, admin := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password), a.Login("admin", crmtest.Password)
	put := func(id string) {
		t.Helper()
		c := escalatedCase(id)
		c.Actions = []cases.Action{{ID: "refund", Amount: 100_000, Reason: "goodwill", At: c.UpdatedAt}}
		crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+id+":v1", c), 201, "a refund of 1,000")
	}
	decide := func(id, token string, body any, status int, what string) {
		t.Helper()
		r := a.Do("POST", "/v1/cases/"+id+"/decisions", token, nil, body)
		crmtest.Expect(t, r, status, what)
		if status == 403 && r.Code() != crm.CodeForbidden {
			t.Errorf("%s: code %q, want %q", what, r.Code(), crm.CodeForbidden)
		}
	}
	approve := crm.ApprovalRequest{Action: 0, Approved: true, ActionID: "refund", Amount: 100_000}

	put("C-APP-1")
	decide("C-APP-1", sup.AccessToken, approve, 403, "a supervisor approving 1,000")
	// The role is the token's: a body claiming another is refused, and
	// records nothing (the admin's approval below is the first).
	decide("C-APP-1", sup.AccessToken, map[string]any{"action": 0, "approved": true, "action_id": "refund", "amount": 100_000, "role": "admin", "limit": 100_000_000},
		400, "a supervisor's body claiming the admin's role")
	// A desk of the release before names no action: crmd judges the
	// amount it holds, not 0.
	decide("C-APP-1", sup.AccessToken, crm.ApprovalRequest{Action: 0, Approved: true}, 403, "a supervisor approving 1,000 without naming it")
	decide("C-APP-1", admin.AccessToken, approve, 200, "an admin approving 1,000")

	put("C-APP-2")
	decide("C-APP-2", sup.AccessToken, crm.ApprovalRequest{Action: 0, ActionID: "refund", Amount: 100_000}, 200, "a supervisor denying 1,000")
}

// The desk tells a person who cannot approve an amount which roles can
// (cases.DecidersFor): the roles crmd lets decide.
func TestDeciderRolesAreTheDecisionRoutes(t *testing.T) {
	if got := server.Policy()["POST /v1/cases/{id}/decisions"].Roles; !slices.Equal(got, cases.DeciderRoles) {
		t.Errorf("the decisions route takes %v, the desk names %v", got, cases.DeciderRoles)
	}
}
