package sqlite

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

// crmd's cases and the back office's side of them on SQLite.
//
// Writes go through one committer goroutine (group commit): the case
// writes that arrive while a transaction commits wait and go together in
// the next one, each in its own savepoint, so many acknowledged writes
// share one fsync and one refused write does not undo the others. Every
// write is answered only after the transaction holding it committed.

// maxGroup bounds the writes of one transaction: a burst is cut into
// transactions of this size, so none holds the database for long.
const maxGroup = 256

// When the last transaction carried writes of several requests, writes
// are arriving together: the committer then waits up to lingerFor for the
// group to reach lingerTo writes before it begins, as PostgreSQL's
// commit_delay does. A millisecond at most buys fewer, larger commits,
// each one fsync and one write of the pages the group shares: with 32
// desks writing at once (BenchmarkCaseUpsert), waiting for 8 writes up to
// 300 µs took 255-268 CPU-µs a write, for 24 up to 1 ms 225-248, with
// the same 99th-percentile latency (11-13 ms); waiting 2 ms left the
// cores idle. A lone desk never waits.
const (
	lingerFor = time.Millisecond
	lingerTo  = 24
)

func (db *ServerDB) startCommitter() {
	db.cases = crm.NewCaseQueue(maxGroup, errors.New("sqlite: the database is closing"))
	db.gone = make(chan struct{})
	go db.commitLoop()
}

// stopCommitter lets no more jobs in, writes the ones queued (a caller
// waits for each), and waits for the committer.
func (db *ServerDB) stopCommitter() {
	if db.cases != nil && db.cases.Close() {
		<-db.gone
	}
}

// commitLoop runs case writes until the database closes.
func (db *ServerDB) commitLoop() {
	q := db.cases
	defer close(db.gone)
	together := false // the last transaction held several requests' writes
	for {
		first, ok := q.Next()
		if !ok {
			return
		}
		group, n := q.Group(first, maxGroup)
		if n < lingerTo && together {
			t := time.NewTimer(lingerFor)
		linger:
			for n < lingerTo {
				select {
				case j := <-q.Jobs():
					group = append(group, j)
					n += len(j.Puts)
				case <-t.C:
					break linger
				}
			}
			t.Stop()
		}
		together = len(group) > 1
		db.commitGroup(group)
	}
}

// commitGroup writes every job of group in one transaction.
func (db *ServerDB) commitGroup(group []*crm.CaseJob) {
	finish := func(err error) {
		for _, j := range group {
			if err != nil {
				for i := range j.Out {
					if j.Out[i].Err == nil {
						j.Out[i] = crm.CasePutOutcome{Err: err}
					}
				}
			}
			j.Finish()
		}
	}
	ctx := context.Background()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		finish(fmt.Errorf("sqlite: begin: %w", err))
		return
	}
	for _, j := range group {
		for i, p := range j.Puts {
			if err := j.Ctx.Err(); err != nil {
				j.Out[i].Err = err
				continue
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT put`); err != nil {
				tx.Rollback()
				finish(err)
				return
			}
			res, err := putCase(ctx, tx, p, j.Pre[i])
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO put`); rerr != nil {
					tx.Rollback()
					finish(rerr)
					return
				}
			}
			if _, rerr := tx.ExecContext(ctx, `RELEASE put`); rerr != nil {
				tx.Rollback()
				finish(rerr)
				return
			}
			j.Out[i] = crm.CasePutOutcome{Result: res, Err: err}
		}
	}
	if err := tx.Commit(); err != nil {
		finish(fmt.Errorf("sqlite: commit: %w", err))
		return
	}
	finish(nil)
}

// PutCases writes several cases, each decided on its own, in the
// committer's next transaction.
func (db *ServerDB) PutCases(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	return db.cases.Put(ctx, ps)
}

// PutCase applies one case write with its idempotency key.
func (db *ServerDB) PutCase(ctx context.Context, p crm.CasePut) (crm.CasePutResult, error) {
	o := db.PutCases(ctx, []crm.CasePut{p})[0]
	return o.Result, o.Err
}

