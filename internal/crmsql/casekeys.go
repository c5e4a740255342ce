package crmsql

import (
	"context"
	"database/sql"
	"errors"

	"agentdesk/crm"
)

// Each store writes cases its own way (SQLite's committer, PostgreSQL's
// pipeline and its locks), but both keep a case write's idempotency key
// in the same row: the status of the first answer, 201 when it created the
// case, and the body sent, for a resend to get the same answer.

// KeyStatus is the status a case write's key records.
func KeyStatus(created bool) int {
	if created {
		return 201
	}
	return 200
}

// KeyCreated reads KeyStatus back.
func KeyCreated(status int) bool { return status == 201 }

// ReadKey is the key subject sent a case write with, nil when it is new.
func (d *Dialect) ReadKey(ctx context.Context, tx *sql.Tx, subject, key string) (*crm.KeyRow, error) {
	var k crm.KeyRow
	var status int
	err := tx.QueryRowContext(ctx, d.bind(`SELECT fingerprint, status, response FROM idempotency_keys WHERE subject = ? AND key = ?`), subject, key).
		Scan(&k.Fingerprint, &status, &k.Response)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	}
	k.Created = KeyCreated(status)
	return &k, nil
}
