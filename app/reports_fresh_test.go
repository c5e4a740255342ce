package app

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// The back office resolves an escalation while the reports screen is
// shown: the summaries exported then print the case as it is, the
// resolution with it, not as it was when the cases were listed beside a
// timeline read at the export.
func TestAnExportPrintsTheCasesAsTheyAreWhenExported(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "11/01/2026", "11/23/2026"
	s.onFind()
	var esc *cases.Case
	for _, c := range s.matches {
		if c.Escalation != nil {
			esc = c
		}
	}
	if esc == nil {
		t.Fatal("no escalated case listed")
	}
	const resolution = "Refund of 189.00 issued to the card on file"
	h.app.applyEscalations([]crm.EscalationStatus{{CaseID: esc.ID, Ticket: esc.Escalation.Ticket, Agent: "Ana",
		Status: cases.EscResolved, Resolution: resolution, UpdatedAt: fixedNow.Add(time.Minute), UpdatedBy: "marta"}})
	h.tap("Export")
	waitExport(t, s)
	if len(h.openedFiles()) != 1 {
		t.Fatalf("opened %v; result %q", h.openedFiles(), s.result.Text)
	}
	if txt := strings.Join(strings.Fields(pdfText(t, h.openedFiles()[0])), " "); !strings.Contains(txt, resolution) {
		t.Errorf("the export does not print the resolution recorded before it:\n%s", txt)
	}
}
