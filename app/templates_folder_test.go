package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A custom folder that does not load (its file edited by hand with a
// mistake, a share not mounted) is passed over at the start. The
// templates screen, where its templates went missing, said nothing of it:
// only Settings did. It says which folder is not in use, and why, in the
// interface language.
func TestTemplatesScreenSaysTheCustomFolderIsNotInUse(t *testing.T) {
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "custom_templates.toml"), []byte("\n[[template]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "share-offline")
	for _, c := range []struct {
		lang      locales.Lang
		dir, want string
	}{
		{locales.EN, broken, "custom_templates.toml:3: TOML syntax error"},
		{locales.ES, broken, "custom_templates.toml:3: error de sintaxis TOML"},
		{locales.ES, missing, "La carpeta de la guía " + missing + " no existe."},
	} {
		h := newHarness(t, c.lang, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyPlaybookDir: c.dir})
		h.app.show("templates")
		// Read from the label: the window wraps a long folder name
		// mid-word.
		notice := h.app.templatesScreen().aside
		for _, want := range []string{h.app.t.D("templates.folder_not_in_use", map[string]any{"Dir": c.dir}), c.want} {
			if !notice.Visible() || !strings.Contains(notice.Text, want) {
				t.Errorf("%s %s: the templates screen says %q (shown: %v), want %q", c.lang, c.dir, notice.Text, notice.Visible(), want)
			}
		}
		h.noMissingKeys()
	}

	// Fixed, the folder is in use at the next start, and the notice goes.
	if err := os.Remove(filepath.Join(broken, "custom_templates.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "team.toml"), []byte(publishedTemplate("closing.team_one")), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyPlaybookDir: broken})
	h.app.show("templates")
	if notice := h.app.templatesScreen().aside; notice.Visible() {
		t.Errorf("a folder in use is said not to be: %q", notice.Text)
	}
}
