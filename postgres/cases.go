package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"agentdesk/crm"
	"agentdesk/internal/crmsql"
)

// crmd's cases and the back office's side of them on PostgreSQL. Several
// crmd instances write at once: a case row is locked (FOR NO KEY UPDATE,
// which leaves the foreign-key checks of the escalation and decision rows
// free: a decision locks its escalation row and then checks the case row,
// and FOR UPDATE deadlocked the two) while a
// write is decided, and the (subject, key) primary key settles two
// instances racing with the same idempotency key (ErrRetry: the loser
// decides again and replays the winner's answer).

// PutCase applies one case write with its idempotency key.
func (db *DB) PutCase(ctx context.Context, p crm.CasePut) (crm.CasePutResult, error) {
	o := db.PutCases(ctx, []crm.CasePut{p})[0]
	return o.Result, o.Err
}

// Concurrent case writes share transactions (group commit): each of a
// few committers takes every write waiting when it comes free and writes
// them together, in one transaction of two round trips (see
// putCasesPipelined). Every write is answered only after the transaction
// holding it committed. Measured with 32 desks writing at once
// (BenchmarkCaseUpsert), this took crmd on PostgreSQL from about 2,100
// writes a second, one transaction each, to about 2,700.

const (
	// maxGroup bounds the writes of one transaction.
	maxGroup = 256
	// committers write in parallel: a write waiting on a row another
	// instance holds does not stop every other one. More of them make
	// smaller groups, and each group costs a transaction.
	committers = 2
)

func (db *DB) startCommitter() {
	db.cases = crm.NewCaseQueue(maxGroup, errors.New("postgres: the database is closing"))
	for range committers {
		db.committers.Add(1)
		go db.commitLoop()
	}
}

// stopCommitter lets no more jobs in, writes the ones queued, and waits
// for the committers.
func (db *DB) stopCommitter() {
	if db.cases.Close() {
		db.committers.Wait()
	}
}

func (db *DB) commitLoop() {
	defer db.committers.Done()
	for {
		first, ok := db.cases.Next()
		if !ok {
			return
		}
		group, _ := db.cases.Group(first, maxGroup)
		db.commitGroup(group)
	}
}

// commitGroup writes the jobs of group in one transaction; a write whose
// request has gone is not written.
func (db *DB) commitGroup(group []*crm.CaseJob) {
	var puts []crm.CasePut
	var pres []*crm.CaseWrite
	type at struct{ j, i int }
	var where []at
	for k, j := range group {
		for i, p := range j.Puts {
			if err := j.Ctx.Err(); err != nil {
				j.Out[i].Err = err
				continue
			}
			puts, pres, where = append(puts, p), append(pres, j.Pre[i]), append(where, at{k, i})
		}
	}
	if len(puts) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, ok := db.putCasesPipelined(ctx, puts, pres)
		if !ok {
			out = db.putCasesOneByOne(ctx, puts)
		}
		cancel()
		for k, w := range where {
			group[w.j].Out[w.i] = out[k]
		}
	}
	for _, j := range group {
		j.Finish()
	}
}

// PutCases writes several cases, each decided on its own, in a committer's
// next transaction.
func (db *DB) PutCases(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	return db.cases.Put(ctx, ps)
}

