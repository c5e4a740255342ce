package postgres

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// trap makes the next write that locks a row and then records subject's
// idempotency key deadlock with another transaction, once, and makes that
// write PostgreSQL's victim: the other transaction holds the key
// uncommitted, waits until the write waits for it, then locks the row the
// write holds (lock, a query with $1 for arg). Its deadlock_timeout is far
// longer than the write's, so the write's own check finds the cycle and
// fails it (40P01). The other transaction then rolls back, leaving
// nothing. The channel says how the trap went once it closed.
func trap(t *testing.T, db *sql.DB, subject, key, lock, arg string) <-chan error {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err == nil {
		_, err = tx.ExecContext(ctx, `SET LOCAL deadlock_timeout = '60s'`)
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO idempotency_keys (subject, key, fingerprint, status, response, created_at) VALUES ($1, $2, 'trap', 200, '', now())`, subject, key)
	}
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		defer conn.Close()
		defer tx.Rollback()
		deadline := time.Now().Add(20 * time.Second)
		for {
			var waited bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'
				AND transactionid::text = pg_current_xact_id()::text)`).Scan(&waited); err != nil {
				done <- err
				return
			}
			if waited {
				break
			}
			if time.Now().After(deadline) {
				done <- context.DeadlineExceeded
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		_, err := tx.ExecContext(ctx, lock, arg)
		done <- err
	}()
	return done
}
