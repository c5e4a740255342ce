package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/sqlite"
)

// openDB opens --db, or the app's own file when none is given.
func (m *Main) openDB(ctx context.Context) (*sqlite.DB, error) {
	return m.openKind(ctx, sqlite.DefaultPath, sqlite.Production)
}

// openTrainingDB opens --db as a training database, or the app's training
// file when none is given. The kind is checked on open, so a production
// file named by mistake is refused instead of read.
func (m *Main) openTrainingDB(ctx context.Context) (*sqlite.DB, error) {
	return m.openKind(ctx, sqlite.TrainingPath, sqlite.Training)
}

// openKind opens --db, or the file defaultPath names, as a database of kind.
func (m *Main) openKind(ctx context.Context, defaultPath func() (string, error), kind sqlite.Kind) (*sqlite.DB, error) {
	path := m.DBPath
	if path == "" {
		p, err := defaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	// A folder is said as one: SQLite and the migrations would fail on it
	// with their own English.
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return nil, m.fileErr(path, errIsFolder)
	}
	// A --db that is not there is a typo for every command but those that
	// make one: opening it would make an empty database (and its folder)
	// and answer "0 cases". The app's own file is made as the app makes it.
	if errors.Is(err, os.ErrNotExist) && m.DBPath != "" && !m.creates {
		return nil, &exitError{code: 1, err: errors.New(m.T().D("cli.db.missing", map[string]any{"Path": path}))}
	}
	db, err := sqlite.Open(ctx, path, kind)
	if err != nil {
		return nil, m.dbErr(path, kind, err)
	}
	m.opened = append(m.opened, path)
	return db, nil
}

// dbErr says why a database did not open in words: another kind of file
// (a training database given as the cases', or the reverse), a file that
// is no database, or one the system refused. Anything else is said as a
// failure to open, and its detail (SQLite's, the migrations', in English)
// goes to the log.
func (m *Main) dbErr(path string, kind sqlite.Kind, err error) error {
	t := m.T()
	kindName := t.S("cli.db.kind." + string(kind))
	switch {
	case errors.Is(err, sqlite.ErrWrongKind):
		return &exitError{code: 1, err: errors.New(t.D("cli.db.wrong_kind", map[string]any{"Path": path, "Kind": kindName}))}
	case strings.Contains(err.Error(), "file is not a database"):
		return &exitError{code: 1, err: errors.New(t.D("cli.db.not_database", map[string]any{"Path": path}))}
	case isFileErr(err):
		return m.fileErr(path, err)
	}
	msg := t.D("cli.db.failed", map[string]any{"Path": path, "Kind": kindName})
	if log := m.logDetail("database not opened", err, "path", path); log != "" {
		msg += " " + t.D("cli.log.details", map[string]any{"Log": log})
	}
	return &exitError{code: 1, err: errors.New(msg)}
}

// logDetail keeps a failure's detail, which is for developers and in
// English, in the desk's log (agentdesk.log in the folder of the database
// in use, where its session is kept too: the data folder, where the app
// writes its own, unless --db names another desk's or a test's file) and
// returns that file for the message to point to; "" when there is no such
// folder or it cannot be written. The detail is
// never printed in place of the message, and it is redacted as everything
// the app logs is: a driver's or a decoder's error can quote what it read.
func (m *Main) logDetail(msg string, err error, args ...any) string {
	dir, derr := m.dataDir()
	if derr != nil {
		return ""
	}
	// The log is the app's: a folder that is not there is not made for it.
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	path := filepath.Join(dir, desksync.LogFile)
	f, ferr := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if ferr != nil {
		return ""
	}
	defer f.Close()
	detail, _ := cases.Redact(err.Error())
	slog.New(slog.NewTextHandler(f, nil)).Error(msg, append([]any{"program", "agentctl", "error", detail}, args...)...)
	return path
}

// dbCommand parses a command's flags and positional arguments, exactly n of
// them (usage is the synopsis shown when the count is wrong), and opens the
// production database (--db or the app's). Close db when err is nil.
func (m *Main) dbCommand(ctx context.Context, fs *flag.FlagSet, args []string, n int, usage string) ([]string, *sqlite.DB, error) {
	var pos []string
	var err error
	if n == 0 {
		err = m.parseNone(fs, args)
	} else {
		pos, err = parseN(fs, args, n, usage)
	}
	if err != nil {
		return nil, nil, err
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return nil, nil, err
	}
	return pos, db, nil
}
