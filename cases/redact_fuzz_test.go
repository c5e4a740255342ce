package cases

import (
	"strings"
	"testing"
)

func FuzzRedact(f *testing.F) {
	for _, c := range redactCorpus {
		f.Add(c.in)
	}
	for _, c := range redactKeywordCorpus {
		f.Add(c.in)
	}
	f.Add(redactNote(2 << 10))
	f.Add("\xff4111\xfe1111 1111 1111 cvv\x80123")
	f.Fuzz(func(t *testing.T, s string) {
		out, r := Redact(s)
		again, r2 := Redact(out)
		if again != out || r2.Any() {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q (%+v)", s, out, again, r2)
		}
		if r.Any() == (out == s) {
			t.Fatalf("Any() = %v for %q -> %q", r.Any(), s, out)
		}
		if run := redactContiguousCard(out); run != "" {
			t.Fatalf("card %q left in %q (input %q)", run, out, s)
		}
		if !strings.ContainsAny(s, "0123456789") && out != s {
			t.Fatalf("no digits in %q, yet it became %q", s, out)
		}
	})
}

// redactContiguousCard returns the first maximal run of 13-19 ASCII digits
// in s that passes the Luhn check.
func redactContiguousCard(s string) string {
	for i, j := range redactDigitSpans(s) {
		if n := j - i; n >= 13 && n <= 19 && redactLuhnString(s[i:j]) {
			return s[i:j]
		}
	}
	return ""
}
