package locales_test

import (
	"strings"
	"testing"

	"agentdesk/locales"
	"agentdesk/locales/localestest"
)

var pluralForms = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// messages is message ID → plural forms of a message file.
func messages(t *testing.T, name string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for id, keys := range localestest.Keys(t, name) {
		var forms []string
		for _, k := range keys {
			if pluralForms[k] {
				forms = append(forms, k)
			}
		}
		if len(forms) > 0 {
			out[id] = forms
		}
	}
	return out
}

// Every message exists in both languages, with the same plural forms
// (Spanish and English both use one/other).
func TestParity(t *testing.T) {
	files := locales.Files()
	if len(files[locales.ES]) == 0 || len(files[locales.ES]) != len(files[locales.EN]) {
		t.Fatalf("message files: %v", files)
	}
	all := map[locales.Lang]map[string][]string{locales.ES: {}, locales.EN: {}}
	for l, names := range files {
		for _, n := range names {
			for id, forms := range messages(t, n) {
				if _, dup := all[l][id]; dup {
					t.Errorf("%s: %s defined twice", n, id)
				}
				all[l][id] = forms
			}
		}
	}
	for id, forms := range all[locales.EN] {
		es, ok := all[locales.ES][id]
		if !ok {
			t.Errorf("%s is missing in Spanish", id)
			continue
		}
		if strings.Join(es, ",") != strings.Join(forms, ",") {
			t.Errorf("%s: plural forms es %v, en %v", id, es, forms)
		}
	}
	for id := range all[locales.ES] {
		if _, ok := all[locales.EN][id]; !ok {
			t.Errorf("%s is missing in English", id)
		}
	}
	if len(all[locales.EN]) < 50 {
		t.Errorf("only %d messages: files not loaded?", len(all[locales.EN]))
	}
	// Every message renders in its own language, for counts 1 and 2.
	for _, l := range locales.Langs {
		tr := locales.New(l)
		for id, forms := range all[l] {
			if !tr.Has(id) {
				t.Errorf("%s does not render in %s", id, l)
			}
			if len(forms) == 1 {
				if s := tr.D(id, map[string]any{}); strings.HasPrefix(s, "!") || s == "" {
					t.Errorf("%s (%s) renders as %q", id, l, s)
				}
				continue
			}
			for _, n := range []int{1, 2} {
				if s := tr.N(id, n, map[string]any{}); strings.HasPrefix(s, "!") || s == "" {
					t.Errorf("%s (%s, count %d) renders as %q", id, l, n, s)
				}
			}
		}
	}
}

func TestMissingKeyIsLoud(t *testing.T) {
	if got := locales.New(locales.EN).S("no.such.key"); got != "!no.such.key" {
		t.Fatalf("missing key renders as %q", got)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]locales.Lang{"es": locales.ES, "es_MX.UTF-8": locales.ES, "EN-us": locales.EN, "en_US.UTF-8": locales.EN} {
		if got, ok := locales.ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "C", "fr_FR.UTF-8", "POSIX"} {
		if _, ok := locales.ParseLang(in); ok {
			t.Errorf("ParseLang(%q) accepted", in)
		}
	}
}

func TestPlurals(t *testing.T) {
	if got := locales.New(locales.ES).N("cases.count", 1, nil); got != "1 caso" {
		t.Errorf("es 1 = %q", got)
	}
	if got := locales.New(locales.ES).N("cases.count", 1000000, nil); got != "1.000.000 casos" {
		t.Errorf("es 1e6 (CLDR many) = %q", got)
	}
	if got := locales.New(locales.EN).N("cases.count", 3, nil); got != "3 cases" {
		t.Errorf("en 3 = %q", got)
	}
}

// Each language's messages are their own bundle; a language the product
// does not speak gets the Spanish one rather than a panic.
func TestBundlePerLanguage(t *testing.T) {
	for _, l := range locales.Langs {
		b, err := locales.Bundle(l)
		if err != nil || b == nil {
			t.Fatalf("%s: %v", l, err)
		}
		if tags := b.LanguageTags(); len(tags) != 1 || tags[0] != l.Tag() {
			t.Errorf("%s bundle holds %v", l, tags)
		}
	}
	if _, err := locales.Bundle("fr"); err == nil {
		t.Error("a bundle for fr")
	}
	if tr := locales.New("fr"); tr.Lang != locales.ES || tr.S("app.name") != "AgentDesk" {
		t.Errorf("New(fr) = %s, %q", tr.Lang, tr.S("app.name"))
	}
}
