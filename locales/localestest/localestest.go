// Package localestest reads the message files as data, for the tests that
// hold the two languages to the same messages; the programs read them
// through go-i18n instead.
package localestest

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"agentdesk/locales"
)

// Keys flattens the go-i18n TOML file name into message ID → the message's
// own keys (its plural forms, "one", "other"…, and any other field), sorted.
func Keys(t testing.TB, name string) map[string][]string {
	t.Helper()
	data, err := locales.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string][]string{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		var keys []string
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(prefix+"."+k, sub)
			} else {
				keys = append(keys, k)
			}
		}
		if len(keys) > 0 {
			slices.Sort(keys)
			out[strings.TrimPrefix(prefix, ".")] = keys
		}
	}
	walk("", raw)
	return out
}
