package main

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// case show says what the date on the escalation's line is, the answer
// promised to the customer, as the team review labels it: a bare date
// beside the ticket read as when the case was escalated. An escalation
// with no promised time has no such date, not a dash.
func TestCaseShowSaysTheTimePromised(t *testing.T) {
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	for _, promised := range []time.Time{at.Add(24 * time.Hour), {}} {
		c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, Status: cases.StatusEscalated, CallType: "bill_payment", CallLang: locales.EN,
			Customer: cases.Customer{Account: "4417000001", Name: "Margaret O'Neill"}, CreatedAt: at, UpdatedAt: at,
			Escalation: &cases.Escalation{Ticket: "ESC-20260901-7KQ4XM", Criteria: []string{"exceeds_authority"}, Priority: "high",
				Reason: "Refund above authority", At: at, ExpectedBy: promised, Status: cases.EscReceived}}
		path := deskWithCase(t, c)
		for _, lang := range []string{"es", "en"} {
			_, out, errs := runEnv(t, "", lang, "case", "show", c.ID, "--db", path)
			var line string
			for l := range strings.Lines(out) {
				if strings.Contains(l, c.Escalation.Ticket) {
					line = l
				}
			}
			label := tr(lang, "team.review.promised")
			want := label + ": " + locales.FormatDateTime(locales.Lang(lang), promised.Local())
			switch {
			case !promised.IsZero() && !strings.Contains(line, want):
				t.Errorf("%s: the escalation's line %q lacks %q (%s)", lang, line, want, errs)
			case promised.IsZero() && (strings.Contains(line, label) || strings.Contains(line, "—")):
				t.Errorf("%s: the escalation's line of one with no time promised: %q", lang, line)
			}
		}
	}
}
