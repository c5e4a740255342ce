package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// BenchmarkTeamQueue10k is a supervisor's desk holding 10,000 of the
// team's escalations (as a refresh from crmd leaves them): one op applies
// a filter, reads the queue, the counts and the agents from the desk's
// database, lays the screen out and paints the window with its first page
// of rows. The goal is under 300 ms.
func BenchmarkTeamQueue10k(b *testing.B) {
	const n = 10_000
	h := newBenchHarness(b)
	prios := []string{"high", "normal", "low"}
	list := make([]*cases.Case, 0, n)
	for i := range n {
		amount := int64(0)
		if i%3 == 0 {
			amount = 12000
		}
		c := teamCase(fmt.Sprintf("C-Q%05d", i), fmt.Sprintf("agent%02d", i%40), fmt.Sprintf("Customer %d", i), prios[i%3],
			fixedNow.Add(-time.Duration(i%72)*time.Hour), 24+24*(i%3), amount)
		if i%5 == 0 {
			c.Escalation.Status = cases.EscInProgress
		}
		list = append(list, c)
	}
	if err := h.db.PutTeamCases(context.Background(), list, fixedNow); err != nil {
		b.Fatal(err)
	}
	h.app.show("team")
	ts := h.app.teamScreen()
	filters := []cases.TeamFilter{{Open: true}, {Priority: "high"}, {Agent: "agent07"}, {Status: cases.EscInProgress}, {}}
	i := 0
	for b.Loop() {
		ts.filter = filters[i%len(filters)]
		i++
		ts.reload()
		if len(ts.rows) == 0 {
			b.Fatal("an empty queue")
		}
		if img := h.app.Window().Canvas().Capture(); img.Bounds().Dx() == 0 {
			b.Fatal("nothing painted")
		}
	}
}

// newBenchHarness is newTeamHarness's desk without its three cases, for a
// benchmark.
func newBenchHarness(b *testing.B) *harness {
	return newHarness(b, locales.EN, false, map[string]string{cases.KeyAgent: "sup", cases.KeyRole: "supervisor", cases.KeyUILang: "en"})
}
