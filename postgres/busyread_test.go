package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/internal/storereads"
	"agentdesk/postgres"
)

// holdTables takes ACCESS EXCLUSIVE locks on the named tables of dsn's
// schema (every table when none is named) on a connection of its own, as
// a migration or a VACUUM FULL of another crmd would, until the test ends.
func holdTables(t *testing.T, dsn string, only ...string) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tables := only
	if len(tables) == 0 {
		rows, err := db.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, n)
		}
		rows.Close()
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.ExecContext(ctx, `LOCK TABLE `+strings.Join(tables, ", ")+` IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
}

// withLockTimeout is dsn with a lock_timeout for every session, as an
// operator may set on crmd's role.
func withLockTimeout(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("lock_timeout", "100ms")
	u.RawQuery = q.Encode()
	return u.String()
}

// A read that PostgreSQL gives up for others (a lock not had within the
// lock_timeout here; a serialization failure or a deadlock otherwise)
// comes back crm.ErrBusy, as a write does: crmd runs it again and then
// answers 503 with Retry-After, not 500.
func TestContendedReadIsBusy(t *testing.T) {
	ctx := context.Background()
	dsn := crmtest.PostgresDSN(t)
	db, err := postgres.Open(ctx, withLockTimeout(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	holdTables(t, dsn)
	reads := storereads.All(ctx, db)
	for name, read := range reads {
		if err := read(); !errors.Is(err, crm.ErrBusy) {
			t.Errorf("%s behind a held lock: %v", name, err)
		}
	}
}

// Through crmd: a desk's read behind the lock is answered 503 with
// Retry-After after crmd's tries.
func TestContendedReadIsAnswered503(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	db, err := postgres.Open(context.Background(), withLockTimeout(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	crmtest.SeedUsers(t, db)
	r := crmtest.Start(t, db)
	a := crmtest.NewAPI(t, r.URL)
	ana := a.Login("ana", crmtest.Password)
	holdTables(t, dsn, "cases")
	start := time.Now()
	res := a.Do("GET", "/v1/cases/C-1", ana.AccessToken, nil, nil)
	crmtest.Expect(t, res, http.StatusServiceUnavailable, "a case read behind a held lock")
	if res.Header.Get("Retry-After") == "" || res.Code() != crm.CodeUnavailable {
		t.Errorf("answered %v %s", res.Header, res.Body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answered after %v", d)
	}
}

// crmd bounds its own sessions: with nothing set on its role or in the
// DSN, a desk's read behind a lock held by a migration or a long writer
// of another crmd is still answered 503 with Retry-After within
// postgres.LockTimeout and crmd's retries, rather than holding a pool
// connection until the desk gives up.
func TestHeldLockAnsweredWithinBound(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	crmtest.SeedUsers(t, db)
	r := crmtest.Start(t, db)
	a := crmtest.NewAPI(t, r.URL)
	ana := a.Login("ana", crmtest.Password)
	holdTables(t, dsn, "cases")
	// The lock holder is released by its cleanup, which runs before the
	// server's: a request still waiting then ends and the test fails
	// rather than hangs.
	bound := postgres.LockTimeout + 3*time.Second
	done := make(chan *crmtest.Resp, 1)
	start := time.Now()
	go func() { done <- a.Do("GET", "/v1/cases/C-1", ana.AccessToken, nil, nil) }()
	select {
	case res := <-done:
		crmtest.Expect(t, res, http.StatusServiceUnavailable, "a case read behind a held lock")
		if res.Header.Get("Retry-After") == "" || res.Code() != crm.CodeUnavailable {
			t.Errorf("answered %v %s", res.Header, res.Body)
		}
		if d := time.Since(start); d > bound {
			t.Errorf("answered after %v, bound %v", d, bound)
		}
	case <-time.After(bound):
		t.Fatalf("no answer within %v behind a held lock", bound)
	}
}

// A statement that runs past crmd's statement_timeout (an operator's
// shorter one here, from the DSN) is given up as contention is: busy,
// for crmd to run again and then answer 503, not 500.
func TestStatementTimeoutIsBusy(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("statement_timeout", "100ms")
	u.RawQuery = q.Encode()
	db, err := postgres.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	_, err = db.SQL().ExecContext(context.Background(), `SELECT pg_sleep(5)`)
	if err == nil || !errors.Is(postgres.MarkBusy(err), crm.ErrBusy) {
		t.Errorf("a statement past statement_timeout: %v", err)
	}
}

// crmd's own bounds are on every session unless the DSN (or the role)
// sets them.
func TestSessionBounds(t *testing.T) {
	db := open(t)
	for name, d := range map[string]time.Duration{"lock_timeout": postgres.LockTimeout, "statement_timeout": postgres.StatementTimeout} {
		want := d.String() // "1s", as PostgreSQL shows whole seconds
		var got string
		if err := db.SQL().QueryRowContext(context.Background(), `SELECT current_setting($1)`, name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}
