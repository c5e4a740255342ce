package locales_test

import (
	"regexp"
	"strings"
	"testing"

	"agentdesk/locales"
)

// everyDesk is how Spanish said "every desk": "equipo" is the desk, and
// also the supervisor's team ("Escalamientos del equipo"), so a supervisor
// reads "todos los equipos" as every team. A message about every desk says
// "cada equipo donde se usa AgentDesk", or what the CRM holds.
var everyDesk = regexp.MustCompile(`(?i)\b(todos )?los equipos\b`)

func TestSpanishEveryDeskIsNotReadAsEveryTeam(t *testing.T) {
	eachText(t, locales.ES, func(name, id, form, text string) {
		if w := everyDesk.FindString(text); w != "" {
			t.Errorf("%s: %s.%s says %q, which a supervisor reads as every team", name, id, form, w)
		}
	})
}

// agentctl sync prints these one after the other: "equipo" cannot be the
// desk in one line and the supervisor's team in the next.
func TestSyncReportSaysEquipoOneWay(t *testing.T) {
	tr := locales.New(locales.ES)
	others, team := tr.N("cli.sync.others", 2, nil), tr.N("cli.sync.team", 2, nil)
	if strings.Contains(others, "equipo") && strings.Contains(team, "equipo") {
		t.Errorf("%q (the desk) then %q (the team)", others, team)
	}
}
