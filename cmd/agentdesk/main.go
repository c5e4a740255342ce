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
	// The window keeps its widgets, fonts and text caches for a whole
	// shift, and every screen rebuilt leaves garbage: collecting at 50%
	// growth instead of Go's 100% keeps ~10 MB less resident at start and
	// ~20 MB less once every screen has been opened (make bench-app), at a
	// GC cost that did not show in the startup CPU. GOGC set by hand wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "agentdesk:", err)
		os.Exit(1)
	}
}

func run() error {
	dbPath := flag.String("db", "", "path of the SQLite database (default: agentdesk.db in the data folder)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	openCase := flag.String("open-case", "", "open this case on the call screen at start")
	flag.Parse()
	if *showVersion {
		fmt.Printf("agentdesk %s (%s)\n", version, commit)
		return nil
	}
	dir, err := sqlite.DataDir()
	if err != nil {
		return err
	}
	if *dbPath == "" {
		*dbPath = filepath.Join(dir, "agentdesk.db")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	logPath := filepath.Join(dir, "agentdesk.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close()
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logFile, os.Stderr), &slog.HandlerOptions{Level: slog.LevelInfo}))

	fy := fyneapp.NewWithID("org.agentdesk.desk")
	fy.SetIcon(fyne.NewStaticResource("agentdesk.png", assets.WindowIcon))
	// The window opens empty while the stores, the content and the fonts
	// load on another goroutine (load): starting the window system and
	// loading take a few hundred milliseconds each, and at the same time
	// they take the longer of the two (make bench-app, time to the first
	// frame). The screens are built on the main goroutine, once loaded.
	win := app.OpenWindow(fy)
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
		deps, closeAll, err := load(dir, *dbPath, log)
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
				deps.OpenCase = *openCase
				deps.Version, deps.Commit = version, commit
				a, err = app.New(fy, deps)
				shown = time.Now()
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
				app.ShowStartupError(win, systemLang(), dir, logPath, err, fy.Quit)
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
	log.Info("agentdesk started", "version", version, "db", *dbPath)
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

// load opens the stores and loads what the first screen needs, beside the
// window system's start: the databases, which mostly wait on the disk, on
// one goroutine, and the fonts, the playbook and the interface messages,
// which keep a core busy, on this one; more at once would only take the
// main thread's core. The closers close what was opened, also when an
// error is returned.
func load(dir, dbPath string, log *slog.Logger) (app.Deps, []func() error, error) {
	ctx := context.Background()
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
	app.PrepareFonts()
	// The embedded pack is validated by tests: an error is a broken build.
	pb, pbErr := playbook.LoadDefault()
	// New asks for the messages of the language the settings name, nearly
	// always the system's.
	sys := systemLang()
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
		Store:    db,
		Settings: db,
		Playbook: pb,
		LoadPlaybook: func(dir string) (*playbook.Playbook, error) {
			return playbook.LoadWithOverlay(assets.Playbook(), assets.PlaybookDir, os.DirFS(dir), dir)
		},
		SysLang:       sys,
		Log:           log,
		ExportDir:     filepath.Join(dir, "exports"),
		TrainingStore: o.train,
		// A broken training pack only disables training.
		LoadTraining: training.LoadDefault,
		OpenFile:     sysopen.Func, // nil except on Windows
		DataDir:      dir,
		// The crm.url setting names the CRM; the session (its tokens) is
		// kept in the data folder, readable by the user only.
		Sync: &app.SyncDeps{
			Connect: func(url string) (*crm.Client, error) { return crm.NewClient(url, dir, nil) },
			Outbox:  db,
			DataDir: dir,
		},
	}, closers, nil
}

// systemLang is the interface language until the agent picks one.
func systemLang() locales.Lang {
	for _, k := range []string{"AGENTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := locales.ParseLang(os.Getenv(k)); ok {
			return l
		}
	}
	return locales.ES
}
