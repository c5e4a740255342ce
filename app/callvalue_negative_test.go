package app

import (
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// An amount typed for a script below zero is refused in words that say
// so, not as "not an amount": the agent typed one.
func TestANegativeAmountIsRefusedAsSuch(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte"})
		tr := h.app.t
		s := h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[lang])
		s.onValue("new_monthly_amount", "money", "-20")
		if got := strings.Join(h.overlayTexts(), " "); !strings.Contains(strings.Join(strings.Fields(got), " "), tr.S("call.value.negative")) {
			t.Errorf("%s: the refusal says %q", lang, got)
		}
		if v := s.cur().Values["new_monthly_amount"]; v != "" {
			t.Errorf("%s: recorded %q", lang, v)
		}
	}
}
