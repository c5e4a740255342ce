package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
	"agentdesk/postgres"
)

// An operator's command run while another session holds a table crmd
// needs (a migration of another instance, a VACUUM FULL, a long writer)
// for longer than crmd's lock_timeout still does its work: crmd bounds
// each wait for the server's sake, and the commands take the server's
// retries of a write the database gave up for others, over a budget a
// person at a terminal can wait, rather than failing a whole import on
// one wait.
func TestImportWaitsOutAHeldLock(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	csv := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(csv, []byte(customersCSV), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.ExecContext(ctx, `LOCK TABLE customers IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	held := postgres.LockTimeout + time.Second
	release := time.AfterFunc(held, func() { tx.Rollback() })
	defer release.Stop()

	code, out, errs := run(t, "", "import", "customers", csv, "--db", dsn)
	if code != 0 || !strings.Contains(out, "2") {
		t.Fatalf("import behind a lock held %v: %d %q %s", held, code, out, errs)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM customers`).Scan(&n); err != nil || n != 2 {
		t.Errorf("customers imported: %d %v", n, err)
	}
}
