package crmtest

import (
	"context"
	"path/filepath"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm/server"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// Customer is the one customer StartSQLite seeds.
var Customer = &cases.Customer{Account: "ACC-1001", Name: "Lucía García", Plan: "Fibra 600", Currency: "EUR", Balance: 4599}

// OpenSQLite is a fresh crmd SQLite database in a temporary folder,
// copied from one migrated once per test binary (sqlitetest.Fresh).
func OpenSQLite(t testing.TB) *sqlite.ServerDB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crmd.db")
	sqlitetest.Fresh(t, path, "crmd", func(p string) (func() error, error) {
		db, err := sqlite.OpenServer(context.Background(), p)
		if err != nil {
			return nil, err
		}
		return db.Close, nil
	})
	db, err := sqlite.OpenServer(context.Background(), path)
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
