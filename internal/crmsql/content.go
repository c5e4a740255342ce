package crmsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/dbsql"
)

// ---- customers

// UpsertCustomers writes every profile in one transaction.
func (s *Store) UpsertCustomers(ctx context.Context, list []*cases.Customer) error {
	return s.tx(ctx, func(tx conn) error {
		st, err := tx.prepare(ctx, `INSERT INTO customers (account, name, updated_at, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (account) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, body = excluded.body`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, c := range list {
			rec, body, err := crm.CustomerRecord(c, time.Now())
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, rec.Account, rec.Name, tx.Time(rec.UpdatedAt), string(body)); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetCustomer returns a profile.
func (s *Store) GetCustomer(ctx context.Context, account string) (_ *cases.Customer, err error) {
	defer s.d.mark(&err)
	var body string
	err = s.conn().row(ctx, `SELECT body FROM customers WHERE account = ?`, account).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "customer")
	}
	if err != nil {
		return nil, err
	}
	var c cases.Customer
	return &c, json.Unmarshal([]byte(body), &c)
}

// ---- playbook

// CurrentPlaybook returns the latest published pack.
func (s *Store) CurrentPlaybook(ctx context.Context) (_ *crm.PlaybookPack, err error) {
	defer s.d.mark(&err)
	db := s.conn()
	var p crm.PlaybookPack
	var files string
	err = db.row(ctx, `SELECT version, sha256, files, published_by, published_at FROM playbooks ORDER BY version DESC LIMIT 1`).
		Scan(&p.Version, &p.SHA256, &files, &p.PublishedBy, db.at(&p.PublishedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "no playbook published")
	}
	if err != nil {
		return nil, err
	}
	return &p, json.Unmarshal([]byte(files), &p.Files)
}

// CurrentPlaybookSHA is the hash of the latest published pack, read
// without its files.
func (s *Store) CurrentPlaybookSHA(ctx context.Context) (_ string, err error) {
	defer s.d.mark(&err)
	var sha string
	err = s.conn().row(ctx, `SELECT sha256 FROM playbooks ORDER BY version DESC LIMIT 1`).Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return "", cases.Errorf(cases.ENotFound, "no playbook published")
	}
	return sha, err
}

// PublishPlaybook stores the next version of the pack.
func (s *Store) PublishPlaybook(ctx context.Context, p crm.PlaybookPack) (int, error) {
	files, err := json.Marshal(p.Files)
	if err != nil {
		return 0, err
	}
	var v int
	err = s.tx(ctx, func(tx conn) error {
		return tx.row(ctx, `INSERT INTO playbooks (sha256, files, published_by, published_at) VALUES (?, ?, ?, ?) RETURNING version`,
			p.SHA256, string(files), p.PublishedBy, tx.Time(p.PublishedAt)).Scan(&v)
	})
	return v, err
}

// PublishPlaybookOver stores the next version of the pack while version
// over is the latest.
func (s *Store) PublishPlaybookOver(ctx context.Context, p crm.PlaybookPack, over int) (int, error) {
	files, err := json.Marshal(p.Files)
	if err != nil {
		return 0, err
	}
	var v int
	err = s.tx(ctx, func(tx conn) error {
		if tx.RowLocks {
			// PostgreSQL: the read below sees only the publishes committed
			// before it, not one whose INSERT is in flight. The table's
			// lock waits for that one and keeps the next out until this
			// one commits. SQLite's writer holds the database from BEGIN.
			if _, err := tx.exec(ctx, `LOCK TABLE playbooks IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		var latest int
		if err := tx.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM playbooks`).Scan(&latest); err != nil {
			return err
		}
		if latest != over {
			return crm.ErrPlaybookMoved
		}
		return tx.row(ctx, `INSERT INTO playbooks (sha256, files, published_by, published_at) VALUES (?, ?, ?, ?) RETURNING version`,
			p.SHA256, string(files), p.PublishedBy, tx.Time(p.PublishedAt)).Scan(&v)
	})
	return v, err
}

// ---- training

// AddAttempt stores a graded attempt once.
func (s *Store) AddAttempt(ctx context.Context, a crm.TrainingAttempt, fingerprint string) (bool, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	created := false
	err = s.tx(ctx, func(tx conn) error {
		// Inserted first, read only when it was there: two crmd instances
		// storing one attempt at once cannot both find it missing.
		res, err := tx.exec(ctx, `INSERT INTO training_attempts (id, username, fingerprint, received_at, body) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, a.ID, a.Username, fingerprint, tx.Time(a.ReceivedAt), string(body))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			created = true
			return nil
		}
		var fp string
		if err := tx.row(ctx, `SELECT fingerprint FROM training_attempts WHERE id = ?`, a.ID).Scan(&fp); err != nil {
			return err
		}
		if fp != fingerprint {
			return crm.ErrIdempotencyReused
		}
		return nil
	})
	return created, err
}

// StoredAttempt is the attempt stored under id, if from fingerprint.
func (s *Store) StoredAttempt(ctx context.Context, id, fingerprint string) (_ *crm.TrainingAttempt, err error) {
	defer s.d.mark(&err)
	var fp, body string
	err = s.conn().row(ctx, `SELECT fingerprint, body FROM training_attempts WHERE id = ?`, id).Scan(&fp, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "training attempt")
	}
	if err != nil {
		return nil, err
	}
	if fp != fingerprint {
		return nil, crm.ErrIdempotencyReused
	}
	var a crm.TrainingAttempt
	return &a, json.Unmarshal([]byte(body), &a)
}

// ListAttempts returns attempts received after q.Since, oldest first.
func (s *Store) ListAttempts(ctx context.Context, q crm.AttemptQuery) (_ []crm.TrainingAttempt, err error) {
	defer s.d.mark(&err)
	page, args := s.d.Page(Keyset{At: "received_at", ID: "id", Owner: "username"}, q.Page, q.Username)
	rows, err := s.conn().query(ctx, `SELECT body FROM training_attempts`+page, args...)
	return dbsql.JSONValues[crm.TrainingAttempt](rows, err)
}
