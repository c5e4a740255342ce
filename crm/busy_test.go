package crm_test

import (
	"errors"
	"fmt"
	"testing"

	"agentdesk/crm"
)

// Busy keeps the database's error for the log and marks it once; only
// what a store marked, or a lost race for a key, is Retryable.
func TestRetryable(t *testing.T) {
	db := errors.New("ERROR: deadlock detected (SQLSTATE 40P01)")
	busy := crm.Busy(db)
	if !errors.Is(busy, db) || !errors.Is(busy, crm.ErrBusy) || crm.Busy(busy) != busy || crm.Busy(nil) != nil {
		t.Errorf("Busy: %v", busy)
	}
	for err, want := range map[error]bool{
		busy: true, fmt.Errorf("postgres: commit: %w", busy): true, crm.ErrRetry: true,
		db: false, nil: false, crm.ErrIdempotencyReused: false, &crm.PreconditionError{Current: 2}: false,
	} {
		if crm.Retryable(err) != want {
			t.Errorf("Retryable(%v) = %v", err, !want)
		}
	}
}