const (
	insertKey = `INSERT INTO idempotency_keys (subject, key, fingerprint, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	insertNew = `INSERT INTO cases (id, version, agent, status, account, created_at, synced_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

// putCase decides and writes one case inside tx; pre, when not nil, is the
// write decided for p with nothing stored (crm.CaseJob's Pre).
func putCase(ctx context.Context, tx *sql.Tx, p crm.CasePut, pre *crm.CaseWrite) (crm.CasePutResult, error) {
	if pre != nil {
		if res, done, err := putNewCase(ctx, tx, p, pre); done || err != nil {
			return res, err
		}
	}
	var key *crm.KeyRow
	var k crm.KeyRow
	var status int
	err := tx.QueryRowContext(ctx, `SELECT fingerprint, status, response FROM idempotency_keys WHERE subject = ? AND key = ?`, p.Subject, p.Key).
		Scan(&k.Fingerprint, &status, &k.Response)
	switch {
	case err == nil:
		k.Created = status == 201
		key = &k
	case !errors.Is(err, sql.ErrNoRows):
		return crm.CasePutResult{}, err
	}
	var prev *crm.CaseRow
	if key == nil && p.Case != nil {
		var r crm.CaseRow
		var created int64
		var actions []byte
		err := tx.QueryRowContext(ctx, `SELECT version, agent, created_at, EXISTS (SELECT 1 FROM escalations e WHERE e.case_id = cases.id),
				COALESCE((SELECT priority FROM escalations e WHERE e.case_id = cases.id), ''), json_extract(body, '$.actions')
			FROM cases WHERE id = ?`, p.Case.ID).Scan(&r.Version, &r.Agent, &created, &r.Escalated, &r.Priority, &actions)
		switch {
		case err == nil:
			r.CreatedAt = fromUS(created)
			r.Actions = crm.StoredActions(actions)
			prev = &r
		case !errors.Is(err, sql.ErrNoRows):
			return crm.CasePutResult{}, err
		}
	}
	w, err := crm.DecideCaseWrite(prev, key, p)
	if err != nil || w.Replay {
		return w.Result, err
	}
	c := w.Case
	if w.Create {
		_, err = tx.ExecContext(ctx, insertNew,
			c.ID, c.Version, c.Agent, string(c.Status), c.Customer.Account, us(c.CreatedAt), us(p.Now), string(w.Body))
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE cases SET version = ?, status = ?, account = ?, synced_at = ?, body = ? WHERE id = ? AND version = ?`,
			c.Version, string(c.Status), c.Customer.Account, us(p.Now), string(w.Body), c.ID, c.Version-1)
	}
	if err != nil {
		return crm.CasePutResult{}, err
	}
	if err := putEscalation(ctx, tx, w.Escalation); err != nil {
		return crm.CasePutResult{}, err
	}
	status = 200
	if w.Result.Created {
		status = 201
	}
	_, err = tx.ExecContext(ctx, insertKey, p.Subject, p.Key, p.Fingerprint, status, w.Result.Response, us(p.Now))
	if isUnique(err) {
		return crm.CasePutResult{}, crm.ErrRetry
	}
	return w.Result, err
}

// putNewCase writes pre, decided for a new case under a new key, without
// first reading whether either exists: the two inserts find out. The key
// goes first, so a key seen before stops it with nothing written; a case
// already stored stops the second insert, and the key is taken back. Either
// way done is false and putCase decides on what is stored. Two reads fewer
// in the transaction every write waits on, for the write every case starts
// with.
func putNewCase(ctx context.Context, tx *sql.Tx, p crm.CasePut, pre *crm.CaseWrite) (res crm.CasePutResult, done bool, err error) {
	_, err = tx.ExecContext(ctx, insertKey, p.Subject, p.Key, p.Fingerprint, 201, pre.Result.Response, us(p.Now))
	if isUnique(err) {
		return crm.CasePutResult{}, false, nil
	}
	if err != nil {
		return crm.CasePutResult{}, false, err
	}
	c := pre.Case
	_, err = tx.ExecContext(ctx, insertNew,
		c.ID, c.Version, c.Agent, string(c.Status), c.Customer.Account, us(c.CreatedAt), us(p.Now), string(pre.Body))
	if isUnique(err) {
		_, err = tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE subject = ? AND key = ?`, p.Subject, p.Key)
		return crm.CasePutResult{}, false, err
	}
	if err != nil {
		return crm.CasePutResult{}, false, err
	}
	if err := putEscalation(ctx, tx, pre.Escalation); err != nil {
		return crm.CasePutResult{}, false, err
	}
	return pre.Result, true, nil
}

// putEscalation records a case's escalation; e may be nil. The back office
// owns the status and its times: a case write records an escalation once,
// then only refreshes what the queue shows of the case and tells the team
// it changed.
func putEscalation(ctx context.Context, tx *sql.Tx, e *crm.EscalationRecord) error {
	if e == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO escalations (case_id, ticket, agent, status, note, updated_at, updated_by,
			priority, call_type, reason_code, customer, account, resolution, received_at, due_at)
		VALUES (?, ?, ?, ?, '', ?, '', ?, ?, ?, ?, ?, '', ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET ticket = excluded.ticket, call_type = excluded.call_type,
			reason_code = excluded.reason_code, customer = excluded.customer, account = excluded.account,
			updated_at = excluded.updated_at`,
		e.CaseID, e.Ticket, e.Agent, string(e.Status), us(e.UpdatedAt), e.Priority, e.CallType, e.ReasonCode,
		e.Customer, e.Account, us(e.ReceivedAt), us(e.DueAt))
	return err
}

// ---- reading a case with the back office's side on it

const escCols = `case_id, ticket, agent, status, note, resolution, received_at, due_at, updated_at, updated_by,
	priority, call_type, reason_code, customer, account`

func scanEscRecord(scan func(...any) error) (crm.EscalationRecord, error) {
	var e crm.EscalationRecord
	var st string
	var rec, due, at int64
	err := scan(&e.CaseID, &e.Ticket, &e.Agent, &st, &e.Note, &e.Resolution, &rec, &due, &at, &e.UpdatedBy,
		&e.Priority, &e.CallType, &e.ReasonCode, &e.Customer, &e.Account)
	e.Status = cases.EscalationState(st)
	e.ReceivedAt, e.DueAt, e.UpdatedAt = fromUS(rec), fromUS(due), fromUS(at)
	return e, err
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// backOffice reads the history and the decisions of the given cases.
func backOffice(ctx context.Context, q querier, ids []string) (map[string][]cases.EscalationChange, map[string]map[int]cases.Decision, error) {
	hist := map[string][]cases.EscalationChange{}
	dec := map[string]map[int]cases.Decision{}
	if len(ids) == 0 {
		return hist, dec, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT case_id, at, by, from_status, to_status, comment, resolution FROM escalation_events
		WHERE case_id IN (`+marks+`) ORDER BY id`, args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id, from, to string
		var at int64
		var ch cases.EscalationChange
		if err := rows.Scan(&id, &at, &ch.By, &from, &to, &ch.Comment, &ch.Resolution); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ch.At, ch.From, ch.To = fromUS(at), cases.EscalationState(from), cases.EscalationState(to)
		hist[id] = append(hist[id], ch)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT case_id, action, approved, by, at, comment, action_id, amount FROM action_decisions WHERE case_id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var i int
		var at int64
		var d cases.Decision
		if err := rows.Scan(&id, &i, &d.Approved, &d.By, &at, &d.Comment, &d.ActionID, &d.Amount); err != nil {
			return nil, nil, err
		}
		d.At = fromUS(at)
		if dec[id] == nil {
			dec[id] = map[int]cases.Decision{}
		}
		dec[id][i] = d
	}
	return hist, dec, rows.Err()
}

// GetCase returns a case with the back office's side on it.
func (db *ServerDB) GetCase(ctx context.Context, id string) (*crm.StoredCase, error) {
	var body string
	var synced int64
	err := db.sql.QueryRowContext(ctx, `SELECT body, synced_at FROM cases WHERE id = ?`, id).Scan(&body, &synced)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "case %s", id)
	}
	if err != nil {
		return nil, err
	}
	var c cases.Case
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("sqlite: case body: %w", err)
	}
	var esc *crm.EscalationRecord
	e, err := scanEscRecord(db.sql.QueryRowContext(ctx, `SELECT `+escCols+` FROM escalations WHERE case_id = ?`, id).Scan)
	switch {
	case err == nil:
		esc = &e
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	hist, dec, err := backOffice(ctx, db.sql, []string{id})
	if err != nil {
		return nil, err
	}
	crm.Overlay(&c, esc, hist[id], dec[id])
	return &crm.StoredCase{Case: &c, SyncedAt: fromUS(synced)}, nil
}

