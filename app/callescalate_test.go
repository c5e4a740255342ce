package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A negative amount in dispute is refused however small: one cent below
// zero is the minor units the form sends to ask for the amounts waiting
// for approval (cases.DisputePending), and was escalated as those, or as
// nothing in dispute, without a word to the agent who typed it.
func TestEscalationFormRefusesOneCentBelowZero(t *testing.T) {
	for _, tc := range []struct {
		l             locales.Lang
		typed, credit string
	}{{locales.EN, "-0.01", "80.00"}, {locales.ES, "-0,01", "80,00"}} {
		l, typed := tc.l, tc.typed
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana"})
			tr := h.app.t
			s := h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[l])
			s.onGoto("authentication")
			h.tap(tr.S("call.auth.confirm"))
			s.onAction("credit", tc.credit, "goodwill")
			ov, dispute, reason, _ := h.escalationForm(s)
			test.Type(reason, "Credit above authority")
			dispute.SetText(typed)
			test.Tap(findButton(ov, tr.S("call.escalate.send")))
			if e := s.cur().Escalation; e != nil || !strings.Contains(strings.Join(strings.Fields(strings.Join(texts(ov), " ")), " "), tr.S("call.invalid.dispute")) {
				t.Fatalf("%q typed: escalation %+v, form says %q", typed, e, texts(ov))
			}
		})
	}
}
