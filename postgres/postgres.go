// Package postgres is crmd's store on PostgreSQL, through pgx's database/sql
// driver: for a contact centre that runs several stateless crmd instances
// behind a load balancer on one database. It implements crm.Store with the
// same behaviour as sqlite.ServerDB; the shared contract tests in
// crm/crmtest hold both to it.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/crmsql"
	"agentdesk/internal/dbsql"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is crmd's PostgreSQL store.
type DB struct {
	crmsql.Store // the logic both stores share
	sql          *sql.DB
	cases        *crm.CaseQueue // case writes, in groups (cases.go)
	committers   sync.WaitGroup
}

var _ crm.Store = (*DB)(nil)

// maxConns bounds one crmd's connections to PostgreSQL: several instances
// share the server's max_connections (100 by default).
const maxConns = 20

// The bounds crmd puts on its own sessions, unless the DSN (or, through
// ALTER ROLE, the database) sets its own. Without them a request whose
// statement sits behind a lock (another crmd's migration, a VACUUM FULL,
// a long writer) waits as long as the lock is held, holding one of the
// pool's connections, until the desk gives up; enough such requests and
// every connection waits.
const (
	// LockTimeout is how long a statement waits for a lock. A case
	// write's row locks are held for milliseconds; a lock held longer is
	// not one crmd should queue behind. It is longer than PostgreSQL's
	// deadlock_timeout (1 s), so a deadlock is still found and one
	// transaction of it given up, not both timed out. It is crmd's retry
	// budget (crm/server retry.go): a statement that waited this long has
	// had its wait, and is answered 503 with Retry-After at once.
	LockTimeout = 2 * time.Second
	// StatementTimeout bounds any statement, a lock wait included: a
	// query that runs away (a team page on a huge queue, a plan gone
	// wrong) ends below the desk's 20 s wait for an answer
	// (crm.NewClient), so the desk reads a 503 rather than a timeout and
	// the connection is freed.
	StatementTimeout = 15 * time.Second
)

// sessionBounds are LockTimeout and StatementTimeout as run-time
// parameters of every connection, each only where cfg does not set it.
func sessionBounds(cfg *pgx.ConnConfig) {
	for name, d := range map[string]time.Duration{"lock_timeout": LockTimeout, "statement_timeout": StatementTimeout} {
		if _, set := cfg.RuntimeParams[name]; !set {
			cfg.RuntimeParams[name] = strconv.FormatInt(d.Milliseconds(), 10) + "ms"
		}
	}
}

// Open connects with a postgres:// DSN and runs the migrations. Instances
// starting together take turns through an advisory lock, so only one
// migrates.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// The migrations run on a pool of their own without crmd's bounds:
	// an ALTER may wait for the requests of crmd instances still serving,
	// and rewriting a large table may take minutes.
	if err := migrate(ctx, stdlib.OpenDB(*cfg.Copy())); err != nil {
		return nil, err
	}
	sessionBounds(cfg)
	sqldb := stdlib.OpenDB(*cfg)
	// As many idle connections as open ones: under a burst the pool
	// would otherwise close every connection above the idle count as it
	// is released and open it again a moment later, each time through a
	// SCRAM handshake (thousands of hash rounds on both ends).
	sqldb.SetMaxOpenConns(maxConns)
	sqldb.SetMaxIdleConns(maxConns)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := &DB{Store: crmsql.NewStore(sqldb, dialect), sql: sqldb}
	db.startCommitter()
	return db, nil
}

// migrate runs the migrations on sqldb and closes it.
func migrate(ctx context.Context, sqldb *sql.DB) error {
	defer sqldb.Close()
	if err := sqldb.PingContext(ctx); err != nil {
		return fmt.Errorf("postgres: connect: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithTableName("crmd_goose_version"), goose.WithSessionLocker(locker))
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error {
	db.stopCommitter()
	return db.sql.Close()
}

// SQL exposes the handle for tests.
func (db *DB) SQL() *sql.DB { return db.sql }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// PostgreSQL keeps microseconds; truncating first makes what is written
// and what a cursor carries the same instant.
func pt(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func readTime(src any) (time.Time, error) {
	switch t := src.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("postgres: %T in a time column", src)
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// isBusy reports PostgreSQL giving a transaction up for others: a
// serialization failure, a deadlock's victim, a lock not had in time
// (lock_timeout), a statement past statement_timeout. Each rolls the
// transaction back (or the statement, within a savepoint). A statement
// canceled because the request's context was is not 57014 here: pgx
// closes the connection and answers the context's error.
func isBusy(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "55P03", "57014":
		return true
	}
	return false
}

// dialect is crmd's PostgreSQL to crmsql: timestamptz, row locks, and
// pgx binding a []string as a text[].
var dialect = crmsql.Dialect{
	Name:     "postgres",
	Numbered: true,
	RowLocks: true,
	Arrays:   true,
	Time:     func(t time.Time) any { return pt(t) },
	ReadTime: readTime,
	IsUnique: isUnique,
	IsBusy:   isBusy,
	// REPEATABLE READ: one snapshot from the first statement on (READ
	// COMMITTED takes one per statement). A read-only transaction is
	// never a serialization failure's victim at this level.
	BeginRead: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	Page:      page,
}

// ---- cases

// page is crmsql.Dialect.Page on PostgreSQL.
func page(k crmsql.Keyset, p crm.Page, owner string) (string, []any) {
	where := []string{"TRUE"}
	var args []any
	if !p.Since.IsZero() {
		where, args = append(where, k.At+" > ?"), append(args, pt(p.Since))
	}
	if owner != "" {
		where, args = append(where, k.Owner+" = ?"), append(args, owner)
	}
	if !p.AfterAt.IsZero() {
		where, args = append(where, "("+k.At+", "+k.ID+") > (?, ?)"), append(args, pt(p.AfterAt), p.AfterID)
	}
	return " WHERE " + strings.Join(where, " AND ") + " ORDER BY " + k.At + ", " + k.ID + " LIMIT ?", append(args, p.PageLimit())
}

// ---- customers

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchCustomers finds profiles by account prefix or name, ignoring case
// as SQLite's LIKE does. Contention is marked busy as crmsql marks the
// shared reads.
func (db *DB) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	q = escapeLike(strings.TrimSpace(q))
	list, err := dbsql.JSONRows[cases.Customer](db.sql.QueryContext(ctx, `SELECT body FROM customers WHERE account ILIKE $1 ESCAPE '\' OR name ILIKE $2 ESCAPE '\' ORDER BY name, account LIMIT $3`,
		q+"%", "%"+q+"%", limit))
	return list, dialect.Busy(err)
}
