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

// An approver's authority counts the case, as an agent's does: what they
// approved on it already plus this amount (default pack: supervisor 250,
// admin 1000). It is each approver's own: what someone else approved does
// not spend it. A decision this approver made while the desk waits for
// crmd is recorded under the desk's name rather than the login, and counts
// too. A denial spends nothing and is always allowed.
func TestCheckApproverCountsWhatTheApproverApprovedOnTheCase(t *testing.T) {
	pb := defaultPB(t)
	approvedBy := func(by string) *cases.Decision { return &cases.Decision{Approved: true, By: by} }
	c := &cases.Case{ID: "C-1", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 20_000, Pending: true, Decision: approvedBy("sup")},
		{ID: "refund", Amount: 20_000, Pending: true},
		{ID: "credit", Amount: 5_000, Pending: true},
		{ID: "credit", Amount: 3_000, Pending: true, Decision: &cases.Decision{Approved: false, By: "sup"}},
		{ID: "credit", Amount: 1_000, Approved: true}, // the agent's own, within their authority
	}}
	other := &cases.Case{ID: "C-2", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 20_000, Pending: true, Decision: approvedBy("sup2")},
		{ID: "refund", Amount: 20_000, Pending: true},
	}}
	queued := &cases.Case{ID: "C-3", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 20_000, Pending: true, Decision: approvedBy("Sofía Paz")},
		{ID: "refund", Amount: 20_000, Pending: true},
	}}
	for _, tc := range []struct {
		name     string
		c        *cases.Case
		action   int
		approved bool
		role     cases.Role
		by       []string
		want     string
	}{
		{"supervisor approves 200 after their 200", c, 1, true, cases.RoleSupervisor, []string{"sup"}, cases.EAuthority},
		{"supervisor denies it", c, 1, false, cases.RoleSupervisor, []string{"sup"}, ""},
		{"supervisor approves 50 after their 200 (their denial spends nothing): exactly 250", c, 2, true, cases.RoleSupervisor, []string{"sup"}, ""},
		{"admin approves 200 after the supervisor's 200", c, 1, true, cases.RoleAdmin, []string{"admin"}, ""},
		{"another supervisor approves 200", c, 1, true, cases.RoleSupervisor, []string{"sup2"}, ""},
		{"re-judging their own approval counts it once", c, 0, true, cases.RoleSupervisor, []string{"sup"}, ""},
		{"someone else's 200 does not spend theirs", other, 1, true, cases.RoleSupervisor, []string{"sup"}, ""},
		{"their 200 waiting in the outbox counts", queued, 1, true, cases.RoleSupervisor, []string{"sup", "Sofía Paz"}, cases.EAuthority},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.CheckApprover(tc.action, tc.approved, tc.role, pb, tc.by...)
			if got := cases.ErrorCode(err); got != tc.want {
				t.Fatalf("CheckApprover = %v, want code %q", err, tc.want)
			}
		})
	}
}

// Approved is what an approver approved on the case, but at one position.
func TestApprovedBy(t *testing.T) {
	c := &cases.Case{Actions: []cases.Action{
		{Amount: 20_000, Pending: true, Decision: &cases.Decision{Approved: true, By: "sup"}},
		{Amount: 7_000, Pending: true, Decision: &cases.Decision{Approved: true, By: "Sofía Paz"}},
		{Amount: 5_000, Pending: true, Decision: &cases.Decision{Approved: false, By: "sup"}},
		{Amount: 3_000, Pending: true, Decision: &cases.Decision{Approved: true, By: "admin"}},
		{Amount: 1_000, Pending: true},
	}}
	for _, tc := range []struct {
		except int
		by     []string
		want   int64
	}{
		{-1, []string{"sup"}, 20_000},
		{-1, []string{"sup", "Sofía Paz"}, 27_000},
		{0, []string{"sup", "Sofía Paz"}, 7_000},
		{-1, []string{"nobody"}, 0},
		{-1, []string{""}, 0},
		{-1, nil, 0},
	} {
		if got := c.ApprovedBy(tc.except, tc.by...); got != tc.want {
			t.Errorf("ApprovedBy(%d, %q) = %d, want %d", tc.except, tc.by, got, tc.want)
		}
	}
}

// An approval refused says it in facts the edges word: the amount, the
// approver's limit, what they approved on the case when that is what
// takes it past, and who can approve it instead.
func TestApprovalRefusal(t *testing.T) {
	pb := defaultPB(t)
	c := &cases.Case{ID: "C-1", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 20_000, Pending: true, Decision: &cases.Decision{Approved: true, By: "sup"}},
		{ID: "refund", Amount: 20_000, Pending: true},
		{ID: "refund", Amount: 100_000, Pending: true},
		{ID: "refund", Amount: 500_000, Pending: true},
		{ID: "credit", Amount: 3_000, Pending: true},
	}}
	for _, tc := range []struct {
		name     string
		action   int
		role     cases.Role
		key      string
		before   int64
		deciders []cases.Role
	}{
		{"a second 200 after their 200", 1, cases.RoleSupervisor, "above_own_case", 20_000, []cases.Role{cases.RoleSupervisor, cases.RoleAdmin}},
		{"1,000 over a supervisor's 250", 2, cases.RoleSupervisor, "above_own", 0, []cases.Role{cases.RoleAdmin}},
		{"5,000 over everyone's", 3, cases.RoleAdmin, "above_everyone", 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.ApprovalRefusal(tc.action, tc.role, pb, "sup")
			if r == nil {
				t.Fatal("no refusal")
			}
			if r.Key() != tc.key || r.Before != tc.before || r.Amount != c.Actions[tc.action].Amount ||
				r.Limit != pb.AuthorityMinor(string(tc.role)) || !slices.Equal(r.Deciders, tc.deciders) {
				t.Errorf("refusal %+v, key %s", r, r.Key())
			}
		})
	}
	if r := c.ApprovalRefusal(4, cases.RoleSupervisor, pb, "sup"); r != nil {
		t.Errorf("30 after their 200 is within 250: %+v", r)
	}
	if r := c.ApprovalRefusal(9, cases.RoleSupervisor, pb, "sup"); r != nil {
		t.Errorf("no action there: %+v", r)
	}
}
