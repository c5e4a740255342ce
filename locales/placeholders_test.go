package locales_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

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
	for _, name := range locales.Files()[lang] {
		data, err := locales.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := toml.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var walk func(prefix string, m map[string]any)
		walk = func(prefix string, m map[string]any) {
			var set []string
			found := false
			for k, v := range m {
				switch v := v.(type) {
				case map[string]any:
					walk(prefix+"."+k, v)
				case string:
					if !pluralForms[k] {
						continue
					}
					found = true
					for _, a := range actionRe.FindAllString(v, -1) {
						for _, f := range fieldRe.FindAllStringSubmatch(a, -1) {
							if !slices.Contains(set, f[1]) {
								set = append(set, f[1])
							}
						}
					}
				}
			}
			if found {
				slices.Sort(set)
				out[strings.TrimPrefix(prefix, ".")] = set
			}
		}
		walk("", raw)
	}
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
