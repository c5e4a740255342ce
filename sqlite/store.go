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

// Store implements cases.Store and cases.Settings.
var (
	_ cases.Store    = (*DB)(nil)
	_ cases.Settings = (*DB)(nil)
)

// Times are written at a fixed width, in UTC, so that their text order is
// their time order: RFC 3339 drops trailing zeros, and "00:00:00.25Z" sorts
// before "00:00:00Z" ('.' < 'Z'), which lost a case created in the first
// second of a report's range. Migration 00006 rewrote the older rows. They
// are read with timeParse, which takes both widths.
const (
	timeFmt   = "2006-01-02T15:04:05.000000000Z"
	timeParse = time.RFC3339Nano
)

func ts(t time.Time) string { return t.UTC().Format(timeFmt) }

// CreateCase inserts a new case, its events and, in production, its outbox row.
func (db *DB) CreateCase(ctx context.Context, c *cases.Case, events []cases.Event) error {
	return db.writeCase(ctx, c, events, func(tx *sql.Tx, body []byte) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO cases (id, version, agent, status, call_type, account, customer_name, ticket, reason_code, notes, search, created_at, updated_at, body)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Version, c.Agent, string(c.Status), c.CallType, c.Customer.Account, c.Customer.Name, ticketOf(c), c.Reason, c.Notes, searchOf(c), ts(c.CreatedAt), ts(c.UpdatedAt), string(body))
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return cases.Errorf(cases.EConflict, "case %s exists", c.ID)
			}
			return fmt.Errorf("sqlite: insert case: %w", err)
		}
		return nil
	})
}

// SaveCase writes c when the stored version is c.Version-1.
func (db *DB) SaveCase(ctx context.Context, c *cases.Case, events []cases.Event) error {
	return db.writeCase(ctx, c, events, func(tx *sql.Tx, body []byte) error {
		n, err := updateCaseRow(ctx, tx, c, body, c.Version-1)
		if err != nil {
			return fmt.Errorf("sqlite: update case: %w", err)
		}
		if n == 0 {
			var v int
			if err := tx.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = ?`, c.ID).Scan(&v); errors.Is(err, sql.ErrNoRows) {
				return cases.Errorf(cases.ENotFound, "case %s", c.ID)
			}
			return cases.Errorf(cases.EConflict, "case %s is at version %d, save was based on %d", c.ID, v, c.Version-1)
		}
		return nil
	})
}

// writeCase is what a new case and a saved one share: a training case never
// enters the production database, and the row, the events and the outbox
// row are one transaction, so a crash keeps all of them or none.
func (db *DB) writeCase(ctx context.Context, c *cases.Case, events []cases.Event, write func(tx *sql.Tx, body []byte) error) error {
	if db.Kind == Production && c.Training {
		return cases.Errorf(cases.EForbidden, "training case %s offered to the production database", c.ID)
	}
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := write(tx, body); err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, events); err != nil {
			return err
		}
		return db.enqueue(ctx, tx, c, body)
	})
}

// updateCaseRow writes c, and its columns the lists search, over the row
// still at version from; it returns how many rows it changed (0 or 1).
func updateCaseRow(ctx context.Context, tx *sql.Tx, c *cases.Case, body []byte, from int) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE cases SET version = ?, agent = ?, status = ?, call_type = ?, account = ?, customer_name = ?, ticket = ?, reason_code = ?, notes = ?, search = ?, updated_at = ?, body = ?
		WHERE id = ? AND version = ?`,
		c.Version, c.Agent, string(c.Status), c.CallType, c.Customer.Account, c.Customer.Name, ticketOf(c), c.Reason, c.Notes, searchOf(c), ts(c.UpdatedAt), string(body),
		c.ID, from)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// searchOf is what a search of the cases reads of c besides its IDs: the
// customer's name and the notes, folded once here rather than at every
// search (migration 00012). deskFold leaves no line break, so no search
// runs from the name into the notes.
func searchOf(c *cases.Case) string {
	return deskFold(c.Customer.Name) + "\n" + deskFold(c.Notes)
}

func ticketOf(c *cases.Case) string {
	if c.Escalation != nil {
		return c.Escalation.Ticket
	}
	return ""
}

func insertEvents(ctx context.Context, tx *sql.Tx, events []cases.Event) error {
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, at, kind, detail, actor) VALUES (?, ?, ?, ?, ?)`,
			e.CaseID, ts(e.At), e.Kind, e.Detail, e.Actor); err != nil {
			return fmt.Errorf("sqlite: insert event: %w", err)
		}
	}
	return nil
}

// enqueue writes the outbox row that will send this version to the CRM. The
// training database never syncs cases.
func (db *DB) enqueue(ctx context.Context, tx *sql.Tx, c *cases.Case, body []byte) error {
	if db.Kind != Production {
		return nil
	}
	key := fmt.Sprintf("case:%s:v%d", c.ID, c.Version)
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, owner) VALUES ('case', ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Version, key, string(body), ts(time.Now()), caseOwner(c))
	if err != nil {
		return fmt.Errorf("sqlite: outbox: %w", err)
	}
	return nil
}

// caseOwner is whose login sends a case: crmd takes one only from its own
// agent. A name no crmd account can have ("Ana Pérez", typed before the
// desk was connected) has no owner: the next login sends it, and crmd's
// refusal shows in the set-aside list rather than the case waiting for a
// login that can never come.
func caseOwner(c *cases.Case) string {
	if crm.ValidUsername(c.Agent) {
		return c.Agent
	}
	return ""
}

// GetCase returns one case. An ID not found as given is looked for as
// cases.NewID writes IDs, in capitals without spaces around: people read
// an ID aloud and type it back (agentctl case show, --open-case).
func (db *DB) GetCase(ctx context.Context, id string) (*cases.Case, error) {
	c, err := db.getCase(ctx, id)
	if norm := strings.ToUpper(strings.TrimSpace(id)); norm != id && cases.ErrorCode(err) == cases.ENotFound {
		if c, err := db.getCase(ctx, norm); err == nil {
			return c, nil
		}
	}
	return c, err
}

func (db *DB) getCase(ctx context.Context, id string) (*cases.Case, error) {
	var body string
	err := db.sql.QueryRowContext(ctx, `SELECT body FROM cases WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "case %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get case: %w", err)
	}
	var c cases.Case
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("sqlite: case %s: %w", id, err)
	}
	return &c, nil
}

