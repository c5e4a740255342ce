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
)

// The team's escalations on a supervisor's desk (cases.TeamStore).

var _ cases.TeamStore = (*DB)(nil)

// settingTeamRefreshed is when crmd last answered a refresh of the queue;
// settingTeamCursor, crmd's address and the time of the last change read.
const (
	settingTeamRefreshed = "team.refreshed"
	settingTeamCursor    = "team.cursor"
)

// sortTS writes a time so that text order is time order (fixed width, UTC).
func sortTS(t time.Time) string { return t.UTC().Format(nextFmt) }

func fromSortTS(s string) time.Time {
	t, _ := time.Parse(nextFmt, s)
	return t
}

// teamRow is what the queue's columns hold of a case.
func teamRow(c *cases.Case) (cases.TeamRow, error) {
	e := c.Escalation
	if e == nil {
		return cases.TeamRow{}, cases.Errorf(cases.EInvalid, "case %s has no escalation", c.ID)
	}
	return cases.TeamRow{
		CaseID: c.ID, Ticket: e.Ticket, Agent: c.Agent, Customer: c.Customer.Name, Account: cases.MaskAccount(c.Customer.Account),
		Priority: e.Priority, CallType: c.CallType, ReasonCode: c.Reason, Status: e.Status, ReceivedAt: e.ReceivedAt, DueAt: e.DueAt,
		UpdatedAt: c.LastChange(), Undecided: c.Undecided(),
	}, nil
}

