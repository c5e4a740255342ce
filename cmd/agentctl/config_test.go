package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/sqlite"
)

// config show gives the last sync of the login in the desk's session, as
// the app's bar does: not another login's on a shared desk, nor the
// desk-wide time the outbox once kept, which was whoever synced last.
func TestConfigShowsTheLastSyncOfTheLoginInTheSession(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	const url = "http://127.0.0.1:1"
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "agentdesk.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	const anas, bens = "2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z"
	err = db.SetSettings(ctx, map[string]string{"crm.url": url, "crm.last_sync": bens,
		desksync.LastSyncPrefix + "ana": anas, desksync.LastSyncPrefix + "ben": bens})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, user, want string
	}{
		{"nobody logged in", "", ""},
		{"ana logged in", "ana", anas},
	} {
		if tc.user != "" {
			b, _ := json.Marshal(crm.Session{BaseURL: url, Username: tc.user, Role: crm.RoleAgent,
				AccessToken: "at", AccessExp: time.Now().Add(time.Hour), RefreshToken: "rt"})
			if err := os.WriteFile(filepath.Join(dir, crm.SessionFile), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errs := runEnv(t, "", "en", "config", "show", "--db", dbPath)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errs)
		}
		if !strings.Contains(out, "crm.url = "+url) {
			t.Errorf("%s: config show left out crm.url:\n%s", tc.name, out)
		}
		var last []string
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "last_sync") {
				last = append(last, line)
			}
		}
		want := []string{}
		if tc.want != "" {
			want = append(want, desksync.LastSyncPrefix+tc.user+" = "+tc.want)
		}
		if strings.Join(last, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: config show's last syncs %q, want %q", tc.name, last, want)
		}
		code, out, errs = runEnv(t, "", "en", "config", "show", "--json", "--db", dbPath)
		var kv map[string]string
		if err := json.Unmarshal([]byte(out), &kv); code != 0 || err != nil {
			t.Fatalf("%s: --json: exit %d %v: %s%s", tc.name, code, err, out, errs)
		}
		if tc.user != "" && kv[desksync.LastSyncPrefix+tc.user] != tc.want {
			t.Errorf("%s: --json left out %s's last sync: %v", tc.name, tc.user, kv)
		}
		for k, v := range kv {
			if strings.Contains(k, "last_sync") && (k != desksync.LastSyncPrefix+tc.user || v != tc.want) {
				t.Errorf("%s: --json shows %s = %s", tc.name, k, v)
			}
		}
	}
}

// config set refuses a playbook folder that does not exist or is a file,
// as Settings does, in the language asked for; it took either, and the
// app then started without the folder.
func TestConfigSetRefusesAPlaybookFolderThatIsNone(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	file := filepath.Join(t.TempDir(), "guia.toml")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, dir, want string }{
		{"en", filepath.Join(t.TempDir(), "missing"), "a folder that exists, or nothing"},
		{"es", file, "una carpeta que exista, o nada"},
	} {
		db := filepath.Join(t.TempDir(), "agentdesk.db")
		code, _, errs := runEnv(t, "", c.lang, "config", "set", "playbook.dir", c.dir, "--db", db)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d %q, want 2 and %q", c.dir, code, errs, c.want)
		}
	}
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	folder := t.TempDir()
	tpl := "[[template]]\nid = \"closing.team\"\ncategory = \"closing\"\ntitle = { es = \"Adiós\", en = \"Goodbye\" }\ntext = { es = \"Adiós.\", en = \"Goodbye.\" }\n"
	if err := os.WriteFile(filepath.Join(folder, "team.toml"), []byte(tpl), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runEnv(t, "", "en", "config", "set", "playbook.dir", folder, "--db", db); code != 0 {
		t.Errorf("a folder refused: %s", errs)
	}
	if code, _, errs := runEnv(t, "", "en", "config", "set", "playbook.dir", "", "--db", db); code != 0 {
		t.Errorf("no folder refused: %s", errs)
	}
}

// A name, company or phone given with a line break or a tab is refused,
// saying what is taken, in the language asked for.
func TestConfigSetRefusesTextOnMoreThanOneLine(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	for _, c := range []struct{ lang, key, value, want string }{
		{"en", "agent.name", "Ana\nTorres", "a name on one line, not empty"},
		{"es", "company", "Norte\tSA", "un texto en una sola línea"},
		{"es", "retention.phone", "0800\r123", "un número en una sola línea"},
	} {
		db := filepath.Join(t.TempDir(), "agentdesk.db")
		code, _, errs := runEnv(t, "", c.lang, "config", "set", c.key, c.value, "--db", db)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%s=%q: exit %d %q, want 2 and %q", c.key, c.value, code, errs, c.want)
		}
	}
}

