package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"agentdesk/cases"
	"agentdesk/locales"
)

// press delivers a key combination as the desktop driver does: to the
// widget with the focus when it takes shortcuts (an entry does), else to
// the window's own.
func (h *harness) press(k fyne.KeyName, m fyne.KeyModifier) {
	h.t.Helper()
	sc := &desktop.CustomShortcut{KeyName: k, Modifier: m}
	cv := h.app.Window().Canvas()
	if f, ok := cv.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	cv.(fyne.Shortcutable).TypedShortcut(sc)
}

// The call's shortcuts work while the agent types the notes, which is
// most of a call: Ctrl+L switches the call language and Ctrl+Shift+C
// copies the script from inside them (an entry with the focus took every
// key combination, and did nothing with these). Ctrl+arrows in the notes
// still move by words, as in any text, not to another step.
func TestTheCallShortcutsWorkWhileTyping(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco", cases.KeyCallLang: "en"})
	s := h.startCall("4417001234", "bill incr")
	cv := h.app.Window().Canvas()
	cv.Focus(s.notes)
	was := s.cur().CallLang
	h.press(fyne.KeyL, fyne.KeyModifierControl)
	if s.cur().CallLang != was.Other() {
		t.Errorf("Ctrl+L in the notes: the call language is still %s", s.cur().CallLang)
	}
	h.press(fyne.KeyRight, fyne.KeyModifierControl)
	if s.cur().Current != "introduction" {
		t.Errorf("Ctrl+Right in the notes moved the call to %s", s.cur().Current)
	}
	h.app.fy.Clipboard().SetContent("")
	cv.Focus(s.notes)
	h.press(fyne.KeyC, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if h.app.fy.Clipboard().Content() == "" {
		t.Error("Ctrl+Shift+C in the notes copied nothing")
	}
}

// The same in the one-line boxes of the call: the values the scripts read
// and an action's amount and reason. With the cursor in one of them,
// Ctrl+L, Ctrl+Shift+C and Ctrl+K did nothing.
func TestTheCallShortcutsWorkInTheValuesAndActions(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco", cases.KeyCallLang: "en"})
	s := h.startCall("4417001234", "bill incr")
	h.toExploration()
	s.onGoto("education")
	tr := h.app.t
	pb := h.app.pb
	withAmount := slices.IndexFunc(pb.CallType(s.cur().CallType).Resolutions, func(id string) bool { return pb.Action(id).Amount })
	if withAmount < 0 {
		t.Fatal("no action with an amount for this call type")
	}
	h.selectWithPlaceholder(tr.S("call.action.pick")).SetSelectedIndex(withAmount)
	for _, ph := range []string{"call.value.kind.money", "call.action.reason"} {
		var e *callEntry
		walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
			if ce, ok := o.(*callEntry); ok && e == nil && ce.PlaceHolder == tr.S(ph) {
				e = ce
			}
		})
		if e == nil {
			t.Fatalf("no %s box that takes the call's shortcuts", ph)
		}
		h.app.Window().Canvas().Focus(e)
		was := s.cur().CallLang
		h.press(fyne.KeyL, fyne.KeyModifierControl)
		if s.cur().CallLang != was.Other() {
			t.Errorf("Ctrl+L in %s: the call language is still %s", ph, s.cur().CallLang)
		}
	}
}
