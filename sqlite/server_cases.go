package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"agentdesk/crm"
	"agentdesk/internal/crmsql"
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
		err = dialect.Busy(err)
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
			j.Out[i] = crm.CasePutOutcome{Result: res, Err: dialect.Busy(err)}
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
	key, err := dialect.ReadKey(ctx, tx, p.Subject, p.Key)
	if err != nil {
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
	_, err = tx.ExecContext(ctx, insertKey, p.Subject, p.Key, p.Fingerprint, crmsql.KeyStatus(w.Result.Created), w.Result.Response, us(p.Now))
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
	_, err = tx.ExecContext(ctx, insertKey, p.Subject, p.Key, p.Fingerprint, crmsql.KeyStatus(true), pre.Result.Response, us(p.Now))
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
