// Package instance keeps one desktop app to a data folder. Two windows of
// AgentDesk on the same database (an icon clicked twice) each keep their
// own copy of the call on screen: what the agent types in one is not in
// the other, their saves of the same case refuse each other, and two
// outbox workers send the same rows. The app holds a lock on a file of
// its data folder while it runs; the operating system lets it go when the
// process ends, however it ends, so a crash leaves nothing to clean up.
// agentctl takes no lock: it is meant to run beside the app.
package instance

import (
	"errors"
	"os"
	"path/filepath"
)

// FileName is the lock file in the data folder.
const FileName = "agentdesk.lock"

// ErrHeld is returned by Lock while another process holds the folder.
var ErrHeld = errors.New("instance: the data folder is in use by another AgentDesk")

// Lock is a held data folder.
type Lock struct{ f *os.File }

// Acquire takes dir for this process, or returns ErrHeld (wrapped with the
// lock file's path) when another process has it.
func Acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &heldError{path: path}
		}
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Release lets the folder go (closing the file releases the lock).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// errWouldBlock is what lockFile returns when the lock is taken.
var errWouldBlock = errors.New("instance: would block")

type heldError struct{ path string }

func (e *heldError) Error() string { return ErrHeld.Error() + " (" + e.path + ")" }
func (e *heldError) Unwrap() error { return ErrHeld }
