package cases_test

import (
	"slices"
	"testing"

	"agentdesk/cases"
)

// An approval grants the amount as surely as the agent would have: it is
// bound by the approver's own authority (default pack: supervisor 250,
// admin 1000). A denial grants nothing and is always allowed.
func TestCheckApprover(t *testing.T) {
	pb := defaultPB(t)
	c := &cases.Case{ID: "C-1", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 100_000, Pending: true},
		{ID: "credit", Amount: 25_000, Pending: true},
		{ID: "credit", Amount: 25_001, Pending: true},
	}}
	for _, tc := range []struct {
		name     string
		action   int
		approved bool
		role     cases.Role
		want     string
	}{
		{"supervisor approves 1,000", 0, true, cases.RoleSupervisor, cases.EAuthority},
		{"supervisor denies 1,000", 0, false, cases.RoleSupervisor, ""},
		{"admin approves 1,000", 0, true, cases.RoleAdmin, ""},
		{"supervisor approves exactly 250", 1, true, cases.RoleSupervisor, ""},
		{"supervisor approves 250.01", 2, true, cases.RoleSupervisor, cases.EAuthority},
		{"an agent approves 250", 1, true, cases.RoleAgent, cases.EAuthority},
		{"a role the pack does not know approves", 1, true, "janitor", cases.EAuthority},
		{"no action there: Decide says so", 7, true, cases.RoleSupervisor, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckApprover(tc.action, tc.approved, tc.role, pb)
			if got := cases.ErrorCode(err); got != tc.want {
				t.Fatalf("CheckApprover = %v, want code %q", err, tc.want)
			}
		})
	}
}

// Who can decide an amount: the roles that decide on the back office
// whose authority covers it, lowest first; none past every limit.
func TestDecidersFor(t *testing.T) {
	pb := defaultPB(t)
	for _, tc := range []struct {
		amount int64
		want   []cases.Role
	}{
		{20_000, []cases.Role{cases.RoleSupervisor, cases.RoleAdmin}},
		{25_000, []cases.Role{cases.RoleSupervisor, cases.RoleAdmin}},
		{100_000, []cases.Role{cases.RoleAdmin}},
		{100_001, nil},
	} {
		if got := cases.DecidersFor(pb, tc.amount); !slices.Equal(got, tc.want) {
			t.Errorf("DecidersFor(%d) = %v, want %v", tc.amount, got, tc.want)
		}
	}
}
