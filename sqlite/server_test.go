package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// Writes queued when crmd closes its database are written and answered,
// not left waiting; a write after Close is refused.
func TestServerCloseWritesWhatIsQueued(t *testing.T) {
	db, err := sqlite.OpenServer(context.Background(), filepath.Join(t.TempDir(), "crmd.db"))
	if err != nil {
		t.Fatal(err)
	}
	crmtest.SeedUsers(t, db)
	put := func(i int) crm.CasePut {
		c := crmtest.NewCase(fmt.Sprint("C-", i), "ana")
		return crm.CasePut{Case: c, Key: fmt.Sprint("case:C-", i, ":v1"), Subject: "ana", Role: "agent", CreateOnly: true,
			Fingerprint: fmt.Sprint("fp", i), Now: time.Now(), Policy: crmtest.Policy}
	}
	outs := make(chan crm.CasePutOutcome, 50)
	for i := range 50 {
		go func() { outs <- db.PutCases(context.Background(), []crm.CasePut{put(i)})[0] }()
	}
	// Close races the writes: some are queued, some not yet.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	written := 0
	for range 50 {
		select {
		case o := <-outs:
			switch {
			case o.Err == nil:
				written++
			case o.Err.Error() != "sqlite: the database is closing":
				t.Errorf("%+v", o)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a write was left waiting")
		}
	}
	if o := db.PutCases(context.Background(), []crm.CasePut{put(99)})[0]; o.Err == nil {
		t.Error("a write after Close went through")
	}
	t.Logf("%d of 50 written before the close", written)
}

// The health check tells the truth when crmd's file is gone: the open
// connections keep reading and writing a file that was deleted (or moved,
// or replaced by another at its path), and every write crmd acknowledges
// then is lost at the next start. SELECT 1 never looked at the file.
func TestServerPingFailsWhenTheFileIsGone(t *testing.T) {
	ctx := context.Background()
	for name, lose := range map[string]func(path string) error{
		"deleted": os.Remove,
		"moved":   func(path string) error { return os.Rename(path, path+".old") },
		"replaced": func(path string) error {
			other := path + ".new"
			if err := os.WriteFile(other, nil, 0o600); err != nil {
				return err
			}
			return os.Rename(other, path)
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crmd.db")
			db, err := sqlite.OpenServer(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Ping(ctx); err != nil {
				t.Fatalf("ping before: %v", err)
			}
			if err := lose(path); err != nil {
				t.Fatal(err)
			}
			if err := db.Ping(ctx); err == nil {
				t.Fatal("ping says the database answers, but its file is no longer at its path")
			}
		})
	}
}
