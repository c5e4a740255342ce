package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// The first custom template stores the playbook folder it made from the
// templates screen. Settings, built before, shows that folder when it is
// shown again, and a later save there (of the paper, say) keeps it: it
// used to save the empty field it was built with, and the supervisor's
// templates were gone from the desk.
func TestSettingsKeepTheFolderTheTemplateEditorMade(t *testing.T) {
	data := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", data)
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("settings") // built now, with no folder
	ts, e := h.newClosingTemplate("Adiós del equipo", "Team goodbye", "Adiós.", "Goodbye.")
	if !e.submit() {
		t.Fatalf("save refused: %q", e.status.Text)
	}
	id := ts.customIDs[0]
	dir := filepath.Join(data, "playbook")

	h.app.show("settings")
	s := h.settings()
	if s.playbookDir.Text != dir {
		t.Errorf("Settings shows the folder %q, want %q", s.playbookDir.Text, dir)
	}
	s.paper.SetSelected("Letter")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyPlaybookDir); v != dir {
		t.Errorf("stored playbook folder = %q, want %q", v, dir)
	}
	if h.app.pb.Template(id) == nil {
		t.Error("the custom template is gone from the pack in use")
	}
}

// Saving a playbook folder says at once what is in use now: the line
// under the form counted the templates of the pack before the save.
func TestSettingsShowThePackTheySaved(t *testing.T) {
	h, s := settingsOfX(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "team.toml"), []byte(publishedTemplate("closing.team_one")), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(h.app.pb.Templates)
	s.playbookDir.SetText(dir)
	h.tap("Save")
	h.mustHave("Settings saved.")
	if h.app.pb.Template("closing.team_one") == nil {
		t.Fatal("the folder is not in use")
	}
	h.mustHave(fmt.Sprintf("%d templates)", before+1))
	h.mustHave("Settings saved.")
}
