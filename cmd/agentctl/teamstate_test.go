package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// team escalations --status takes a state as the list writes it, in the
// operator's language ("En curso"), as well as its name, whatever its
// case, as case list --status does: the state written was refused as no
// state at all.
func TestTeamEscalationsStatusAsItIsWritten(t *testing.T) {
	db := seededDesk(t)
	count := func(lang, st string) (int, int, string) {
		t.Helper()
		code, out, errs := runEnv(t, "", lang, "team", "escalations", "--db", db, "--json", "--status", st)
		var q struct {
			Escalations []struct{} `json:"escalations"`
		}
		_ = json.Unmarshal([]byte(out), &q)
		return len(q.Escalations), code, errs
	}
	for _, st := range []string{"received", "in_progress"} {
		want, code, _ := count("en", st)
		if code != 0 || want == 0 {
			t.Fatalf("--status %s: exit %d, %d escalations", st, code, want)
		}
		for _, lang := range []string{"es", "en"} {
			shown := tr(lang, "team.state."+st)
			for _, typed := range []string{shown, strings.ToLower(shown), " " + strings.ToUpper(shown)} {
				if n, code, errs := count(lang, typed); code != 0 || n != want {
					t.Errorf("%s: --status %q: exit %d, %d escalations, want %d (%s)", lang, typed, code, n, want, errs)
				}
			}
		}
	}
	if _, code, errs := count("en", "pending"); code != 2 || !strings.Contains(errs, "pending") {
		t.Errorf("--status pending: exit %d %q", code, errs)
	}
}
