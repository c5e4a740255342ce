// Command agentdesk is the desktop app an agent keeps open beside every
// call. main only wires: flags, the data folder, the stores, the playbook
// and the window.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"agentdesk/app"
	"agentdesk/assets"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/internal/instance"
	"agentdesk/internal/sysopen"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
	"agentdesk/training"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = "unknown"
)

func main() {
	m := NewMain()
	// GOGC set by hand wins over both settings below.
	if os.Getenv("GOGC") == "" {
		m.started = pauseGC()
	}
	if err := m.Run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "agentdesk:", err)
		os.Exit(1)
	}
}

// Main is one run of the desktop app: where its data lives and how it is
// wired. The binary runs it with a window; end-to-end tests call Load to
// get the same wiring (the same stores, content and sync) for an app they
// drive through Fyne's test driver.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	// DataDir is the per-user folder (sqlite.DataDir) unless set.
	DataDir string
	// DBPath is the production database, agentdesk.db in DataDir unless
	// set (--db).
	DBPath string
	// deskDir keeps what belongs to the database in use: its crmd session,
	// the packs crmd published and the log (desksync.DeskDir, as agentctl
	// decides it); DataDir unless --db names a file elsewhere.
	deskDir string
	// OpenCase is a case to show at start (--open-case).
	OpenCase string
	// Log is set by Run (the log file and standard error) unless set.
	Log *slog.Logger

	// warm runs in Load while the databases open: Run prepares the fonts
	// there, a test needs nothing.
	warm func()
	// started runs once the first screen (or the reason it cannot start)
	// is in the window.
	started func()
}

// pauseGC stops the collector until a little after the returned func is
// called (the first screen is in the window), or for startGrace at the
// most. Collecting while the window system starts only takes CPU from it
// on a two-core desk, and most of what the start allocates is kept for the
// whole shift (the content, the fonts' parsed tables, the first screen's
// widgets): make bench-app measured 0.20-0.21 s of CPU to the first frame
// instead of 0.27-0.29 s, and the frame ~15-30 ms sooner. The price is
// memory: the start's garbage is collected in one go and handed back to
// the system, but what was kept lies spread between it, so ~5 MB more
// stays resident at first and ~2 MB after every screen has been opened,
// and the first second peaks ~25 MB higher. From there the collector runs at 50% growth instead of Go's
// 100%: the window keeps its widgets, fonts and text caches for a whole
// shift and every screen rebuilt leaves garbage, and 50% keeps ~10 MB less
// resident at start and ~20 MB less once every screen has been opened.
func pauseGC() func() {
	debug.SetGCPercent(-1)
	// A collection still runs if the heap reaches pauseLimit (Go honours a
	// memory limit with the collector off): a start that allocates far
	// more than usual (a large custom playbook) stays bounded.
	limit := debug.SetMemoryLimit(pauseLimit)
	var once sync.Once
	resume := func() {
		once.Do(func() {
			debug.SetMemoryLimit(limit)
			debug.SetGCPercent(50)
			go debug.FreeOSMemory()
		})
	}
	time.AfterFunc(startGrace, resume)
	return func() { time.AfterFunc(firstFrame, resume) }
}

