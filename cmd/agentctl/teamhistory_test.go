package main

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
)

// team show's history says how a move resolved the case, as the team
// screen's review does: the resolution of an escalation resolved and
// then reopened is nowhere else once reopened, and team show left it out.
func TestTeamShowHistorySaysTheResolution(t *testing.T) {
	db := seededDesk(t)
	at := time.Now().Add(-time.Hour)
	c := editTeamCase(t, db, func(r cases.TeamRow) bool { return !r.Status.Final() }, func(c *cases.Case) {
		e := c.Escalation
		e.History = append(e.History,
			cases.EscalationChange{At: at, By: "sup", From: e.Status, To: cases.EscResolved, Resolution: "Crédito de 75,00 aplicado."},
			cases.EscalationChange{At: at.Add(time.Minute), By: "sup", From: cases.EscResolved, To: cases.EscInProgress, Comment: "El cliente llamó de nuevo."})
		e.Status, e.Resolution = cases.EscInProgress, ""
	})
	for _, lang := range []string{"en", "es"} {
		_, out, errs := runEnv(t, "", lang, "team", "show", c.ID, "--db", db)
		if want := trD(lang, "team.review.resolved_as", map[string]any{"Resolution": "Crédito de 75,00 aplicado."}); !strings.Contains(out, want) {
			t.Errorf("%s: team show's history lacks %q:\n%s%s", lang, want, out, errs)
		}
	}
}
