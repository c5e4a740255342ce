package crm_test

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// DecideNew is DecideCaseWrite with nothing stored, for new cases only:
// the stores use it in place of deciding inside their transaction.
func TestDecideNew(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	newCase := func(version int, agent string) *cases.Case {
		return &cases.Case{ID: "C-NEW-1", Version: version, Agent: agent, CallType: "bill_increase", CallLang: locales.ES,
			Status: cases.StatusOpen, Notes: "tarjeta 4111 1111 1111 1111", Customer: cases.Customer{Account: "ACC-1"}}
	}
	for _, tc := range []struct {
		name string
		put  crm.CasePut
		nil  bool
	}{
		{"a new case", crm.CasePut{Case: newCase(1, "ana"), Subject: "ana", Role: crm.RoleAgent, CreateOnly: true, Now: now}, false},
		{"a later version", crm.CasePut{Case: newCase(2, "ana"), Subject: "ana", Role: crm.RoleAgent, IfMatch: 1, Now: now}, true},
		{"another agent's case", crm.CasePut{Case: newCase(1, "ben"), Subject: "ana", Role: crm.RoleAgent, Now: now}, true},
		{"If-Match on a new case", crm.CasePut{Case: newCase(1, "ana"), Subject: "ana", Role: crm.RoleAgent, IfMatch: 3, Now: now}, true},
		{"no case", crm.CasePut{Subject: "ana", Role: crm.RoleAgent, Now: now}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := crm.DecideNew(tc.put)
			if (got == nil) != tc.nil {
				t.Fatalf("DecideNew = %+v, want nil: %v", got, tc.nil)
			}
			if got == nil {
				return
			}
			want, err := crm.DecideCaseWrite(nil, nil, tc.put)
			if err != nil || !reflect.DeepEqual(*got, want) {
				t.Fatalf("DecideNew differs from DecideCaseWrite:\n%+v\n%+v %v", *got, want, err)
			}
			if !got.Create || got.Case.CreatedAt != now || string(got.Body) == "" {
				t.Errorf("not a create at crmd's time: %+v", got)
			}
			if strings.Contains(string(got.Body), "1111 1111") {
				t.Errorf("a card number in the body as stored: %s", got.Body)
			}
		})
	}
}

// A profile is written with an account, a time and its free texts
// redacted, whichever store writes it, and the caller's copy is untouched.
func TestCustomerRecord(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	given := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		in      cases.Customer
		wantErr bool
		when    time.Time
		text    string
	}{
		{"stamped now", cases.Customer{Account: "A-1", Name: "Ana"}, false, now, "Ana"},
		{"keeps its time", cases.Customer{Account: "A-2", Name: "Bob", UpdatedAt: given}, false, given, "Bob"},
		{"card redacted", cases.Customer{Account: "A-3", Name: "Eva 4111 1111 1111 1111"}, false, now, "Eva •••• 1111"},
		{"no account", cases.Customer{Account: "  ", Name: "x"}, true, time.Time{}, ""},
		// An account is the row's key: it cannot be redacted, so a card
		// number in it is refused rather than stored.
		{"card as account", cases.Customer{Account: "4111111111111111", Name: "x"}, true, time.Time{}, ""},
		{"card within account", cases.Customer{Account: "ACC-4111111111111111", Name: "x"}, true, time.Time{}, ""},
	}
	for _, tt := range tests {
		in := tt.in
		rec, body, err := crm.CustomerRecord(&in, now)
		if tt.wantErr {
			if cases.ErrorCode(err) != cases.EInvalid {
				t.Errorf("%s: error %v, want invalid", tt.name, err)
			}
			continue
		}
		if err != nil || !rec.UpdatedAt.Equal(tt.when) || rec.Name != tt.text {
			t.Errorf("%s: %+v %v", tt.name, rec, err)
		}
		var back cases.Customer
		if err := json.Unmarshal(body, &back); err != nil || back.Name != tt.text || back.Account != tt.in.Account {
			t.Errorf("%s: body %s (%v)", tt.name, body, err)
		}
		if in != tt.in {
			t.Errorf("%s: the caller's profile changed to %+v", tt.name, in)
		}
	}
}

