package app

import (
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
