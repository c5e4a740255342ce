package app

import (
	"strings"
	"testing"

	"agentdesk/desksync"
)

// crmd lists more of the team's cases than a report keeps: the report
// counts the first ones, and the supervisor is told so, not only the log.
// The screen said it counted every desk's cases, and a week's figures
// short by thousands read as the team's.
func TestAWeeklyReportOfTheFirstCasesTheCRMListedSaysSo(t *testing.T) {
	old := desksync.MaxTeamCases
	desksync.MaxTeamCases = 1
	t.Cleanup(func() { desksync.MaxTeamCases = old })
	sup, s := teamWeeklyReport(t, "C-FIRST-LISTED-")
	tr := sup.app.t
	if want := tr.N("reports.reasons.first", 1, nil); !strings.Contains(s.result.Text, want) {
		t.Errorf("the result does not say the report counts the first case only: %q", s.result.Text)
	}
	if strings.Contains(s.result.Text, tr.S("reports.reasons.every_desk")) {
		t.Errorf("the result says it counts every desk's cases: %q", s.result.Text)
	}
}
