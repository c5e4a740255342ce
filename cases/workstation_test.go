package cases

import (
	"errors"
	"testing"
)

// A setting given by hand is one of the workstation's, with a value its
// key takes; the store's own keys are not set this way.
func TestCheckSetting(t *testing.T) {
	rows := []struct {
		key, value string
		field      string // "" when accepted
	}{
		{KeyAgent, "Ana", ""}, {KeyAgent, "  ", KeyAgent},
		{KeyRole, "supervisor", ""}, {KeyRole, "admin", KeyRole},
		{KeyUILang, "en", ""}, {KeyCallLang, "fr", KeyCallLang},
		{KeyCRMURL, "https://crm.example:8443", ""}, {KeyCRMURL, "", ""}, {KeyCRMURL, "ftp:/x", KeyCRMURL},
		{KeyPaper, "Letter", ""}, {KeyPaper, "A5", KeyPaper},
		{KeyCurrency, "MXN", ""}, {KeyCurrency, "dollars", KeyCurrency},
		{KeyCompany, "Telecomunicaciones del Norte", ""}, {KeyPlaybookDir, "/srv/playbook", ""},
		{"team.refreshed", "2026-01-01", "key"}, {"foo", "bar", "key"},
	}
	for _, r := range rows {
		err := CheckSetting(r.key, r.value)
		var ce *Error
		switch {
		case r.field == "" && err != nil:
			t.Errorf("%s=%q refused: %v", r.key, r.value, err)
		case r.field != "" && (!errors.As(err, &ce) || ce.Field != r.field):
			t.Errorf("%s=%q: %v, want a refusal of %s", r.key, r.value, err, r.field)
		}
	}
}
