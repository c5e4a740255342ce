package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/sqlite"
)

func TestServerStoreContract(t *testing.T) {
	crmtest.RunStoreContract(t, func(t *testing.T) crm.Store {
		db, err := sqlite.OpenServer(context.Background(), filepath.Join(t.TempDir(), "crmd.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// crmd refuses a desktop database, and the desktop a crmd one: the two
// schemas never mix in one file.
func TestServerRefusesDesktopFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "agentdesk.db")
	desk, err := sqlite.Open(ctx, path, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	desk.Close()
	if db, err := sqlite.OpenServer(ctx, path); err == nil {
		db.Close()
		t.Fatal("crmd opened a desktop database")
	} else if !strings.Contains(err.Error(), "migrations") {
		t.Errorf("error: %v", err)
	}
}

func TestServerReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmd.db")
	db, err := sqlite.OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	crmtest.SeedUsers(t, db)
	db.Close()
	db, err = sqlite.OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if u, err := db.GetUser(ctx, "ana"); err != nil || u.Role != crm.RoleAgent {
		t.Fatalf("after reopen: %+v %v", u, err)
	}
}
