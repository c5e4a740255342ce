package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A figure recorded for the scripts is written back into its box so that
// Enter on it reads the same figure: "1.200" would now be refused as
// ambiguous. And an ambiguous figure typed is refused with how to write it.
func TestValuesCardWritesFiguresBackReadably(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: "es", cases.KeyCallLang: "es", cases.KeyCompany: "Telco Norte"})
	s := h.startCall("4417001234", "aumento fact")
	h.toExploration()
	ct := h.app.pb.CallType("bill_increase")
	for _, ch := range ct.Checks[:2] {
		s.checkBox[ch.ID].SetChecked(true)
	}
	h.tapDone()
	promo := slices.IndexFunc(s.scripts, func(r renderedScript) bool { return strings.Contains(r.id, "promo") })
	if promo < 0 {
		t.Fatalf("no promotion script on %s", s.cur().Current)
	}
	var name string
	for _, n := range s.scripts[promo].r.Missing() {
		if k := h.app.pb.Placeholder(n).Kind; k == "months" || k == "number" {
			name = n
		}
	}
	if name == "" {
		t.Fatalf("no number among %v", s.scripts[promo].r.Missing())
	}
	kind := h.app.pb.Placeholder(name).Kind
	s.onValue(name, kind, "1200")
	if got := s.cur().Values[name]; got != "1200" {
		t.Fatalf("recorded %q", got)
	}
	var box *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := asEntry(o); ok && (e.Text == "1200" || e.Text == "1.200") {
			box = e
		}
	})
	if box == nil {
		t.Fatalf("the values card does not show the figure: %q", h.texts())
	}
	if box.Text != "1200" {
		t.Errorf("the box shows %q, which reads back as an ambiguous figure", box.Text)
	}
	box.OnSubmitted(box.Text)
	if top := h.app.Window().Canvas().Overlays().Top(); top != nil {
		t.Errorf("Enter on the recorded figure was refused: %q", texts(top))
	}
	s.onValue(name, kind, "1.500")
	if got := strings.Join(h.overlayTexts(), " "); !strings.Contains(got, "1200") || !strings.Contains(got, "1.200,00") {
		t.Errorf("an ambiguous figure is not said how to write: %q", got)
	}
	if got := s.cur().Values[name]; got != "1200" {
		t.Errorf("the refused figure changed the value: %q", got)
	}
}

// A box of the values card keeps the agent's cursor while something else
// on the call changes: the card was built anew on every change of the
// case (a template used, an answer from the back office), and the box
// being typed in was replaced by another without the focus, mid-figure.
func TestValuesCardKeepsTheBoxBeingTypedIn(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCallLang: "en", cases.KeyCompany: "Telco"})
	s := h.startCall("4417001234", "bill incr")
	h.toExploration()
	s.onGoto("education")
	var box *callEntry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*callEntry); ok && box == nil && e != s.notes {
			box = e
		}
	})
	if box == nil {
		t.Fatalf("no value asked for on %s: %q", s.cur().Current, h.texts())
	}
	cv := h.app.Window().Canvas()
	cv.Focus(box)
	test.Type(box, "12")
	if err := s.useTemplate("objection.too_expensive", "", false); err != nil {
		t.Fatal(err)
	}
	shown := false
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) { shown = shown || o == box })
	if !shown || cv.Focused() != box {
		t.Fatalf("after a template was used the box typed in is shown %v, with the focus %v", shown, cv.Focused() == box)
	}
	test.Type(box, "5")
	if box.Text != "125" {
		t.Errorf("the box reads %q, want 125", box.Text)
	}
}
