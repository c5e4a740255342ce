package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// OutboxAside lists the items set aside, conflicts excepted (they are
// listed by OutboxConflicts), oldest first: every login's, as the hold on
// the versions after a refused one needs them.
func (db *DB) OutboxAside(ctx context.Context) ([]crm.AsideItem, error) {
	return db.OutboxAsideOf(ctx, "")
}

// OutboxAsideOf lists the items set aside that owner is shown: its own and
// those no login owns, or every one with owner "" (nobody logged in), as
// OutboxStats counts them. On a desk several people share, another
// agent's refused save is theirs to see at their login.
func (db *DB) OutboxAsideOf(ctx context.Context, owner string) ([]crm.AsideItem, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, kind, ref, version, last_error, created_at FROM outbox
		WHERE dead = 1 AND kind <> 'conflict' AND last_error <> 'precondition_failed' AND (:owner = '' OR owner IN ('', :owner))
		ORDER BY id`, sql.Named("owner", owner))
	if err != nil {
		return nil, fmt.Errorf("sqlite: outbox aside: %w", err)
	}
	defer rows.Close()
	var out []crm.AsideItem
	for rows.Next() {
		var it crm.AsideItem
		var created string
		if err := rows.Scan(&it.ID, &it.Kind, &it.CaseID, &it.Version, &it.Reason, &created); err != nil {
			return nil, err
		}
		it.CreatedAt, _ = time.Parse(timeParse, created)
		out = append(out, it)
	}
	return out, rows.Err()
}

// ResolveConflict ends a case's conflicts with the version a person chose,
// in one transaction. The case row becomes c if it is still at
// localVersion (else EConflict: the agent saved meanwhile and must see the
// conflict again). Every outbox row of the case goes: the refused version,
// crmd's copy, and the versions queued after the refused one, which were
// built on it and would be refused too. With resend, c is queued again
// based on crmd's version (c.Version-1), under a key never used before, so
// crmd cannot mistake it for a replay of the refused request.
func (db *DB) ResolveConflict(ctx context.Context, c *cases.Case, localVersion int, ev cases.Event, resend bool) error {
	if db.Kind != Production {
		return cases.Errorf(cases.EForbidden, "only the production database syncs")
	}
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		n, err := updateCaseRow(ctx, tx, c, body, localVersion)
		if err != nil {
			return fmt.Errorf("sqlite: resolve conflict: %w", err)
		}
		if n == 0 {
			return cases.Errorf(cases.EConflict, "case %s is no longer at version %d", c.ID, localVersion)
		}
		// The conflict's owner is the login it belongs to (an owner-less
		// save takes the sending login's with its conflict): the kept
		// version goes again under it. The case's agent may be a display
		// name, which would leave the row to whoever logs in next.
		owner := caseOwner(c)
		var conflictOwner string
		err = tx.QueryRowContext(ctx, `SELECT owner FROM outbox WHERE ref = ? AND kind = 'conflict' ORDER BY id DESC LIMIT 1`, c.ID).Scan(&conflictOwner)
		switch {
		case err == nil && conflictOwner != "":
			owner = conflictOwner
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sqlite: resolve conflict: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE ref = ? AND kind IN ('case', 'conflict')`, c.ID); err != nil {
			return fmt.Errorf("sqlite: resolve conflict: %w", err)
		}
		if ev.Kind != "" {
			ev.CaseID = c.ID
			if err := insertEvents(ctx, tx, []cases.Event{ev}); err != nil {
				return err
			}
		}
		if !resend {
			return nil
		}
		now := time.Now()
		key := fmt.Sprintf("case:%s:v%d:r%d", c.ID, c.Version, now.UnixNano())
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, owner) VALUES ('case', ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Version, key, string(body), ts(now), owner)
		if err != nil {
			return fmt.Errorf("sqlite: outbox: %w", err)
		}
		return nil
	})
}
