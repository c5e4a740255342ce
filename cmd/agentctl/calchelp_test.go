package main

import (
	"strings"
	"testing"
)

// A flag's default is said once, by the help itself ("(default: 2%)"):
// its description saying it again read "(default 2%) (default: 2%)".
func TestCalcFlagHelpSaysADefaultOnce(t *testing.T) {
	for _, tc := range []struct{ lang, word string }{{"en", "default"}, {"es", "por defecto"}} {
		for _, calc := range []string{"chat-revenue", "deflection"} {
			_, _, errs := runCalcEnv(t, tc.lang, calc, "--help")
			if !strings.Contains(errs, tc.word) {
				t.Fatalf("%s %s: no default in the help:\n%s", tc.lang, calc, errs)
			}
			for _, line := range strings.Split(errs, "\n") {
				if strings.Count(line, tc.word) > 1 {
					t.Errorf("%s %s: %q", tc.lang, calc, line)
				}
			}
		}
	}
}
