package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// The date beside an escalation's ticket on the cases screen is the answer
// promised to the customer, and the detail says so, as the team review and
// agentctl case show do: bare, an agent called back by the customer read it
// as when the call was escalated. An escalation without a promised time
// (an earlier release's, a crmd's) shows none rather than year 1.
func TestCaseDetailSaysTheDatePromisedToTheCustomer(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana"})
		at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
		for i, promised := range []time.Time{at.Add(24 * time.Hour), {}} {
			c := &cases.Case{Agent: "Ana", Role: cases.RoleAgent, Status: cases.StatusEscalated, CallType: "bill_payment", CallLang: locales.EN,
				Customer:  cases.Customer{Account: "441700000" + string(rune('1'+i)), Name: "Customer " + string(rune('A'+i))},
				CreatedAt: at, UpdatedAt: at.Add(time.Duration(i) * time.Minute), ClosedAt: at,
				Escalation: &cases.Escalation{Ticket: "ESC-20260901-00000" + string(rune('1'+i)), Criteria: []string{"exceeds_authority"}, Priority: "high",
					Reason: "Refund above authority", At: at, ExpectedBy: promised, Status: cases.EscReceived}}
			if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
				t.Fatal(err)
			}
		}
		h.app.show("cases")
		s := h.cases()
		if len(s.items) != 2 {
			t.Fatalf("listed %d", len(s.items))
		}
		label := h.app.t.S("team.review.promised")
		for _, c := range s.items {
			s.onSelect(c)
			shown := strings.Join(texts(s.detail), "\n")
			if e := c.Escalation; e.ExpectedBy.IsZero() {
				if strings.Contains(shown, label) || strings.Contains(shown, locales.FormatDateTime(l, e.ExpectedBy.Local())) {
					t.Errorf("%s: an escalation without a promised time shows one:\n%s", l, shown)
				}
				continue
			}
			want := label + ": " + locales.FormatDateTime(l, c.Escalation.ExpectedBy.Local())
			// Wrapped, the line reaches the texts as several.
			if !strings.Contains(strings.Join(strings.Fields(shown), " "), strings.Join(strings.Fields(want), " ")) {
				t.Errorf("%s: the detail does not say %q:\n%s", l, want, shown)
			}
		}
		h.noMissingKeys()
	}
}
