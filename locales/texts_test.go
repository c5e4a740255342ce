package locales_test

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"agentdesk/locales"
)

// eachText calls fn with every text of lang's message files: the file, the
// message ID, the form ("one", "other", a description…) and the text. The
// wording tests read every message through it.
func eachText(t *testing.T, lang locales.Lang, fn func(file, id, form, text string)) {
	t.Helper()
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
			for k, v := range m {
				switch v := v.(type) {
				case map[string]any:
					walk(prefix+"."+k, v)
				case string:
					fn(name, strings.TrimPrefix(prefix, "."), k, v)
				}
			}
		}
		walk("", raw)
	}
}
