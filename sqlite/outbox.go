package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"agentdesk/crm"
)

// The desktop side of sync: crm.Worker reads the outbox through these
// methods, each one transaction. Rows leave the outbox when crmd has
// acknowledged them; rows crmd refused for good stay, set aside (dead = 1),
// for a person to see; a conflict keeps crmd's version in a row of kind
// "conflict" beside the local one, so neither is ever overwritten silently.

var _ crm.Outbox = (*DB)(nil)

// nextFmt has a fixed width, so next_at compares as text in time order
// (” sorts first: due at once).
const nextFmt = "2006-01-02T15:04:05.000000000Z"

func nextTS(t time.Time) string { return t.UTC().Format(nextFmt) }

// DueOutbox returns up to limit items due at now that owner may send,
// oldest first: only the oldest pending item of each case, so a case's
// versions go out in order and a version waiting on a retry holds back
// the ones after it. A supervisor's moves and decisions on a case are one
// such line: a move to resolved goes out after the decision made before
// it, which crmd needs first, also when that decision waits on a retry.
// Another user's items are not read at all: a backlog of theirs must not
// fill every batch of this login's. An item put off to more than
// crm.OutboxFarAhead after now was put off by a clock set back since, and
// is due.
func (db *DB) DueOutbox(ctx context.Context, owner string, now time.Time, limit int) ([]crm.OutboxItem, error) {
	return db.DueOutboxExcept(ctx, owner, now, limit, nil, nil)
}

// DueOutboxExcept is DueOutbox leaving out the items skip: the worker's
// retries of the pass, which stay due (agentctl sync) and still hold back
// their cases' later items, but are not read again, bodies and all, by
// every later query of the pass. It leaves out the case versions of the
// cases held too (a conflict waits for a person: desksync's
// HoldConflicts), rather than read along and dropped, one more row for
// each such case in every batch.
func (db *DB) DueOutboxExcept(ctx context.Context, owner string, now time.Time, limit int, skip []int64, held []string) ([]crm.OutboxItem, error) {
	// One parameter however many: a long backlog's retries would pass
	// SQLite's limit on bound parameters.
	ids := []byte("[")
	for i, id := range skip {
		if i > 0 {
			ids = append(ids, ',')
		}
		ids = strconv.AppendInt(ids, id, 10)
	}
	ids = append(ids, ']')
	heldJSON := []byte("[]") // json_each of a JSON null is one row, NULL, which no NOT IN passes
	if len(held) > 0 {
		var err error
		if heldJSON, err = json.Marshal(held); err != nil {
			return nil, err
		}
	}
	var out []crm.OutboxItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.kind, o.ref, o.version, o.idempotency_key, o.body, o.attempts, o.created_at, o.owner
			FROM outbox o
			WHERE +o.dead = 0 AND (+o.next_at <= ? OR +o.next_at > ?) AND (o.owner = '' OR o.owner = ?)
			  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.kind = o.kind AND p.ref = o.ref AND p.dead = 0 AND p.id < o.id)
			  AND (o.kind NOT IN (?, ?) OR NOT EXISTS (SELECT 1 FROM outbox p WHERE p.kind IN (?, ?) AND p.ref = o.ref AND p.dead = 0 AND p.id < o.id))
			  AND o.id NOT IN (SELECT value FROM json_each(?))
			  AND (o.kind <> ? OR o.ref NOT IN (SELECT value FROM json_each(?)))
			ORDER BY o.id LIMIT ?`, nextTS(now), nextTS(now.Add(crm.OutboxFarAhead)), owner, crm.OutboxMove, crm.OutboxDecision, crm.OutboxMove, crm.OutboxDecision,
			string(ids), crm.OutboxCase, string(heldJSON), limit)
		if err != nil {
			return fmt.Errorf("sqlite: due outbox: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var it crm.OutboxItem
			var body, created string
			if err := rows.Scan(&it.ID, &it.Kind, &it.Ref, &it.Version, &it.Key, &body, &it.Attempts, &created, &it.Owner); err != nil {
				return err
			}
			it.Body = []byte(body)
			it.CreatedAt, _ = time.Parse(timeParse, created)
			out = append(out, it)
		}
		return rows.Err()
	})
	return out, err
}

// MarkOutboxSent removes acknowledged items in one transaction: a batch of
// a hundred costs one fsync, not a hundred.
func (db *DB) MarkOutboxSent(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `DELETE FROM outbox WHERE id = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range ids {
			if _, err := st.ExecContext(ctx, id); err != nil {
				return fmt.Errorf("sqlite: outbox sent: %w", err)
			}
		}
		return nil
	})
}

