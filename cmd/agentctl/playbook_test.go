package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/assets"
	"agentdesk/crm/crmtest"
	"agentdesk/playbook"
)

func runPlaybook(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runEnv(t, "", "", append([]string{"playbook"}, args...)...)
}

// playbook validate passes the default pack and holds a pack to the
// glossary and to plural agreement, each finding at its file:line.
func TestPlaybookValidate(t *testing.T) {
	code, out, errs := runPlaybook(t, "validate", "--lang", "en")
	if code != 0 || !strings.Contains(out, "The playbook is valid") {
		t.Fatalf("default pack: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runPlaybook(t, "validate", "../../playbook/testdata/style", "--lang", "en")
	if code != 1 {
		t.Fatalf("style fixture: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		`playbook/testdata/style/flow.toml:73: Spanish: "{{tenure_years}} años" fixes a word as singular or plural`,
		`playbook/testdata/style/flow.toml:73: English: "{{tenure_years}} years" fixes a word`,
		`playbook/testdata/style/flow.toml:93: Spanish: "importe" is not the glossary's term: use "monto"`,
		`playbook/testdata/style/flow.toml:93: English: "to hand" is not the glossary's term: use "handy"`,
		`playbook/testdata/style/flow.toml:97: Spanish: "{{lines}} líneas" fixes a word`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// Keywords keep their variants on purpose.
	if strings.Contains(out, ":80:") {
		t.Errorf("keywords were held to the glossary:\n%s", out)
	}
	if !strings.Contains(errs, "7 problems") {
		t.Errorf("stderr: %s", errs)
	}
	code, out, _ = runPlaybook(t, "validate", "../../playbook/testdata/style", "--json")
	var v validationJSON
	if code != 1 || json.Unmarshal([]byte(out), &v) != nil || v.Valid || len(v.Issues) != 7 {
		t.Fatalf("json: exit %d %+v", code, v)
	}
	codes := map[string]int{}
	for _, is := range v.Issues {
		codes[is.Code]++
	}
	if codes["glossary"] != 2 || codes["fixed_plural"] != 5 {
		t.Errorf("codes %v", codes)
	}
	// Commands that use a pack load it without the house style: the
	// fixture is structurally sound.
	if code, out, errs := runPlaybook(t, "show", "../../playbook/testdata/style", "--lang", "en"); code != 0 {
		t.Errorf("show on the style fixture: exit %d\n%s%s", code, out, errs)
	}
}

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

	mustRun(t, "", "config", "set", "--db", supDB, "agent.name", "sup")
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

// A folder whose name reads as a pattern ("v[1]") publishes its own files,
// never a sibling folder's ("v1") it would match.
func TestPlaybookPublishFolderNamedLikeAPattern(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	supDB := filepath.Join(t.TempDir(), "agentdesk.db")
	base := t.TempDir()
	dir, other := filepath.Join(base, "v[1]"), filepath.Join(base, "v1")
	for _, d := range []string{dir, other} {
		if err := os.CopyFS(d, assets.Playbook()); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(other, "zz_other.toml"), []byte("# another folder's draft\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", supDB)
	mustRun(t, "", "playbook", "publish", dir, "--db", supDB)
	v, err := r.Store.CurrentPlaybook(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := v.Files["zz_other.toml"]; ok || len(v.Files) == 0 {
		t.Errorf("published %d files, the sibling folder's among them: %v", len(v.Files), ok)
	}
}

// A pack larger than a request crmd reads is said as that, with its size
// and crmd's limit, before anything is sent: the supervisor was told only
// "The request is too large.", with nothing to say it was the pack or
// how much smaller it had to be.
func TestPlaybookPublishTooLargeSaysSo(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	supDB := filepath.Join(t.TempDir(), "agentdesk.db")
	dir := packFolder(t)
	notes := strings.Repeat("# notes of the content team, kept beside the pack\n", 24000)
	if err := os.WriteFile(filepath.Join(dir, "zz_notes.toml"), []byte(notes), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", supDB)
	for lang, want := range map[string][]string{"en": {"1,024 KB", "files"}, "es": {"1.024 KB", "archivos"}} {
		out, errs, code := crmRun(t, "", lang, "playbook", "publish", dir, "--db", supDB)
		if code != 1 || !strings.Contains(errs, want[0]) || !strings.Contains(errs, want[1]) {
			t.Errorf("%s: exit %d %q %q", lang, code, out, errs)
		}
	}
	if _, err := r.Store.CurrentPlaybook(t.Context()); err == nil {
		t.Error("crmd holds a pack")
	}
}

// A folder of custom templates (no [meta]: it is laid over the desk's
// playbook) given to playbook validate is refused, with every placeholder
// of the pack under it unknown; the supervisor is told where such a
// folder is checked, which nothing said.
func TestPlaybookValidateOfATemplatesFolderSaysWhereItIsChecked(t *testing.T) {
	dir := t.TempDir()
	file := "[[template]]\nid = \"closing.mine\"\ncategory = \"closing\"\ntitle = { es = \"Mía\", en = \"Mine\" }\n" +
		"tags = [\"mia\"]\ntext = { es = \"Gracias, {{customer_name}}.\", en = \"Thanks, {{customer_name}}.\" }\n"
	if err := os.WriteFile(filepath.Join(dir, playbook.CustomTemplatesFile), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runPlaybook(t, "validate", dir, "--lang", "en")
	if code != 1 || !strings.Contains(errs, "templates search --playbook "+dir) {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	// The folder loads where it is meant to.
	if code, out, errs := runEnv(t, "", "", "templates", "search", "mine", "--playbook", dir, "--lang", "en"); code != 0 || !strings.Contains(out, "closing.mine") {
		t.Errorf("templates --playbook: exit %d\n%s%s", code, out, errs)
	}
}
