package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/app"
	"agentdesk/crm"
	"agentdesk/locales"
)

// Load wires a desk exactly as the binary does: on a fresh data folder the
// app opens on the first-run welcome, in the system's language, with both
// databases created in the folder.
func TestMainLoadsADesk(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	m := &Main{Stderr: &stderr, DataDir: dir, Getenv: func(k string) string {
		if k == "AGENTDESK_LANG" {
			return "en"
		}
		return ""
	}}
	deps, closers, err := m.Load(context.Background())
	t.Cleanup(func() {
		for _, c := range closers {
			c()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if deps.Store == nil || deps.TrainingStore == nil || deps.Playbook == nil || deps.Sync == nil || deps.SysLang != locales.EN {
		t.Fatalf("deps %+v", deps)
	}
	if m.DBPath != filepath.Join(dir, "agentdesk.db") {
		t.Errorf("database at %s", m.DBPath)
	}
	a, err := app.New(test.NewTempApp(t), deps)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Quit)
	var shown []string
	for _, o := range test.LaidOutObjects(a.Window().Content()) {
		if l, ok := o.(*widget.Label); ok {
			shown = append(shown, l.Text)
		}
	}
	if !slices.Contains(shown, a.T().S("welcome.title")) || a.T().Lang != locales.EN {
		t.Errorf("a fresh desk shows %q", shown)
	}
	if _, _, err := (&Main{Stderr: &stderr, DataDir: dir, DBPath: filepath.Join(dir, "training.db")}).Load(context.Background()); err == nil {
		t.Error("the training database opened as the production one")
	}
}

// The collector is off from the start until a little after the first
// screen is set, then runs at 50%.
func TestPauseGCResumesAfterTheFirstScreen(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	gcPercent := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	limit := debug.SetMemoryLimit(-1)
	started := pauseGC()
	if p := gcPercent(); p != -1 {
		t.Fatalf("GC percent %d while starting, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != pauseLimit {
		t.Fatalf("memory limit %d while starting, want %d", l, pauseLimit)
	}
	started()
	if p := gcPercent(); p != -1 {
		t.Fatalf("GC percent %d as the screen is set, want it still off until the frame is drawn", p)
	}
	time.Sleep(firstFrame + 200*time.Millisecond)
	if p := gcPercent(); p != 50 {
		t.Fatalf("GC percent %d after the first frame, want 50", p)
	}
	if l := debug.SetMemoryLimit(-1); l != limit {
		t.Fatalf("memory limit %d after the first frame, want %d as before", l, limit)
	}
}

// The desk database in use keeps its own crmd session, as agentctl keeps
// it (beside the database): the app and agentctl on one --db share one
// login, and a second desk database on the machine (a trainer's, a test's)
// does not take the data folder's, whose user may not own its outbox.
func TestTheSessionIsTheDatabasesOwn(t *testing.T) {
	dataDir, other := t.TempDir(), t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", dataDir)
	const url = "http://127.0.0.1:1"
	keep := func(dir, user string) {
		t.Helper()
		b, err := json.Marshal(crm.Session{BaseURL: url, Username: user, Role: crm.RoleAgent,
			AccessToken: "at", AccessExp: time.Now().Add(time.Hour), RefreshToken: "rt"})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, crm.SessionFile), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	keep(dataDir, "first-desk")
	// Where agentctl --db keeps the session of this database.
	keep(other, "trainer")
	for _, tc := range []struct {
		name, dbPath, user, dir string
	}{
		{"no --db", "", "first-desk", dataDir},
		{"--db elsewhere", filepath.Join(other, "desk.db"), "trainer", other},
	} {
		m := &Main{Stderr: io.Discard, DataDir: dataDir, DBPath: tc.dbPath}
		deps, closers, err := m.Load(context.Background())
		t.Cleanup(func() {
			for _, c := range closers {
				c()
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		c, err := deps.Sync.Connect(url)
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := c.Session(); !ok || s.Username != tc.user {
			t.Errorf("%s: the app's session is %q (%v), want %q's", tc.name, s.Username, ok, tc.user)
		}
		if deps.Sync.DataDir != tc.dir {
			t.Errorf("%s: the packs crmd published kept in %s, want %s", tc.name, deps.Sync.DataDir, tc.dir)
		}
	}
}
