package app

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// A notice names the customer its case is about. A caller not on file
// has no name on the profile: the notice names them by the name they gave
// on the call, else by their account (masked), never by an empty "()".
func TestANoticeNamesACallerNotOnFile(t *testing.T) {
	for _, gave := range []string{"Julia Paredes", ""} {
		h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "ana", cases.KeyCompany: "Telco"})
		h.startWithTheAccountAlone("5550001111")
		s := h.app.call
		if s.cur() == nil {
			t.Fatalf("not started: %q", h.texts())
		}
		if gave != "" {
			s.onValue("customer_name", "text", gave)
		}
		h.toExploration()
		if !s.escalate([]string{"complex_dispute"}, "", "billing dispute", cases.DisputePending) {
			t.Fatal("escalation refused")
		}
		c := s.cur()
		s.onNewCall()
		at := fixedNow.Add(time.Hour)
		h.app.applyEscalations([]crm.EscalationStatus{{
			CaseID: c.ID, Ticket: c.Escalation.Ticket, Agent: "ana", Status: cases.EscInProgress,
			History:   []cases.EscalationChange{{At: at, By: "sup", From: cases.EscReceived, To: cases.EscInProgress, Comment: "looking"}},
			UpdatedAt: at,
		}})
		if len(s.notices) != 1 {
			t.Fatalf("%d notices", len(s.notices))
		}
		want := gave
		if want == "" {
			want = cases.MaskAccount("5550001111")
		}
		all := strings.Join(h.texts(), " ")
		if !strings.Contains(all, "("+want+")") || strings.Contains(all, "()") {
			t.Errorf("gave %q: the notice does not name the caller as %q: %q", gave, want, all)
		}
	}
}
