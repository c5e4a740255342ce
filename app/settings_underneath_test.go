package app

import (
	"context"
	"testing"

	"agentdesk/cases"
)

// agentctl config set changed the CRM address and the company while the
// app ran; a save in Settings of another field kept them stored, but the
// app went on with what it read at its start: sync with the old CRM, the
// scripts with the old company, and the form showed both as saved.
func TestSettingsSaveGoesOnWithWhatAgentctlSetMeanwhile(t *testing.T) {
	h, s := settingsOfX(t)
	ctx := context.Background()
	const url = "https://crm.example.internal"
	if err := h.db.SetSettings(ctx, map[string]string{cases.KeyCRMURL: url, cases.KeyCompany: "Norte"}); err != nil { // agentctl config set
		t.Fatal(err)
	}
	s.paper.SetSelected("Letter")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if ws := h.app.ws; ws.CRMURL != url || ws.Company != "Norte" || ws.Paper != "Letter" {
		t.Errorf("the app goes on with CRM %q, company %q, paper %q", ws.CRMURL, ws.Company, ws.Paper)
	}
	if s := h.settings(); s.crmURL.Text != url || s.company.Text != "Norte" {
		t.Errorf("Settings shows CRM %q, company %q as saved", s.crmURL.Text, s.company.Text)
	}
}
