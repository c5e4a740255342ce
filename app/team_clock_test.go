package app

import (
	"slices"
	"testing"
	"time"

	"agentdesk/desksync"
	"agentdesk/locales"
)

// With crmd out of reach the queue is worked from the desk's copy and no
// refresh comes to draw it again, but sync's status still follows every
// pull: the rows' SLA clocks and the review's move on with it. Was: an
// escalation due in an hour still said so three hours later, overdue.
func TestTeamSLAClocksMoveOnOffline(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	h.app.sync.st = desksync.Status{Configured: true, Known: true, LoggedIn: true, User: "sup", Role: "supervisor"}
	for i, r := range ts.rows {
		if r.CaseID == "C-SOON" {
			ts.list.Select(i)
		}
	}
	dueIn := tr.D("team.sla.due_in", map[string]any{"In": tr.N("team.span.hours", 1, nil)})
	h.mustHave(dueIn)
	if !slices.Contains(texts(ts.review), dueIn) {
		t.Fatalf("the review's clock: %q", texts(ts.review))
	}

	h.app.deps.Now = func() time.Time { return fixedNow.Add(3 * time.Hour) }
	h.app.sync.refresh() // a pull that reached no crmd
	overdue := tr.D("team.sla.overdue", map[string]any{"For": tr.N("team.span.hours", 2, nil)})
	h.mustHave(overdue) // the row, drawn again
	if !slices.Contains(texts(ts.review), overdue) {
		t.Errorf("the review's clock stood still: %q", texts(ts.review))
	}
	h.mustNotHave(dueIn)
}
