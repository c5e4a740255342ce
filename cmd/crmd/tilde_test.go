package main

import (
	"os"
	"path/filepath"
	"testing"

	"agentdesk/crm/crmtest"
)

// A shell leaves the ~ of --db sqlite:~/crmd.db as it is (it expands a
// word's leading ~ only): crmd made a folder literally named "~" in the
// current one and the database in it, which serve, started elsewhere,
// then did not find. The ~ is the home folder, as at the start of a word.
func TestADBPathUnderTheHomeFolder(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	t.Chdir(cwd)
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", "sqlite:~/crmd.db"); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(home, "crmd.db")); err != nil {
		t.Errorf("the database in the home folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cwd, "~")); err == nil {
		t.Error("a folder named ~ was made")
	}
	if code, out, errs := run(t, "", "user", "list", "--db", "sqlite:~/crmd.db"); code != 0 || out == "" {
		t.Errorf("user list: %d %q %s", code, out, errs)
	}
}
