package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// team escalations --priority takes a priority as the list writes it, in
// the operator's language ("Alta"), as well as its ID: the one written
// found nothing, and a priority no pack has ("hihg") listed an empty
// queue as if nothing were escalated, where a mistyped --status is said.
func TestTeamEscalationsPriorityAsItIsWritten(t *testing.T) {
	db := seededDesk(t)
	count := func(lang, prio string) (int, int, string) {
		t.Helper()
		code, out, errs := runEnv(t, "", lang, "team", "escalations", "--db", db, "--json", "--priority", prio)
		var q struct {
			Escalations []struct{} `json:"escalations"`
		}
		_ = json.Unmarshal([]byte(out), &q)
		return len(q.Escalations), code, errs
	}
	want, code, _ := count("en", "high")
	if code != 0 || want == 0 {
		t.Fatalf("--priority high: exit %d, %d escalations", code, want)
	}
	for lang, shown := range map[string]string{"es": "Alta", "en": "High"} {
		for _, typed := range []string{shown, strings.ToLower(shown), " " + strings.ToUpper(shown)} {
			if n, code, errs := count(lang, typed); code != 0 || n != want {
				t.Errorf("%s: --priority %q: exit %d, %d escalations, want %d (%s)", lang, typed, code, n, want, errs)
			}
		}
		if _, code, errs := count(lang, "hihg"); code != 2 || !strings.Contains(errs, "hihg") || !strings.Contains(errs, shown) {
			t.Errorf("%s: --priority hihg: exit %d %q", lang, code, errs)
		}
	}
}