const (
	// pauseLimit bounds the Go heap while the collector is paused; the
	// usual start stays under 100 MiB.
	pauseLimit = 256 << 20
	// startGrace bounds the pause when the start is slow (a cold disk).
	startGrace = 3 * time.Second
	// firstFrame is how long after the screen is set the first frame is
	// surely drawn: Fyne draws at the next tick, in tens of milliseconds.
	firstFrame = 300 * time.Millisecond
)

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// Run parses args, opens the window and runs until it closes.
func (m *Main) Run(args []string) error {
	fs := flag.NewFlagSet("agentdesk", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	dbPath := fs.String("db", "", "path of the SQLite database (default: agentdesk.db in the data folder)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	openCase := fs.String("open-case", "", "open this case on the call screen at start")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintf(m.Stdout, "agentdesk %s (%s)\n", version, commit)
		return nil
	}
	m.DBPath, m.OpenCase = *dbPath, *openCase
	if err := m.paths(); err != nil {
		return err
	}
	logPath := filepath.Join(m.deskDir, desksync.LogFile)
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close()
	if m.Log == nil {
		m.Log = slog.New(slog.NewTextHandler(io.MultiWriter(logFile, m.Stderr), &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	log := m.Log

	fy := fyneapp.NewWithID("org.agentdesk.desk")
	fy.SetIcon(fyne.NewStaticResource("agentdesk.png", assets.WindowIcon))
	// The window opens empty while the stores, the content and the fonts
	// load on another goroutine (Load): starting the window system and
	// loading take a few hundred milliseconds each, and at the same time
	// they take the longer of the two (make bench-app, time to the first
	// frame). The screens are built on the main goroutine, once loaded.
	win := app.OpenWindow(fy)
	// One app to a data folder (internal/instance): a second one, its icon
	// clicked again, would keep its own copy of the call on screen and
	// send the same outbox. It says where the first one is, and ends.
	lock, err := instance.Acquire(m.deskDir)
	switch {
	case errors.Is(err, instance.ErrHeld):
		log.Warn("agentdesk is already running on this data folder", "dir", m.deskDir)
		app.ShowStartupError(win, m.systemLang(), m.deskDir, logPath, err, fy.Quit)
		win.ShowAndRun()
		return err
	case err != nil:
		// The guard is not the data: the app runs without it.
		log.Warn("agentdesk could not lock its data folder", "dir", m.deskDir, "err", err)
	default:
		defer lock.Release()
	}
	var (
		mu      sync.Mutex // guards what follows against a window closed before the data is in
		stopped bool
		quit    bool      // asked to stop while loading
		shown   time.Time // when the screen was put in the window
		a       *app.App
		failure error
		closers []func() error
	)
	go func() {
		m.warm = app.PrepareFonts
		deps, closeAll, err := m.Load(context.Background())
		fyne.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if stopped {
				// The window was closed while loading: Fyne runs this on
				// the loading goroutine now, and there is nothing to show.
				for _, c := range closeAll {
					c()
				}
				return
			}
			closers = closeAll
			if err == nil {
				deps.Window = win
				a, err = app.New(fy, deps)
				shown = time.Now()
			}
			if m.started != nil {
				m.started()
			}
			switch {
			case err != nil:
				failure = err
				log.Error("agentdesk cannot start", "err", err)
				shown = time.Now()
				if quit {
					quitSoon(fy.Quit, shown)
					break
				}
				app.ShowStartupError(win, m.systemLang(), m.DataDir, logPath, err, fy.Quit)
			case quit:
				quitSoon(a.Quit, shown)
			}
		})
	}()
	// SIGTERM and Ctrl-C close the window the normal way, so the size is
	// remembered and the database closed: a session manager's logout or
	// the CI smoke test get a clean exit.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(func() {
			switch {
			case a != nil:
				quitSoon(a.Quit, shown)
			case failure != nil:
				quitSoon(fy.Quit, shown)
			default:
				quit = true // the loader quits once the screen is up
			}
		})
	}()
	log.Info("agentdesk started", "version", version, "db", m.DBPath)
	win.ShowAndRun()
	mu.Lock()
	stopped = true
	for _, c := range closers {
		c()
	}
	failed := failure
	mu.Unlock()
	if failed != nil {
		return failed
	}
	log.Info("agentdesk stopped")
	return nil
}

// paths settles the data folder, the database path and the folder of what
// belongs to that database, and makes the folders.
func (m *Main) paths() error {
	if m.DataDir == "" {
		dir, err := sqlite.DataDir()
		if err != nil {
			return err
		}
		m.DataDir = dir
	}
	dir, err := desksync.DeskDir(m.DBPath, func() (string, error) { return m.DataDir, nil })
	if err != nil {
		return err
	}
	m.deskDir = dir
	if m.DBPath == "" {
		m.DBPath = filepath.Join(m.DataDir, "agentdesk.db")
	}
	// The database's folder is made as opening the database would make it:
	// the log is opened there first.
	return errors.Join(os.MkdirAll(m.DataDir, 0o700), os.MkdirAll(m.deskDir, 0o700))
}

