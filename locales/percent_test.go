package locales_test

import (
	"regexp"
	"testing"

	"agentdesk/locales"
)

// tightPercent is a number against its percent sign.
var tightPercent = regexp.MustCompile(`[0-9]%`)

// Spanish writes a space before the percent sign, as the screens and the
// calculators' results do ("80 %"); a flag's help saying "80%" beside a
// result saying "80,1 %" reads as two conventions.
func TestSpanishPercentHasItsSpace(t *testing.T) {
	eachText(t, locales.ES, func(name, id, form, text string) {
		if w := tightPercent.FindString(text); w != "" {
			t.Errorf("%s: %s.%s writes %q: write the space, as in \"80 %%\"", name, id, form, w)
		}
	})
}
