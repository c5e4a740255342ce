// Package sqlite stores AgentDesk's data in SQLite through mattn/go-sqlite3:
// the desktop app's cases, timelines, customer cache, outbox and settings,
// and the separate training database. Every write is one transaction in WAL
// mode with synchronous=FULL, so a save the app reported is on disk even if
// the process is killed the next instant.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pressly/goose/v3"

	"github.com/mattn/go-sqlite3"

	"agentdesk/internal/dbsql"
	"agentdesk/playbook"
)

// driverName is go-sqlite3 with fold() on every connection: SQLite's own
// lower() and LIKE fold ASCII letters only, so "garcía" did not find
// "GARCÍA" here while PostgreSQL's ILIKE did. Searches compare fold() of a
// column with the query folded the same way in Go.
const driverName = "sqlite3_agentdesk"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		return errors.Join(c.RegisterFunc("fold", fold, true), c.RegisterFunc("deskfold", deskFold, true))
	}})
}

// fold is how crmd's SQLite store compares text when a person searches:
// case folded, for every script, as its PostgreSQL store's ILIKE does;
// accents stay, so both stores answer a search alike.
func fold(s string) string { return strings.ToLower(s) }

// deskFold is how the desk's own searches (its cases, its customers)
// compare text: as the call types and templates are searched
// (playbook.Fold), without the accents agents leave out when typing fast
// ("lucia gomez" finds "Lucía Gómez"), with a typographic apostrophe
// as the plain one ("O’Neill" finds "O'Neill"), and with every run of
// spaces as one space: two typed where one was meant, or the no-break
// space a name pasted from a web page or an e-mail carries, kept a
// customer from being found by the name read off the screen. Cases keep
// their name and notes folded by it (the search column, migration
// 00012): a change here needs a migration that folds them again.
func deskFold(s string) string {
	s = playbook.Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if r == '’' {
			r = '\''
		}
		b.WriteRune(r)
	}
	return b.String()
}

//go:embed migrations/*.sql
var migrations embed.FS

// Kind tells a production database from a training one. It is written into
// the file when created and checked on every open, so a trainee session can
// never be pointed at production data by a wrong path.
type Kind string

const (
	Production Kind = "production"
	Training   Kind = "training"
)

// ErrWrongKind is returned when a file is opened as the other kind.
var ErrWrongKind = errors.New("sqlite: database is of another kind")

// DB is an open AgentDesk database.
type DB struct {
	sql  *sql.DB
	Path string
	Kind Kind
}

// Open opens (creating if needed) the database at path, runs the embedded
// migrations and checks its kind.
func Open(ctx context.Context, path string, kind Kind) (*DB, error) {
	sqldb, err := openFile(path, 5*time.Second, nil)
	if err != nil {
		return nil, err
	}
	db := &DB{sql: sqldb, Path: path, Kind: kind}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := db.checkKind(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// openFile opens the database file at path (creating its folder), in WAL
// mode with synchronous=FULL, so a write that was answered is on disk,
// foreign keys on, writers waiting up to busy for each other, and extra
// driver options added.
func openFile(path string, busy time.Duration, extra url.Values) (*sql.DB, error) {
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.FormatInt(busy.Milliseconds(), 10))
	// IMMEDIATE takes the write lock at BEGIN, so two writers wait for each
	// other instead of one failing with SQLITE_BUSY halfway through.
	q.Set("_txlock", "immediate")
	for k, v := range extra {
		q[k] = v
	}
	sqldb, err := sql.Open(driverName, "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return sqldb, nil
}

// uriPath escapes what a SQLite URI reads in a path: "%" starts an escape,
// "?" the parameters, "#" a fragment. Unescaped, a data folder named
// "Team #2" put the database in a file named "Team " beside it.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.sql, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate %s: %w", db.Path, err)
	}
	return nil
}

func (db *DB) checkKind(ctx context.Context) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var k string
	err = tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'db.kind'`).Scan(&k)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('db.kind', ?)`, string(db.Kind)); err != nil {
			return err
		}
		return tx.Commit()
	case err != nil:
		return err
	case Kind(k) != db.Kind:
		return fmt.Errorf("%w: %s is a %s database, opened as %s", ErrWrongKind, db.Path, k, db.Kind)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// SQL exposes the handle for integrity checks and tests.
func (db *DB) SQL() *sql.DB { return db.sql }

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok").
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var s string
	err := db.sql.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&s)
	return s, err
}

// tx runs fn in one transaction.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return dbsql.InTx(ctx, db.sql, "sqlite", fn)
}

// DataDir is the per-user folder where the app keeps its files:
// $AGENTDESK_DATA_DIR when set; else $XDG_DATA_HOME/agentdesk or
// ~/.local/share/agentdesk on Linux and BSD; the user's application-data
// folder elsewhere (%AppData%\AgentDesk on Windows).
func DataDir() (string, error) {
	if d := os.Getenv("AGENTDESK_DATA_DIR"); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows", "darwin":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "AgentDesk"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "agentdesk"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "agentdesk"), nil
}

// DefaultPath is the production database in DataDir.
func DefaultPath() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "agentdesk.db"), nil
}

// TrainingPath is the training database in DataDir: another file, so
// nothing a trainee does can reach production cases.
func TrainingPath() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "training.db"), nil
}
