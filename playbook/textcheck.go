package playbook

import (
	"slices"
	"strings"
)

// TextIssue is one thing CheckText finds wrong with a bilingual text: a
// validator's problem code and its arguments. AtPlaceholder marks an issue
// best shown at the line of the text's first "{{" rather than its key.
type TextIssue struct {
	Code          string
	Args          map[string]any
	AtPlaceholder bool
}

// CheckText holds a text to the rules every content file shares, the
// playbook's and the training scenarios': both languages written, every
// placeholder one that may be used, the same placeholders in each
// language, and no stray braces. names lists the placeholders a text uses;
// known says whether one may be used. more is false after an unknown
// placeholder: the text's other checks would only repeat it.
func CheckText(key, es, en string, names func(string) []string, known func(string) bool) (issues []TextIssue, more bool) {
	if strings.TrimSpace(es) == "" {
		issues = append(issues, TextIssue{Code: "missing_text", Args: map[string]any{"Key": key, "Lang": "es"}})
	}
	if strings.TrimSpace(en) == "" {
		issues = append(issues, TextIssue{Code: "missing_text", Args: map[string]any{"Key": key, "Lang": "en"}})
	}
	a, b := names(es), names(en)
	for _, n := range append(slices.Clone(a), b...) {
		if !known(n) {
			return append(issues, TextIssue{Code: "unknown_placeholder", Args: map[string]any{"Name": n}, AtPlaceholder: true}), false
		}
	}
	if es != "" && en != "" {
		a, b = slices.Clone(a), slices.Clone(b)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			issues = append(issues, TextIssue{Code: "placeholder_mismatch", Args: map[string]any{"Key": key, "ES": strings.Join(a, ","), "EN": strings.Join(b, ",")}})
		}
	}
	if rest := placeholderRE.ReplaceAllString(es+en, ""); strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
		issues = append(issues, TextIssue{Code: "bad_placeholder", Args: map[string]any{"Key": key}})
	}
	return issues, true
}
