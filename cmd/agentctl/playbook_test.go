package main

import (
	"encoding/json"
	"strings"
	"testing"
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
