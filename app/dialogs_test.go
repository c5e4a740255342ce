package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// tapInDialog taps the button labelled label on the dialog on top.
func (h *harness) tapInDialog(label string) {
	h.t.Helper()
	top := h.app.Window().Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatalf("no dialog to tap %q on: %q", label, h.texts())
	}
	b := findButton(top, label)
	if b == nil {
		h.t.Fatalf("no button %q on the dialog: %q", label, texts(top))
	}
	test.Tap(b)
}

// Closing a call with steps nobody dealt with asks first, naming them in
// the interface language; the agent may still close (the customer hung
// up) or go back to them.
func TestClosingWithPendingStepsAsksFirst(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l)})
			tr := h.app.t
			s := h.startCall("4417009012", map[locales.Lang]string{locales.ES: "cargo duplicado", locales.EN: "duplicate"}[l])
			h.tapDone() // the introduction
			s.onGoto("closing")
			h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).SetSelectedIndex(0)
			h.tap(tr.S("call.close.button"))
			asked := strings.Join(h.overlayTexts(), " ")
			for _, step := range []string{"acknowledgement", "authentication", "summary"} {
				if title := h.app.pb.Say(l, h.app.pb.Step(step).Title); !strings.Contains(asked, title) {
					t.Errorf("the question does not name %q: %q", title, asked)
				}
			}
			if title := h.app.pb.Say(l, h.app.pb.Step("introduction").Title); strings.Contains(asked, title+",") {
				t.Errorf("the question names the step done, %q: %q", title, asked)
			}
			h.tapInDialog(tr.S("dialog.no"))
			if s.cur().Ended() {
				t.Fatal("closed although the agent went back to the steps")
			}
			h.tap(tr.S("call.close.button"))
			h.tapInDialog(tr.S("dialog.yes"))
			if !s.cur().Ended() {
				t.Fatalf("not closed after Yes: %q", h.texts())
			}
		})
	}
}

// A dialog's buttons are in the interface language, not in the system's
// (Fyne labels its own in the latter): a Spanish desk on an English
// system must not answer in English.
func TestDialogButtonsAreInTheInterfaceLanguage(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: "es"})
	tr := h.app.t
	h.startCall("4417009012", "cargo duplicado")
	s := h.app.call
	s.onGoto("closing")
	h.tap(tr.S("call.close.button")) // no reason picked: said in a dialog
	got := h.overlayTexts()
	if !strings.Contains(strings.Join(got, " "), tr.S("call.invalid.reason_code")) {
		t.Fatalf("no dialog on the missing reason: %q", got)
	}
	h.tapInDialog("Aceptar")
	h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).SetSelectedIndex(0)
	h.tap(tr.S("call.close.button"))
	for _, b := range []string{"Sí", "No"} {
		if findButton(h.app.Window().Canvas().Overlays().Top(), b) == nil {
			t.Errorf("no %q button on the question: %q", b, h.overlayTexts())
		}
	}
}