// putTeamRow writes a team case: crmd's as a refresh or a settle has it
// (pending false), or with an action of this desk on it (pending). crmd's
// copy held for the settle (crmd_body) stays while an action waits and
// goes once the body is crmd's.
func putTeamRow(ctx context.Context, tx *sql.Tx, c *cases.Case, pending bool) error {
	r, err := teamRow(c)
	if err != nil {
		return err
	}
	status := r.Status
	if status == "" {
		status = cases.EscReceived
	}
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO team_cases (case_id, ticket, agent, customer, account, priority, call_type, reason_code,
			status, received_at, due_at, updated_at, undecided, pending, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET ticket = excluded.ticket, agent = excluded.agent, customer = excluded.customer,
			account = excluded.account, priority = excluded.priority, call_type = excluded.call_type, reason_code = excluded.reason_code,
			status = excluded.status, received_at = excluded.received_at, due_at = excluded.due_at, updated_at = excluded.updated_at,
			undecided = excluded.undecided, pending = excluded.pending, body = excluded.body,
			crmd_body = CASE WHEN excluded.pending THEN team_cases.crmd_body END
		WHERE team_cases.body <> excluded.body OR team_cases.pending <> excluded.pending
			OR (NOT excluded.pending AND team_cases.crmd_body IS NOT NULL)`,
		r.CaseID, r.Ticket, r.Agent, r.Customer, r.Account, r.Priority, r.CallType, r.ReasonCode,
		string(status), sortTS(r.ReceivedAt), sortTS(r.DueAt), sortTS(r.UpdatedAt), r.Undecided, pending, string(body))
	return err
}

// PutTeamCases stores the cases crmd sent, in one transaction. A case with
// a move or decision of this desk still waiting in the outbox keeps what
// the supervisor did until crmd has it, and crmd's copy is kept beside it
// for the settle: the cursor moves past this read, and no later refresh
// brings the case again unless it changes on crmd again. Escalations
// closed longer than cases.TeamKeepClosed ago (by crmd's time of their
// last change) are not kept, so the desk's copy stays the size of the
// team's recent work.
func (db *DB) PutTeamCases(ctx context.Context, list []*cases.Case, refreshed time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if !refreshed.IsZero() {
			// An amount still undecided keeps its case: the supervisor must
			// be able to reach it, however long ago it was closed.
			if _, err := tx.ExecContext(ctx, `DELETE FROM team_cases WHERE status IN (?, ?) AND pending = 0 AND undecided = 0 AND updated_at < ?`,
				string(cases.EscResolved), string(cases.EscRejected), sortTS(refreshed.Add(-cases.TeamKeepClosed))); err != nil {
				return err
			}
		}
		waiting, err := tx.PrepareContext(ctx, `SELECT COUNT(*) FROM outbox WHERE ref = ? AND kind IN (?, ?) AND dead = 0`)
		if err != nil {
			return err
		}
		defer waiting.Close()
		for _, c := range list {
			if c.Escalation == nil {
				continue
			}
			var n int
			if err := waiting.QueryRowContext(ctx, c.ID, crm.OutboxMove, crm.OutboxDecision).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				if err := holdTeamCase(ctx, tx, c); err != nil {
					return err
				}
				continue
			}
			if !refreshed.IsZero() && c.Escalation.Status.Final() && c.Undecided() == 0 && refreshed.Sub(c.LastChange()) > cases.TeamKeepClosed {
				if _, err := tx.ExecContext(ctx, `DELETE FROM team_cases WHERE case_id = ?`, c.ID); err != nil {
					return err
				}
				continue
			}
			if err := putTeamRow(ctx, tx, c, false); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			settingTeamRefreshed, ts(refreshed))
		return err
	})
}

// holdTeamCase keeps crmd's copy c of a case an action of this desk waits
// on, for SettleTeamCase. A case the desk does not hold (an action needs
// the case, but nothing here depends on it) is stored as crmd sent it
// rather than lost to the queue.
func holdTeamCase(ctx context.Context, tx *sql.Tx, c *cases.Case) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE team_cases SET crmd_body = ? WHERE case_id = ?`, string(body), c.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	return putTeamRow(ctx, tx, c, false)
}

// TeamQueue lists the rows f selects, the earliest due first.
func (db *DB) TeamQueue(ctx context.Context, f cases.TeamFilter) ([]cases.TeamRow, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		where, args = append(where, cond), append(args, v)
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.Open {
		where = append(where, "status NOT IN ('resolved', 'rejected')")
	}
	if f.Priority != "" {
		add("priority = ?", f.Priority)
	}
	if f.Agent != "" {
		add("agent = ?", f.Agent)
	}
	if f.CallType != "" {
		add("call_type = ?", f.CallType)
	}
	if f.Reason != "" {
		add("reason_code = ?", f.Reason)
	}
	// A time crmd did not send (escalations recorded before it kept them)
	// is stored as year 1: not known to be older than anything, nor due
	// before anything.
	unknown := sortTS(time.Time{})
	if f.OlderThan > 0 {
		add("received_at <> ?", unknown)
		add("received_at < ?", sortTS(f.Now.Add(-f.OlderThan)))
	}
	q := `SELECT case_id, ticket, agent, customer, account, priority, call_type, reason_code, status, received_at, due_at, updated_at,
		undecided, pending FROM team_cases`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	// The earliest due first, so the overdue lead; those without a due
	// time after every one that has one.
	q += " ORDER BY due_at = ?, due_at, case_id"
	args = append(args, unknown)
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: team queue: %w", err)
	}
	defer rows.Close()
	var out []cases.TeamRow
	for rows.Next() {
		var r cases.TeamRow
		var st, rec, due, upd string
		if err := rows.Scan(&r.CaseID, &r.Ticket, &r.Agent, &r.Customer, &r.Account, &r.Priority, &r.CallType, &r.ReasonCode,
			&st, &rec, &due, &upd, &r.Undecided, &r.Pending); err != nil {
			return nil, err
		}
		r.Status, r.ReceivedAt, r.DueAt, r.UpdatedAt = cases.EscalationState(st), fromSortTS(rec), fromSortTS(due), fromSortTS(upd)
		out = append(out, r)
	}
	return out, rows.Err()
}

// TeamAgents lists the agents with an escalation in the queue, sorted:
// the agent filter's choices, without reading the whole queue for them.
func (db *DB) TeamAgents(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT agent FROM team_cases ORDER BY agent`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: team agents: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// TeamCounts counts the escalations by state.
func (db *DB) TeamCounts(ctx context.Context) (map[cases.EscalationState]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT status, COUNT(*) FROM team_cases GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[cases.EscalationState]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[cases.EscalationState(st)] = n
	}
	return out, rows.Err()
}

// TeamCase returns a team case as the desk holds it.
func (db *DB) TeamCase(ctx context.Context, id string) (*cases.Case, error) {
	var body string
	err := db.sql.QueryRowContext(ctx, `SELECT body FROM team_cases WHERE case_id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "team case %s", id)
	}
	if err != nil {
		return nil, err
	}
	var c cases.Case
	return &c, json.Unmarshal([]byte(body), &c)
}

