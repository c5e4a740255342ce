package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	h.mustHave(fmt.Sprintf("templates: %d)", before+1))
	h.mustHave("Settings saved.")
}

// A playbook folder that no longer loads (edited by hand, or not over the
// pack crmd published since) is passed over at the start, and Settings
// says so, with what is wrong, rather than show the folder as if it were
// in use while its templates are gone. Fixed and saved, the notice goes.
func TestSettingsSayTheFolderIsNotInUse(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.toml")
	broken := "\n[[template]]\nid = \"closing.mine\"\ncategory = \"closing\"\ntitle = { es = \"Mío\" }\ntext = { es = \"Gracias.\", en = \"Thanks.\" }\n"
	if err := os.WriteFile(mine, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	var h *harness
	for _, l := range []locales.Lang{locales.ES, locales.EN} {
		h = newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyPlaybookDir: dir})
		if h.app.pb.Template("closing.mine") != nil {
			t.Fatal("a broken folder is in use")
		}
		h.app.show("settings")
		h.mustHave(h.app.t.D("settings.playbook.not_in_use", map[string]any{"Dir": dir}))
		h.mustHave("mine.toml:5")
		h.noMissingKeys()
	}

	// Fixed, and saved again from Settings (in English now).
	if err := os.WriteFile(mine, []byte(strings.Replace(broken, `{ es = "Mío" }`, `{ es = "Mío", en = "Mine" }`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	h.tap("Save")
	h.mustHave("Settings saved.")
	h.mustNotHave("mine.toml:5")
	h.mustNotHave(h.app.t.D("settings.playbook.not_in_use", map[string]any{"Dir": dir}))
	if h.app.pb.Template("closing.mine") == nil {
		t.Error("the fixed folder is not in use")
	}
}
