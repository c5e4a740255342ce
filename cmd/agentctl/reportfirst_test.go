package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// crmd lists more of the team's cases than a report keeps: report reasons
// counts the first ones and says so, in its text and in --json. It said
// it counted every desk's cases, and the figures short by the cases left
// out (this week's: crmd lists the earlier week first) read as the team's.
func TestReportReasonsOfTheFirstCasesTheCRMListedSaysSo(t *testing.T) {
	old := desksync.MaxTeamCases
	desksync.MaxTeamCases = 1
	t.Cleanup(func() { desksync.MaxTeamCases = old })
	r, api := crmtest.StartSQLite(t)
	ana := api.Login("ana", crmtest.Password)
	for _, id := range []string{"C-RF-1", "C-RF-2"} {
		c := crmtest.NewCase(id, "ana")
		c.Status, c.Reason, c.ClosedAt = cases.StatusClosed, "billing.promo_expired", time.Now()
		crmtest.Expect(t, api.PutCase(ana.AccessToken, "case:"+id+":v1", c), 201, id)
	}
	supDB := filepath.Join(t.TempDir(), "agentdesk.db")
	out := filepath.Join(t.TempDir(), "reasons.pdf")
	mustRun(t, "", "config", "set", "--db", supDB, "agent.name", "sup")
	// A supervisor's desk: the reports screen counts the team's there only.
	mustRun(t, "", "config", "set", "--db", supDB, "agent.role", "supervisor")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", supDB)
	var rep struct {
		EveryDesk bool `json:"every_desk"`
		Cut       bool `json:"first_listed_only"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "report", "reasons", "--db", supDB, "--out", out, "--json")), &rep); err != nil || rep.EveryDesk || !rep.Cut {
		t.Errorf("--json: %+v %v, want every_desk false, first_listed_only true", rep, err)
	}
	for _, lang := range []string{"en", "es"} {
		text, errs, code := crmRun(t, "", lang, "report", "reasons", "--db", supDB, "--out", out)
		want := locales.New(locales.Lang(lang)).N("reports.reasons.first", 1, nil)
		if code != 0 || !strings.Contains(text+errs, want) || strings.Contains(text+errs, tr(lang, "reports.reasons.every_desk")) {
			t.Errorf("%s: exit %d, %q %q, want %q", lang, code, text, errs, want)
		}
	}
}
