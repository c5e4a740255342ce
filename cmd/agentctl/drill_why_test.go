package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// drill judge --json says why an answer earned nothing, as the text output
// and the training screen do: a script reading it sees the answer was in
// the other language, or a list of key words, not only elements missed.
func TestDrillJudgeJSONSaysWhy(t *testing.T) {
	type judgedWhy struct {
		Mark          float64 `json:"mark"`
		OtherLanguage bool    `json:"other_language"`
		Shape         string  `json:"shape"`
		Explanation   []struct {
			OK   bool   `json:"ok"`
			Text string `json:"text"`
		} `json:"explanation"`
	}
	for _, tc := range []struct {
		lang, text string
		other      bool
		shape      string
		why        string
	}{
		{"es", "Don't worry: cash payments take 3 to 5 business days; keep your receipt.", true, "", "y la respuesta no"},
		{"en", "business days receipt", false, "list", "lists key words"},
		{"es", "días hábiles comprobante", false, "list", "enumera palabras clave"},
	} {
		code, out, errs := runDrill(t, "", "judge", "--scenario", "cash_payment_pending", "--turn", "explain", "--seed", "3",
			"--day", "2026-11-23", "--lang", tc.lang, "--json", "--text", tc.text)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var j judgedWhy
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if j.Mark != 0 || j.OtherLanguage != tc.other || j.Shape != tc.shape {
			t.Errorf("%s %q: %s", tc.lang, tc.text, out)
		}
		if len(j.Explanation) == 0 || j.Explanation[0].OK || !strings.Contains(j.Explanation[0].Text, tc.why) {
			t.Errorf("%s %q: the JSON does not say why: %s", tc.lang, tc.text, out)
		}
	}
}