// putCasesPipelined writes a group in one transaction of two round trips,
// pipelined with pgx: the case rows locked and the keys read together,
// then every write and the commit together. ok is false, and nothing of
// the group committed, when it must be done one write at a time instead
// (putCasesOneByOne): a case or a key twice in the group, a create or a
// key another instance committed meanwhile, any database error. pres, when
// not nil, holds crm.DecideNew of each put.
func (db *DB) putCasesPipelined(ctx context.Context, ps []crm.CasePut, pres []*crm.CaseWrite) (out []crm.CasePutOutcome, ok bool) {
	ids := make([]string, 0, len(ps))
	subjects, keys := make([]string, len(ps)), make([]string, len(ps))
	seenID, seenKey := map[string]bool{}, map[[2]string]bool{}
	for i, p := range ps {
		if p.Case != nil {
			if seenID[p.Case.ID] {
				return nil, false // the second write depends on the first
			}
			seenID[p.Case.ID] = true
			ids = append(ids, p.Case.ID)
		}
		k := [2]string{p.Subject, p.Key}
		if seenKey[k] {
			return nil, false
		}
		seenKey[k] = true
		subjects[i], keys[i] = p.Subject, p.Key
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, false
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		out, ok = pipeline(ctx, pc, ps, pres, ids, subjects, keys)
		if pc.PgConn().TxStatus() == 'I' {
			return nil
		}
		// A failed batch leaves its transaction open (or aborted): end it
		// here, or hand the connection back to be thrown away.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := pc.Exec(rctx, "ROLLBACK"); err != nil || pc.PgConn().TxStatus() != 'I' {
			return driver.ErrBadConn
		}
		return nil
	})
	if err != nil {
		return nil, false
	}
	return out, ok
}

