// Package locales holds the interface messages in Spanish and English and the
// go-i18n bundle that serves them. Every string a person reads in the app or
// the CLI comes from here; content (the playbook's scripts, the training
// scenarios) carries its own two languages and is said through the same
// go-i18n machinery by Content.
package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Lang is a language the product speaks. Interface language and call
// language are both a Lang, but separate settings.
type Lang string

const (
	ES Lang = "es"
	EN Lang = "en"
)

// Langs lists every supported language, Spanish first because most agents
// of the seed material work in Spanish.
var Langs = []Lang{ES, EN}

// ParseLang accepts "es", "en" and region forms like "es_MX.UTF-8" or
// "en-US"; anything else is reported so a caller can fall back explicitly.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-."); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "es":
		return ES, true
	case "en":
		return EN, true
	}
	return "", false
}

// Tag is the BCP 47 tag of the language.
func (l Lang) Tag() language.Tag {
	if l == EN {
		return language.English
	}
	return language.Spanish
}

// Other returns the other supported language (the call-language toggle).
func (l Lang) Other() Lang {
	if l == EN {
		return ES
	}
	return EN
}

//go:embed *.toml
var files embed.FS

// bundles holds one go-i18n bundle per language, each parsed the first
// time it is asked for: an agent works in one interface language, and
// parsing the other one's files too would cost the window's start about
// 20 ms and 3 MB (make bench-app).
var bundles = map[Lang]func() (*i18n.Bundle, error){
	ES: sync.OnceValues(func() (*i18n.Bundle, error) { return load(ES) }),
	EN: sync.OnceValues(func() (*i18n.Bundle, error) { return load(EN) }),
}

// Bundle returns the bundle of lang's messages, parsed once. The files are
// embedded, so an error here is a build mistake that tests catch.
func Bundle(lang Lang) (*i18n.Bundle, error) {
	get, ok := bundles[lang]
	if !ok {
		return nil, fmt.Errorf("locales: no messages in %q", lang)
	}
	return get()
}

// load reads lang's compiled messages (compiled.go), or parses its TOML
// files when those are stale or unreadable.
func load(lang Lang) (*i18n.Bundle, error) {
	if data, err := compiledFS.ReadFile("compiled/" + string(lang) + ".gob"); err == nil {
		if msgs, err := compiledMessages(lang, data); err == nil {
			b := i18n.NewBundle(lang.Tag())
			if err := b.AddMessages(lang.Tag(), msgs...); err == nil {
				return b, nil
			}
		}
	}
	return parse(lang)
}

// parse builds lang's bundle from its TOML message files.
func parse(lang Lang) (*i18n.Bundle, error) {
	b := i18n.NewBundle(lang.Tag())
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, name := range Files()[lang] {
		if _, err := b.LoadMessageFileFS(files, name); err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
	}
	return b, nil
}

// Files lists the embedded message files by language, for the parity test
// and for tools.
func Files() map[Lang][]string {
	out := map[Lang][]string{}
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		parts := strings.Split(e.Name(), ".")
		if len(parts) < 3 {
			continue
		}
		if l, ok := ParseLang(parts[len(parts)-2]); ok {
			out[l] = append(out[l], e.Name())
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// ReadFile gives tests the raw bytes of an embedded message file.
func ReadFile(name string) ([]byte, error) { return files.ReadFile(path.Clean(name)) }

// T translates interface messages into one language. It never fails in the
// caller's face: a missing key renders as the key itself, loudly, and the
// parity test keeps that from ever shipping.
type T struct {
	Lang Lang
	loc  *i18n.Localizer
}

// New returns a translator for lang.
// A language the product does not speak gets Spanish, the default.
func New(lang Lang) *T {
	if _, ok := bundles[lang]; !ok {
		lang = ES
	}
	b, err := Bundle(lang)
	if err != nil {
		panic(err) // embedded files: caught by tests, never by a user
	}
	return &T{Lang: lang, loc: i18n.NewLocalizer(b, string(lang))}
}

// S translates a message without data.
func (t *T) S(id string) string { return t.D(id, nil) }

// D translates a message with template data.
func (t *T) D(id string, data map[string]any) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil || s == "" {
		return "!" + id
	}
	return s
}

// N translates a message whose wording depends on a count (CLDR plurals).
func (t *T) N(id string, count int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Count"]; !ok {
		// Said grouped, as the screens write figures; the plural form
		// is chosen on the number itself.
		data["Count"] = FormatCount(t.Lang, count)
	}
	return t.plural(id, count, data)
}

// plural renders id in the CLDR form for count (an int, or a decimal
// written as a string).
func (t *T) plural(id string, count any, data map[string]any) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
	if err != nil {
		// CLDR Spanish has a "many" form (a million, 1e6…) that our files
		// do not spell out; "other" reads correctly there.
		s, err = t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: 0, TemplateData: data})
	}
	if err != nil || s == "" {
		return "!" + id
	}
	return s
}

// Has reports whether id exists and renders in this language; the parity
// test uses it.
func (t *T) Has(id string) bool {
	_, tag, err := t.loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id, PluralCount: 2, TemplateData: map[string]any{}})
	return err == nil && tag == t.Lang.Tag()
}

// Q renders a quantity with its unit ("1 año", "3 años", "1.5 years"):
// id is a message with one/other forms that shows {{.Count}}, n picks the
// CLDR plural form and shown is n written the way lang writes numbers
// (the caller formats it, so locales needs no number formatting of its
// own). Unlike N, n may have decimals: "1,5" takes the plural in both
// languages, as CLDR says.
func (t *T) Q(id string, n float64, shown string) string {
	data := map[string]any{"Count": shown}
	return t.plural(id, strconv.FormatFloat(n, 'f', -1, 64), data)
}