// Each amount is checked against the role's authority whatever the body
// claims; an amount no desk records (negative, or past every bound) is
// refused, never approved.
func TestDecideCaseWriteAmounts(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	pol := crmtest.Policy
	limit := pol.AuthorityMinor(string(crm.RoleAgent))
	for _, tc := range []struct {
		name             string
		amount           int64
		approved, refuse bool
	}{
		{"within authority", limit, true, false},
		{"above it", limit + 1, false, false},
		{"negative", -5, false, true},
		{"the smallest int64", math.MinInt64, false, true},
		{"past every bound", math.MaxInt64, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &cases.Case{ID: "C-AMT-1", Version: 1, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES, Status: cases.StatusOpen,
				Customer: cases.Customer{Account: "ACC-1"}, Actions: []cases.Action{{ID: "refund", Amount: tc.amount, Approved: true}}}
			w, err := crm.DecideCaseWrite(nil, nil, crm.CasePut{Case: c, Subject: "ana", Role: crm.RoleAgent, Policy: pol, CreateOnly: true, Now: now})
			if tc.refuse {
				if cases.ErrorCode(err) != cases.EInvalid {
					t.Fatalf("error %v, want invalid (%+v)", err, w.Case)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a := w.Case.Actions[0]; a.Approved != tc.approved || a.Pending == tc.approved {
				t.Errorf("approved %v pending %v, want approved %v", a.Approved, a.Pending, tc.approved)
			}
		})
	}
}

// crmd counts the authority per case, in the order the amounts were
// recorded, whatever the desk claimed: three credits at the agent's limit
// are one within it and two waiting on the back office.
func TestDecideCaseWriteAuthorityPerCase(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	pol := crmtest.Policy
	limit := pol.AuthorityMinor(string(crm.RoleAgent))
	for _, tc := range []struct {
		name    string
		amounts []int64
		want    []bool // approved
	}{
		{"three at the limit", []int64{limit, limit, limit}, []bool{true, false, false}},
		{"two halves and a cent", []int64{limit / 2, limit - limit/2, 1}, []bool{true, true, false}},
		{"a pending amount uses nothing up", []int64{limit + 1, limit}, []bool{false, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &cases.Case{ID: "C-AMT-2", Version: 1, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES, Status: cases.StatusOpen,
				Customer: cases.Customer{Account: "ACC-1"}}
			for _, a := range tc.amounts {
				// The desk's claim is ignored: every amount says approved.
				c.Actions = append(c.Actions, cases.Action{ID: "credit", Amount: a, Approved: true})
			}
			w, err := crm.DecideCaseWrite(nil, nil, crm.CasePut{Case: c, Subject: "ana", Role: crm.RoleAgent, Policy: pol, CreateOnly: true, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			for i, a := range w.Case.Actions {
				if a.Approved != tc.want[i] || a.Pending == tc.want[i] {
					t.Errorf("amount %d (%d): approved %v pending %v, want approved %v", i, a.Amount, a.Approved, a.Pending, tc.want[i])
				}
			}
		})
	}
}

// packPolicy is crmd's view of the default pack (crm/server adapts the
// published pack the same way).
type packPolicy struct{ pb *playbook.Playbook }

func (p packPolicy) AuthorityMinor(role string) int64 { return p.pb.AuthorityMinor(role) }
func (p packPolicy) ResponseHours(priority string) (int, bool) {
	return crmtest.Policy.ResponseHours(priority)
}

// The desk and crmd must call the same amounts pending, or an escalation
// waits on a decision nobody can make (crmd has no pending amount there)
// or an amount waits where nobody looks. Each sequence is recorded on the
// desk (AddAction) and sent to crmd in two writes, the second adding to
// what crmd stored from the first; the desk's role is the token's or a
// lower one (a supervisor logged in on a workstation set to agent).
func TestDeskAndCRMDAgreeOnWhatIsPending(t *testing.T) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	pol := packPolicy{pb}
	agent, sup := pb.AuthorityMinor("agent"), pb.AuthorityMinor("supervisor")
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name        string
		desk, token cases.Role
		amounts     []int64
		first       int // how many go in the first write
	}{
		{"split at the limit", crm.RoleAgent, crm.RoleAgent, []int64{agent, agent, agent}, 1},
		{"halves and a cent", crm.RoleAgent, crm.RoleAgent, []int64{agent / 2, agent - agent/2, 1}, 2},
		{"pending first", crm.RoleAgent, crm.RoleAgent, []int64{agent + 1, agent, 1}, 1},
		{"all in one write", crm.RoleAgent, crm.RoleAgent, []int64{agent / 2, agent / 2, agent / 2}, 3},
		{"supervisor", crm.RoleSupervisor, crm.RoleSupervisor, []int64{agent, sup - agent, 1}, 1},
		{"supervisor on an agent's workstation", crm.RoleAgent, crm.RoleSupervisor, []int64{agent, agent, sup}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &cases.Case{ID: "C-AGREE", Version: 1, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES, Status: cases.StatusOpen,
				Customer: cases.Customer{Account: "ACC-1"}}
			c.Authenticate("pin", now)
			var prev *crm.CaseRow
			write := func() {
				t.Helper()
				body := *c
				body.Actions = slices.Clone(c.Actions)
				w, err := crm.DecideCaseWrite(prev, nil, crm.CasePut{Case: &body, Subject: "ana", Role: tc.token, Policy: pol, IfMatch: c.Version - 1, CreateOnly: prev == nil, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				for i, a := range w.Case.Actions {
					d := c.Actions[i]
					if a.Approved != d.Approved || a.Pending != d.Pending || a.Limit != d.Limit {
						t.Errorf("amount %d (%d): desk approved %v (limit %d), crmd approved %v (limit %d)", i, a.Amount, d.Approved, d.Limit, a.Approved, a.Limit)
					}
				}
				prev = &crm.CaseRow{Version: w.Case.Version, Agent: "ana", CreatedAt: now, Actions: w.Case.Actions}
				c.Version++
			}
			for i, amt := range tc.amounts {
				if _, _, err := c.AddAction(pb, "credit", amt, "outage", tc.desk, now); err != nil {
					t.Fatal(err)
				}
				if i+1 == tc.first {
					write()
				}
			}
			write()
		})
	}
}

// A stored verdict is kept only for the same action in the same place:
// another desk's version kept in a conflict, or an earlier amount
// changed, is judged anew from there, so the per-case limit holds and the
// desk that sent it agrees with crmd.
func TestDecideCaseWriteKeepsVerdictsOfTheSameActionsOnly(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	pol := crmtest.Policy
	limit := pol.AuthorityMinor(string(crm.RoleAgent))
	credit := func(amount int64, at time.Time, reason string) cases.Action {
		return cases.Action{ID: "credit", Amount: amount, Reason: reason, At: at}
	}
	for _, tc := range []struct {
		name         string
		stored, sent []cases.Action
		wantApproved []bool
	}{
		{"another desk's credits, kept in a conflict",
			[]cases.Action{credit(limit/5, now, "a"), credit(limit*3/5, now.Add(time.Minute), "b")},
			[]cases.Action{credit(limit*3/5, now.Add(2*time.Minute), "c"), credit(limit*3/5, now.Add(3*time.Minute), "d")},
			[]bool{true, false}},
		{"an earlier amount changed",
			[]cases.Action{credit(limit/5, now, "a"), credit(limit*4/5, now.Add(time.Minute), "b")},
			[]cases.Action{credit(limit, now, "a"), credit(limit*4/5, now.Add(time.Minute), "b")},
			[]bool{true, false}},
		{"the same credits again, and one more",
			[]cases.Action{credit(limit/5, now, "a"), credit(limit*4/5, now.Add(time.Minute), "b")},
			[]cases.Action{credit(limit/5, now, "a"), credit(limit*4/5, now.Add(time.Minute), "b"), credit(1, now.Add(2*time.Minute), "c")},
			[]bool{true, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &cases.Case{ID: "C-SAME", Version: 1, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES, Status: cases.StatusOpen,
				Customer: cases.Customer{Account: "ACC-1"}, Actions: tc.stored}
			w, err := crm.DecideCaseWrite(nil, nil, crm.CasePut{Case: c, Subject: "ana", Role: crm.RoleAgent, Policy: pol, CreateOnly: true, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			prev := &crm.CaseRow{Version: 1, Agent: "ana", CreatedAt: now, Actions: w.Case.Actions}
			v2 := *c
			v2.Version, v2.Actions = 2, tc.sent
			w, err = crm.DecideCaseWrite(prev, nil, crm.CasePut{Case: &v2, Subject: "ana", Role: crm.RoleAgent, Policy: pol, IfMatch: 1, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var granted int64
			for i, a := range w.Case.Actions {
				if a.Approved != tc.wantApproved[i] || a.Pending == tc.wantApproved[i] {
					t.Errorf("amount %d (%d): approved %v, want %v", i, a.Amount, a.Approved, tc.wantApproved[i])
				}
				if a.Approved {
					granted += a.Amount
				}
			}
			if granted > limit {
				t.Errorf("%d approved on the case, above %d", granted, limit)
			}
		})
	}
}

// The approver's own authority binds an approval, as the agent's binds a
// grant: by the token's role and the published pack's limit (default
// pack: supervisor 250, admin 1000). Denying spends nothing. The amount
// judged is the one stored at the position, which CheckDecision has held
// to the one the approver named, not one a body claims.
func TestCheckApprover(t *testing.T) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	pol := packPolicy{pb}
	stored := &cases.Case{ID: "C-1", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 100_000, Pending: true},
		{ID: "credit", Amount: 25_000, Pending: true},
		{ID: "credit", Amount: 25_001, Pending: true},
		{ID: "refund", Amount: 100_001, Pending: true},
	}}
	for _, tc := range []struct {
		name     string
		role     crm.Role
		action   int
		approved bool
		want     string
	}{
		{"supervisor approves 1,000", crm.RoleSupervisor, 0, true, cases.EForbidden},
		{"supervisor denies 1,000", crm.RoleSupervisor, 0, false, ""},
		{"admin approves 1,000", crm.RoleAdmin, 0, true, ""},
		{"admin approves 1,000.01", crm.RoleAdmin, 3, true, cases.EForbidden},
		{"supervisor approves 250", crm.RoleSupervisor, 1, true, ""},
		{"supervisor approves 250.01", crm.RoleSupervisor, 2, true, cases.EForbidden},
		{"an agent approves 250", crm.RoleAgent, 1, true, cases.EForbidden},
		{"no action there: CheckDecision says so", crm.RoleSupervisor, 7, true, ""},
		{"no role: not one of crmd's routes", "", 0, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A body claiming a small amount is not what is judged.
			d := crm.ActionDecision{CaseID: "C-1", By: "sup", Action: tc.action, Amount: 1, Approved: tc.approved,
				Role: tc.role, Authority: pol.AuthorityMinor(string(tc.role))}
			if got := cases.ErrorCode(crm.CheckApprover(d, stored)); got != tc.want {
				t.Fatalf("CheckApprover = %q, want %q", got, tc.want)
			}
		})
	}
}

// crmd counts what the approver approved on the case before, from the
// decisions it recorded with who made them (the stored case as the
// store's transaction overlays them), as an agent's authority counts the case: a supervisor
// (limit 250) approving a second 200 is refused; an admin, or another
// supervisor, is not. A resend of the decision on the same position does
// not count it twice.
func TestCheckApproverCountsTheApproversDecisionsOnTheCase(t *testing.T) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	pol := packPolicy{pb}
	stored := &cases.Case{ID: "C-1", Agent: "ana", Actions: []cases.Action{
		{ID: "refund", Amount: 20_000, Pending: true, Decision: &cases.Decision{Approved: true, By: "sup", ActionID: "refund", Amount: 20_000}},
		{ID: "refund", Amount: 20_000, Pending: true},
		{ID: "credit", Amount: 5_000, Pending: true},
	}}
	for _, tc := range []struct {
		name string
		role crm.Role
		d    crm.ActionDecision
		want string
	}{
		{"supervisor approves 200 after their 200", crm.RoleSupervisor, crm.ActionDecision{By: "sup", Action: 1, ActionID: "refund", Amount: 20_000, Approved: true}, cases.EForbidden},
		{"supervisor denies it", crm.RoleSupervisor, crm.ActionDecision{By: "sup", Action: 1, ActionID: "refund", Amount: 20_000}, ""},
		{"supervisor approves 50 after their 200", crm.RoleSupervisor, crm.ActionDecision{By: "sup", Action: 2, ActionID: "credit", Amount: 5_000, Approved: true}, ""},
		{"admin approves 200 after the supervisor's 200", crm.RoleAdmin, crm.ActionDecision{By: "admin", Action: 1, ActionID: "refund", Amount: 20_000, Approved: true}, ""},
		{"another supervisor approves 200", crm.RoleSupervisor, crm.ActionDecision{By: "sup2", Action: 1, ActionID: "refund", Amount: 20_000, Approved: true}, ""},
		{"the supervisor's approval sent again", crm.RoleSupervisor, crm.ActionDecision{By: "sup", Action: 0, ActionID: "refund", Amount: 20_000, Approved: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.d.CaseID = "C-1"
			tc.d.Role, tc.d.Authority = tc.role, pol.AuthorityMinor(string(tc.role))
			if got := cases.ErrorCode(crm.CheckApprover(tc.d, stored)); got != tc.want {
				t.Fatalf("CheckApprover = %q, want %q", got, tc.want)
			}
		})
	}
}

// crmd dates a case's record by its own clock (CreatedAt) and keeps the
// desk's record of when the call began (OpenedAt), as it keeps the call's
// close and steps: for a case made offline the two are hours apart. A
// call cannot have begun after crmd first received it, whatever the
// desk's clock said.
func TestDecideCaseWriteKeepsWhenTheCallBegan(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	received := now.Add(-2 * time.Hour)
	for _, tc := range []struct {
		name         string
		prev         *crm.CaseRow
		opened, want time.Time
	}{
		{"made offline three hours ago", nil, now.Add(-3 * time.Hour), now.Add(-3 * time.Hour)},
		{"a desk clock ahead of crmd's", nil, now.Add(time.Hour), now},
		{"a desk that does not say", nil, time.Time{}, time.Time{}},
		{"a later version", &crm.CaseRow{Version: 1, Agent: "ana", CreatedAt: received}, now.Add(-5 * time.Hour), now.Add(-5 * time.Hour)},
		{"a later version begun after the receipt", &crm.CaseRow{Version: 1, Agent: "ana", CreatedAt: received}, now, received},
	} {
		t.Run(tc.name, func(t *testing.T) {
			version, ifMatch := 1, 0
			if tc.prev != nil {
				version, ifMatch = 2, 1
			}
			c := &cases.Case{ID: "C-OFF-1", Version: version, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES,
				Status: cases.StatusOpen, Customer: cases.Customer{Account: "ACC-1"}, CreatedAt: tc.opened, OpenedAt: tc.opened}
			w, err := crm.DecideCaseWrite(tc.prev, nil, crm.CasePut{Case: c, Subject: "ana", Role: crm.RoleAgent, Policy: crmtest.Policy,
				CreateOnly: tc.prev == nil, IfMatch: ifMatch, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			wantCreated := now
			if tc.prev != nil {
				wantCreated = received
			}
			if !w.Case.CreatedAt.Equal(wantCreated) || !w.Case.OpenedAt.Equal(tc.want) {
				t.Errorf("created %v opened %v, want created %v opened %v", w.Case.CreatedAt, w.Case.OpenedAt, wantCreated, tc.want)
			}
			var stored cases.Case
			if err := json.Unmarshal(w.Body, &stored); err != nil || !stored.OpenedAt.Equal(tc.want) {
				t.Errorf("stored body opened %v (%v), want %v", stored.OpenedAt, err, tc.want)
			}
		})
	}
}

// A desk whose clock runs ahead has its call's beginning moved back to
// crmd's receipt; its close, on the same clock, moves back with it, or the
// call's duration on crmd's copy (a supervisor's report, a team case's
// PDF) grows by the skew.
func TestDecideCaseWriteKeepsTheCallsDuration(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	received := now.Add(-2 * time.Hour)
	for _, tc := range []struct {
		name                   string
		prev                   *crm.CaseRow
		opened, closed         time.Time
		wantOpened, wantClosed time.Time
	}{
		{"a desk an hour ahead", nil, now.Add(time.Hour), now.Add(time.Hour + 9*time.Minute), now, now.Add(9 * time.Minute)},
		{"a desk on time, made offline", nil, now.Add(-3 * time.Hour), now.Add(-3*time.Hour + 9*time.Minute), now.Add(-3 * time.Hour), now.Add(-3*time.Hour + 9*time.Minute)},
		{"a desk ahead, not closed", nil, now.Add(time.Hour), time.Time{}, now, time.Time{}},
		{"a later version, desk ahead", &crm.CaseRow{Version: 1, Agent: "ana", CreatedAt: received}, received.Add(30 * time.Minute), received.Add(42 * time.Minute), received, received.Add(12 * time.Minute)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			version, ifMatch := 1, 0
			if tc.prev != nil {
				version, ifMatch = 2, 1
			}
			status := cases.StatusOpen
			if !tc.closed.IsZero() {
				status = cases.StatusClosed
			}
			c := &cases.Case{ID: "C-SKEW-1", Version: version, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES,
				Status: status, Customer: cases.Customer{Account: "ACC-1"}, CreatedAt: tc.opened, OpenedAt: tc.opened, ClosedAt: tc.closed}
			w, err := crm.DecideCaseWrite(tc.prev, nil, crm.CasePut{Case: c, Subject: "ana", Role: crm.RoleAgent, Policy: crmtest.Policy,
				CreateOnly: tc.prev == nil, IfMatch: ifMatch, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var stored cases.Case
			if err := json.Unmarshal(w.Body, &stored); err != nil {
				t.Fatal(err)
			}
			for _, got := range []*cases.Case{w.Case, &stored} {
				if !got.OpenedAt.Equal(tc.wantOpened) || !got.ClosedAt.Equal(tc.wantClosed) {
					t.Errorf("opened %v closed %v, want opened %v closed %v", got.OpenedAt, got.ClosedAt, tc.wantOpened, tc.wantClosed)
				}
			}
			if c.ClosedAt != tc.closed {
				t.Errorf("the caller's case changed: closed %v", c.ClosedAt)
			}
		})
	}
}
