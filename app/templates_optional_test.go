package app

import (
	"os"
	"path/filepath"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// A custom template may say which of its placeholders it reads well
// without ("optional", written in the file by hand: the editor has no
// field for it). Edited here so the text no longer uses one of them, the
// save was refused for an optional placeholder the text does not use,
// which nothing on the form could fix. What the text still uses stays
// optional; the rest goes with the placeholder.
func TestTemplateEditorDropsAnOptionalTheTextNoLongerUses(t *testing.T) {
	dir := t.TempDir()
	file := "[[template]]\nid = \"closing.team\"\ncategory = \"closing\"\ntitle = { es = \"Adiós\", en = \"Goodbye\" }\n" +
		"optional = [\"customer_name\", \"agent_name\"]\n" +
		"text = { es = \"Gracias, {{customer_name}}. Le atendió {{agent_name}}.\", en = \"Thank you, {{customer_name}}. This was {{agent_name}}.\" }\n"
	if err := os.WriteFile(filepath.Join(dir, playbook.CustomTemplatesFile), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyPlaybookDir: dir})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	ts.openEditor(h.app.pb.Template("closing.team"))
	e := ts.ed
	if e == nil {
		t.Fatal("no editor for the custom template")
	}
	e.textES.SetText("Gracias. Le atendió {{agent_name}}.")
	e.textEN.SetText("Thank you. This was {{agent_name}}.")
	if !e.submit() {
		t.Fatalf("save refused: %q", e.status.Text)
	}
	list, err := playbook.ReadCustomTemplates(dir)
	if err != nil || len(list) != 1 {
		t.Fatalf("the file holds %+v (%v)", list, err)
	}
	if got := list[0].Optional; len(got) != 1 || got[0] != "agent_name" {
		t.Errorf("optional placeholders kept: %v, want [agent_name]", got)
	}
}
