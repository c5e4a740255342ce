package app

import (
	"testing"

	"agentdesk/locales"
)

// The review's "Print the case summary" while a batch prints: the printer
// runs one print at a time, so the button is off until the batch ends,
// rather than on and doing nothing each time it is tapped.
func TestTeamPrintOneWhileABatchPrints(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	ts.printer.running.Store(true) // a batch is being printed
	ts.list.Select(0)
	one := findButton(ts.review, tr.S("team.print.one"))
	if one == nil {
		t.Fatal("no print button in the review")
	}
	if !one.Disabled() {
		t.Error("the review offers to print while a batch prints")
	}
	done := make(chan struct{}, 1)
	ts.printer.done = func(string, error) { done <- struct{}{} }
	ts.printer.finish("", nil) // the batch ended
	<-done
	if one.Disabled() {
		t.Error("the review's print stays off after the batch")
	}
}
