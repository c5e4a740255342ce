// Package crmsql is the part of crmd's two SQL stores (sqlite.ServerDB and
// postgres.DB) that is the same logic in both: the accounts and tokens,
// the back office's moves and decisions, customers, playbooks, training
// attempts, the reads of cases and how a case write's key is kept. It was
// written twice, once per dialect, and the copies had begun to drift
// (RotateRefresh and AddAttempt had a shape of their own in each); here it
// is written once, in SQL with ? placeholders, over a Dialect that says
// what the two databases do differently.
//
// Each adapter keeps what really differs: its schema and migrations, its
// case writes (SQLite's committer, PostgreSQL's pgx pipeline), paging and
// the customer search. Like internal/dbsql, this is plumbing the adapters
// import; the domain packages never see it.
package crmsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"
	"strings"
	"time"

	"agentdesk/crm"
	"agentdesk/internal/dbsql"
)

// Dialect is what the shared SQL needs to know of a database.
type Dialect struct {
	// Name ("sqlite", "postgres") prefixes the errors the store makes.
	Name string
	// Numbered: the driver takes $1, $2, … rather than ?.
	Numbered bool
	// RowLocks: the database locks rows (FOR UPDATE, FOR SHARE), and two
	// transactions may hold different ones. SQLite has no row locks and
	// needs none: its writer holds the whole database from BEGIN
	// (_txlock=immediate).
	RowLocks bool
	// Arrays: the driver binds a []string as one array parameter
	// (col = ANY(?)); without, a list of IDs is one ? each.
	Arrays bool
	// Time is t as the database's time columns hold it; ReadTime reads
	// one back, src nil (NULL) as the zero time, in UTC.
	Time     func(t time.Time) any
	ReadTime func(src any) (time.Time, error)
	// IsUnique reports a unique or primary key violation.
	IsUnique func(err error) bool
	// IsBusy reports an error after which the database rolled the
	// transaction back for others at the same moment (crm.ErrBusy).
	IsBusy func(err error) bool
	// BeginRead starts a transaction whose statements read one snapshot
	// and write nothing. It is run as a statement, not through BeginTx:
	// the SQLite driver begins every transaction IMMEDIATE (the writer's
	// lock), which a read must not take.
	BeginRead string
	// Page is " WHERE … ORDER BY … LIMIT ?" of p over k's columns, with ?
	// placeholders, and its arguments; owner, when set, keeps that
	// owner's rows only (crm.Page).
	Page func(k Keyset, p crm.Page, owner string) (string, []any)
}

// Keyset names the columns a crmd list pages by (crm.Page): the write
// time, the ID that orders rows written in the same microsecond, and the
// owner a query may narrow the list to.
type Keyset struct{ At, ID, Owner string }

// bind writes q's ? placeholders as the driver takes them. The shared SQL
// has no ? of its own (in a string or an operator).
func (d *Dialect) bind(q string) string {
	if !d.Numbered {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// lock is clause where rows are locked, nothing on SQLite.
func (d *Dialect) lock(clause string) string {
	if d.RowLocks {
		return clause
	}
	return ""
}

// in is the condition that col is one of ids, with its arguments.
func (d *Dialect) in(col string, ids []string) (string, []any) {
	if d.Arrays {
		return col + " = ANY(?)", []any{ids}
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")", args
}

// at is a Scan destination for a time column.
func (d *Dialect) at(t *time.Time) sql.Scanner { return timeDest{t, d.ReadTime} }

type timeDest struct {
	t    *time.Time
	read func(any) (time.Time, error)
}

func (t timeDest) Scan(src any) (err error) {
	*t.t, err = t.read(src)
	return err
}

// Store is the shared half of a crmd store; an adapter embeds it, and its
// methods are the adapter's.
type Store struct {
	db *sql.DB
	d  Dialect
}

// NewStore is the shared half of the store on db.
func NewStore(db *sql.DB, d Dialect) Store { return Store{db: db, d: d} }

// conn runs the shared SQL on a *sql.DB or a *sql.Tx, its placeholders
// bound for the dialect.
type conn struct {
	*Dialect
	c interface {
		ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
		PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
	}
}

func (c conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.c.ExecContext(ctx, c.bind(q), args...)
}

func (c conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.c.QueryContext(ctx, c.bind(q), args...)
}

func (c conn) row(ctx context.Context, q string, args ...any) *sql.Row {
	return c.c.QueryRowContext(ctx, c.bind(q), args...)
}

func (c conn) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return c.c.PrepareContext(ctx, c.bind(q))
}

// conn is the pool, for reads of one statement.
func (s *Store) conn() conn { return conn{&s.d, s.db} }

// tx runs fn in one transaction: every method that writes is one (crm.Store).
// Contention is marked crm.ErrBusy here, for every shared write at once:
// crmd runs such a write again rather than answer 500.
func (s *Store) tx(ctx context.Context, fn func(tx conn) error) error {
	return s.d.Busy(dbsql.InTx(ctx, s.db, s.d.Name, func(tx *sql.Tx) error { return fn(conn{&s.d, tx}) }))
}

// read runs fn, a read of several statements (a case and its back
// office's side, a page of them), in one read-only transaction: each
// statement on its own would see the writes committed since the one
// before, and pair a case row of one moment with the history or the
// decisions of another. Contention is marked as tx marks it.
func (s *Store) read(ctx context.Context, fn func(c conn) error) (err error) {
	defer s.d.mark(&err)
	c, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, s.d.BeginRead); err != nil {
		return err
	}
	err = fn(conn{&s.d, c})
	// Nothing was written: ending it either way is the same, and it must
	// end even when ctx has, or the connection would go back to the pool
	// inside the transaction. One that cannot be ended is thrown away.
	if _, rerr := c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
	}
	return err
}

// Busy is err marked crm.ErrBusy when the database says it gave the
// transaction up for others (IsBusy), and err as it is otherwise.
func (d *Dialect) Busy(err error) error {
	if err != nil && d.IsBusy != nil && d.IsBusy(err) {
		return crm.Busy(err)
	}
	return err
}

// mark is Busy for a read's named result, deferred: a read PostgreSQL
// gives up for others (a serialization failure or a deadlock in a
// stricter isolation or on a standby, a lock not had within lock_timeout,
// a statement past statement_timeout) or SQLite gives up past its busy wait is contention as a write's is, for
// crmd to run again and then answer 503, not 500.
func (d *Dialect) mark(err *error) { *err = d.Busy(*err) }
