package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// crmd lists more of the team's cases than a report keeps: the report
// counts the first ones, and the supervisor is told so, not only the log.
// The screen said it counted every desk's cases, and a week's figures
// short by thousands read as the team's.
func TestAWeeklyReportOfTheFirstCasesTheCRMListedSaysSo(t *testing.T) {
	old := desksync.MaxTeamCases
	desksync.MaxTeamCases = 1
	t.Cleanup(func() { desksync.MaxTeamCases = old })
	env := startCRM(t)
	agent := newDesk(t, locales.EN, env.srv.URL, "ana", cases.RoleAgent, "ana")
	for i := range 2 {
		agent.storeCall("ana", "bill_increase", 0, func(c *cases.Case) {
			c.ID = fmt.Sprintf("C-FIRST-LISTED-%d", i)
			c.Status, c.Reason, c.ClosedAt = cases.StatusClosed, "billing.promo_expired", time.Now()
		})
	}
	agent.synced()

	sup := newDesk(t, locales.EN, env.srv.URL, "sup", cases.RoleSupervisor, "sup")
	tr := sup.app.t
	sup.waitFor("logged in", func() bool { return sup.app.sync.st.LoggedIn })
	sup.app.show("reports")
	s := sup.reports()
	y, w := time.Now().ISOWeek()
	s.week = fmt.Sprintf("%04d-W%02d", y, w)
	s.onReasonReport()
	sup.waitFor("the report", func() bool { return !s.reporting.Load() })
	if files := sup.openedFiles(); len(files) != 1 {
		t.Fatalf("opened %v, result %q", files, s.result.Text)
	}
	if want := tr.N("reports.reasons.first", 1, nil); !strings.Contains(s.result.Text, want) {
		t.Errorf("the result does not say the report counts the first case only: %q", s.result.Text)
	}
	if strings.Contains(s.result.Text, tr.S("reports.reasons.every_desk")) {
		t.Errorf("the result says it counts every desk's cases: %q", s.result.Text)
	}
}
