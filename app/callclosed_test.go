package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// closedCall starts a bill-increase call, authenticated or not, and closes
// it with its steps still pending, as a customer who hung up leaves it.
func closedCall(t *testing.T, h *harness, authenticate bool) *callScreen {
	t.Helper()
	tr := h.app.t
	s := h.startCall("4417005678", "bill incr")
	if authenticate {
		h.toExploration()
	}
	s.onGoto("closing")
	h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).SetSelectedIndex(0)
	h.tap(tr.S("call.close.button"))
	h.tapInDialog(tr.S("dialog.yes"))
	if !s.cur().Ended() {
		t.Fatalf("not closed: %q", h.texts())
	}
	return s
}

// A closed call is a record (it is reopened to be changed): none of its
// steps offers a control that could only be refused with "reopen it
// first", from the step's buttons to the checks, the gate, the values the
// scripts lack, the actions and the escalation.
func TestAClosedCallOffersNothingThatWouldBeRefused(t *testing.T) {
	for _, authenticated := range []bool{true, false} {
		h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
		tr := h.app.t
		s := closedCall(t, h, authenticated)
		for _, step := range []string{"introduction", "authentication", "exploration", "education", "summary"} {
			s.onGoto(step)
			for _, label := range []string{
				tr.S("call.step.done"), tr.S("call.step.skip.button"), tr.S("call.step.na"),
				tr.S("call.auth.confirm"), tr.S("call.action.add"), tr.S("call.escalate.title"),
				// The suggested templates: inserted into the notes of a
				// closed call, refused as every change is.
				tr.S("templates.suggested.insert"), tr.S("templates.suggested.complete"),
			} {
				if findButton(h.app.Window().Content(), label) != nil {
					t.Errorf("authenticated %v, %s: the closed call offers %q", authenticated, step, label)
				}
			}
			if h.has(tr.S("call.values")) || h.has(tr.S("call.script.missing")) {
				t.Errorf("authenticated %v, %s: the closed call asks for values", authenticated, step)
			}
			walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
				if cb, ok := o.(*widget.Check); ok && !cb.Disabled() {
					t.Errorf("authenticated %v, %s: a check takes a tick on the closed call", authenticated, step)
				}
			})
		}
		// Reopened, it is worked again.
		s.onGoto("closing")
		h.tap(tr.S("call.reopen"))
		s.onGoto("exploration")
		if findButton(h.app.Window().Content(), tr.S("call.step.done")) == nil || findButton(h.app.Window().Content(), tr.S("call.escalate.title")) == nil {
			t.Errorf("authenticated %v: the reopened call cannot be worked: %q", authenticated, h.texts())
		}
	}
}
