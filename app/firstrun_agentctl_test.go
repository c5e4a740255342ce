package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// agentctl config set writes settings while the welcome is open; the
// welcome stores what the person set on it and leaves the rest as stored:
// it wrote back its whole form, read at the start, over the CRM address,
// the paper, the role, the company and the call language set meanwhile.
func TestWelcomeKeepsWhatAgentctlSetMeanwhile(t *testing.T) {
	h := newHarness(t, locales.EN, false, nil)
	h.mustHave("Welcome to AgentDesk")
	ctx := context.Background()
	underneath := map[string]string{
		cases.KeyCRMURL: "https://crm.example.internal", cases.KeyPaper: "Letter", cases.KeyRole: "supervisor",
		cases.KeyCompany: "Norte", cases.KeyCallLang: "es", cases.KeyRetention: "0800 123",
	}
	if err := h.db.SetSettings(ctx, underneath); err != nil { // agentctl config set
		t.Fatal(err)
	}
	test.Type(h.entryWithPlaceholder("As customers will hear it"), "Nuria")
	h.tap("Start")
	kv, err := h.db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kv[cases.KeyAgent] != "Nuria" || kv[cases.KeyUILang] != "en" {
		t.Errorf("what the welcome set: agent %q, ui.lang %q", kv[cases.KeyAgent], kv[cases.KeyUILang])
	}
	for k, v := range underneath {
		if kv[k] != v {
			t.Errorf("%s: stored %q after the welcome, agentctl set %q", k, kv[k], v)
		}
	}
	if ws := h.app.ws; ws.CRMURL != underneath[cases.KeyCRMURL] || ws.Role != cases.RoleSupervisor || ws.Paper != "Letter" {
		t.Errorf("the app goes on with CRM %q, role %q, paper %q", ws.CRMURL, ws.Role, ws.Paper)
	}
}

// What the person typed on the welcome wins over what agentctl set
// meanwhile: they set it last, and saw it.
func TestWelcomeStoresWhatThePersonTyped(t *testing.T) {
	h := newHarness(t, locales.EN, false, nil)
	ctx := context.Background()
	if err := h.db.SetSettings(ctx, map[string]string{cases.KeyCompany: "Norte"}); err != nil {
		t.Fatal(err)
	}
	test.Type(h.entryWithPlaceholder("As customers will hear it"), "Nuria")
	test.Type(h.entryWithPlaceholder(locales.New(locales.EN).S("settings.company.placeholder")), "Sur")
	h.tap("Start")
	if v, _ := h.db.GetSetting(ctx, cases.KeyCompany); v != "Sur" {
		t.Errorf("company stored %q, typed Sur", v)
	}
}
