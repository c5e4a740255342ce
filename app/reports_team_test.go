package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A supervisor's weekly report is the team's: it counted only the cases
// taken at the supervisor's own desk, which on a supervisor's desk is
// next to none, while every agent's calls meet on crmd. Logged in, it
// counts every desk's cases as crmd holds them, and says so.
func TestASupervisorsWeeklyReportCountsEveryDesk(t *testing.T) {
	sup, s := teamWeeklyReport(t, "C-EVERY-DESK-")
	tr := sup.app.t
	if !strings.Contains(s.result.Text, tr.S("reports.reasons.every_desk")) {
		t.Errorf("the result does not say whose cases it counts: %q", s.result.Text)
	}
	got := strings.Join(strings.Fields(pdfText(t, sup.openedFiles()[0])), " ")
	if !strings.Contains(got, "Promotion expired 2") || !strings.Contains(got, "C-EVERY-DESK-0") {
		t.Errorf("the report does not count ana's two cases:\n%s", got)
	}
}

// teamWeeklyReport has ana close two calls (IDs prefix0 and prefix1, a
// reason code each) that reach crmd, then a supervisor logged in on another
// desk write this week's report; it returns the supervisor's desk and
// reports screen once the report is written and opened.
func teamWeeklyReport(t *testing.T, prefix string) (*syncHarness, *reportsScreen) {
	t.Helper()
	env := startCRM(t)
	agent := newDesk(t, locales.EN, env.srv.URL, "ana", cases.RoleAgent, "ana")
	for i := range 2 {
		agent.storeCall("ana", "bill_increase", 0, func(c *cases.Case) {
			c.ID = fmt.Sprintf("%s%d", prefix, i)
			c.Status, c.Reason, c.ClosedAt = cases.StatusClosed, "billing.promo_expired", time.Now()
		})
	}
	agent.synced()

	sup := newDesk(t, locales.EN, env.srv.URL, "sup", cases.RoleSupervisor, "sup")
	sup.waitFor("logged in", func() bool { return sup.app.sync.st.LoggedIn })
	sup.app.show("reports")
	s := sup.reports()
	s.week = isoWeek(time.Now())
	s.onReasonReport()
	sup.waitFor("the report", func() bool { return !s.reporting.Load() })
	if files := sup.openedFiles(); len(files) != 1 {
		t.Fatalf("opened %v, result %q", files, s.result.Text)
	}
	return sup, s
}
