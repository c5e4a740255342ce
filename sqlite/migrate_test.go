package sqlite_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"agentdesk/crm"
	"agentdesk/sqlite"
)

// A desk that recorded refusals as "http <status> <code>" text reads them
// as codes after migration 00003: the set-aside list and the conflict
// bookkeeping keep working on the rows written before.
func TestMigrationReasonCodes(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	src, err := os.ReadFile("migrations/00003_reason_codes.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(string(src), "-- +goose Down")
	for _, q := range []string{
		`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, dead, last_error) VALUES
			('case', 'C-1', 1, 'k1', '{}', '2026-01-01T00:00:00Z', 1, 'http 422 invalid'),
			('case', 'C-2', 1, 'k2', '{}', '2026-01-01T00:00:00Z', 1, 'conflict: crmd has version 3, this is 2'),
			('case', 'C-3', 1, 'k3', '{}', '2026-01-01T00:00:00Z', 0, 'offline'),
			('case', 'C-4', 1, 'k4', '{}', '2026-01-01T00:00:00Z', 0, 'http 503 unavailable')`,
		`INSERT INTO settings (key, value) VALUES ('crm.uploaded.a1', 'refused: http 422 invalid'), ('crm.uploaded.a2', '2026-01-01T00:00:00Z')`,
		up,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	rows, err := db.SQL().QueryContext(ctx, `SELECT last_error FROM outbox ORDER BY ref`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	rows.Close()
	if strings.Join(got, ",") != "invalid,precondition_failed,offline,unavailable" {
		t.Errorf("outbox reasons after the migration: %q", got)
	}
	aside, err := db.OutboxAside(ctx)
	if err != nil || len(aside) != 1 || aside[0].Reason != crm.CodeInvalid {
		t.Errorf("set aside: %+v %v", aside, err)
	}
	kv, _ := db.AllSettings(ctx)
	if kv["crm.uploaded.a1"] != "refused: invalid" || kv["crm.uploaded.a2"] != "2026-01-01T00:00:00Z" {
		t.Errorf("upload marks: %q %q", kv["crm.uploaded.a1"], kv["crm.uploaded.a2"])
	}
}

// Rows written before 00006 (RFC 3339 without trailing zeros) are
// rewritten at the fixed width, so a range or an order over them holds.
func TestMigrationFixedWidthTimes(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	src, err := os.ReadFile("migrations/00006_fixed_width_times.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(string(src), "-- +goose Down")
	for _, q := range []string{
		`INSERT INTO cases (id, version, agent, status, call_type, account, customer_name, ticket, reason_code, notes, created_at, updated_at, body) VALUES
			('C-1', 1, 'ana', 'closed', 'x', '', '', '', '', '', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00.25Z', '{}'),
			('C-2', 1, 'ana', 'closed', 'x', '', '', '', '', '', '2026-11-23T00:00:00.123456789Z', '2026-11-23T00:00:00.123456789Z', '{}')`,
		up,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT created_at || ' ' || updated_at FROM cases ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	rows.Close()
	want := "2026-11-23T00:00:00.000000000Z 2026-11-23T00:00:00.250000000Z,2026-11-23T00:00:00.123456789Z 2026-11-23T00:00:00.123456789Z"
	if strings.Join(got, ",") != want {
		t.Errorf("after the migration:\n%q\nwant\n%q", strings.Join(got, ","), want)
	}
}
