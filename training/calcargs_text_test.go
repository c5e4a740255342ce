package training

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"agentdesk/locales"
)

// A function that takes one or more arguments, given none, says "at
// least 1": "it takes 1" sent the author to write exactly one.
func TestCalcArgsSaysAtLeastForAVariadicFunction(t *testing.T) {
	pb := defaultPlaybook(t)
	for _, tc := range []struct {
		old, new string
		want     map[locales.Lang]string
	}{
		{"fn = \"sub\"\nargs = [\"balance\", \"paid\"]", "fn = \"sum\"\nargs = []",
			map[locales.Lang]string{locales.EN: "it takes at least 1, not 0", locales.ES: "recibe al menos 1, no 0"}},
		{`args = ["balance", "paid"]`, `args = ["balance"]`,
			map[locales.Lang]string{locales.EN: "it takes 2, not 1", locales.ES: "recibe 2, no 1"}},
	} {
		if !strings.Contains(minimal, tc.old) {
			t.Fatalf("fixture text %q not found", tc.old)
		}
		_, err := LoadScenario([]byte(strings.Replace(minimal, tc.old, tc.new, 1)), "mini.toml", pb)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err = %v, want a ValidationError", err)
		}
		i := slices.IndexFunc(ve.Issues, func(is Issue) bool { return is.Code == "calc_args" })
		if i < 0 {
			t.Fatalf("no calc_args in %v", ve.Issues)
		}
		for l, want := range tc.want {
			if got := IssueText(locales.New(l), ve.Issues[i]); !strings.Contains(got, want) {
				t.Errorf("%s: %q, want %q in it", l, got, want)
			}
		}
	}
}
