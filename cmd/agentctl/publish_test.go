package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/assets"
	"agentdesk/crm/crmtest"
)

// packFolder is the built-in playbook as a folder a supervisor edits.
func packFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(dir, assets.Playbook()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A supervisor publishes a folder for every desk: it is checked here as
// crmd and the desks load it, what crmd still refuses is said in the
// supervisor's language with file and line, and an agent may not publish.
func TestPlaybookPublish(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	supDB := filepath.Join(t.TempDir(), "agentdesk.db")
	anaDB := filepath.Join(t.TempDir(), "agentdesk.db")
	dir := packFolder(t)

	if _, errs, code := crmRun(t, "", "en", "playbook", "publish", dir, "--db", supDB); code != 2 || !strings.Contains(errs, "CRM") {
		t.Errorf("no CRM set: exit %d %q", code, errs)
	}
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", supDB)
	if _, errs, code := crmRun(t, "", "es", "playbook", "publish", "--db", supDB); code != 2 || !strings.Contains(errs, "Indique qué carpeta") {
		t.Errorf("no folder: exit %d %q", code, errs)
	}

	out := mustRun(t, "", "playbook", "publish", dir, "--db", supDB)
	if !strings.Contains(out, "version 1") {
		t.Errorf("publish says %q", out)
	}
	if v, err := r.Store.CurrentPlaybook(t.Context()); err != nil || v == nil || v.Version != 1 || v.PublishedBy != "sup" {
		t.Fatalf("crmd holds %+v %v", v, err)
	}

	// Broken here: explained before any request, nothing published.
	flow := filepath.Join(dir, "flow.toml")
	good, err := os.ReadFile(flow)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(flow, []byte("[meta\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := crmRun(t, "", "es", "playbook", "publish", dir, "--db", supDB)
	if code != 1 || !strings.Contains(out, flow+":") || !strings.Contains(out, "error de sintaxis TOML") || !strings.Contains(errs, "La guía tiene") {
		t.Errorf("a broken pack: exit %d\n%s%s", code, out, errs)
	}

	// A card number in a comment loads fine here; crmd refuses it, and the
	// refusal is listed in Spanish at the file and line.
	if err := os.WriteFile(flow, append(good, []byte("\n# tarjeta de prueba 4111 1111 1111 1111\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code = crmRun(t, "", "es", "playbook", "publish", dir, "--db", supDB)
	if code != 1 || !strings.Contains(out, flow+":") || !strings.Contains(out, "lleva un número de tarjeta") || !strings.Contains(errs, "El CRM rechazó la guía: 1 problema") {
		t.Errorf("a card number: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(out+errs, "4111") {
		t.Error("the card number was printed back")
	}
	if v, _ := r.Store.CurrentPlaybook(t.Context()); v.Version != 1 {
		t.Errorf("version %d after the refusals", v.Version)
	}

	// An agent may not publish.
	if err := os.WriteFile(flow, good, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "ana", "--db", anaDB)
	if _, errs, code := crmRun(t, "", "en", "playbook", "publish", dir, "--db", anaDB); code == 0 || !strings.Contains(errs, "You may not do this") {
		t.Errorf("an agent publishing: exit %d %q", code, errs)
	}
}
