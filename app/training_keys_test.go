package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// pressKey sends a key to the focused object, as the window does: the
// control that had focus keeps it after the call screen is drawn again.
func (h *harness) pressKey(k fyne.KeyName) {
	h.t.Helper()
	f := h.app.Window().Canvas().Focused()
	if f == nil {
		h.t.Fatal("nothing has the focus")
	}
	f.TypedKey(&fyne.KeyEvent{Name: k})
}

// A figure sent with Enter, and Enter pressed again: the entry keeps the
// focus when the screen is drawn anew, and its second Enter answered the
// next turn with the same figure (an error on a choice, a wrong answer on
// another figure, in a test that never goes back), or, once the call was
// finished, stopped the app. A key on a control of a turn already
// answered does nothing.
func TestTrainingSecondEnterOnAnAnsweredFigureDoesNothing(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s := h.pickScenario("billing_1", "bill_payment", training.Test, locales.EN)
	h.tap(h.app.t.S("training.ui.start"))
	for n := 0; ; n++ {
		dec, live := s.sess.Decision(s.lang)
		if !live || n > 50 {
			t.Fatal("no figure to type in bill_payment")
		}
		if dec.Entry != nil && dec.Entry.Kind != training.EntryNote {
			break
		}
		h.answerTurn(s, dec, nil)
	}
	want, _ := s.sess.Expected(s.lang)
	in := h.entryWithPlaceholder(h.app.t.S("training.ui.entry_placeholder"))
	h.app.Window().Canvas().Focus(in)
	test.Type(in, want)
	h.pressKey(fyne.KeyReturn)
	events := len(s.sess.Attempt().Events)
	if events == 0 || s.status != "" {
		t.Fatalf("the figure was not taken: status %q", s.status)
	}
	h.pressKey(fyne.KeyReturn)
	if n := len(s.sess.Attempt().Events); n != events || s.status != "" {
		t.Fatalf("the second Enter: %d events (was %d), status %q", n, events, s.status)
	}
	// The rest with the mouse, which leaves the focus where it was.
	for s.sess.Turn() != nil {
		turn := s.sess.Turn()
		want, _ := s.sess.Expected(s.lang)
		switch {
		case turn.Response != nil:
			s.onRespond(want)
		case turn.Entry != nil:
			s.onEnter(want)
		default:
			for _, c := range turn.Choices {
				if c.Grade == training.Best {
					s.onChoose(c.ID)
					break
				}
			}
		}
	}
	s.onFinish()
	if s.report == nil {
		t.Fatalf("not finished: %q", s.status)
	}
	h.pressKey(fyne.KeyReturn) // on the report: the old entry still has the focus
	if s.report == nil || s.status != "" {
		t.Fatalf("an Enter on the report: status %q", s.status)
	}
}
