package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// A supervisor who searched for a template, did not find it and wrote it
// saw, after the save, another template (the best hit of the search still
// typed) under "saved in …": the new one was left out by the search, and
// looked lost. The search and the filters that leave it out are cleared,
// and the screen shows the template just saved.
func TestTemplateJustSavedIsShownWhateverTheSearch(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	test.Type(ts.search, "too expensive")
	ts.stageSel.SetSelectedIndex(slices.Index(playbook.Stages, "solve") + 1)
	if len(ts.hits) == 0 {
		t.Fatal("the search finds nothing to begin with")
	}
	_, e := h.newClosingTemplate("Despedida del equipo", "Team goodbye", "Gracias por llamar a {{company}}.", "Thank you for calling {{company}}.")
	if ts.search.Text != "too expensive" {
		t.Fatalf("the search was cleared before the save: %q", ts.search.Text)
	}
	if !e.submit() {
		t.Fatalf("not saved: %q", e.status.Text)
	}
	if ts.preview.tpl == nil || ts.preview.tpl.Title.EN != "Team goodbye" {
		t.Fatalf("after the save the screen shows %v", ts.preview.tpl)
	}
	if !ts.preview.status.Visible() || ts.preview.status.Text == "" {
		t.Error("the screen does not say where the template was saved")
	}
	if ts.search.Text != "" || ts.stage != "" {
		t.Errorf("search %q, stage %q left in place", ts.search.Text, ts.stage)
	}
}