// quitSoon quits, but not in the first moments of the screen. Fyne 2.7
// crashes when the window closes before it has handled the pointer over its
// new content (it sets the cursor of a window already closing:
// fyne-io/fyne#5981): under Xvfb, half the quits sent within 50 ms of the
// screen appearing crashed, none of those sent 100 ms or more after. Asked
// to stop earlier (a logout right after a login), the app waits that long.
func quitSoon(quit func(), shown time.Time) {
	const settle = 400 * time.Millisecond
	if wait := settle - time.Since(shown); wait > 0 {
		time.AfterFunc(wait, func() { fyne.Do(quit) })
		return
	}
	quit()
}

// Load opens the stores and loads what the first screen needs: the
// databases, which mostly wait on the disk, on one goroutine, and the
// playbook and the interface messages, which keep a core busy, on the
// caller's (Run calls it beside the window system's start, after the
// fonts); more at once would only take the main thread's core. The closers
// close what was opened, also when an error is returned.
func (m *Main) Load(ctx context.Context) (app.Deps, []func() error, error) {
	if err := m.paths(); err != nil {
		return app.Deps{}, nil, err
	}
	if m.Log == nil {
		m.Log = slog.New(slog.NewTextHandler(m.Stderr, nil))
	}
	dir, deskDir, dbPath, log := m.DataDir, m.deskDir, m.DBPath, m.Log
	type opened struct {
		db, train *sqlite.DB
		err       error
	}
	dbs := make(chan opened, 1)
	go func() {
		var o opened
		o.db, o.err = sqlite.Open(ctx, dbPath, sqlite.Production)
		if o.err == nil {
			// Training has its own file, so nothing a trainee does can
			// reach production cases.
			o.train, o.err = sqlite.Open(ctx, filepath.Join(dir, "training.db"), sqlite.Training)
		}
		dbs <- o
	}()
	if m.warm != nil {
		m.warm()
	}
	// The embedded pack is validated by tests: an error is a broken build.
	pb, pbErr := playbook.LoadDefault()
	// New asks for the messages of the language the settings name, nearly
	// always the system's.
	sys := m.systemLang()
	_, msgErr := locales.Bundle(sys)
	o := <-dbs
	var closers []func() error
	for _, db := range []*sqlite.DB{o.db, o.train} {
		if db != nil {
			closers = append(closers, db.Close)
		}
	}
	if err := errors.Join(o.err, pbErr, msgErr); err != nil {
		return app.Deps{}, closers, err
	}
	db := o.db
	return app.Deps{
		Store:         db,
		Settings:      db,
		Playbook:      pb,
		PlaybookBase:  func() (fs.FS, string) { return desksync.PackBase(deskDir) },
		SysLang:       sys,
		Log:           log,
		OpenCase:      m.OpenCase,
		Version:       version,
		Commit:        commit,
		ExportDir:     filepath.Join(dir, "exports"),
		TrainingStore: o.train,
		Team:          db,
		// A broken training pack only disables training.
		LoadTraining: training.LoadDefault,
		OpenFile:     sysopen.Func, // nil except on Windows
		DataDir:      dir,
		// The crm.url setting names the CRM; the session (its tokens) is
		// kept beside the database, readable by the user only, where
		// agentctl on the same database finds it.
		Sync: &app.SyncDeps{
			Connect: func(url string) (*crm.Client, error) { return crm.NewClient(url, deskDir, nil) },
			Outbox:  db,
			DataDir: deskDir,
		},
	}, closers, nil
}

// systemLang is the interface language until the agent picks one.
func (m *Main) systemLang() locales.Lang {
	getenv := m.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"AGENTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := locales.ParseLang(getenv(k)); ok {
			return l
		}
	}
	return locales.ES
}
