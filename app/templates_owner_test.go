package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// A supervisor may write a personal template for one of the agents (the
// editor takes any owner). Saved, it vanished from the supervisor's own
// list, as another agent's personal template does: the screen went on to
// show another template under "saved", and the template could never be
// edited or deleted here again. The supervisor's list keeps the custom
// templates they may edit, whoever owns them; the agents' lists and the
// supervisor's palette still leave out what is not theirs.
func TestSupervisorKeepsAPersonalTemplateWrittenForAnAgent(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	ts, e := h.newClosingTemplate("Despedida de Luis", "Luis's goodbye", "Gracias por llamar a {{company}}.", "Thank you for calling {{company}}.")
	test.Type(e.id, "closing.luis_goodbye")
	e.scope.SetSelectedIndex(slices.Index(playbook.Scopes, "personal"))
	e.owner.SetText("Luis")
	if !e.submit() {
		t.Fatalf("not saved: %q", e.status.Text)
	}
	if ts.preview.tpl == nil || ts.preview.tpl.ID != "closing.luis_goodbye" {
		t.Fatalf("after the save the screen shows %v", ts.preview.tpl)
	}
	if findButton(h.app.Window().Content(), h.app.t.S("templates.custom.edit")) == nil {
		t.Error("the template written for Luis offers no editor")
	}
	ts.search.SetText("Luis goodbye")
	if !slices.ContainsFunc(ts.hits, func(tp *playbook.Template) bool { return tp.ID == "closing.luis_goodbye" }) {
		t.Errorf("the supervisor's search does not find it: %v", ts.hits)
	}
	ts.openPalette("")
	ts.pal.update("Luis goodbye")
	if slices.ContainsFunc(ts.pal.hits, func(tp *playbook.Template) bool { return tp.ID == "closing.luis_goodbye" }) {
		t.Error("Luis's personal template is offered in Marta's palette")
	}
	ts.pal.d.Hide()
}