// pipeline runs the two round trips of putCasesPipelined on one
// connection.
func pipeline(ctx context.Context, pc *pgx.Conn, ps []crm.CasePut, pres []*crm.CaseWrite, ids, subjects, keys []string) ([]crm.CasePutOutcome, bool) {
	// Round trip 1: begin, lock the rows in a fixed order (two batches
	// locking the same cases cannot deadlock), read the keys. Under READ
	// COMMITTED the key query's snapshot is taken after the locks are
	// held, so a concurrent write of the same request that held one is
	// seen here as a key, and replayed, as in the one-by-one path.
	rb := &pgx.Batch{}
	rb.Queue("BEGIN")
	// One write (a PUT) reads by equality: PostgreSQL plans a statement
	// over an array anew on every run, which costs more than the lookup.
	if len(ps) == 1 && len(ids) == 1 {
		rb.Queue(`SELECT id, version, agent, created_at, EXISTS (SELECT 1 FROM escalations e WHERE e.case_id = cases.id),
				COALESCE((SELECT priority FROM escalations e WHERE e.case_id = cases.id), ''), body->'actions'
			FROM cases WHERE id = $1 FOR NO KEY UPDATE`, ids[0])
		rb.Queue(`SELECT subject, key, fingerprint, status, response FROM idempotency_keys WHERE subject = $1 AND key = $2`, subjects[0], keys[0])
	} else {
		rb.Queue(`SELECT id, version, agent, created_at, EXISTS (SELECT 1 FROM escalations e WHERE e.case_id = cases.id),
				COALESCE((SELECT priority FROM escalations e WHERE e.case_id = cases.id), ''), body->'actions'
			FROM cases WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, ids)
		rb.Queue(`SELECT k.subject, k.key, k.fingerprint, k.status, k.response FROM idempotency_keys k
			JOIN unnest($1::text[], $2::text[]) AS q(subject, key) ON k.subject = q.subject AND k.key = q.key`, subjects, keys)
	}
	br := pc.SendBatch(ctx, rb)
	prev := map[string]crm.CaseRow{}
	seen := map[[2]string]crm.KeyRow{}
	err := func() error {
		if _, err := br.Exec(); err != nil {
			return err
		}
		rows, err := br.Query()
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var r crm.CaseRow
			var actions []byte
			if err := rows.Scan(&id, &r.Version, &r.Agent, &r.CreatedAt, &r.Escalated, &r.Priority, &actions); err != nil {
				rows.Close()
				return err
			}
			r.CreatedAt = r.CreatedAt.UTC()
			r.Actions = crm.StoredActions(actions)
			prev[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if rows, err = br.Query(); err != nil {
			return err
		}
		for rows.Next() {
			var sub, key string
			var k crm.KeyRow
			var status int
			if err := rows.Scan(&sub, &key, &k.Fingerprint, &status, &k.Response); err != nil {
				rows.Close()
				return err
			}
			k.Created = crmsql.KeyCreated(status)
			seen[[2]string{sub, key}] = k
		}
		rows.Close()
		return rows.Err()
	}()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, false
	}

	// Decide each write, as putCase does, and queue what it writes.
	out := make([]crm.CasePutOutcome, len(ps))
	wb := &pgx.Batch{}
	for i, p := range ps {
		var row *crm.CaseRow
		if p.Case != nil {
			if r, ok := prev[p.Case.ID]; ok {
				row = &r
			}
		}
		var key *crm.KeyRow
		if k, ok := seen[[2]string{p.Subject, p.Key}]; ok {
			key = &k
		}
		var w crm.CaseWrite
		var err error
		if i < len(pres) && pres[i] != nil && row == nil && key == nil {
			w = *pres[i]
		} else {
			w, err = crm.DecideCaseWrite(row, key, p)
		}
		out[i] = crm.CasePutOutcome{Result: w.Result, Err: err}
		if err != nil || w.Replay {
			continue
		}
		queueCaseWrite(wb, p, w)
	}
	// Round trip 2: the writes and the commit.
	wb.Queue("COMMIT")
	br = pc.SendBatch(ctx, wb)
	var tag pgconn.CommandTag
	for range wb.Len() {
		if tag, err = br.Exec(); err != nil {
			break
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	// COMMIT of a transaction that failed answers ROLLBACK, not an error.
	if err != nil || tag.String() != "COMMIT" {
		return nil, false
	}
	return out, true
}

// queueCaseWrite queues the statements putCase would run for w.
func queueCaseWrite(b *pgx.Batch, p crm.CasePut, w crm.CaseWrite) {
	c := w.Case
	now := pt(p.Now)
	if w.Create {
		b.Queue(`INSERT INTO cases (id, version, agent, status, account, created_at, synced_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			c.ID, c.Version, c.Agent, string(c.Status), c.Customer.Account, pt(c.CreatedAt), now, string(w.Body))
	} else {
		b.Queue(`UPDATE cases SET version = $1, status = $2, account = $3, synced_at = $4, body = $5 WHERE id = $6 AND version = $7`,
			c.Version, string(c.Status), c.Customer.Account, now, string(w.Body), c.ID, c.Version-1)
	}
	if e := w.Escalation; e != nil {
		b.Queue(upsertEscalation, e.CaseID, e.Ticket, e.Agent, string(e.Status), pt(e.UpdatedAt), e.Priority, e.CallType, e.ReasonCode,
			e.Customer, e.Account, pt(e.ReceivedAt), pt(e.DueAt))
	}
	b.Queue(insertKey, p.Subject, p.Key, p.Fingerprint, crmsql.KeyStatus(w.Result.Created), w.Result.Response, now)
}

// The back office owns the status and its times: a case write records an
// escalation once, then only refreshes what the queue shows of the case
// and tells the team it changed.
const upsertEscalation = `INSERT INTO escalations (case_id, ticket, agent, status, note, updated_at, updated_by,
		priority, call_type, reason_code, customer, account, resolution, received_at, due_at)
	VALUES ($1, $2, $3, $4, '', $5, '', $6, $7, $8, $9, $10, '', $11, $12)
	ON CONFLICT (case_id) DO UPDATE SET ticket = excluded.ticket, call_type = excluded.call_type,
		reason_code = excluded.reason_code, customer = excluded.customer, account = excluded.account,
		updated_at = excluded.updated_at`

const insertKey = `INSERT INTO idempotency_keys (subject, key, fingerprint, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)`

// putCasesOneByOne is PutCases one write at a time, each in a savepoint.
func (db *DB) putCasesOneByOne(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	out := make([]crm.CasePutOutcome, len(ps))
	fail := func(err error) []crm.CasePutOutcome {
		for i := range out {
			if out[i].Err == nil {
				out[i] = crm.CasePutOutcome{Err: err}
			}
		}
		return out
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fail(fmt.Errorf("postgres: begin: %w", err))
	}
	for i, p := range ps {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT put`); err != nil {
			tx.Rollback()
			return fail(dialect.Busy(err))
		}
		res, err := putCase(ctx, tx, p)
		if err != nil {
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT put`); rerr != nil {
				tx.Rollback()
				return fail(rerr)
			}
		} else if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT put`); err != nil {
			tx.Rollback()
			return fail(dialect.Busy(err))
		}
		// A deadlock's victim is rolled back to its savepoint: nothing of
		// it stays, and crmd runs it again.
		out[i] = crm.CasePutOutcome{Result: res, Err: dialect.Busy(err)}
	}
	if err := tx.Commit(); err != nil {
		return fail(dialect.Busy(fmt.Errorf("postgres: commit: %w", err)))
	}
	return out
}

func putCase(ctx context.Context, tx *sql.Tx, p crm.CasePut) (crm.CasePutResult, error) {
	// The case row is locked before the key is read: a concurrent write of
	// the same request waits here for the first to commit, and then sees
	// its key and replays its answer instead of finding the version moved.
	var prev *crm.CaseRow
	if p.Case != nil {
		var r crm.CaseRow
		var actions []byte
		err := tx.QueryRowContext(ctx, `SELECT version, agent, created_at, EXISTS (SELECT 1 FROM escalations e WHERE e.case_id = cases.id),
				COALESCE((SELECT priority FROM escalations e WHERE e.case_id = cases.id), ''), body->'actions'
			FROM cases WHERE id = $1 FOR NO KEY UPDATE`, p.Case.ID).Scan(&r.Version, &r.Agent, &r.CreatedAt, &r.Escalated, &r.Priority, &actions)
		switch {
		case err == nil:
			r.CreatedAt = r.CreatedAt.UTC()
			r.Actions = crm.StoredActions(actions)
			prev = &r
		case !errors.Is(err, sql.ErrNoRows):
			return crm.CasePutResult{}, err
		}
	}
	key, err := dialect.ReadKey(ctx, tx, p.Subject, p.Key)
	if err != nil {
		return crm.CasePutResult{}, err
	}
	w, err := crm.DecideCaseWrite(prev, key, p)
	if err != nil || w.Replay {
		return w.Result, err
	}
	c := w.Case
	now := pt(p.Now)
	if w.Create {
		_, err = tx.ExecContext(ctx, `INSERT INTO cases (id, version, agent, status, account, created_at, synced_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			c.ID, c.Version, c.Agent, string(c.Status), c.Customer.Account, pt(c.CreatedAt), now, string(w.Body))
		if isUnique(err) {
			return crm.CasePutResult{}, crm.ErrRetry // created by another instance meanwhile: decide again
		}
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE cases SET version = $1, status = $2, account = $3, synced_at = $4, body = $5 WHERE id = $6 AND version = $7`,
			c.Version, string(c.Status), c.Customer.Account, now, string(w.Body), c.ID, c.Version-1)
	}
	if err != nil {
		return crm.CasePutResult{}, err
	}
	if e := w.Escalation; e != nil {
		if _, err := tx.ExecContext(ctx, upsertEscalation,
			e.CaseID, e.Ticket, e.Agent, string(e.Status), pt(e.UpdatedAt), e.Priority, e.CallType, e.ReasonCode,
			e.Customer, e.Account, pt(e.ReceivedAt), pt(e.DueAt)); err != nil {
			return crm.CasePutResult{}, err
		}
	}
	_, err = tx.ExecContext(ctx, insertKey, p.Subject, p.Key, p.Fingerprint, crmsql.KeyStatus(w.Result.Created), w.Result.Response, now)
	if isUnique(err) {
		return crm.CasePutResult{}, crm.ErrRetry // the same key committed meanwhile: the retry replays it
	}
	return w.Result, err
}