// TeamRefreshed is when crmd last answered a refresh of the queue.
func (db *DB) TeamRefreshed(ctx context.Context) (time.Time, error) {
	v, err := db.GetSetting(ctx, settingTeamRefreshed)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return time.Parse(timeParse, v)
}

// SettleTeamCase implements cases.TeamStore, in one transaction: b is laid
// on crmd's copy a refresh read while the actions waited, else on the
// case as the desk holds it.
func (db *DB) SettleTeamCase(ctx context.Context, id string, b cases.BackOffice) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE ref = ? AND kind IN (?, ?) AND dead = 0`,
			id, crm.OutboxMove, crm.OutboxDecision).Scan(&n); err != nil || n > 0 {
			return err
		}
		var body string
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(crmd_body, body) FROM team_cases WHERE case_id = ?`, id).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // not in the queue: nothing shows the action
		}
		if err != nil {
			return err
		}
		var c cases.Case
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			return err
		}
		c.ApplyBackOffice(b)
		return putTeamRow(ctx, tx, &c, false)
	})
}

// TeamCursor returns the crmd address and time SetTeamCursor recorded, or
// the start of time while a team case shows an action of this desk as
// waiting that no longer waits in the outbox: crmd took it and the desk
// stopped before the settle, or the settle failed. The refreshes skipped
// that case while the action waited and the cursor may be past crmd's
// change, so only a read from the start brings crmd's copy back.
func (db *DB) TeamCursor(ctx context.Context) (string, time.Time, error) {
	v, err := db.GetSetting(ctx, settingTeamCursor)
	if err != nil || v == "" {
		return "", time.Time{}, err
	}
	url, at, _ := strings.Cut(v, "\n")
	t, err := time.Parse(timeParse, at)
	if err != nil {
		return "", time.Time{}, nil // unreadable: read the queue from the start
	}
	var unsettled int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_cases t WHERE t.pending = 1 AND NOT EXISTS
		(SELECT 1 FROM outbox o WHERE o.ref = t.case_id AND o.kind IN (?, ?) AND o.dead = 0)`,
		crm.OutboxMove, crm.OutboxDecision).Scan(&unsettled); err != nil {
		return "", time.Time{}, err
	}
	if unsettled > 0 {
		return url, time.Time{}, nil
	}
	return url, t, nil
}

// SetTeamCursor records where the next refresh of the queue from url
// starts; a zero time reads it from the start.
func (db *DB) SetTeamCursor(ctx context.Context, url string, at time.Time) error {
	return db.SetSetting(ctx, settingTeamCursor, url+"\n"+ts(at))
}

// QueueTeamAction records a supervisor's move or decision: its outbox row,
// and the team case with it applied, in one transaction.
func (db *DB) QueueTeamAction(ctx context.Context, a cases.TeamAction) error {
	if db.Kind != Production {
		return cases.Errorf(cases.EForbidden, "only the production database syncs")
	}
	if a.Kind != crm.OutboxMove && a.Kind != crm.OutboxDecision {
		return cases.Errorf(cases.EInvalid, "team action %q", a.Kind)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		// The same action again after crmd refused it (a move to resolved
		// refused while a decision had not landed, made again once it
		// has): the key is the action's, and the refused row gives way.
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE idempotency_key = ? AND dead = 1`, a.Key); err != nil {
			return fmt.Errorf("sqlite: team action: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, owner) VALUES (?, ?, 0, ?, ?, ?, ?)`,
			a.Kind, a.CaseID, a.Key, string(a.Body), ts(time.Now()), a.Owner); err != nil {
			return fmt.Errorf("sqlite: team action: %w", err)
		}
		return putTeamRow(ctx, tx, a.Case, true)
	})
}
