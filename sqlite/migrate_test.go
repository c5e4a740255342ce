package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/sqlite"
)

// A desk that recorded refusals as "http <status> <code>" text reads them
// as codes after migration 00003: the set-aside list and the conflict
// bookkeeping keep working on the rows written before.
func TestMigrationReasonCodes(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	runSQL(t, db,
		`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, dead, last_error) VALUES
			('case', 'C-1', 1, 'k1', '{}', '2026-01-01T00:00:00Z', 1, 'http 422 invalid'),
			('case', 'C-2', 1, 'k2', '{}', '2026-01-01T00:00:00Z', 1, 'conflict: crmd has version 3, this is 2'),
			('case', 'C-3', 1, 'k3', '{}', '2026-01-01T00:00:00Z', 0, 'offline'),
			('case', 'C-4', 1, 'k4', '{}', '2026-01-01T00:00:00Z', 0, 'http 503 unavailable')`,
		`INSERT INTO settings (key, value) VALUES ('crm.uploaded.a1', 'refused: http 422 invalid'), ('crm.uploaded.a2', '2026-01-01T00:00:00Z')`,
		upMigration(t, "00003_reason_codes.sql", ""))
	got := column(t, db, `SELECT last_error FROM outbox ORDER BY ref`)
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
	runSQL(t, db,
		`INSERT INTO cases (id, version, agent, status, call_type, account, customer_name, ticket, reason_code, notes, created_at, updated_at, body) VALUES
			('C-1', 1, 'ana', 'closed', 'x', '', '', '', '', '', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00.25Z', '{}'),
			('C-2', 1, 'ana', 'closed', 'x', '', '', '', '', '', '2026-11-23T00:00:00.123456789Z', '2026-11-23T00:00:00.123456789Z', '{}')`,
		upMigration(t, "00006_fixed_width_times.sql", ""))
	got := column(t, db, `SELECT created_at || ' ' || updated_at FROM cases ORDER BY id`)
	want := "2026-11-23T00:00:00.000000000Z 2026-11-23T00:00:00.250000000Z,2026-11-23T00:00:00.123456789Z 2026-11-23T00:00:00.123456789Z"
	if strings.Join(got, ",") != want {
		t.Errorf("after the migration:\n%q\nwant\n%q", strings.Join(got, ","), want)
	}
}

