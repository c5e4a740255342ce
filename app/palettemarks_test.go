package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/playbook"
)

// The palette's ready marks follow the call on screen while it is open:
// values recorded behind it make a template ready, as its preview says,
// and another case opened makes them that case's. They were drawn once,
// when the palette searched.
func TestPaletteMarksFollowTheCall(t *testing.T) {
	h, s := authenticatedSpanishCall(t)
	p := h.pressCtrlK()
	test.Type(p.search, "caro")
	i := slices.IndexFunc(p.hits, func(tp *playbook.Template) bool { return tp.ID == "objection.too_expensive" })
	if i < 0 || p.ready[i] {
		t.Fatalf("caro: %v, ready %v", p.hits, p.ready)
	}
	// The preview's own word on each hit, drawn afresh for the call now.
	agree := func(when string) {
		t.Helper()
		marks := slices.Clone(p.ready)
		for j, tp := range p.hits {
			p.prev.show(tp)
			if marks[j] != p.prev.ready() {
				t.Errorf("%s: %s marked ready %v, its preview ready %v", when, tp.ID, marks[j], p.prev.ready())
			}
		}
	}
	s.onValue("new_plan", "text", "Fibra 300")
	s.onValue("new_monthly_amount", "money", "45,00")
	s.onValue("monthly_saving", "money", "15,00")
	if !p.ready[i] {
		t.Error("the values the template needed were recorded; it is still marked incomplete")
	}
	// Enter on it shows it again as it is now before anything goes in
	// the notes; Enter again inserts it.
	p.search.OnSubmitted(p.search.Text)
	if got := h.templateEvents(s.cur().ID); len(got) != 0 || p.prev.tpl != p.hits[i] || !p.prev.ready() || p.prev.status.Text != h.app.t.S("templates.case_changed") {
		t.Fatalf("Enter on a template ready since it was shown: inserted %v, preview ready %v, status %q", got, p.prev.ready(), p.prev.status.Text)
	}
	agree("values recorded")

	p.search.OnSubmitted(p.search.Text)
	if got := h.templateEvents(s.cur().ID); !slices.Equal(got, []string{"objection.too_expensive"}) {
		t.Fatalf("Enter again: inserted %v", got)
	}

	p = h.pressCtrlK()
	test.Type(p.search, "caro")
	other, err := h.db.ListCases(h.app.ctx, cases.Filter{Status: cases.StatusClosed})
	if err != nil || len(other) == 0 {
		t.Fatalf("no other case: %v", err)
	}
	if err := h.app.OpenCaseByID(other[0].ID); err != nil {
		t.Fatal(err)
	}
	if p.ready[i] {
		t.Error("another case opened, without those values; the template is still marked ready")
	}
	agree("another case opened")
}