// RescheduleOutbox records a failed attempt and when to try again.
func (db *DB) RescheduleOutbox(ctx context.Context, id int64, attempts int, next time.Time, reason crm.Code) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = ?, next_at = ?, last_error = ? WHERE id = ? AND dead = 0`,
			attempts, nextTS(next), truncate(string(reason)), id)
		return err
	})
}

// setAsideSQL sets item :id aside for :reason; an item without an owner
// becomes :sender's, the login it went under (crm.Outbox.SetOutboxAside).
const setAsideSQL = `UPDATE outbox SET dead = 1, last_error = :reason,
	owner = CASE WHEN owner = '' THEN :sender ELSE owner END WHERE id = :id`

// SetOutboxAside stops sending an item; it stays, with the reason, and
// with sender as its owner if it had none, in one transaction: no crash
// can leave a refusal shown to every login on the desk.
func (db *DB) SetOutboxAside(ctx context.Context, id int64, reason crm.Code, sender string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, setAsideSQL, sql.Named("reason", truncate(string(reason))), sql.Named("sender", sender), sql.Named("id", id))
		return err
	})
}

// RecordOutboxConflict sets the item aside (taking sender as its owner if
// it had none) and keeps crmd's version in a "conflict" row keyed by the
// item, with the item's owner, in one transaction.
func (db *DB) RecordOutboxConflict(ctx context.Context, id int64, serverVersion int, server []byte, sender string) error {
	reason := string(crm.CodePreconditionFailed)
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, setAsideSQL, sql.Named("reason", reason), sql.Named("sender", sender), sql.Named("id", id)); err != nil {
			return err
		}
		var ref, owner string
		if err := tx.QueryRowContext(ctx, `SELECT ref, owner FROM outbox WHERE id = ?`, id).Scan(&ref, &owner); err != nil {
			return fmt.Errorf("sqlite: outbox conflict: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, dead, last_error, owner)
			VALUES ('conflict', ?, ?, ?, ?, ?, 1, ?, ?)
			ON CONFLICT (idempotency_key) DO UPDATE SET version = excluded.version, body = excluded.body, created_at = excluded.created_at, owner = excluded.owner`,
			ref, serverVersion, conflictKey(id), string(server), ts(time.Now()), reason, owner)
		return err
	})
}

func conflictKey(id int64) string { return fmt.Sprintf("conflict:%d", id) }

// OutboxConflicts lists the recorded conflicts, local and crmd's version
// side by side.
func (db *DB) OutboxConflicts(ctx context.Context) ([]crm.Conflict, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT l.id, l.ref, l.owner, l.version, l.body, c.version, c.body
		FROM outbox c JOIN outbox l ON c.idempotency_key = 'conflict:' || l.id
		WHERE c.kind = 'conflict' ORDER BY l.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []crm.Conflict
	for rows.Next() {
		var c crm.Conflict
		var local, server string
		if err := rows.Scan(&c.OutboxID, &c.CaseID, &c.Owner, &c.LocalVersion, &local, &c.ServerVersion, &server); err != nil {
			return nil, err
		}
		c.Local, c.Server = []byte(local), []byte(server)
		out = append(out, c)
	}
	return out, rows.Err()
}

