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
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the driver, registered as "pgx"
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

// Open connects with a postgres:// DSN and runs the migrations. Instances
// starting together take turns through an advisory lock, so only one
// migrates.
func Open(ctx context.Context, dsn string) (*DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
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
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithTableName("crmd_goose_version"), goose.WithSessionLocker(locker))
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	db := &DB{Store: crmsql.NewStore(sqldb, dialect), sql: sqldb}
	db.startCommitter()
	return db, nil
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
// serialization failure, a deadlock's victim, a lock not had in time. Each
// rolls the transaction back (or the statement, within a savepoint).
func isBusy(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "55P03":
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
	Page:     page,
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
