package main

import (
	"encoding/json"
	"strings"
	"testing"

	"agentdesk/locales"
)

func redactRun(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	code, stdout, stderr = runEnv(t, stdin, "", append([]string{"redact"}, args...)...)
	return stdout, stderr, code
}

func TestRedactCommand(t *testing.T) {
	in := "tarjeta 4111 1111 1111 1111 cvv 123\nPIN 1 2 3 4"
	out, errs, code := redactRun(t, in)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if want := "tarjeta •••• 1111 cvv ***\nPIN ****"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	// No AGENTDESK_LANG or LANG: Spanish.
	if want := "Se ocultaron 3 datos (números de tarjeta: 1, códigos de seguridad: 1, PIN: 1).\n"; errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}
}

func TestRedactCommandOneItemInEnglish(t *testing.T) {
	out, errs, code := redactRun(t, "CVV: 987", "--lang", "en")
	if code != 0 || out != "CVV: ***" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if want := "Redacted 1 item (card numbers: 0, security codes: 1, PINs: 0).\n"; errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}
}

// A clean text passes through byte for byte, trailing newline and invalid
// UTF-8 included, and the command says nothing.
func TestRedactCommandCleanTextUntouched(t *testing.T) {
	in := "Llamar al +34 612 345 678, importe 1.234,56 €\xff\n\n"
	out, errs, code := redactRun(t, in)
	if code != 0 || out != in || errs != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if out, errs, code := redactRun(t, ""); code != 0 || out != "" || errs != "" {
		t.Errorf("empty input: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestRedactCommandJSON(t *testing.T) {
	out, errs, code := redactRun(t, "amex 378282246310005, mi pin es 4321\n", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var got struct {
		Text          string `json:"text"`
		Cards         int    `json:"cards"`
		SecurityCodes int    `json:"security_codes"`
		PINs          int    `json:"pins"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if got.Text != "amex •••• 0005, mi pin es ****\n" || got.Cards != 1 || got.SecurityCodes != 0 || got.PINs != 1 {
		t.Errorf("got %+v", got)
	}
	if !strings.Contains(errs, "2 datos") {
		t.Errorf("stderr %q", errs)
	}
}

func TestRedactCommandRejectsArguments(t *testing.T) {
	out, errs, code := redactRun(t, "", "4111111111111111", "--lang", "en")
	if code != 2 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errs, "standard input") || strings.Contains(errs, "!cli.") {
		t.Errorf("stderr %q", errs)
	}
}

// Every message the command uses exists, in both languages, in every plural
// form it can ask for.
func TestRedactCommandMessages(t *testing.T) {
	for _, l := range locales.Langs {
		tr := locales.New(l)
		for _, id := range []string{"cli.redact.summary", "cli.redact.usage", "cli.redact.read_failed"} {
			if s := tr.S(id); strings.HasPrefix(s, "!") {
				t.Errorf("%s: %s missing", l, id)
			}
		}
		for _, n := range []int{1, 2, 5} {
			s := tr.N("cli.redact.replaced", n, map[string]any{"Cards": 0, "SecurityCodes": 0, "PINs": n})
			if strings.HasPrefix(s, "!") || strings.Contains(s, "<no value>") {
				t.Errorf("%s, %d: %q", l, n, s)
			}
		}
	}
}