// config set takes a playbook folder only once it loads over the desk's
// pack, as Settings takes it: it took any folder that exists, and the app
// then started without it (a syntax error), or without the template that
// names what the pack lacks, while agentctl had said nothing.
func TestConfigSetRefusesAPlaybookFolderThatDoesNotLoad(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	folder := func(text string) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "custom_templates.toml"), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	const tpl = "[[template]]\nid = \"closing.team\"\ncategory = \"closing\"\ntitle = { es = \"Adiós\", en = \"Goodbye\" }\n"
	for _, c := range []struct{ lang, dir, want string }{
		{"en", folder("[[template]\n"), "nothing was saved"},
		{"es", folder(tpl + "text = { es = \"Hola {{no_existe}}\", en = \"Hi {{no_existe}}\" }\n"), "no_existe"},
	} {
		db := filepath.Join(t.TempDir(), "agentdesk.db")
		code, _, errs := runEnv(t, "", c.lang, "config", "set", "playbook.dir", c.dir, "--db", db)
		if code != 1 || !strings.Contains(errs, c.want) || !strings.Contains(errs, "custom_templates.toml:") {
			t.Errorf("%s: exit %d %q, want 1, the file's line and %q", c.dir, code, errs, c.want)
		}
		if _, err := os.Stat(db); err == nil {
			code, out, _ := runEnv(t, "", "en", "config", "show", "--db", db)
			if code != 0 || strings.Contains(out, c.dir) {
				t.Errorf("%s: stored anyway:\n%s", c.dir, out)
			}
		}
	}
	good := folder(tpl + "text = { es = \"Adiós, {{customer_name}}.\", en = \"Goodbye, {{customer_name}}.\" }\n")
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	if code, _, errs := runEnv(t, "", "en", "config", "set", "playbook.dir", good, "--db", db); code != 0 {
		t.Errorf("a folder that loads refused: %s", errs)
	}
}

// A playbook folder given from a terminal is often relative to where the
// command runs ("./equipo"). It was stored as typed, and the app, started
// from a menu in another folder, then found no such folder. It is stored
// as the absolute path of the folder that was checked.
func TestConfigSetStoresThePlaybookFolderAsAnAbsolutePath(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	work := t.TempDir()
	folder := filepath.Join(work, "equipo")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	tpl := "[[template]]\nid = \"closing.team\"\ncategory = \"closing\"\ntitle = { es = \"Adiós\", en = \"Goodbye\" }\ntext = { es = \"Adiós.\", en = \"Goodbye.\" }\n"
	if err := os.WriteFile(filepath.Join(folder, "team.toml"), []byte(tpl), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	t.Chdir(work)
	if code, _, errs := runEnv(t, "", "en", "config", "set", "playbook.dir", "./equipo", "--db", db); code != 0 {
		t.Fatalf("refused: %s", errs)
	}
	code, out, errs := runEnv(t, "", "en", "config", "show", "--json", "--db", db)
	var kv map[string]string
	if err := json.Unmarshal([]byte(out), &kv); code != 0 || err != nil {
		t.Fatalf("config show: exit %d %v: %s", code, err, errs)
	}
	if got := kv["playbook.dir"]; got != folder {
		t.Errorf("stored playbook.dir = %q, want %q", got, folder)
	}
}

// A language is stored as the app writes it, whatever the spelling taken:
// "EN" or "es-MX" were stored as typed, and config show printed them so,
// beside the "en" and "es" the Settings screen stores.
func TestConfigSetStoresALanguageAsItsCode(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	for _, c := range []struct{ key, value string }{{"ui.lang", " EN "}, {"call.lang", "es-MX"}} {
		if code, _, errs := runEnv(t, "", "en", "config", "set", c.key, c.value, "--db", db); code != 0 {
			t.Fatalf("%s=%q refused: %s", c.key, c.value, errs)
		}
	}
	code, out, errs := runEnv(t, "", "en", "config", "show", "--json", "--db", db)
	var kv map[string]string
	if err := json.Unmarshal([]byte(out), &kv); code != 0 || err != nil {
		t.Fatalf("config show: exit %d %v: %s", code, err, errs)
	}
	if kv["ui.lang"] != "en" || kv["call.lang"] != "es" {
		t.Errorf("stored ui.lang %q and call.lang %q, want en and es", kv["ui.lang"], kv["call.lang"])
	}
}
