package pdf_test

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// An amount above the agent's authority is decided by a supervisor or an
// admin against their own authority, which what the agent granted within
// theirs does not spend (cases.ApprovalRefusal, crmd's rule): the team
// review lets a supervisor approve it. The summary the supervisor signs
// names the same role as needed, not the one the agent's grant plus the
// amount would call for.
func TestCaseSummaryNeededRoleOfAnAmountAboveAuthority(t *testing.T) {
	pb := defaultPlaybook(t)
	agent, sup := pb.AuthorityMinor(string(cases.RoleAgent)), pb.AuthorityMinor(string(cases.RoleSupervisor))
	at := now.Add(-time.Hour)
	for _, decided := range []bool{false, true} {
		c := &cases.Case{ID: "C-NEEDED", CallType: "duplicate_charge", Agent: "ana", Role: cases.RoleAgent, CreatedAt: at,
			Customer: cases.Customer{Name: "Rosa Márquez", Currency: "USD"}, Status: cases.StatusEscalated,
			Actions: []cases.Action{
				{ID: "adjustment", Amount: agent - 100, At: at, Role: cases.RoleAgent, Limit: agent, Approved: true},
				{ID: "adjustment", Amount: sup - 100, At: at, Role: cases.RoleAgent, Limit: agent, Pending: true},
			},
			Escalation: &cases.Escalation{Ticket: "ESC-1", Priority: "high", Reason: "crédito", At: at, Status: cases.EscReceived},
		}
		// Within the supervisor's authority, as the review judges it.
		if r := c.ApprovalRefusal(1, cases.RoleSupervisor, pb, "sup"); r != nil {
			t.Fatalf("the review refuses the supervisor: %+v", r)
		}
		if decided {
			c.Actions[1].Decision = &cases.Decision{Approved: true, By: "sup", At: at.Add(time.Minute)}
		}
		got := text(t, summary(t, c, nil, opts(locales.EN)))
		var row string
		for _, l := range strings.Split(got, "\n") {
			if strings.Contains(l, "Agent: up to") && strings.Contains(l, "Pending") || strings.Contains(l, "Approved by") {
				row = strings.Join(strings.Fields(l), " ")
			}
		}
		if !strings.Contains(row, "Supervisor") || strings.Contains(row, "Administrator") {
			t.Errorf("decided %v: the amount's row names another role than the review: %q", decided, row)
		}
	}
}
