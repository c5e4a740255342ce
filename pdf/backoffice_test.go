package pdf_test

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// An escalation recorded with no back-office state (a desk of a release
// before the states) is received, as the team screen, agentctl and crmd
// read it: the summary says so, in the state field and in the history's
// first move, rather than print a dash where the screen says "Received".
func TestCaseSummaryEscalationWithNoStateIsReceived(t *testing.T) {
	c, tl := richCase(t)
	c.Escalation.Status = ""
	got := strings.Join(strings.Fields(text(t, summary(t, c, tl, opts(locales.EN)))), " ")
	received := locales.New(locales.EN).S("pdf.backoffice.received")
	if !strings.Contains(got, received) {
		t.Errorf("the state of an escalation recorded without one is not %q:\n%s", received, got)
	}
	c.Escalation.History = []cases.EscalationChange{{At: c.Escalation.At.Add(time.Hour), By: "sup", To: cases.EscInProgress}}
	c.Escalation.Status = cases.EscInProgress
	got = strings.Join(strings.Fields(text(t, summary(t, c, tl, opts(locales.EN)))), " ")
	if strings.Contains(got, "— → In progress") || !strings.Contains(got, "Received, awaiting review → In") {
		t.Errorf("the first move from no state is not from %q:\n%s", received, got)
	}
}