// OutboxHolds is what holds cases back from sending (desksync's
// HoldConflicts) without the bodies OutboxConflicts and OutboxAside carry:
// the cases with a conflict recorded, each once, and the versions of
// cases crmd refused for good (whatever their owner, as OutboxAside).
// The worker reads it before every batch.
func (db *DB) OutboxHolds(ctx context.Context) (conflicted []string, refused map[string][]int, err error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT l.ref
		FROM outbox c JOIN outbox l ON c.idempotency_key = 'conflict:' || l.id
		WHERE c.kind = 'conflict'`)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: outbox holds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, nil, err
		}
		conflicted = append(conflicted, ref)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()
	rows, err = db.sql.QueryContext(ctx, `SELECT ref, version FROM outbox
		WHERE dead = 1 AND kind = ? AND last_error <> 'precondition_failed'`, crm.OutboxCase)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: outbox holds: %w", err)
	}
	defer rows.Close()
	refused = map[string][]int{}
	for rows.Next() {
		var ref string
		var v int
		if err := rows.Scan(&ref, &v); err != nil {
			return nil, nil, err
		}
		refused[ref] = append(refused[ref], v)
	}
	return conflicted, refused, rows.Err()
}

// outboxStatsSQL counts the outbox for OutboxStats. Others: the other
// users' items, and this user's queued behind one of theirs (of the same
// kind on the same case, or, for a supervisor's moves and decisions, of
// either: they go out in one line, DueOutbox). Both are found from the
// other users' items (p), by owner (two ranges around this user's name,
// so none of this user's thousands is read), and the ones behind them
// looked up by kind and case, each kind written out so the lookup stays
// on the owner index (TestOutboxStatsStaysOnTheIndex): the counts are
// read after every batch of a drain.
const outboxStatsSQL = `WITH p AS (
		SELECT kind, ref, id FROM outbox INDEXED BY outbox_owner WHERE dead = 0 AND :owner <> '' AND owner > '' AND owner < :owner
		UNION ALL
		SELECT kind, ref, id FROM outbox INDEXED BY outbox_owner WHERE dead = 0 AND :owner <> '' AND owner > :owner)
	SELECT
		(SELECT COUNT(*) FROM outbox WHERE dead = 0),
		(SELECT COUNT(*) FROM p)
		+ (SELECT COUNT(DISTINCT id) FROM (
			SELECT o.id FROM p CROSS JOIN outbox o ON o.kind = p.kind AND o.ref = p.ref AND o.dead = 0 AND o.id > p.id AND o.owner IN ('', :owner)
			UNION ALL
			SELECT o.id FROM p CROSS JOIN outbox o ON p.kind = :move AND o.kind = :decision AND o.ref = p.ref AND o.dead = 0 AND o.id > p.id AND o.owner IN ('', :owner)
			UNION ALL
			SELECT o.id FROM p CROSS JOIN outbox o ON p.kind = :decision AND o.kind = :move AND o.ref = p.ref AND o.dead = 0 AND o.id > p.id AND o.owner IN ('', :owner))),
		(SELECT COUNT(*) FROM outbox WHERE dead = 1 AND kind <> 'conflict' AND last_error <> 'precondition_failed' AND (:owner = '' OR owner IN ('', :owner))),
		(SELECT COUNT(*) FROM outbox WHERE dead = 1 AND kind = 'conflict' AND (:owner = '' OR owner IN ('', :owner)))`

// OutboxStats counts what waits for owner and for others, what crmd
// refused for good of owner's, and owner's conflicts recorded (a conflict's two rows
// count once, as a conflict). An item of owner's queued behind another
// user's on the same case (a supervisor's move after a colleague's on a
// shared desk) cannot go before it, so it counts as waiting for others.
func (db *DB) OutboxStats(ctx context.Context, owner string) (crm.OutboxCounts, error) {
	// Counts on the dead-first index rather than one pass summing over
	// every row: the drain asks after every batch.
	var n crm.OutboxCounts
	var waiting int
	err := db.sql.QueryRowContext(ctx, outboxStatsSQL, sql.Named("owner", owner),
		sql.Named("move", crm.OutboxMove), sql.Named("decision", crm.OutboxDecision)).Scan(&waiting, &n.Others, &n.Aside, &n.Conflicts)
	n.Pending = waiting - n.Others
	return n, err
}

// OutboxBody is what item id sends (or sent, when crmd refused it): a
// refused decision's body says which amount it was for, which its row
// does not.
func (db *DB) OutboxBody(ctx context.Context, id int64) ([]byte, error) {
	var body string
	if err := db.sql.QueryRowContext(ctx, `SELECT body FROM outbox WHERE id = ?`, id).Scan(&body); err != nil {
		return nil, fmt.Errorf("sqlite: outbox body: %w", err)
	}
	return []byte(body), nil
}

// truncate keeps last_error short; it holds a code, never content, but a
// bound costs nothing.
func truncate(s string) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
