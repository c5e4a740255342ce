package cases_test

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"

	"agentdesk/assets"
)

// The recap opens with the day ("Hoy atendimos su llamada por…", "Today
// you called about…"): a script that says the day just before it repeats
// it, as "Para resumir lo que hicimos hoy: Hoy atendimos…" did.
func TestScriptsDoNotSayTheDayBeforeTheRecap(t *testing.T) {
	files, err := fs.Glob(assets.Playbook(), "*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no playbook files: %v", err)
	}
	found := 0
	for _, f := range files {
		b, err := fs.ReadFile(assets.Playbook(), f)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(b), "\n") {
			for rest := line; ; {
				i := strings.Index(rest, "{{recap}}")
				if i < 0 {
					break
				}
				found++
				// The sentence the recap is said in, up to it.
				before := rest[:i]
				if j := strings.LastIndexAny(before, ".?!\""); j >= 0 {
					before = before[j+1:]
				}
				for _, w := range strings.FieldsFunc(strings.ToLower(before), func(r rune) bool { return !unicode.IsLetter(r) }) {
					if w == "hoy" || w == "today" {
						t.Errorf("%s:%d: %q says the day the recap opens with", f, n+1, strings.TrimSpace(before))
					}
				}
				rest = rest[i+len("{{recap}}"):]
			}
		}
	}
	if found == 0 {
		t.Fatal("no script says the recap")
	}
}
