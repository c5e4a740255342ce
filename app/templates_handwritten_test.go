package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// A custom_templates.toml written by hand with more than templates in it
// loads, but the editor, which rewrites the file whole, cannot save it
// without dropping the rest. Its Edit buttons went missing with only a
// line in the log; the supervisor is told why on the Templates screen, in
// their language, with what to move.
func TestTemplatesScreenSaysWhyHandWrittenTemplatesCannotBeEdited(t *testing.T) {
	dir := t.TempDir()
	text := publishedTemplate("closing.hand_one") +
		"\n[[placeholder]]\nid = \"team_line\"\nlabel = { es = \"Línea del equipo\", en = \"Team line\" }\nsource = \"agent\"\nkind = \"text\"\n"
	if err := os.WriteFile(filepath.Join(dir, playbook.CustomTemplatesFile), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newHarness(t, lang, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyPlaybookDir: dir})
		if h.app.pbFolderErr != nil || h.app.pb.Template("closing.hand_one") == nil {
			t.Fatalf("the folder does not load: %v", h.app.pbFolderErr)
		}
		h.app.show("templates")
		ts := h.app.templatesScreen()
		notice := ts.aside
		for _, want := range []string{
			h.app.t.D("templates.custom.not_editable", map[string]any{"File": filepath.Join(dir, playbook.CustomTemplatesFile)}),
			h.app.t.D("playbook.err.custom_file_foreign", map[string]any{"Key": "placeholder"}),
		} {
			if !notice.Visible() || !strings.Contains(notice.Text, want) {
				t.Errorf("%s: the templates screen says %q (shown: %v), want %q", lang, notice.Text, notice.Visible(), want)
			}
		}
		h.noMissingKeys()
	}

	// An agent edits nothing here: nothing to explain.
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyPlaybookDir: dir})
	h.app.show("templates")
	if notice := h.app.templatesScreen().aside; notice.Visible() {
		t.Errorf("an agent is told %q", notice.Text)
	}
}
