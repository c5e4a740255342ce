package crmtest

import (
	"context"
	"path/filepath"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm/server"
	"agentdesk/sqlite"
)

// Customer is the one customer StartSQLite seeds.
var Customer = &cases.Customer{Account: "ACC-1001", Name: "Lucía García", Plan: "Fibra 600", Currency: "EUR", Balance: 4599}

// OpenSQLite is a fresh crmd SQLite database in a temporary folder.
func OpenSQLite(t testing.TB) *sqlite.ServerDB {
	t.Helper()
	db, err := sqlite.OpenServer(context.Background(), filepath.Join(t.TempDir(), "crmd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// StartSQLite is crmd on SQLite with Users and Customer.
func StartSQLite(t testing.TB, cfg ...func(*server.Config)) (*Running, *API) {
	t.Helper()
	db := OpenSQLite(t)
	SeedUsers(t, db)
	if err := db.UpsertCustomers(context.Background(), []*cases.Customer{Customer}); err != nil {
		t.Fatal(err)
	}
	r := Start(t, db, cfg...)
	return r, NewAPI(t, r.URL)
}
