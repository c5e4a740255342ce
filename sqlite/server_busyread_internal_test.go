package sqlite

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/internal/crmsql"
	"agentdesk/internal/storereads"
)

// A read of crmd's file while another program holds it whole (a second
// crmd pointed at it in exclusive locking mode, a restore) comes back
// crm.ErrBusy as a write does, for crmd to answer 503 with Retry-After
// rather than 500. The store here waits 50 ms instead of crmd's 10 s.
func TestLockedFileReadIsBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmd.db")
	full, err := OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	full.Close()
	short, err := openFile(path, 50*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := &ServerDB{Store: crmsql.NewStore(short, dialect), sql: short, Path: path}
	db.startCommitter()
	defer db.Close()

	holder, err := openFile(path, 50*time.Millisecond, url.Values{"_locking_mode": {"EXCLUSIVE"}})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(1)
	// In exclusive locking mode a write keeps the file locked after it
	// commits, until the connection closes.
	if _, err := holder.ExecContext(ctx, `INSERT INTO revoked_jti (jti, expires_at) VALUES ('held', 0)`); err != nil {
		t.Fatal(err)
	}

	reads := storereads.All(ctx, db)
	for name, read := range reads {
		if err := read(); !errors.Is(err, crm.ErrBusy) {
			t.Errorf("%s on a locked file: %v", name, err)
		}
	}
}
