package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// A supervisor takes back a template they wrote, from its editor, after
// saying yes: it leaves the file, the search and the favourites' list, and
// the templates beside it stay. The organisation's templates offer no
// editor, so nothing of theirs can be deleted here.
func TestSupervisorDeletesTheirTemplate(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
		h := newHarness(t, lang, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
		tr := h.app.t
		supervisorWritesTemplate(t, h, "closing.south", "South goodbye")
		ts := supervisorWritesTemplate(t, h, "closing.north", "North goodbye")
		ts.openEditor(h.app.pb.Template("closing.north"))
		e := ts.ed
		if e == nil || e.del == nil {
			t.Fatalf("%s: the editor of a custom template offers no delete", lang)
		}
		test.Tap(e.del)
		over := h.app.Window().Canvas().Overlays().Top()
		yes := findButton(over, tr.S("templates.custom.delete_confirm"))
		if yes == nil {
			t.Fatalf("%s: no confirmation in %q", lang, texts(over))
		}
		test.Tap(yes)
		if h.app.pb.Template("closing.north") != nil || h.app.pb.Template("closing.south") == nil {
			t.Fatalf("%s: after the delete, north %v, south %v", lang, h.app.pb.Template("closing.north"), h.app.pb.Template("closing.south"))
		}
		list, err := playbook.ReadCustomTemplates(h.app.ws.PlaybookDir)
		if err != nil || len(list) != 1 || list[0].ID != "closing.south" {
			t.Fatalf("%s: the file holds %+v (%v)", lang, list, err)
		}
		if ts.isCustom("closing.north") {
			t.Errorf("%s: still listed as custom", lang)
		}
		want := tr.D("templates.custom.deleted", map[string]any{"File": filepath.Join(h.app.ws.PlaybookDir, playbook.CustomTemplatesFile)})
		if got := ts.preview.status.Text; got != want {
			t.Errorf("%s: the screen says %q, want %q", lang, got, want)
		}
		h.noMissingKeys()
	}
}