// ---- the back office

// ListEscalations returns escalations changed after q.Since, oldest first,
// each with its history and decisions.
func (db *ServerDB) ListEscalations(ctx context.Context, q crm.EscalationQuery) ([]crm.EscalationStatus, error) {
	page, args := keyset{at: "updated_at", id: "case_id", owner: "agent"}.page(q.Page, q.Agent)
	rows, err := db.sql.QueryContext(ctx, `SELECT `+escCols+` FROM escalations`+page, args...)
	recs, err := dbsql.Rows(rows, err, scanEscRecord)
	if err != nil {
		return nil, err
	}
	return statuses(ctx, db.sql, recs)
}

func statuses(ctx context.Context, q querier, recs []crm.EscalationRecord) ([]crm.EscalationStatus, error) {
	ids := make([]string, len(recs))
	for i, e := range recs {
		ids[i] = e.CaseID
	}
	hist, dec, err := backOffice(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]crm.EscalationStatus, len(recs))
	for i, e := range recs {
		out[i] = crm.StatusOf(e, hist[e.CaseID], dec[e.CaseID])
	}
	return out, nil
}

// MoveEscalation records a move of the back office and its history line.
func (db *ServerDB) MoveEscalation(ctx context.Context, m crm.EscalationMove) (crm.EscalationStatus, error) {
	var out crm.EscalationStatus
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// The escalation first, then the key, as on PostgreSQL: a key sent
		// for a case with no escalation is answered not_found by both.
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT status FROM escalations WHERE case_id = ?`, m.CaseID).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return cases.Errorf(cases.ENotFound, "escalation of case %s", m.CaseID)
		}
		if err != nil {
			return err
		}
		if seen, err := claimKey(ctx, tx, m.By, m.Key, m.Fingerprint, m.Now); err != nil || seen {
			if err == nil {
				out, err = statusOf(ctx, tx, m.CaseID)
			}
			return err
		}
		from := cases.EscalationState(cur)
		if !from.CanMoveTo(m.To) {
			return crm.ErrTransition
		}
		var moves, bytes int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(length(CAST(comment AS BLOB)) + length(CAST(resolution AS BLOB))), 0)
			FROM escalation_events WHERE case_id = ?`, m.CaseID).Scan(&moves, &bytes); err != nil {
			return err
		}
		if err := crm.CheckHistoryRoom(moves, bytes, m.To, m.Comment, m.Resolution); err != nil {
			return err
		}
		if m.To.Final() {
			var body string
			if err := tx.QueryRowContext(ctx, `SELECT body FROM cases WHERE id = ?`, m.CaseID).Scan(&body); err != nil {
				return err
			}
			_, dec, err := backOffice(ctx, tx, []string{m.CaseID})
			if err != nil {
				return err
			}
			if err := crm.CheckDecided([]byte(body), dec[m.CaseID], m.To); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE escalations SET status = ?, note = ?, resolution = CASE WHEN ? <> '' THEN ? ELSE resolution END,
				updated_at = ?, updated_by = ? WHERE case_id = ?`,
			string(m.To), m.Comment, m.Resolution, m.Resolution, us(m.Now), m.By, m.CaseID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO escalation_events (case_id, at, by, from_status, to_status, comment, resolution) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			m.CaseID, us(m.Now), m.By, cur, string(m.To), m.Comment, m.Resolution); err != nil {
			return err
		}
		out, err = statusOf(ctx, tx, m.CaseID)
		return err
	})
	return out, err
}

// DecideAction records a supervisor's decision on an action above
// authority.
func (db *ServerDB) DecideAction(ctx context.Context, d crm.ActionDecision) (crm.EscalationStatus, error) {
	var out crm.EscalationStatus
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var body string
		err := tx.QueryRowContext(ctx, `SELECT c.body FROM cases c JOIN escalations e ON e.case_id = c.id WHERE c.id = ?`, d.CaseID).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return cases.Errorf(cases.ENotFound, "escalation of case %s", d.CaseID)
		}
		if err != nil {
			return err
		}
		if seen, err := claimKey(ctx, tx, d.By, d.Key, d.Fingerprint, d.Now); err != nil || seen {
			if err == nil {
				out, err = statusOf(ctx, tx, d.CaseID)
			}
			return err
		}
		a, err := crm.CheckDecision([]byte(body), d)
		if err != nil {
			return err
		}
		// One decision per action; one on another action or amount at
		// this position (the agent changed it since) is replaced: what is
		// there now has not been decided.
		res, err := tx.ExecContext(ctx, `INSERT INTO action_decisions (case_id, action, approved, by, at, comment, action_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (case_id, action) DO UPDATE SET approved = excluded.approved, by = excluded.by, at = excluded.at, comment = excluded.comment,
				action_id = excluded.action_id, amount = excluded.amount
			WHERE action_decisions.action_id <> '' AND (action_decisions.action_id <> excluded.action_id OR action_decisions.amount <> excluded.amount)`,
			d.CaseID, d.Action, d.Approved, d.By, us(d.Now), d.Comment, a.ID, a.Amount)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return crm.ErrDecided
		}
		// The agent's desk pulls escalations changed since its last look.
		if _, err := tx.ExecContext(ctx, `UPDATE escalations SET updated_at = ?, updated_by = ? WHERE case_id = ?`, us(d.Now), d.By, d.CaseID); err != nil {
			return err
		}
		out, err = statusOf(ctx, tx, d.CaseID)
		return err
	})
	return out, err
}

// claimKey records a back-office request's idempotency key in its
// transaction; seen reports a key its sender used before for the same
// request (a resend), and a key used for another request is
// ErrIdempotencyReused. No key, nothing to claim.
func claimKey(ctx context.Context, tx *sql.Tx, subject, key, fingerprint string, now time.Time) (seen bool, err error) {
	if key == "" {
		return false, nil
	}
	var fp string
	err = tx.QueryRowContext(ctx, `SELECT fingerprint FROM idempotency_keys WHERE subject = ? AND key = ?`, subject, key).Scan(&fp)
	switch {
	case err == nil && fp == fingerprint:
		return true, nil
	case err == nil:
		return false, crm.ErrIdempotencyReused
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO idempotency_keys (subject, key, fingerprint, status, response, created_at) VALUES (?, ?, ?, 200, x'', ?)`,
		subject, key, fingerprint, us(now))
	return false, err
}

