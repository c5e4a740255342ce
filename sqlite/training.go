package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"agentdesk/cases"
	"agentdesk/internal/dbsql"
	"agentdesk/training"
)

var _ training.OpenStore = (*DB)(nil)

// attemptToSave is an attempt as either save stores it, and its JSON:
// only in the training database, a trainee's, redacted (on a copy of its
// events: Redact writes in place, and the caller's stay as they are), with
// an ID.
func (db *DB) attemptToSave(a training.Attempt) (training.Attempt, []byte, error) {
	if db.Kind != Training {
		return a, nil, cases.Errorf(cases.EForbidden, "training attempts belong in the training database")
	}
	if a.Trainee == "" {
		return a, nil, training.ErrNoTrainee
	}
	a.Events = slices.Clone(a.Events)
	a.Redact()
	if a.ID == "" {
		a.ID = "A-" + cases.NewID(a.Started)[2:]
	}
	ab, err := json.Marshal(a)
	return a, ab, err
}

// SaveAttempt stores a graded attempt, redacted first, in one transaction.
// Only the training database takes attempts: a trainee's work never lands
// in the production file.
func (db *DB) SaveAttempt(ctx context.Context, a training.Attempt, r training.Report) (string, error) {
	a, ab, err := db.attemptToSave(a)
	if err != nil {
		return "", err
	}
	rb, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	passed := 0
	if r.Passed {
		passed = 1
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO training_attempts (id, trainee, scenario, mode, started_at, total, passed, attempt, report)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Trainee, a.Scenario, string(a.Mode), ts(a.Started), r.Total, passed, string(ab), string(rb))
		if err != nil {
			return err
		}
		// Recorded, the call is no longer under way: never both, so a
		// crash between the two cannot record it twice.
		_, err = tx.ExecContext(ctx, `DELETE FROM training_open_attempts WHERE id = ?`, a.ID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("sqlite: save attempt: %w", err)
	}
	return a.ID, nil
}

// SaveOpenAttempt keeps a test call under way, redacted, in one
// transaction (training.OpenStore), replacing the one of the same ID.
func (db *DB) SaveOpenAttempt(ctx context.Context, a training.Attempt) (string, error) {
	a, ab, err := db.attemptToSave(a)
	if err != nil {
		return "", err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO training_open_attempts (id, trainee, started_at, attempt) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET attempt = excluded.attempt`, a.ID, a.Trainee, ts(a.Started), string(ab))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("sqlite: save open attempt: %w", err)
	}
	return a.ID, nil
}

// OpenAttempts returns a trainee's test calls under way, oldest first.
func (db *DB) OpenAttempts(ctx context.Context, trainee string) ([]training.Attempt, error) {
	return dbsql.JSONValues[training.Attempt](db.sql.QueryContext(ctx, `SELECT attempt FROM training_open_attempts WHERE trainee = ? ORDER BY started_at, id`, trainee))
}

// DropOpenAttempt forgets a test call under way that leaves no record.
func (db *DB) DropOpenAttempt(ctx context.Context, id string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM training_open_attempts WHERE id = ?`, id)
		return err
	})
}

// Attempts returns a trainee's attempts, oldest first.
func (db *DB) Attempts(ctx context.Context, trainee string) ([]training.Record, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT attempt, report FROM training_attempts WHERE trainee = ? ORDER BY started_at, id`, trainee)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []training.Record
	for rows.Next() {
		var ab, rb string
		if err := rows.Scan(&ab, &rb); err != nil {
			return nil, err
		}
		var rec training.Record
		if err := json.Unmarshal([]byte(ab), &rec.Attempt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(rb), &rec.Report); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// SaveCertificate stores (or renews) a trainee's certificate for a track.
func (db *DB) SaveCertificate(ctx context.Context, c training.Certificate) error {
	if db.Kind != Training {
		return cases.Errorf(cases.EForbidden, "certificates belong in the training database")
	}
	if c.Trainee == "" {
		return training.ErrNoTrainee
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO training_certificates (trainee, track, at, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (trainee, track) DO UPDATE SET at = excluded.at, body = excluded.body`, c.Trainee, c.Track, ts(c.Date), string(b))
		return err
	})
}

// Certificates returns a trainee's certificates, oldest first.
func (db *DB) Certificates(ctx context.Context, trainee string) ([]training.Certificate, error) {
	return dbsql.JSONValues[training.Certificate](db.sql.QueryContext(ctx, `SELECT body FROM training_certificates WHERE trainee = ? ORDER BY at`, trainee))
}

// Trainees lists everyone with an attempt, with their last attempt's time,
// for the supervisor's view.
func (db *DB) Trainees(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT trainee FROM training_attempts GROUP BY trainee ORDER BY MAX(started_at) DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
