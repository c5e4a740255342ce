package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// The company's name saved in Settings is the one the open call's scripts
// say and copy from then on: the greeting is read out to the customer.
func TestSavedCompanyNameReachesTheCallOnScreen(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyCallLang: "en"})
	s := h.startCallIn("4417001234", "bill incr", locales.EN)
	h.mustHave("Telco Norte")
	h.app.show("settings")
	st := h.settings()
	st.company.SetText("Telco Sur")
	test.Tap(st.save)
	h.app.show("call")
	h.mustHave("Telco Sur")
	h.mustNotHave("Telco Norte")
	for _, rs := range s.scripts {
		if rs.r.Complete() {
			test.Tap(rs.copy)
			break
		}
	}
	if got := h.app.fy.Clipboard().Content(); got == "" || !strings.Contains(got, "Telco Sur") {
		t.Errorf("copied %q", got)
	}
}
