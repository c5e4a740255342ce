package locales_test

import (
	"testing"

	"agentdesk/locales"
)

// Content is said in the language asked for, its {{placeholders}} left for
// the content to fill (they are not Go templates), and a text without an
// ID or an unknown language still reads.
func TestContentSaysTheTextInItsLanguage(t *testing.T) {
	tests := []struct {
		name     string
		l        locales.Lang
		id, text string
		want     string
	}{
		{"spanish", locales.ES, "x.say", "Buenos días, {{customer}}.", "Buenos días, {{customer}}."},
		{"english", locales.EN, "x.say", "Good morning, {{customer}}.", "Good morning, {{customer}}."},
		{"template syntax kept", locales.EN, "x.tpl", "{{.Name}} {{if x}}", "{{.Name}} {{if x}}"},
		{"no id", locales.EN, "", "Hello", "Hello"},
		{"empty", locales.ES, "x.empty", "", ""},
		{"unknown language", locales.Lang("fr"), "x.say", "Bonjour", "Bonjour"},
	}
	for _, tt := range tests {
		if got := locales.Content(tt.l, tt.id, tt.text); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
