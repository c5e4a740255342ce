package server_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"agentdesk/crm/server"
)

// A keys folder crmd cannot read (a signing key others may read, a file
// that is no key) is refused by a rotation as it is by serve: the
// rotation wrote a new key beside it and said it was done, and serve
// still refused the folder for the old file.
func TestRotateKeysRefusesAFolderServeRefuses(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes")
	}
	dir := t.TempDir()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	kid, err := server.RotateKeys(dir, now, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, kid+".pem"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, serveErr := server.LoadKeys(dir)
	if serveErr == nil {
		t.Fatal("serve takes a signing key others may read")
	}
	next, err := server.RotateKeys(dir, now.Add(time.Hour), true)
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("rotated to %s beside a key serve refuses: %v", next, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files after the refusal", len(entries))
	}
}
