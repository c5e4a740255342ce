package sqlite_test

import (
	"context"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
)

// A case saved under a display name has no owner until a login sends it;
// its conflict then belongs to that login (RecordOutboxConflict's sender).
// Kept and queued again, the version stays that login's: from the case's
// agent it would be owner-less again and go out under whoever logs in next.
func TestResolvedConflictKeepsItsOwner(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	svc := &cases.Service{Store: db}
	c := newCase()
	c.Agent = "Ana Pérez"
	if err := svc.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueOutbox(ctx, "ana", time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].Owner != "" {
		t.Fatalf("due %+v %v", due, err)
	}
	if err := db.RecordOutboxConflict(ctx, due[0].ID, 2, []byte(`{"id":"x"}`), "ana"); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ResolveConflict(ctx, got, got.Version, cases.Event{}, true); err != nil {
		t.Fatal(err)
	}
	var owner string
	if err := db.SQL().QueryRowContext(ctx, `SELECT owner FROM outbox WHERE kind = 'case' AND ref = ?`, c.ID).Scan(&owner); err != nil || owner != "ana" {
		t.Errorf("queued again with owner %q (%v), want the conflict's, ana", owner, err)
	}
}
