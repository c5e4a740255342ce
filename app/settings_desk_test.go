package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// agentctl config set writes a setting while the app runs; a later save
// in Settings of another field (the paper) must not write back what the
// app read at its start: the currency, which Settings does not even show,
// went back to USD, and a company set from agentctl to the old name.
func TestSettingsSaveKeepsWhatAgentctlSetMeanwhile(t *testing.T) {
	h, s := settingsOfX(t)
	ctx := context.Background()
	for k, v := range map[string]string{cases.KeyCurrency: "EUR", cases.KeyCompany: "Norte"} {
		if err := h.db.SetSetting(ctx, k, v); err != nil { // agentctl config set
			t.Fatal(err)
		}
	}
	s.paper.SetSelected("Letter")
	h.tap("Save")
	h.mustHave("Settings saved.")
	kv, err := h.db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kv[cases.KeyCurrency] != "EUR" || kv[cases.KeyCompany] != "Norte" || kv[cases.KeyPaper] != "Letter" {
		t.Errorf("after the save: currency %q, company %q, paper %q", kv[cases.KeyCurrency], kv[cases.KeyCompany], kv[cases.KeyPaper])
	}
}

// pressEnter is the Enter key in a field that has the focus.
func pressEnter(e *widget.Entry) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// The forms of the first start and of Settings are done from the keyboard:
// Enter in any of their fields starts or saves, as it did only in the
// welcome's name field (an agent who typed the company last was left with
// no way to go on but the mouse).
func TestEnterInAFieldStartsOrSaves(t *testing.T) {
	h := newHarness(t, locales.EN, false, nil)
	name := h.entryWithPlaceholder("As customers will hear it")
	company := h.entryWithPlaceholder(locales.New(locales.EN).S("settings.company.placeholder"))
	test.Type(name, "Nuria")
	test.Type(company, "Norte")
	pressEnter(company)
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyCompany); v != "Norte" {
		t.Fatalf("Enter in the company field did not start: company stored %q", v)
	}

	h.app.show("settings")
	for _, f := range []struct {
		field func(*settingsScreen) *widget.Entry
		key   string
		value string
	}{
		{func(s *settingsScreen) *widget.Entry { return s.agent }, cases.KeyAgent, "Nuria Paz"},
		{func(s *settingsScreen) *widget.Entry { return s.company }, cases.KeyCompany, "Sur"},
		{func(s *settingsScreen) *widget.Entry { return s.retention }, cases.KeyRetention, "0800 123"},
		{func(s *settingsScreen) *widget.Entry { return s.crmURL }, cases.KeyCRMURL, "https://crm.example.internal"},
	} {
		t.Run(f.key, func(t *testing.T) {
			e := f.field(h.settings()) // drawn again by each save
			e.SetText(f.value)
			pressEnter(e)
			if got, _ := h.db.GetSetting(context.Background(), f.key); got != f.value {
				t.Errorf("Enter in %s: stored %q, want %q", f.key, got, f.value)
			}
		})
	}
}

// A playbook folder that does not exist, or a file chosen for it, is
// refused for what it is: both were read as a folder with "no .toml files
// in it", which sent the agent looking for files in a folder that is not
// there.
func TestSettingsSayWhyAPlaybookFolderIsNone(t *testing.T) {
	file := filepath.Join(t.TempDir(), "guia.toml")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "no-existe")
	for _, c := range []struct{ dir, want string }{
		{missing, "La carpeta de la guía " + missing + " no existe."},
		{file, file + " es un archivo, no una carpeta"},
	} {
		h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Ana"})
		h.app.show("settings")
		s := h.settings()
		s.playbookDir.SetText(c.dir)
		h.tap("Guardar")
		h.mustHave(c.want)
		h.mustNotHave("archivos .toml en esta carpeta")
		if v, _ := h.db.GetSetting(context.Background(), cases.KeyPlaybookDir); v != "" {
			t.Errorf("folder stored: %q", v)
		}
	}
}

// A playbook folder already in the settings that does not load now (a
// network share not mounted, a file edited by hand) is passed over at the
// start; it used to refuse every later save too, so an agent could not
// change their name, the languages or the CRM address until they cleared
// a folder that may be the content team's. The rest is saved, the folder
// stays as it is, and the screen still says it is not in use.
func TestSettingsSaveOverAFolderThatNoLongerLoads(t *testing.T) {
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "mine.toml"), []byte("[[template]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(t.TempDir(), "share-offline"), broken} {
		h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyPlaybookDir: dir})
		h.app.show("settings")
		s := h.settings()
		s.company.SetText("Telco Sur")
		h.tap("Save")
		h.mustHave("Settings saved.")
		kv, err := h.db.AllSettings(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if kv[cases.KeyCompany] != "Telco Sur" || kv[cases.KeyPlaybookDir] != dir {
			t.Errorf("%s: company %q, folder %q stored", dir, kv[cases.KeyCompany], kv[cases.KeyPlaybookDir])
		}
		h.mustHave(h.app.t.D("settings.playbook.not_in_use", map[string]any{"Dir": dir}))
		if h.app.pbFolderErr == nil {
			t.Errorf("%s: the folder reads as in use", dir)
		}
	}
}

// A playbook folder typed relative to the folder the app runs from
// ("equipo") loaded then, and was stored as typed: started from a menu or
// from another terminal folder, the app found no such folder. It is stored
// as the absolute path of the folder that was checked.
func TestSettingsStoreThePlaybookFolderAsAnAbsolutePath(t *testing.T) {
	work := t.TempDir()
	folder := filepath.Join(work, "equipo")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "team.toml"), []byte(publishedTemplate("closing.team_one")), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	h, s := settingsOfX(t)
	s.playbookDir.SetText("equipo")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyPlaybookDir); v != folder {
		t.Errorf("stored playbook folder %q, want %q", v, folder)
	}
	if h.app.pb.Template("closing.team_one") == nil {
		t.Error("the folder is not in use")
	}
}
