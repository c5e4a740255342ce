package crmsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/dbsql"
)

// scanCase reads a case's body and synced_at.
func (d *Dialect) scanCase(scan func(...any) error) (crm.StoredCase, error) {
	var body string
	var synced time.Time
	if err := scan(&body, d.at(&synced)); err != nil {
		return crm.StoredCase{}, err
	}
	var c cases.Case
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return crm.StoredCase{}, fmt.Errorf("%s: case body: %w", d.Name, err)
	}
	return crm.StoredCase{Case: &c, SyncedAt: synced}, nil
}

// ListCases returns cases in server write order, each with the back
// office's side on it as GetCase puts it: the escalation's status,
// resolution, times and history, and the decisions on its amounts.
func (s *Store) ListCases(ctx context.Context, q crm.CaseQuery) (list []crm.StoredCase, err error) {
	err = s.read(ctx, func(db conn) error {
		list, err = db.listCases(ctx, q)
		return err
	})
	return list, err
}

func (db conn) listCases(ctx context.Context, q crm.CaseQuery) ([]crm.StoredCase, error) {
	page, args := db.Page(Keyset{At: "c.synced_at", ID: "c.id", Owner: "c.agent"}, q.Page, q.Agent)
	rows, err := db.query(ctx, `SELECT c.body, c.synced_at FROM cases c`+page, args...)
	list, err := dbsql.Rows(rows, err, db.scanCase)
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]string, len(list))
	for i, sc := range list {
		ids[i] = sc.Case.ID
	}
	in, inArgs := db.in("case_id", ids)
	rows, err = db.query(ctx, `SELECT `+escCols+` FROM escalations WHERE `+in, inArgs...)
	recs, err := dbsql.Rows(rows, err, db.scanEscRecord)
	if err != nil {
		return nil, err
	}
	esc := make(map[string]*crm.EscalationRecord, len(recs))
	for i := range recs {
		esc[recs[i].CaseID] = &recs[i]
	}
	hist, dec, err := db.backOffice(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, sc := range list {
		id := sc.Case.ID
		crm.Overlay(sc.Case, esc[id], hist[id], dec[id])
	}
	return list, nil
}

