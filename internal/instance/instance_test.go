package instance

import (
	"errors"
	"os"
	"os/exec"
	"testing"
)

// A data folder held by one AgentDesk is refused to a second, whichever
// process it is, and taken again once the first lets it go.
func TestOneAppToAFolder(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(dir); !errors.Is(err, ErrHeld) {
		t.Fatalf("a second Acquire while held: %v, want ErrHeld", err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after the release: %v", err)
	}
	defer again.Release()
	// Another process is refused as well, and gets it once this one goes.
	if os.Getenv("INSTANCE_CHILD") != "" {
		return
	}
	child := func() error {
		cmd := exec.Command(os.Args[0], "-test.run", "TestChildAcquires")
		cmd.Env = append(os.Environ(), "INSTANCE_CHILD=1", "INSTANCE_DIR="+dir)
		return cmd.Run()
	}
	if err := child(); err == nil {
		t.Error("another process took the folder while this one held it")
	}
	again.Release()
	if err := child(); err != nil {
		t.Errorf("another process could not take the folder once it was let go: %v", err)
	}
}

// TestChildAcquires is run by TestOneAppToAFolder in a process of its own.
func TestChildAcquires(t *testing.T) {
	dir := os.Getenv("INSTANCE_DIR")
	if dir == "" {
		t.Skip("run by TestOneAppToAFolder")
	}
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.Release()
}

// A folder that cannot hold the lock file says why, not that it is held.
func TestAFolderThatIsNotThereIsNotHeld(t *testing.T) {
	_, err := Acquire(t.TempDir() + "/missing")
	if err == nil || errors.Is(err, ErrHeld) {
		t.Fatalf("got %v, want the open error", err)
	}
}
