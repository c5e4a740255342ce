package main

import (
	"strings"
	"testing"
)

// team approve --action on an amount decided already (here by the same
// supervisor a moment before) says so, in the operator's language, not
// the desktop's "someone saved this case after you opened it... yours are
// kept on screen", which a terminal has no screen for.
func TestTeamApproveOfAnAmountDecidedAlready(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 20000)
	supDB := deskOf(t, agentDB, "sup")
	mustRun(t, "", "sync", "--db", supDB)
	mustRun(t, "", "team", "approve", c.ID, "--action", "0", "--deny", "--db", supDB)
	for _, lang := range []string{"en", "es"} {
		for _, args := range [][]string{{"--deny"}, {}} {
			_, errs, code := crmRun(t, "", lang, append([]string{"team", "approve", c.ID, "--action", "0", "--db", supDB}, args...)...)
			want := trD(lang, "cli.team.decided", map[string]any{"Case": c.ID})
			if code != 1 || !strings.Contains(errs, want) || strings.Contains(errs, tr(lang, "error.conflict")) {
				t.Errorf("%s %v: deciding an amount decided already: exit %d %q, want %q", lang, args, code, errs, want)
			}
		}
	}
}