// Rows written before 00007 get the owner their body names: a case's
// agent, when it can be a username. A body that is not JSON, another name,
// or a team action, stays without one and goes with any login, as before.
func TestMigrationOutboxOwner(t *testing.T) {
	db := open(t, sqlite.Production)
	// The column and its index exist already here: only the backfill
	// runs again.
	runSQL(t, db,
		`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at) VALUES
			('case', 'C-1', 1, 'k1', '{"id":"C-1","agent":"ana"}', '2026-01-01T00:00:00.000000000Z'),
			('case', 'C-2', 1, 'k2', 'not json', '2026-01-01T00:00:00.000000000Z'),
			('case', 'C-3', 1, 'k3', '{"agent":7}', '2026-01-01T00:00:00.000000000Z'),
			('case', 'C-5', 1, 'k5', '{"agent":"Ana Pérez"}', '2026-01-01T00:00:00.000000000Z'),
			('case', 'C-6', 1, 'k6', '{"agent":"ana.p_2-x"}', '2026-01-01T00:00:00.000000000Z'),
			('case', 'C-7', 1, 'k7', '{"agent":".ana"}', '2026-01-01T00:00:00.000000000Z'),
			('escalation_move', 'C-4', 0, 'k4', '{"status":"closed"}', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, dead)
			SELECT 'conflict', 'C-1', 2, 'conflict:' || id, '{"agent":"ana"}', created_at, 1 FROM outbox WHERE idempotency_key = 'k1'`,
		upMigration(t, "00007_outbox_owner.sql", "WHERE dead = 0;"))
	got := column(t, db, `SELECT kind || ':' || ref || '=' || owner FROM outbox ORDER BY id`)
	want := "case:C-1=ana,case:C-2=,case:C-3=,case:C-5=,case:C-6=ana.p_2-x,case:C-7=,escalation_move:C-4=,conflict:C-1=ana"
	if strings.Join(got, ",") != want {
		t.Errorf("owners after the migration:\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
}

// upMigration is a desk migration's Up part, from after the text after
// when given (what a test database, migrated already, must not run
// again).
func upMigration(t *testing.T, name, after string) string {
	t.Helper()
	src, err := os.ReadFile("migrations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(string(src), "-- +goose Down")
	if after != "" {
		var ok bool
		if _, up, ok = strings.Cut(up, after); !ok {
			t.Fatalf("%s: no %q", name, after)
		}
	}
	return up
}

// downTo takes a database back to where migration version left it: the
// Down of each later one, the newest first, and goose's record of them
// gone, as on a desk that has not run them yet.
func downTo(t *testing.T, db *sqlite.DB, version int) {
	t.Helper()
	files, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range slices.Backward(files) {
		n, err := strconv.Atoi(strings.SplitN(f.Name(), "_", 2)[0])
		if err != nil || n <= version {
			continue
		}
		src, err := os.ReadFile("migrations/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		_, down, _ := strings.Cut(string(src), "-- +goose Down")
		runSQL(t, db, down, fmt.Sprintf(`DELETE FROM goose_db_version WHERE version_id = %d`, n))
	}
}

// runSQL runs statements in order, each in its own call.
func runSQL(t *testing.T, db *sqlite.DB, statements ...string) {
	t.Helper()
	for _, q := range statements {
		if _, err := db.SQL().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// column is the one column query selects, row by row.
func column(t *testing.T, db *sqlite.DB, query string) []string {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Before 00010 sync noted in the desk's settings the login an owner-less
// item was refused under, or ended in a conflict under
// (sync.refused_under.<id>). 00010 makes that login the item's owner, and
// its conflict row's, as the worker now records it with the outcome, and
// removes the notes, as well as the desk-wide crm.last_sync nothing reads.
// An item with an owner keeps it, and one still waiting keeps none: it
// goes out under the next login.
func TestMigrationOwnerFromRefusedUnder(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	runSQL(t, db,
		`INSERT INTO outbox (id, kind, ref, version, idempotency_key, body, created_at, dead, last_error, owner) VALUES
			(1, 'case', 'C-1', 1, 'k1', '{}', '2026-01-01T00:00:00.000000000Z', 1, 'forbidden', ''),
			(2, 'case', 'C-1', 2, 'k2', '{}', '2026-01-01T00:00:00.000000000Z', 1, 'precondition_failed', ''),
			(3, 'conflict', 'C-1', 4, 'conflict:2', '{}', '2026-01-01T00:00:00.000000000Z', 1, 'precondition_failed', ''),
			(4, 'case', 'C-4', 1, 'k4', '{}', '2026-01-01T00:00:00.000000000Z', 1, 'forbidden', 'ben'),
			(5, 'case', 'C-5', 1, 'k5', '{}', '2026-01-01T00:00:00.000000000Z', 0, '', ''),
			(6, 'escalation_move', 'C-6', 0, 'k6', '{}', '2026-01-01T00:00:00.000000000Z', 1, 'forbidden', ''),
			(7, 'case', 'C-7', 1, 'k7', '{}', '2026-01-01T00:00:00.000000000Z', 1, 'forbidden', '')`,
		`INSERT INTO settings (key, value) VALUES
			('sync.refused_under.1', 'ana'), ('sync.refused_under.2', 'ana'), ('sync.refused_under.4', 'ana'),
			('sync.refused_under.5', 'ana'), ('sync.refused_under.6', 'cy'), ('sync.refused_under.7', ''),
			('sync.refused_under.999', 'ana'), ('sync.refused_underx1', 'ana'),
			('crm.last_sync', '2026-01-01T00:00:00Z'), ('sync.last_sync.ana', '2026-01-01T00:00:00Z'), ('crm.url', 'https://crm')`,
		upMigration(t, "00010_outbox_owner_from_notes.sql", ""))
	got := column(t, db, `SELECT id || '=' || owner FROM outbox ORDER BY id`)
	if want := "1=ana,2=ana,3=ana,4=ben,5=,6=cy,7="; strings.Join(got, ",") != want {
		t.Errorf("owners after the migration:\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
	kv, err := db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key  string
		kept bool
	}{
		{"sync.refused_under.1", false}, {"sync.refused_under.2", false}, {"sync.refused_under.4", false},
		{"sync.refused_under.5", false}, {"sync.refused_under.6", false}, {"sync.refused_under.7", false},
		{"sync.refused_under.999", false}, {"crm.last_sync", false},
		{"sync.refused_underx1", true}, {"sync.last_sync.ana", true}, {"crm.url", true},
	} {
		if _, ok := kv[tc.key]; ok != tc.kept {
			t.Errorf("setting %s: kept %v, want %v", tc.key, ok, tc.kept)
		}
	}
	for _, tc := range []struct {
		login string
		aside int
	}{{"ana", 2}, {"ben", 2}, {"cy", 2}, {"dee", 1}} {
		aside, err := db.OutboxAsideOf(ctx, tc.login)
		if err != nil {
			t.Fatal(err)
		}
		if len(aside) != tc.aside {
			t.Errorf("%s is shown %d refusals, want %d: %+v", tc.login, len(aside), tc.aside, aside)
		}
	}
}

// Cases stored before 00012 are found by their name and notes, as the
// cases saved after it: the migration folds what they hold.
func TestMigrationCasesSearch(t *testing.T) {
	db := open(t, sqlite.Production)
	runSQL(t, db,
		`INSERT INTO cases (id, version, agent, status, call_type, account, customer_name, ticket, reason_code, notes, created_at, updated_at, body) VALUES
			('C-1', 1, 'ana', 'closed', 'x', '', 'Lucía  GÓMEZ', '', '', 'Pidió la factura de diciembre', '2026-11-23T00:00:00.000000000Z', '2026-11-23T00:00:00.000000000Z', '{"id":"C-1"}')`,
		// The column is there already: only the backfill runs again.
		upMigration(t, "00012_cases_search.sql", "DEFAULT '';"))
	for _, q := range []string{"lucia gomez", "PIDIO LA FACTURA"} {
		if got, err := db.ListCases(context.Background(), cases.Filter{Text: q}); err != nil || len(got) != 1 {
			t.Errorf("%q after the migration: %d %v", q, len(got), err)
		}
	}
}
