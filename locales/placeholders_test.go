package locales_test

import (
	"regexp"
	"slices"
	"testing"

	"agentdesk/locales"
)

// fieldRe finds the data fields a message template reads ({{.Name}},
// {{if .Name}}, {{printf "%d" .Count}}…).
var fieldRe = regexp.MustCompile(`\.([A-Z][A-Za-z0-9_]*)`)

// actionRe finds a template's actions.
var actionRe = regexp.MustCompile(`{{[^}]*}}`)

// fields is message ID → the data fields its forms read, over every file
// of lang.
func fields(t *testing.T, lang locales.Lang) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	eachText(t, lang, func(_, id, form, text string) {
		if !pluralForms[form] {
			return
		}
		set := out[id]
		for _, a := range actionRe.FindAllString(text, -1) {
			for _, f := range fieldRe.FindAllStringSubmatch(a, -1) {
				if !slices.Contains(set, f[1]) {
					set = append(set, f[1])
				}
			}
		}
		slices.Sort(set)
		out[id] = set
	})
	return out
}

// A message reads the same data in both languages: a placeholder only one
// language shows ("{{.Amount}}" in English, a fixed text in Spanish) or
// spells differently ("{{.Nombre}}") leaves one language's reader without
// the value, or with "<no value>".
func TestPlaceholdersMatchAcrossLanguages(t *testing.T) {
	es, en := fields(t, locales.ES), fields(t, locales.EN)
	if len(en) < 1000 {
		t.Fatalf("only %d messages read", len(en))
	}
	for id, want := range en {
		got, ok := es[id]
		if !ok {
			continue // TestParity reports it
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: es reads %v, en reads %v", id, got, want)
		}
	}
}
