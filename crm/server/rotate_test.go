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

// The keys folder is read from whatever is on disk (a key copied by hand,
// a file cut short): any bytes in a key file are a key or a refusal,
// never a panic, and a rotation over them neither.
func FuzzLoadKeys(f *testing.F) {
	seed := f.TempDir()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	if _, err := server.RotateKeys(seed, now, true); err != nil {
		f.Fatal(err)
	}
	if _, err := server.RotateKeys(seed, now.Add(time.Hour), true); err != nil {
		f.Fatal(err)
	}
	entries, _ := os.ReadDir(seed)
	var priv, pub []byte
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(seed, e.Name()))
		if strings.HasSuffix(e.Name(), ".pub.pem") {
			pub = b
		} else {
			priv = b
		}
	}
	f.Add(priv, pub)
	f.Add(priv[:len(priv)/2], pub)
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"), []byte{})
	f.Fuzz(func(t *testing.T, priv, pub []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "k20261207T110000Z-0000abcd.pem"), priv, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "k20261207T100000Z-0000abcd.pub.pem"), pub, 0o644); err != nil {
			t.Fatal(err)
		}
		if k, err := server.LoadKeys(dir); err == nil {
			if kid, key := k.Signer(); kid == "" || len(key) == 0 {
				t.Errorf("loaded without a signer: %q", kid)
			}
		}
		_, _ = server.RotateKeys(dir, now.Add(2*time.Hour), false)
	})
}
