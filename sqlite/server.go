package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pressly/goose/v3"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/crmsql"
	"agentdesk/internal/dbsql"
)

// crmd on SQLite serves a single site. Its database is a file of its own,
// with its own migrations and its own goose table, so pointing crmd at a
// desktop's file fails at the first migration instead of mixing the two.

//go:embed migrations_server/*.sql
var serverMigrations embed.FS

// maxConns bounds crmd's connections to its SQLite file, and all of them
// stay open. database/sql keeps 2 idle by default: with 32 requests
// checking their tokens at once, connections were opened and closed
// without end, each open reading the schema again and losing its prepared
// statements (BenchmarkCaseUpsert: upserts at 0.39-0.44 of the no-op's
// rate, 0.45-0.47 with the pool kept). One writer (the committer) and
// readers that each hold a connection for one short query need no more.
const maxConns = 16

// ServerDB is crmd's SQLite store; it implements crm.Store.
type ServerDB struct {
	crmsql.Store // the logic both stores share
	sql          *sql.DB
	Path         string
	cases        *crm.CaseQueue // case writes, in groups (server_cases.go)
	gone         chan struct{}  // closed when the committer has stopped
	// file is the file opened at Path, for Ping to tell it is still
	// there; nil when it could not be read (then Ping does not look).
	file os.FileInfo
}

var _ crm.Store = (*ServerDB)(nil)

// OpenServer opens (creating if needed) crmd's database at path and runs
// its migrations.
func OpenServer(ctx context.Context, path string) (*ServerDB, error) {
	// Every request checks its token against revoked_jti and every case
	// write runs the same handful of statements: kept prepared on each
	// connection, SQLite parses them once instead of on every call.
	sqldb, err := openFile(path, 10*time.Second, url.Values{"_stmt_cache_size": {"64"}})
	if err != nil {
		return nil, err
	}
	sqldb.SetMaxOpenConns(maxConns)
	sqldb.SetMaxIdleConns(maxConns)
	db := &ServerDB{Store: crmsql.NewStore(sqldb, dialect), sql: sqldb, Path: path}
	sub, err := fs.Sub(serverMigrations, "migrations_server")
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, sqldb, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithTableName("crmd_goose_version"))
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("sqlite: crmd migrations on %s: %w", path, err)
	}
	db.file, _ = os.Stat(path)
	db.startCommitter()
	return db, nil
}

// Close stops the case writes, then closes the database.
func (db *ServerDB) Close() error {
	db.stopCommitter()
	return db.sql.Close()
}

// SQL exposes the handle for tests.
func (db *ServerDB) SQL() *sql.DB { return db.sql }

// Ping checks the database answers, and that its file is still the one at
// Path. A file deleted, moved or replaced under a running crmd goes on
// answering through the connections already open, and every write crmd
// acknowledges then is lost at its next start: /healthz must say so.
func (db *ServerDB) Ping(ctx context.Context) error {
	if db.file != nil {
		cur, err := os.Stat(db.Path)
		if err != nil {
			return fmt.Errorf("sqlite: the database file is gone: %w", err)
		}
		if !os.SameFile(db.file, cur) {
			return fmt.Errorf("sqlite: %s is no longer the file crmd opened", db.Path)
		}
	}
	var one int
	return db.sql.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

func us(t time.Time) int64 { return t.UnixMicro() }

func fromUS(n int64) time.Time { return time.UnixMicro(n).UTC() }

func readUS(src any) (time.Time, error) {
	switch n := src.(type) {
	case nil:
		return time.Time{}, nil
	case int64:
		return fromUS(n), nil
	}
	return time.Time{}, fmt.Errorf("sqlite: %T in a time column", src)
}

func isUnique(err error) bool { return err != nil && strings.Contains(err.Error(), "UNIQUE") }

// dialect is crmd's SQLite file to crmsql: times are integer microseconds,
// so comparisons and cursors are exact.
var dialect = crmsql.Dialect{
	Name:     "sqlite",
	Time:     func(t time.Time) any { return us(t) },
	ReadTime: readUS,
	IsUnique: isUnique,
	IsBusy:   isBusy,
	// DEFERRED takes no lock at BEGIN; the first read takes WAL's
	// snapshot, kept to the end, and a writer goes on beside it.
	BeginRead: "BEGIN DEFERRED",
	Page:      page,
}

// ---- cases

// page is crmsql.Dialect.Page on SQLite.
func page(k crmsql.Keyset, p crm.Page, owner string) (string, []any) {
	where := []string{k.At + " > ?"}
	args := []any{int64(-1)}
	if !p.Since.IsZero() {
		args[0] = us(p.Since)
	}
	if owner != "" {
		where, args = append(where, k.Owner+" = ?"), append(args, owner)
	}
	if !p.AfterAt.IsZero() {
		where = append(where, "("+k.At+" > ? OR ("+k.At+" = ? AND "+k.ID+" > ?))")
		args = append(args, us(p.AfterAt), us(p.AfterAt), p.AfterID)
	}
	return " WHERE " + strings.Join(where, " AND ") + " ORDER BY " + k.At + ", " + k.ID + " LIMIT ?", append(args, p.PageLimit())
}

// ---- customers

// SearchCustomers finds profiles by account prefix or name.
func (db *ServerDB) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	q = strings.TrimSpace(q)
	return busy(dbsql.JSONRows[cases.Customer](db.sql.QueryContext(ctx, `SELECT body FROM customers WHERE account LIKE ? ESCAPE '\' OR fold(name) LIKE ? ESCAPE '\' ORDER BY name, account LIMIT ?`,
		escapeLike(q)+"%", "%"+escapeLike(fold(q))+"%", limit)))
}
