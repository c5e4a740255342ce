// Command agentdesk is the desktop app an agent keeps open beside every
// call. main only wires: flags, the data folder, the stores, the playbook
// and the window.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"agentdesk/app"
	"agentdesk/assets"
	"agentdesk/crm"
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
	logFile, err := os.OpenFile(filepath.Join(dir, "agentdesk.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close()
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logFile, os.Stderr), &slog.HandlerOptions{Level: slog.LevelInfo}))

	// Parsing the content packs and the messages needs no window and no
	// database, and creating or migrating a database mostly waits on the
	// disk: they all run at once, and main waits below for what the
	// window needs (make bench-app, time to the first frame).
	go locales.Bundle()
	go training.LoadDefault() // and the playbook it is checked against
	ctx := context.Background()
	type opened struct {
		db  *sqlite.DB
		err error
	}
	// Training has its own file, so nothing a trainee does can reach
	// production cases.
	trainCh := make(chan opened, 1)
	go func() {
		db, err := sqlite.Open(ctx, filepath.Join(dir, "training.db"), sqlite.Training)
		trainCh <- opened{db, err}
	}()
	db, err := sqlite.Open(ctx, *dbPath, sqlite.Production)
	if err != nil {
		return err
	}
	defer db.Close()
	pb, err := playbook.LoadDefault()
	if err != nil {
		return err // the embedded pack is validated by tests; this is a broken build
	}
	train := <-trainCh
	if train.err != nil {
		return train.err
	}
	trainDB := train.db
	defer trainDB.Close()
	// A broken training pack only disables training.
	trainContent, err := training.LoadDefault()
	if err != nil {
		log.Error("training content not loaded", "err", err)
	}

	fy := fyneapp.NewWithID("org.agentdesk.desk")
	fy.SetIcon(fyne.NewStaticResource("agentdesk.png", assets.Icon))
	a, err := app.New(fy, app.Deps{
		Store:    db,
		Settings: db,
		Playbook: pb,
		LoadPlaybook: func(dir string) (*playbook.Playbook, error) {
			return playbook.LoadWithOverlay(assets.Playbook(), assets.PlaybookDir, os.DirFS(dir), dir)
		},
		SysLang:         systemLang(),
		Log:             log,
		ExportDir:       filepath.Join(dir, "exports"),
		TrainingStore:   trainDB,
		TrainingContent: trainContent,
		OpenFile:        openFile, // nil except on Windows: see open_windows.go
		DataDir:         dir,
		Version:         version,
		Commit:          commit,
		OpenCase:        *openCase,
		// The crm.url setting names the CRM; the session (its tokens) is
		// kept in the data folder, readable by the user only.
		Sync: &app.SyncDeps{
			Connect: func(url string) (*crm.Client, error) { return crm.NewClient(url, dir, nil) },
			Outbox:  db,
			DataDir: dir,
		},
	})
	if err != nil {
		return err
	}
	// SIGTERM and Ctrl-C close the window the normal way, so the size is
	// remembered and the database closed: a session manager's logout or
	// the CI smoke test get a clean exit.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	log.Info("agentdesk started", "version", version, "db", *dbPath)
	a.Window().ShowAndRun()
	log.Info("agentdesk stopped")
	return nil
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
