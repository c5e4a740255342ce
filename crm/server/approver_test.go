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
		if status != 403 {
			return
		}
		// Not a plain forbidden: the desk's check may have passed under
		// another pack, and the person is told who can approve it.
		var eb crm.ErrorBody
		r.JSON(t, &eb)
		if eb.Error.Code != crm.CodeOverAuthority || !slices.Equal(eb.Error.Deciders, []cases.Role{cases.RoleAdmin}) {
			t.Errorf("%s: %+v, want %q naming the admin", what, eb.Error, crm.CodeOverAuthority)
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

// The approver's authority counts the case, from the decisions crmd
// recorded with who made them: a supervisor (limit 250) who approved a
// refund of 200 on a case cannot approve another 200 there (400 in all),
// whatever the body says; they can deny it, and an admin can approve it.
func TestApprovalsCountWhatTheApproverApprovedOnTheCase(t *testing.T) {
	_, a := start(t)
	ana, sup, admin := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password), a.Login("admin", crmtest.Password)
	put := func(id string) {
		t.Helper()
		c := escalatedCase(id)
		c.Actions = []cases.Action{
			{ID: "refund", Amount: 20_000, Reason: "goodwill", At: c.UpdatedAt},
			{ID: "refund", Amount: 20_000, Reason: "goodwill", At: c.UpdatedAt},
		}
		crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+id+":v1", c), 201, "two refunds of 200")
	}
	decideKeyed := func(id, token string, h map[string]string, body any, status int, what string) {
		t.Helper()
		r := a.Do("POST", "/v1/cases/"+id+"/decisions", token, h, body)
		crmtest.Expect(t, r, status, what)
		if status == 403 && r.Code() != crm.CodeOverAuthority {
			t.Errorf("%s: code %q, want %q", what, r.Code(), crm.CodeOverAuthority)
		}
	}
	decide := func(id, token string, body any, status int, what string) {
		t.Helper()
		decideKeyed(id, token, nil, body, status, what)
	}
	approve := func(i int) crm.ApprovalRequest {
		return crm.ApprovalRequest{Action: i, Approved: true, ActionID: "refund", Amount: 20_000}
	}

	put("C-SUM-1")
	key := map[string]string{"Idempotency-Key": "decision:C-SUM-1:0"}
	decideKeyed("C-SUM-1", sup.AccessToken, key, approve(0), 200, "a supervisor approving the first 200")
	decide("C-SUM-1", sup.AccessToken, approve(1), 403, "the same supervisor approving a second 200 on the case")
	decide("C-SUM-1", sup.AccessToken, crm.ApprovalRequest{Action: 1, Approved: true}, 403, "the same, from a desk that names no action")
	// Sent again (its answer lost), the first approval is not counted
	// against itself.
	decideKeyed("C-SUM-1", sup.AccessToken, key, approve(0), 200, "the first approval sent again")
	decide("C-SUM-1", admin.AccessToken, approve(1), 200, "an admin approving the second 200")

	put("C-SUM-2")
	decide("C-SUM-2", sup.AccessToken, approve(0), 200, "a supervisor approving the first 200")
	decide("C-SUM-2", sup.AccessToken, crm.ApprovalRequest{Action: 1, ActionID: "refund", Amount: 20_000}, 200, "the same supervisor denying the second")
}
