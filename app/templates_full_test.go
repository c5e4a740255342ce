package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A template that would take the notes past their bound is refused in
// words that say so, on the templates screen too, where the notes and the
// count under them are not in sight: not the generic "not valid".
func TestTemplateInsertPastTheNotesBoundSaysWhy(t *testing.T) {
	h, s := authenticatedSpanishCall(t)
	tr := h.app.t
	// Lines, as notes are written: one paragraph this long takes Fyne's
	// word wrap seconds to lay out.
	full := strings.Repeat(strings.Repeat("a", 99)+"\n", cases.MaxNotes/100)[:cases.MaxNotes-5]
	if err := h.app.sess.Update(context.Background(), func(c *cases.Case) ([]cases.Event, error) {
		c.Notes = full
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	p := h.pressCtrlK()
	test.Type(p.search, "caro")
	for n, v := range map[string]string{"new_plan": "Fibra 300", "new_monthly_amount": "45,00", "monthly_saving": "44,50"} {
		test.Type(p.prev.entries[n], v)
	}
	test.Tap(p.prev.apply)
	if !p.prev.ready() {
		t.Fatalf("still incomplete: %v", p.prev.r.Missing())
	}
	test.Tap(p.prev.insert)
	if s.cur().Notes != full {
		t.Fatal("the notes changed past their bound")
	}
	got := p.prev.status.Text
	if !strings.Contains(got, "20.000") || got == tr.S("error.invalid") {
		t.Errorf("the refusal reads %q, want the notes' bound (20.000 characters) named", got)
	}
	h.noMissingKeys()
}

// The first custom template goes to this desk's data folder (Deps.DataDir),
// not the per-user one a Main with its own folder (a test, a second desk)
// does not own.
func TestFirstCustomTemplateGoesToTheDesksDataFolder(t *testing.T) {
	h := newHarness(t, locales.ES, false, nil)
	dir := t.TempDir()
	h.app.deps.DataDir = dir
	got, isNew, err := h.app.templatesScreen().customDir()
	if err != nil || !isNew || got != filepath.Join(dir, "playbook") {
		t.Errorf("customDir = %q, %v, %v; want %q, new", got, isNew, err, filepath.Join(dir, "playbook"))
	}
}
