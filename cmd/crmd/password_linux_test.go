//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// openPTY opens a pseudo-terminal: what is written to master is typed on
// the terminal, and what the terminal shows (its echo) is read from it.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0) // non-blocking: reads take a deadline
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	// A container may have the multiplexer but no devpts to open the
	// terminal on: that is the machine's lack, not a failure.
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("cannot unlock a pseudo-terminal here: %v", err)
	}
	n, err := unix.IoctlGetUint32(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminal number here: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open the pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// lockedBuffer is standard error written by the command's goroutine and
// read by the test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// typeUnechoed types line on the terminal once the command has asked
// (prompt is on errs) and turned the echo off, which is when a program
// reading a password is ready for it; typed earlier, the terminal would
// show it whatever the program does.
func typeUnechoed(t *testing.T, master, tty *os.File, errs *lockedBuffer, prompt, line string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Error(err)
			return
		}
		if strings.Contains(errs.String(), prompt) && tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("no %q asked with the echo off: the password would be shown as it is typed", prompt)
			break // typed anyway, so the command does not wait for ever
		}
		time.Sleep(2 * time.Millisecond)
	}
	if _, err := master.WriteString(line + "\n"); err != nil {
		t.Error(err)
	}
}

// addAtTerminal runs `crmd user add ana` on a new database with a
// pseudo-terminal as standard input, types first and again at its two
// questions, and returns the exit code, standard error, the database
// path, the terminal's side that shows what it displayed, and the Main.
func addAtTerminal(t *testing.T, first, again string) (code int, errs, dbPath string, master *os.File, m *Main) {
	t.Helper()
	master, tty := openPTY(t)
	dbPath = filepath.Join(t.TempDir(), "crmd.db")
	errb := &lockedBuffer{}
	m = &Main{Stdin: tty, Stdout: &bytes.Buffer{}, Stderr: errb, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- m.Run(context.Background(), []string{"user", "add", "ana", "--db", "sqlite:" + dbPath})
	}()
	typeUnechoed(t, master, tty, errb, "Password for the new user", first)
	typeUnechoed(t, master, tty, errb, "Type it again", again)
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("user add is still waiting for the password")
	}
	return code, errb.String(), dbPath, master, m
}

// A password typed at a terminal is asked for twice and never shown: on
// screen, or in a scrollback, it is as good as written down.
func TestUserAddAtATerminalDoesNotShowThePassword(t *testing.T) {
	code, errs, dbPath, master, m := addAtTerminal(t, crmtest.Password, crmtest.Password)
	if code != 0 {
		t.Fatalf("user add: %d %q", code, errs)
	}
	// What the terminal showed.
	master.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	shown := make([]byte, 4096)
	n, _ := master.Read(shown)
	if strings.Contains(string(shown[:n]), crmtest.Password) {
		t.Errorf("the terminal showed the password: %q", shown[:n])
	}
	// And it is the password the account has.
	store, err := m.openStore(context.Background(), "sqlite:"+dbPath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u, err := store.GetUser(context.Background(), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := server.CheckPassword(u.PasswordHash, crmtest.Password); !ok || err != nil {
		t.Errorf("the account's password is not the one typed: %v %v", ok, err)
	}
}

// Two different passwords typed change nothing.
func TestUserAddAtATerminalRefusesTwoDifferentPasswords(t *testing.T) {
	code, errs, dbPath, _, _ := addAtTerminal(t, crmtest.Password, crmtest.Password+"x")
	if code != 1 || !strings.Contains(errs, "differ") {
		t.Errorf("two different passwords: %d %q", code, errs)
	}
	if _, err := os.Stat(dbPath); err == nil {
		t.Error("a database was made for an account that was refused")
	}
}
