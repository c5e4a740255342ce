package server_test

import (
	"strings"
	"testing"

	"agentdesk/locales"
	"agentdesk/locales/localestest"
)

// crmd's Spanish calls a person's workstation what the desktop does, their
// "equipo": "escritorio" is the desktop's own kind of program, and an
// agent told their "escritorio" checked an approval looks for a screen of
// that name.
func TestCrmdsSpanishCallsADeskEquipo(t *testing.T) {
	es := locales.New(locales.ES)
	for id := range localestest.Keys(t, "crm.es.toml") {
		if text := es.S(id); strings.Contains(strings.ToLower(text), "escritorio") {
			t.Errorf("%s: %q", id, text)
		}
	}
}
