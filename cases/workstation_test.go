package cases

import (
	"errors"
	"strings"
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
		{KeyCRMURL, "http://[::1]:8080", ""}, {KeyCRMURL, "https://crm.example", ""},
		// Tokens go in clear text over http: only to this computer, as the
		// client sends them (crm.ErrInsecureURL).
		{KeyCRMURL, "http://localhost:8787", ""}, {KeyCRMURL, "http://127.0.0.1:8787/", ""},
		{KeyCRMURL, "http://crm.example:8787", KeyCRMURL}, {KeyCRMURL, "HTTP://10.0.0.5", KeyCRMURL},
		// No host (this computer would be dialled), no port, or one no server
		// can listen on.
		{KeyCRMURL, "https://:8443", KeyCRMURL}, {KeyCRMURL, "http://:80/", KeyCRMURL}, {KeyCRMURL, "https://crm.example:", KeyCRMURL},
		{KeyCRMURL, "https://crm.example:99999", KeyCRMURL}, {KeyCRMURL, "https://crm.example:0", KeyCRMURL},
		// The client puts each request's path after the address: a query
		// or a fragment (an address copied from the browser's login page)
		// sends every request elsewhere, and a password in it would sit in
		// the settings in clear. A path is the CRM behind a proxy.
		{KeyCRMURL, "https://crm.example/login?next=/", KeyCRMURL}, {KeyCRMURL, "https://crm.example?", KeyCRMURL},
		{KeyCRMURL, "https://crm.example/#/cases", KeyCRMURL}, {KeyCRMURL, "https://ana:secreto@crm.example", KeyCRMURL},
		{KeyCRMURL, "https://crm.example/crm/", ""},
		{KeyPaper, "Letter", ""}, {KeyPaper, "A5", KeyPaper},
		// The playbook names the currency of its amounts; the desk has none
		// of its own to set.
		{KeyCurrency, "MXN", "key"},
		// Printed in scripts, summaries and PDFs on one line: a line break
		// or a tab from a shell has no place in them (Settings' fields
		// are one line).
		{KeyAgent, "Ana\nTorres", KeyAgent}, {KeyCompany, "Norte\tSA", KeyCompany}, {KeyRetention, "0800\r123", KeyRetention},
		{KeyCompany, "Telecomunicaciones del Norte", ""}, {KeyRetention, "(800) 555-0147", ""}, {KeyPlaybookDir, "/srv/playbook", ""},
		{"team.refreshed", "2026-01-01", "key"}, {"foo", "bar", "key"},
		// Said in scripts and printed on one line of a PDF's header: a
		// pasted paragraph is no name.
		{KeyAgent, strings.Repeat("á", MaxAgentName), ""}, {KeyAgent, strings.Repeat("á", MaxAgentName+1), KeyAgent},
		{KeyCompany, strings.Repeat("n", MaxCompany), ""}, {KeyCompany, strings.Repeat("n", MaxCompany+1), KeyCompany},
		{KeyRetention, strings.Repeat("5", MaxRetentionPhone+1), KeyRetention},
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

// Settings saves what Validate passes: the profile's texts are held to
// the bounds agentctl holds them to, each said by its own field.
func TestValidateBoundsTheProfilesTexts(t *testing.T) {
	ok := Workstation{Agent: "Ana Torres", Role: RoleAgent, Company: "Norte", RetentionPhone: "(800) 555-0147"}
	for _, tc := range []struct {
		name  string
		edit  func(w *Workstation)
		field string
	}{
		{"as typed", func(*Workstation) {}, ""},
		{"a name at its bound", func(w *Workstation) { w.Agent = strings.Repeat("ñ", MaxAgentName) }, ""},
		{"a name past it", func(w *Workstation) { w.Agent = strings.Repeat("ñ", MaxAgentName+1) }, FieldAgentText},
		{"a name on two lines", func(w *Workstation) { w.Agent = "Ana\nTorres" }, FieldAgentText},
		{"a company past its bound", func(w *Workstation) { w.Company = strings.Repeat("n", MaxCompany+1) }, "company"},
		{"a phone past its bound", func(w *Workstation) { w.RetentionPhone = strings.Repeat("5", MaxRetentionPhone+1) }, "retention"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := ok
			tc.edit(&w)
			errs := w.Validate()
			switch {
			case tc.field == "" && len(errs) > 0:
				t.Errorf("refused: %v", errs)
			case tc.field != "" && (len(errs) != 1 || errs[0].Field != tc.field):
				t.Errorf("%v, want one refusal of %s", errs, tc.field)
			}
		})
	}
}

func TestStoredSettingWritesALanguageAsItsCode(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{KeyUILang, " EN ", "en"},
		{KeyCallLang, "es-MX", "es"},
		{KeyCallLang, "es_ES.UTF-8", "es"},
		{KeyAgent, "  Ana Torres ", "Ana Torres"},
		{KeyPaper, "Letter", "Letter"},
	} {
		if got := StoredSetting(c.key, c.value); got != c.want {
			t.Errorf("StoredSetting(%s, %q) = %q, want %q", c.key, c.value, got, c.want)
		}
	}
}