// ListCases returns cases matching f, most recently updated first.
func (db *DB) ListCases(ctx context.Context, f cases.Filter) ([]*cases.Case, error) {
	var where []string
	var args []any
	if f.Agent != "" {
		where, args = append(where, "agent = ?"), append(args, f.Agent)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.Account != "" {
		where, args = append(where, "account = ?"), append(args, f.Account)
	}
	if f.ReasonCode != "" {
		where, args = append(where, "reason_code = ?"), append(args, f.ReasonCode)
	}
	if !f.From.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, ts(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "created_at < ?"), append(args, ts(f.To))
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + escapeLike(deskFold(t)) + "%"
		where = append(where, `(id LIKE ? ESCAPE '\' OR ticket LIKE ? ESCAPE '\' OR account LIKE ? ESCAPE '\' OR search LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like)
	}
	q := `SELECT body FROM cases`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY updated_at DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	out, err := dbsql.JSONRows[cases.Case](db.sql.QueryContext(ctx, q, args...))
	if err != nil {
		return nil, fmt.Errorf("sqlite: list cases: %w", err)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Timeline returns a case's events in order.
func (db *DB) Timeline(ctx context.Context, id string) ([]cases.Event, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT seq, case_id, at, kind, detail, actor FROM case_events WHERE case_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: timeline: %w", err)
	}
	defer rows.Close()
	var out []cases.Event
	for rows.Next() {
		var e cases.Event
		var at string
		if err := rows.Scan(&e.Seq, &e.CaseID, &at, &e.Kind, &e.Detail, &e.Actor); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(timeParse, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// UpsertCustomer stores or replaces a customer profile, its free texts
// redacted as crmd's stores keep them (crm.CustomerRecord): a card number
// typed into a new customer's name on the start form, or one a lookup
// brought, stops here. c gets the time it was stored under.
func (db *DB) UpsertCustomer(ctx context.Context, c *cases.Customer) error {
	clean, body, err := crm.CustomerRecord(c, time.Now())
	if err != nil {
		return err
	}
	c.UpdatedAt = clean.UpdatedAt
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO customers (account, name, updated_at, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (account) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, body = excluded.body`,
			clean.Account, clean.Name, ts(clean.UpdatedAt), string(body))
		return err
	})
}

// GetCustomer returns a cached customer profile.
func (db *DB) GetCustomer(ctx context.Context, account string) (*cases.Customer, error) {
	var body string
	err := db.sql.QueryRowContext(ctx, `SELECT body FROM customers WHERE account = ?`, strings.TrimSpace(account)).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "customer %s", account)
	}
	if err != nil {
		return nil, err
	}
	var c cases.Customer
	return &c, json.Unmarshal([]byte(body), &c)
}

// SearchCustomers finds customers by account prefix or name.
func (db *DB) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	if limit <= 0 {
		limit = 20
	}
	like := "%" + escapeLike(deskFold(strings.TrimSpace(q))) + "%"
	prefix := escapeLike(strings.TrimSpace(q)) + "%"
	return dbsql.JSONRows[cases.Customer](db.sql.QueryContext(ctx, `SELECT body FROM customers WHERE account LIKE ? ESCAPE '\' OR deskfold(name) LIKE ? ESCAPE '\' ORDER BY name LIMIT ?`, prefix, like, limit))
}

// GetSetting returns a setting, or "" when unset.
func (db *DB) GetSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if key == "db.kind" {
		return cases.Errorf(cases.EForbidden, "the database kind is fixed when the file is created")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
}

// AllSettings returns every setting.
func (db *DB) AllSettings(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// OutboxCount returns how many items wait to be synced and how many were
// set aside after the server refused them for good.
func (db *DB) OutboxCount(ctx context.Context) (pending, dead int, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT COALESCE(SUM(dead = 0), 0), COALESCE(SUM(dead = 1), 0) FROM outbox`).Scan(&pending, &dead)
	return
}

// SetSettings writes several settings in one transaction.
func (db *DB) SetSettings(ctx context.Context, kv map[string]string) error {
	if _, ok := kv["db.kind"]; ok {
		return cases.Errorf(cases.EForbidden, "the database kind is fixed when the file is created")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}