// ListContacts returns an account's latest cases, every agent's, as the
// history a desk shows: read from the row's columns, the escalation's and
// the few fields of the body it needs, never its notes.
func (s *Store) ListContacts(ctx context.Context, account string, limit int) (_ []crm.Contact, err error) {
	defer s.d.mark(&err)
	if limit <= 0 {
		limit = crm.DefaultContacts
	}
	// One statement, one snapshot: the escalation is joined, not read
	// after. The order is cases_account_created's (00005), newest first.
	rows, err := s.conn().query(ctx, `SELECT c.id, c.created_at, c.agent, c.status, c.body,
			e.case_id IS NOT NULL, COALESCE(e.status, ''), COALESCE(e.ticket, ''), COALESCE(e.resolution, '')
		FROM cases c LEFT JOIN escalations e ON e.case_id = c.id
		WHERE c.account = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, account, limit)
	return dbsql.Rows(rows, err, func(scan func(...any) error) (crm.Contact, error) {
		var ct crm.Contact
		var status, esc, body string
		if err := scan(&ct.CaseID, s.d.at(&ct.At), &ct.Agent, &status, &body, &ct.Escalated, &esc, &ct.Ticket, &ct.Resolution); err != nil {
			return ct, err
		}
		ct.Status, ct.Escalation = cases.Status(status), cases.EscalationState(esc)
		// Only these two fields are taken from the body; the rest of it
		// (notes, values, the customer's figures) is not the history's.
		var b struct {
			CallType string    `json:"call_type"`
			Reason   string    `json:"reason_code"`
			OpenedAt time.Time `json:"opened_at"`
		}
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return ct, fmt.Errorf("%s: case body: %w", s.d.Name, err)
		}
		ct.CallType, ct.ReasonCode = b.CallType, b.Reason
		// crmd keeps a call's start no later than its receipt
		// (DecideCaseWrite); a case from before that rule, or without a
		// start, is dated by its receipt.
		ct.CalledAt = ct.At
		if !b.OpenedAt.IsZero() && b.OpenedAt.Before(ct.At) {
			ct.CalledAt = b.OpenedAt.UTC()
		}
		return ct, nil
	})
}

// ---- reading a case with the back office's side on it

const escCols = `case_id, ticket, agent, status, note, resolution, received_at, due_at, updated_at, updated_by,
	priority, call_type, reason_code, customer, account`

// escColsE is escCols of the escalations table named e.
var escColsE = func() string {
	cols := strings.Split(escCols, ",")
	for i := range cols {
		cols[i] = "e." + strings.TrimSpace(cols[i])
	}
	return strings.Join(cols, ", ")
}()

func (d *Dialect) scanEscRecord(scan func(...any) error) (crm.EscalationRecord, error) {
	var e crm.EscalationRecord
	var st string
	err := scan(&e.CaseID, &e.Ticket, &e.Agent, &st, &e.Note, &e.Resolution, d.at(&e.ReceivedAt), d.at(&e.DueAt), d.at(&e.UpdatedAt), &e.UpdatedBy,
		&e.Priority, &e.CallType, &e.ReasonCode, &e.Customer, &e.Account)
	e.Status = cases.EscalationState(st)
	return e, err
}

// backOffice reads the history and the decisions of the given cases.
func (c conn) backOffice(ctx context.Context, ids []string) (map[string][]cases.EscalationChange, map[string]map[int]cases.Decision, error) {
	hist := map[string][]cases.EscalationChange{}
	dec := map[string]map[int]cases.Decision{}
	if len(ids) == 0 {
		return hist, dec, nil
	}
	in, args := c.in("case_id", ids)
	rows, err := c.query(ctx, `SELECT case_id, at, by, from_status, to_status, comment, resolution FROM escalation_events
		WHERE `+in+` ORDER BY id`, args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id, from, to string
		var ch cases.EscalationChange
		if err := rows.Scan(&id, c.at(&ch.At), &ch.By, &from, &to, &ch.Comment, &ch.Resolution); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ch.From, ch.To = cases.EscalationState(from), cases.EscalationState(to)
		hist[id] = append(hist[id], ch)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = c.query(ctx, `SELECT case_id, action, approved, by, at, comment, action_id, amount FROM action_decisions WHERE `+in, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var i int
		var d cases.Decision
		if err := rows.Scan(&id, &i, &d.Approved, &d.By, c.at(&d.At), &d.Comment, &d.ActionID, &d.Amount); err != nil {
			return nil, nil, err
		}
		if dec[id] == nil {
			dec[id] = map[int]cases.Decision{}
		}
		dec[id][i] = d
	}
	return hist, dec, rows.Err()
}

// GetCase returns a case with the back office's side on it.
func (s *Store) GetCase(ctx context.Context, id string) (sc *crm.StoredCase, err error) {
	err = s.read(ctx, func(db conn) error {
		sc, err = db.getCase(ctx, id)
		return err
	})
	return sc, err
}

func (db conn) getCase(ctx context.Context, id string) (*crm.StoredCase, error) {
	var body string
	var synced time.Time
	err := db.row(ctx, `SELECT body, synced_at FROM cases WHERE id = ?`, id).Scan(&body, db.at(&synced))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "case %s", id)
	}
	if err != nil {
		return nil, err
	}
	var c cases.Case
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("%s: case body: %w", db.Name, err)
	}
	var esc *crm.EscalationRecord
	e, err := db.scanEscRecord(db.row(ctx, `SELECT `+escCols+` FROM escalations WHERE case_id = ?`, id).Scan)
	switch {
	case err == nil:
		esc = &e
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	hist, dec, err := db.backOffice(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	crm.Overlay(&c, esc, hist[id], dec[id])
	return &crm.StoredCase{Case: &c, SyncedAt: synced}, nil
}

// ---- the back office

// ListEscalations returns escalations changed after q.Since, oldest first,
// each with its history and decisions.
func (s *Store) ListEscalations(ctx context.Context, q crm.EscalationQuery) (list []crm.EscalationStatus, err error) {
	err = s.read(ctx, func(db conn) error {
		page, args := db.Page(Keyset{At: "updated_at", ID: "case_id", Owner: "agent"}, q.Page, q.Agent)
		rows, err := db.query(ctx, `SELECT `+escCols+` FROM escalations`+page, args...)
		recs, err := dbsql.Rows(rows, err, db.scanEscRecord)
		if err != nil {
			return err
		}
		list, err = db.statuses(ctx, recs)
		return err
	})
	return list, err
}

func (c conn) statuses(ctx context.Context, recs []crm.EscalationRecord) ([]crm.EscalationStatus, error) {
	ids := make([]string, len(recs))
	for i, e := range recs {
		ids[i] = e.CaseID
	}
	hist, dec, err := c.backOffice(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]crm.EscalationStatus, len(recs))
	for i, e := range recs {
		out[i] = crm.StatusOf(e, hist[e.CaseID], dec[e.CaseID])
	}
	return out, nil
}

func (c conn) statusOf(ctx context.Context, id string) (crm.EscalationStatus, error) {
	e, err := c.scanEscRecord(c.row(ctx, `SELECT `+escCols+` FROM escalations WHERE case_id = ?`, id).Scan)
	if err != nil {
		return crm.EscalationStatus{}, err
	}
	list, err := c.statuses(ctx, []crm.EscalationRecord{e})
	if err != nil {
		return crm.EscalationStatus{}, err
	}
	return list[0], nil
}

// MoveEscalation records a move of the back office and its history line.
func (s *Store) MoveEscalation(ctx context.Context, m crm.EscalationMove) (crm.EscalationStatus, error) {
	var out crm.EscalationStatus
	err := s.tx(ctx, func(tx conn) error {
		// The escalation first, then the key: a key sent for a case with
		// no escalation is answered not_found.
		var cur string
		err := tx.row(ctx, `SELECT status FROM escalations WHERE case_id = ?`+tx.lock(` FOR UPDATE`), m.CaseID).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return cases.Errorf(cases.ENotFound, "escalation of case %s", m.CaseID)
		}
		if err != nil {
			return err
		}
		if seen, err := tx.claimKey(ctx, m.By, m.Key, m.Fingerprint, m.Now); err != nil || seen {
			if err == nil {
				out, err = tx.statusOf(ctx, m.CaseID)
			}
			return err
		}
		if !cases.EscalationState(cur).CanMoveTo(m.To) {
			return crm.ErrTransition
		}
		var moves, bytes int
		if err := tx.row(ctx, `SELECT COUNT(*), COALESCE(SUM(octet_length(comment) + octet_length(resolution)), 0)
			FROM escalation_events WHERE case_id = ?`, m.CaseID).Scan(&moves, &bytes); err != nil {
			return err
		}
		if err := crm.CheckHistoryRoom(moves, bytes, m.To, m.Comment, m.Resolution); err != nil {
			return err
		}
		if m.To.Final() {
			// The escalation row is held (locked, or the whole database on
			// SQLite): no decision lands meanwhile.
			var body string
			if err := tx.row(ctx, `SELECT body FROM cases WHERE id = ?`, m.CaseID).Scan(&body); err != nil {
				return err
			}
			_, dec, err := tx.backOffice(ctx, []string{m.CaseID})
			if err != nil {
				return err
			}
			if err := crm.CheckDecided([]byte(body), dec[m.CaseID], m.To); err != nil {
				return err
			}
		}
		now := tx.Time(m.Now)
		if _, err := tx.exec(ctx, `UPDATE escalations SET status = ?, note = ?, resolution = CASE WHEN ? <> '' THEN ? ELSE resolution END,
				updated_at = ?, updated_by = ? WHERE case_id = ?`,
			string(m.To), m.Comment, m.Resolution, m.Resolution, now, m.By, m.CaseID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO escalation_events (case_id, at, by, from_status, to_status, comment, resolution) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			m.CaseID, now, m.By, cur, string(m.To), m.Comment, m.Resolution); err != nil {
			return err
		}
		out, err = tx.statusOf(ctx, m.CaseID)
		return err
	})
	return out, err
}

// DecideAction records a supervisor's decision on an action above
// authority.
func (s *Store) DecideAction(ctx context.Context, d crm.ActionDecision) (crm.EscalationStatus, error) {
	var out crm.EscalationStatus
	err := s.tx(ctx, func(tx conn) error {
		var body string
		err := tx.row(ctx, `SELECT c.body FROM cases c JOIN escalations e ON e.case_id = c.id WHERE c.id = ?`+tx.lock(` FOR UPDATE OF e`), d.CaseID).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return cases.Errorf(cases.ENotFound, "escalation of case %s", d.CaseID)
		}
		if err != nil {
			return err
		}
		if seen, err := tx.claimKey(ctx, d.By, d.Key, d.Fingerprint, d.Now); err != nil || seen {
			if err == nil {
				out, err = tx.statusOf(ctx, d.CaseID)
			}
			return err
		}
		a, err := crm.CheckDecision([]byte(body), d)
		if err != nil {
			return err
		}
		if d.Approved && d.Role != "" {
			// What the approver approved on the case before, read with
			// the escalation row held (locked, or the whole database on
			// SQLite): another approval of theirs on the case waits here
			// and then counts this one.
			var c cases.Case
			if err := json.Unmarshal([]byte(body), &c); err != nil {
				return fmt.Errorf("%s: case body: %w", tx.Name, err)
			}
			_, dec, err := tx.backOffice(ctx, []string{d.CaseID})
			if err != nil {
				return err
			}
			crm.Overlay(&c, nil, nil, dec[d.CaseID])
			if err := crm.CheckApprover(d, &c); err != nil {
				return err
			}
		}
		now := tx.Time(d.Now)
		// One decision per action; one on another action or amount at
		// this position (the agent changed it since) is replaced: what is
		// there now has not been decided.
		res, err := tx.exec(ctx, `INSERT INTO action_decisions (case_id, action, approved, by, at, comment, action_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (case_id, action) DO UPDATE SET approved = excluded.approved, by = excluded.by, at = excluded.at, comment = excluded.comment,
				action_id = excluded.action_id, amount = excluded.amount
			WHERE action_decisions.action_id <> '' AND (action_decisions.action_id <> excluded.action_id OR action_decisions.amount <> excluded.amount)`,
			d.CaseID, d.Action, d.Approved, d.By, now, d.Comment, a.ID, a.Amount)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return crm.ErrDecided
		}
		// The agent's desk pulls escalations changed since its last look.
		if _, err := tx.exec(ctx, `UPDATE escalations SET updated_at = ?, updated_by = ? WHERE case_id = ?`, now, d.By, d.CaseID); err != nil {
			return err
		}
		out, err = tx.statusOf(ctx, d.CaseID)
		return err
	})
	return out, err
}

// claimKey records a back-office request's idempotency key in its
// transaction (the escalation row is held already, so a concurrent resend
// waits and then sees the key); seen reports a key its sender used before
// for the same request (a resend), and a key used for another request is
// ErrIdempotencyReused. No key, nothing to claim.
func (c conn) claimKey(ctx context.Context, subject, key, fingerprint string, now time.Time) (seen bool, err error) {
	if key == "" {
		return false, nil
	}
	if seen, found, err := c.keyUsed(ctx, subject, key, fingerprint); found || err != nil {
		return seen, err
	}
	// The row held orders only requests on the same escalation: the same
	// key sent at the same moment for another case, or with a case write,
	// reaches this insert too. DO NOTHING rather than a unique violation,
	// which on PostgreSQL would abort the transaction (and answer 500):
	// the insert waits for the other transaction, and if it committed the
	// key, that key is judged as if it had been there first.
	// An empty response, not a NULL one: the column holds bytes.
	res, err := c.exec(ctx, `INSERT INTO idempotency_keys (subject, key, fingerprint, status, response, created_at) VALUES (?, ?, ?, 200, ?, ?)
		ON CONFLICT (subject, key) DO NOTHING`,
		subject, key, fingerprint, []byte{}, c.Time(now))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return false, err
	}
	seen, found, err := c.keyUsed(ctx, subject, key, fingerprint)
	if err == nil && !found {
		err = errors.New(c.Name + ": idempotency key neither claimed nor found")
	}
	return seen, err
}

// keyUsed reads a key as claimKey judges it: found when subject sent it
// before, seen when for this very request, ErrIdempotencyReused when for
// another.
func (c conn) keyUsed(ctx context.Context, subject, key, fingerprint string) (seen, found bool, err error) {
	var fp string
	err = c.row(ctx, `SELECT fingerprint FROM idempotency_keys WHERE subject = ? AND key = ?`, subject, key).Scan(&fp)
	switch {
	case err == nil && fp == fingerprint:
		return true, true, nil
	case err == nil:
		return false, true, crm.ErrIdempotencyReused
	case errors.Is(err, sql.ErrNoRows):
		return false, false, nil
	}
	return false, false, err
}

// ListTeam pages through the team's escalations in the order crmd last
// changed them, each with its case and the back office's side on it.
func (s *Store) ListTeam(ctx context.Context, q crm.TeamQuery) (list []crm.TeamEscalation, err error) {
	err = s.read(ctx, func(db conn) error {
		list, err = db.listTeam(ctx, q)
		return err
	})
	return list, err
}

func (db conn) listTeam(ctx context.Context, q crm.TeamQuery) ([]crm.TeamEscalation, error) {
	page, args := db.Page(Keyset{At: "e.updated_at", ID: "e.case_id"}, q.Page, "")
	rows, err := db.query(ctx, `SELECT c.body, `+escColsE+` FROM escalations e JOIN cases c ON c.id = e.case_id`+page, args...)
	if err != nil {
		return nil, err
	}
	var out []crm.TeamEscalation
	var recs []crm.EscalationRecord
	size := 0
	for rows.Next() {
		var body string
		e, err := db.scanEscRecord(func(dest ...any) error { return rows.Scan(append([]any{&body}, dest...)...) })
		if err != nil {
			rows.Close()
			return nil, err
		}
		if q.MaxBytes > 0 && len(out) > 0 && size+len(body) > q.MaxBytes {
			break
		}
		size += len(body)
		var c cases.Case
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: case body: %w", db.Name, err)
		}
		out = append(out, crm.TeamEscalation{Case: &c, UpdatedAt: e.UpdatedAt})
		recs = append(recs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]string, len(recs))
	for i, e := range recs {
		ids[i] = e.CaseID
	}
	hist, dec, err := db.backOffice(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range recs {
		crm.Overlay(out[i].Case, &recs[i], hist[recs[i].CaseID], dec[recs[i].CaseID])
	}
	return out, nil
}
