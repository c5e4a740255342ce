package app

import (
	"context"
	"testing"

	"agentdesk/cases"
)

// agentctl config set writes a setting while the app runs; a later save
// in Settings of another field (the paper) must not write back what the
// app read at its start: the currency, which Settings does not even show,
// went back to USD, and a company set from agentctl to the old name.
func TestSettingsSaveKeepsWhatAgentctlSetMeanwhile(t *testing.T) {
	h, s := settingsOfX(t)
	ctx := context.Background()
	for k, v := range map[string]string{cases.KeyCurrency: "EUR", cases.KeyCompany: "Norte"} {
		if err := h.db.SetSetting(ctx, k, v); err != nil { // agentctl config set
			t.Fatal(err)
		}
	}
	s.paper.SetSelected("Letter")
	h.tap("Save")
	h.mustHave("Settings saved.")
	kv, err := h.db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kv[cases.KeyCurrency] != "EUR" || kv[cases.KeyCompany] != "Norte" || kv[cases.KeyPaper] != "Letter" {
		t.Errorf("after the save: currency %q, company %q, paper %q", kv[cases.KeyCurrency], kv[cases.KeyCompany], kv[cases.KeyPaper])
	}
}
