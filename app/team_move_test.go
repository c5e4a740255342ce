package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// Record moves the escalation to the state chosen: with none chosen it is
// off, rather than a button that, tapped after typing a comment for the
// agent, does nothing and says nothing. Chosen (or a choice kept as a
// draft across a redraw), it is on.
func TestTeamRecordNeedsAState(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	ts.list.Select(0)
	record := findButton(ts.review, tr.S("team.move.apply"))
	if record == nil {
		t.Fatal("no Record button in the review")
	}
	if !record.Disabled() {
		t.Error("Record is on with no state chosen")
	}
	var to *widget.Select
	walk(ts.review, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && s.PlaceHolder == tr.S("team.move.pick") {
			to = s
		}
	})
	if to == nil {
		t.Fatal("no state to choose in the review")
	}
	to.SetSelectedIndex(0)
	if record.Disabled() {
		t.Error("Record is off with a state chosen")
	}
	// The screen drawn again (a published pack): the choice is a draft,
	// and Record is on with it.
	ts.build()
	if record = findButton(ts.review, tr.S("team.move.apply")); record == nil || record.Disabled() {
		t.Errorf("Record after a redraw with the state still chosen: %v", record)
	}
	test.Tap(record)
	if c, err := h.db.TeamCase(context.Background(), ts.openID); err != nil || c.Escalation.Status == cases.EscReceived {
		t.Errorf("Record did not move the escalation: %v", err)
	}
}