func statusOf(ctx context.Context, tx *sql.Tx, id string) (crm.EscalationStatus, error) {
	e, err := scanEscRecord(tx.QueryRowContext(ctx, `SELECT `+escCols+` FROM escalations WHERE case_id = ?`, id).Scan)
	if err != nil {
		return crm.EscalationStatus{}, err
	}
	list, err := statuses(ctx, tx, []crm.EscalationRecord{e})
	if err != nil {
		return crm.EscalationStatus{}, err
	}
	return list[0], nil
}

// ListTeam pages through the team's escalations in the order crmd last
// changed them, each with its case and the back office's side on it.
func (db *ServerDB) ListTeam(ctx context.Context, q crm.TeamQuery) ([]crm.TeamEscalation, error) {
	page, args := keyset{at: "e.updated_at", id: "e.case_id"}.page(q.Page, "")
	rows, err := db.sql.QueryContext(ctx, `SELECT c.body, `+prefixed("e.", escCols)+` FROM escalations e JOIN cases c ON c.id = e.case_id`+page, args...)
	if err != nil {
		return nil, err
	}
	var out []crm.TeamEscalation
	var recs []crm.EscalationRecord
	size := 0
	for rows.Next() {
		var body string
		e, err := scanEscRecord(func(dest ...any) error {
			return rows.Scan(append([]any{&body}, dest...)...)
		})
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
			return nil, fmt.Errorf("sqlite: case body: %w", err)
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
	hist, dec, err := backOffice(ctx, db.sql, ids)
	if err != nil {
		return nil, err
	}
	for i, e := range recs {
		e := e
		crm.Overlay(out[i].Case, &e, hist[e.CaseID], dec[e.CaseID])
	}
	return out, nil
}

// prefixed qualifies each column of a list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
