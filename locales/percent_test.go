package locales_test

import (
	"regexp"
	"testing"

	"github.com/BurntSushi/toml"

	"agentdesk/locales"
)

// tightPercent is a number against its percent sign.
var tightPercent = regexp.MustCompile(`[0-9]%`)

// Spanish writes a space before the percent sign, as the screens and the
// calculators' results do ("80 %"); a flag's help saying "80%" beside a
// result saying "80,1 %" reads as two conventions.
func TestSpanishPercentHasItsSpace(t *testing.T) {
	for _, name := range locales.Files()[locales.ES] {
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
					if w := tightPercent.FindString(v); w != "" {
						t.Errorf("%s: %s.%s writes %q: write the space, as in \"80 %%\"", name, prefix[1:], k, w)
					}
				}
			}
		}
		walk("", raw)
	}
}
