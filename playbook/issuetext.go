package playbook

import (
	"strconv"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// IssueText is an issue's message in t's language. The validator names
// kinds of element, languages and roles by their IDs ("call_type", "en",
// "agent"); a person reads them as words of their language ("tipo de
// llamada", "inglés").
func IssueText(t *locales.T, is Issue) string {
	args := make(map[string]any, len(is.Args))
	for k, v := range is.Args {
		args[k] = v
	}
	if k, ok := args["Kind"].(string); ok && t.Has("playbook.kind."+k) {
		args["Kind"] = t.S("playbook.kind." + k)
	}
	if l, ok := args["Lang"].(string); ok && t.Has("playbook.lang."+l) {
		args["Lang"] = t.S("playbook.lang." + l)
	}
	if r, ok := args["Role"].(string); ok && t.Has("role."+r) {
		args["Role"] = t.S("role." + r)
	}
	FormatNumbers(t.Lang, args)
	return t.D("playbook.err."+is.Code, args)
}

// FormatNumbers writes the numbers among a message's arguments the way
// the language writes numbers ("1.000.000.000.000", "96,5"), not as Go
// prints a float ("1e+12", "96.5"). Issues carry them as the loader or
// crmd's JSON gave them.
func FormatNumbers(l locales.Lang, args map[string]any) {
	for k, v := range args {
		if f, ok := v.(float64); ok {
			args[k] = calculators.FormatNumber(f, -1, l)
		}
	}
}

// IssueLine is an issue as a person reads it in a list: file:line: message.
func IssueLine(t *locales.T, is Issue) string {
	return is.File + ":" + strconv.Itoa(is.Line) + ": " + IssueText(t, is)
}
