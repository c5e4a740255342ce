package server

import (
	"bytes"
	"encoding/json"

	"agentdesk/cases"
	"agentdesk/crm"
)

// redactText is for the other free texts crmd receives (escalation notes,
// decisions, attempts): redacted and without NUL characters, as case
// texts are (cases.Scrub).
func redactText(s string) string { return cases.Scrub(s) }

// redactAttempt redacts what a training attempt carries in free text: the
// scenario and track names and every string, key and number of the
// grader's details, which quote what the trainee typed. Details that hold
// nothing to redact are kept byte for byte.
func redactAttempt(a *crm.TrainingAttempt) error {
	a.Scenario = redactText(a.Scenario)
	a.Track = redactText(a.Track)
	if len(a.Details) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(a.Details))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	v, changed := redactJSON(v)
	if !changed {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	a.Details = bytes.TrimRight(buf.Bytes(), "\n")
	return nil
}

// redactJSON redacts a decoded JSON value. A number that Redact would
// change (a card number sent as a number) becomes 0: still a number, so
// the report reads back as a report (a seed below 2^53 can pass the Luhn
// check, as one 16-digit number in ten does), with no card stored.
func redactJSON(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		r := redactText(x)
		return r, r != x
	case json.Number:
		if r := redactText(x.String()); r != x.String() {
			return json.Number("0"), true
		}
		return x, false
	case []any:
		changed := false
		for i, e := range x {
			var c bool
			x[i], c = redactJSON(e)
			changed = changed || c
		}
		return x, changed
	case map[string]any:
		changed := false
		out := make(map[string]any, len(x))
		for k, e := range x {
			rk := redactText(k)
			re, c := redactJSON(e)
			out[rk] = re
			changed = changed || c || rk != k
		}
		return out, changed
	}
	return v, false
}
