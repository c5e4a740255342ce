package main

import (
	"strings"
	"testing"
)

// drill play tells the trainee, before the call, the company and the name
// the greeting must say: without --company and --trainee the call expects
// its defaults ("la compañía", "su agente"), which nothing showed, so a
// real greeting ("Gracias por llamar a Telco…") lost two thirds of the
// turn for names the trainee could not know.
func TestDrillPlaySaysTheNamesToGreetWith(t *testing.T) {
	for _, tc := range []struct {
		lang     string
		flags    []string
		company  string
		agent    string
		greeting string
		score    string
	}{
		{"es", nil, "la compañía", "su agente", "Gracias por llamar a la compañía, le atiende su agente. ¿Con quién tengo el gusto?", "100,0 %"},
		{"en", nil, "the company", "your agent", "Thank you for calling the company, this is your agent. Who am I speaking with?", "100.0%"},
		{"es", []string{"--company", "Telco Norte", "--trainee", "Ana"}, "Telco Norte", "Ana",
			"Gracias por llamar a Telco Norte, le atiende Ana. ¿Con quién tengo el gusto?", "100,0 %"},
	} {
		args := append([]string{"play", "--scenario", "refund_request", "--seed", "3", "--lang", tc.lang}, tc.flags...)
		_, out, errs := runDrill(t, tc.greeting+"\nq\n", args...)
		first := strings.Index(out, "[")
		if first < 0 {
			t.Fatalf("%s: no turn shown:\n%s%s", tc.lang, out, errs)
		}
		before := out[:first]
		if !strings.Contains(before, tc.company) || !strings.Contains(before, tc.agent) {
			t.Errorf("%s %v: the names to greet with are not said before the call:\n%s", tc.lang, tc.flags, before)
		}
		if !strings.Contains(out, tc.score) {
			t.Errorf("%s %v: the greeting with those names does not earn %s:\n%s", tc.lang, tc.flags, tc.score, out)
		}
	}
}
