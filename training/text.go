package training

import (
	"fmt"
	"regexp"
	"strings"

	"agentdesk/locales"
)

// Text is one piece of scenario content in both languages. Its ID is
// assigned on load ("scenario.promo_expired.turn.explain.say") and is its
// go-i18n message ID, so scenario content goes through the same
// localisation machinery as the interface and the playbook.
type Text struct {
	ES string `toml:"es" json:"es"`
	EN string `toml:"en" json:"en"`

	id string
}

// ID is the text's go-i18n message ID.
func (t Text) ID() string { return t.id }

// Raw returns the text in l as written, without go-i18n.
func (t Text) Raw(l locales.Lang) string {
	if l == locales.EN {
		return t.EN
	}
	return t.ES
}

// Say returns the text in l through go-i18n (locales.Content), its
// {{placeholders}} left for the call to fill.
func (t Text) Say(l locales.Lang) string { return locales.Content(l, t.id, t.Raw(l)) }

// IsZero reports an absent optional text.
func (t Text) IsZero() bool { return t.ES == "" && t.EN == "" }

var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// genderForms splits a {{masculine|feminine}} placeholder: the form that
// agrees with the persona's grammatical gender is said.
func genderForms(name string) (m, f string, ok bool) {
	m, f, ok = strings.Cut(name, "|")
	if !ok || strings.Contains(f, "|") {
		return "", "", false
	}
	return m, f, true
}

// placeholdersIn lists the {{names}} a text uses, in order of first use;
// gender forms are not names and are left out.
func placeholdersIn(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if strings.Contains(m[1], "|") {
			continue
		}
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// fill replaces {{names}}; a name without a value stays visible as [name]
// so a gap in content reads as a gap rather than disappearing.
func fill(s string, lookup func(string) (string, bool)) string {
	return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
		name := placeholderRE.FindStringSubmatch(m)[1]
		if v, ok := lookup(name); ok {
			return v
		}
		return "[" + name + "]"
	})
}

// Ref is an amount in a choice's effects: a literal in major units
// (adjustment = 80.00) or the name of a drawn value (amount = "ppv_price"),
// so what a trainee grants follows the draw.
type Ref struct {
	Name  string
	Major float64
	set   bool
}

// UnmarshalTOML accepts a number or a string.
func (r *Ref) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		r.Name = strings.TrimSpace(x)
	case int64:
		r.Major = float64(x)
	case float64:
		r.Major = x
	default:
		return fmt.Errorf("expected a number or the name of a drawn value, got %T", v)
	}
	r.set = true
	return nil
}

// IsSet reports whether the TOML gave a value.
func (r Ref) IsSet() bool { return r.set }
