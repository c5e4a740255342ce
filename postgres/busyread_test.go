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
