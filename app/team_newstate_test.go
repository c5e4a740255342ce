package app

import (
	"context"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// An escalation in a state of a newer crmd's: the queue shows it by a
// name made of its state, not a missing text, and the counts take it in,
// so they add up to what the queue lists.
func TestTeamStateOfANewerCrmd(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h, ts := newTeamHarness(t, l)
			tr := h.app.t
			c := teamCase("C-LEGAL", "ana", "Lía Soto", "high", fixedNow.Add(-2*time.Hour), 24, 0)
			c.Escalation.Status = "escalated_legal"
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{c}, fixedNow); err != nil {
				t.Fatal(err)
			}
			ts.reload()
			if len(ts.rows) != 4 {
				t.Fatalf("rows %+v", ts.rows)
			}
			h.mustHave(tr.S("team.state.received") + ": 3")
			h.mustHave("Escalated legal: 1")
			ts.open("C-LEGAL")
			h.noMissingKeys()
		})
	}
}
