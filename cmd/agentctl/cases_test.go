package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// case list --agent takes a name as a person types it, as the reports
// screen does: "DEMO" is demo's cases, and --limit still counts the
// cases shown, not those looked at before the name was matched.
func TestCaseListAgentIgnoresCase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	if _, errs, code := pdfRun(t, "demo", "seed", "--agent", "Other", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	count := func(args ...string) int {
		t.Helper()
		out, errs, code := pdfRun(t, append([]string{"case", "list", "--db", db, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("case list %v: exit %d: %s", args, code, errs)
		}
		var list []struct {
			Agent string `json:"agent"`
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if c.Agent != "demo" {
				t.Errorf("case list %v lists a case of %q", args, c.Agent)
			}
		}
		return len(list)
	}
	all := count("--agent", "demo")
	if all == 0 {
		t.Fatal("no demo cases")
	}
	for _, typed := range []string{"DEMO", " Demo "} {
		if n := count("--agent", typed); n != all {
			t.Errorf("--agent %q lists %d cases, want %d", typed, n, all)
		}
	}
	if n := count("--agent", "DEMO", "--limit", "2"); n != 2 {
		t.Errorf("--agent DEMO --limit 2 lists %d cases", n)
	}
}
