package app

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
	"agentdesk/training"
)

// fixedNow keeps rendered dates stable.
var fixedNow = time.Date(2026, 11, 23, 11, 30, 0, 0, time.UTC)

type harness struct {
	t      testing.TB
	db     *sqlite.DB
	tdb    *sqlite.DB // the training database
	app    *App
	mu     sync.Mutex
	opened []string // files the app asked the system viewer to open
}

func (h *harness) openedFiles() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.opened...)
}

// newHarness starts the app on a temp-file database, with the default
// playbook, in the given system language. seed fills it with demo data.
func newHarness(t testing.TB, sys locales.Lang, seed bool, settings map[string]string) *harness {
	t.Helper()
	fy := test.NewTempApp(t)
	db := sqlitetest.Open(t, "", sqlite.Production)
	if len(settings) > 0 {
		if err := db.SetSettings(context.Background(), settings); err != nil {
			t.Fatal(err)
		}
	}
	if seed {
		customers, demo := cases.DemoData(fixedNow, "Ana")
		for _, c := range customers {
			if err := db.UpsertCustomer(context.Background(), c); err != nil {
				t.Fatal(err)
			}
		}
		svc := &cases.Service{Store: db}
		for _, d := range demo {
			if err := svc.Import(context.Background(), d.Case, d.Events); err != nil {
				t.Fatal(err)
			}
		}
	}
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	tdb := sqlitetest.Open(t, "", sqlite.Training)
	tc, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, tdb: tdb}
	a, err := New(fy, Deps{
		Store: db, Settings: db, Playbook: pb, SysLang: sys, Now: func() time.Time { return fixedNow },
		ExportDir:     filepath.Join(t.TempDir(), "exports"),
		TrainingStore: tdb,
		Team:          db,
		LoadTraining:  func() (*training.Content, error) { return tc, nil },
		// The tests save the notes themselves (flushNotes): a pause's
		// save would race with them on the timer's goroutine.
		NotesPause: time.Hour,
		OpenFile: func(p string) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.opened = append(h.opened, p)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Window().Resize(fyne.NewSize(1200, 800))
	h.app = a
	return h
}

// walk visits every visible object of the window.
// asEntry is o's text entry, a plain one or the call screen's (which
// lets the call's shortcuts through).
func asEntry(o fyne.CanvasObject) (*widget.Entry, bool) {
	if ce, ok := o.(*callEntry); ok {
		return &ce.Entry, true
	}
	e, ok := o.(*widget.Entry)
	return e, ok
}

func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			walk(x, visit)
		}
		return
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, x := range test.WidgetRenderer(w).Objects() {
			walk(x, visit)
		}
	}
}

// texts returns every piece of text the window renders now.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		if x, ok := o.(*canvas.Text); ok && x.Text != "" {
			out = append(out, x.Text)
		}
	})
	return out
}

func (h *harness) texts() []string { return texts(h.app.Window().Content()) }

// markBeside is the name of the icon shown in the same row as a label
// containing s (marks are icons, not characters: app/marks.go), or "".
func (h *harness) markBeside(s string) string {
	var found string
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || found != "" {
			return
		}
		var icon *widget.Icon
		var label bool
		for _, x := range c.Objects {
			switch x := x.(type) {
			case *widget.Icon:
				if x.Visible() && x.Resource != nil {
					icon = x
				}
			case *widget.Label:
				label = label || strings.Contains(x.Text, s)
			}
		}
		if icon != nil && label {
			found = icon.Resource.Name()
		}
	})
	return found
}

// has reports whether the window shows s, reading across the pieces that
// wrapping and rich text split a sentence into.
func (h *harness) has(s string) bool {
	all := strings.Join(h.texts(), " ")
	norm := func(x string) string { return strings.Join(strings.Fields(strings.ReplaceAll(x, "\u00a0", " ")), " ") }
	return strings.Contains(norm(all), norm(s))
}

func (h *harness) mustHave(s string) {
	h.t.Helper()
	if !h.has(s) {
		h.t.Fatalf("window does not show %q; it shows %q", s, h.texts())
	}
}

func (h *harness) mustNotHave(s string) {
	h.t.Helper()
	if h.has(s) {
		h.t.Fatalf("window shows %q", s)
	}
}

// noMissingKeys fails on any "!key" marker, the sign of a message missing
// in the current language.
func (h *harness) noMissingKeys() {
	h.t.Helper()
	for _, s := range h.texts() {
		if strings.HasPrefix(s, "!") && len(s) > 1 && !strings.Contains(s, " ") {
			h.t.Errorf("missing message: %s", s)
		}
	}
}

// findButton finds a visible button by its label.
func findButton(o fyne.CanvasObject, label string) *widget.Button {
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch b := o.(type) {
		case *widget.Button:
			if b.Text == label {
				found = b
			}
		case *wrapButton:
			if b.label.Text == label {
				found = b.button
			}
		}
	})
	return found
}

// fillDisk makes every later update of a case fail, as a full disk does:
// the saves of the case on screen fail from here on.
func (h *harness) fillDisk() {
	h.t.Helper()
	if _, err := h.db.SQL().Exec(`CREATE TRIGGER full_disk BEFORE UPDATE ON cases BEGIN SELECT RAISE(FAIL, 'disk full'); END`); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) tap(label string) {
	h.t.Helper()
	b := findButton(h.app.Window().Content(), label)
	if b == nil {
		h.t.Fatalf("no button %q in %q", label, h.texts())
	}
	test.Tap(b)
}

func (h *harness) settings() *settingsScreen { return screenOf[*settingsScreen](h.app) }
func (h *harness) cases() *casesScreen       { return screenOf[*casesScreen](h.app) }

func screenOf[T screen](a *App) T {
	for _, s := range a.screens {
		if x, ok := s.(T); ok {
			return x
		}
	}
	var zero T
	return zero
}
