package postgres

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

func openInternal(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), crmtest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func put(id, key string, base int) crm.CasePut {
	c := crmtest.NewCase(id, "ana")
	c.Version = base + 1
	return crm.CasePut{Case: c, Key: key, Subject: "ana", Role: "agent", IfMatch: base, CreateOnly: base == 0,
		Fingerprint: "fp:" + key, Now: time.Now(), Policy: crmtest.Policy}
}

// A group of distinct cases goes through the two-round-trip path, and
// its replay too; a case twice in a group does not.
func TestPipelinedGroup(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	var group []crm.CasePut
	for i := range 5 {
		group = append(group, put(fmt.Sprint("C-", i), fmt.Sprintf("case:C-%d:v1", i), 0))
	}
	out, ok := db.putCasesPipelined(ctx, group, nil)
	if !ok {
		t.Fatal("a plain group fell back")
	}
	for i, o := range out {
		if o.Err != nil || !o.Result.Created || o.Result.Replay || o.Result.Version != 1 {
			t.Errorf("item %d: %+v", i, o)
		}
	}
	out, ok = db.putCasesPipelined(ctx, group, nil)
	if !ok {
		t.Fatal("a replayed group fell back")
	}
	for i, o := range out {
		if o.Err != nil || !o.Result.Replay || !o.Result.Created {
			t.Errorf("replay %d: %+v", i, o)
		}
	}
	// v2 of C-0 on the stored v1, and a stale create of C-1 beside it.
	out, ok = db.putCasesPipelined(ctx, []crm.CasePut{put("C-0", "case:C-0:v2", 1), put("C-1", "case:C-1:other", 0)}, nil)
	if !ok {
		t.Fatal("fell back")
	}
	var pe *crm.PreconditionError
	if out[0].Err != nil || out[0].Result.Version != 2 || out[0].Result.Created {
		t.Errorf("update: %+v", out[0])
	}
	if !errors.As(out[1].Err, &pe) || pe.Current != 1 {
		t.Errorf("stale create: %+v", out[1])
	}
	// A lone update (one PUT, read by equality) stays on the pipeline too.
	if out, ok := db.putCasesPipelined(ctx, []crm.CasePut{put("C-0", "case:C-0:v3", 2)}, nil); !ok || out[0].Err != nil || out[0].Result.Version != 3 {
		t.Fatalf("a lone update: fell back %v, %+v", !ok, out)
	}
	if _, ok := db.putCasesPipelined(ctx, []crm.CasePut{put("C-9", "case:C-9:v1", 0), put("C-9", "case:C-9:v1b", 0)}, nil); ok {
		t.Error("a case twice in a group went through the pipeline")
	}
}

// A create that another instance commits while the group waits on it
// makes the pipeline fail; the group is then done one by one, the
// connection goes back to the pool clean, and the outcome is the one a
// lone write would have had.
func TestPipelineFallsBackOnARace(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	other, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := crmtest.NewCase("C-RACE", "ana")
	if _, err := other.ExecContext(ctx, `INSERT INTO cases (id, version, agent, status, account, created_at, synced_at, body) VALUES ($1, 1, 'ana', 'open', '', now(), now(), '{}')`, c.ID); err != nil {
		t.Fatal(err)
	}
	type res struct {
		out []crm.CasePutOutcome
		ok  bool
	}
	done := make(chan res, 1)
	go func() {
		out, ok := db.putCasesPipelined(ctx, []crm.CasePut{put("C-RACE", "case:C-RACE:v1", 0), put("C-OK", "case:C-OK:v1", 0)}, nil)
		done <- res{out, ok}
	}()
	time.Sleep(200 * time.Millisecond) // the group's INSERT now waits on the other transaction
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.ok {
		t.Fatalf("the pipeline stood despite the race: %+v", r.out)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE id = 'C-OK'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a failed pipeline left C-OK written (%d, %v)", n, err)
	}
	out := db.PutCases(ctx, []crm.CasePut{put("C-RACE", "case:C-RACE:v1", 0), put("C-OK", "case:C-OK:v1", 0)})
	var pe *crm.PreconditionError
	if !errors.As(out[0].Err, &pe) || pe.Current != 1 {
		t.Errorf("create of a case another instance created: %+v", out[0])
	}
	if out[1].Err != nil || !out[1].Result.Created {
		t.Errorf("its neighbour: %+v", out[1])
	}
	// Every pooled connection is usable: none was left inside a
	// transaction.
	for range 2 * maxConns {
		if err := db.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// Writes queued when the store closes are written, not left waiting; a
// write after Close is refused.
func TestCloseWritesWhatIsQueued(t *testing.T) {
	db, err := Open(context.Background(), crmtest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	outs := make(chan crm.CasePutOutcome, 20)
	for i := range 20 {
		go func() {
			outs <- db.PutCases(context.Background(), []crm.CasePut{put(fmt.Sprint("C-", i), fmt.Sprint("k", i), 0)})[0]
		}()
	}
	// Close races the writes: some are queued, some not yet.
	db.stopCommitter()
	for range 20 {
		select {
		case o := <-outs:
			if o.Err != nil && o.Err.Error() != "postgres: the database is closing" {
				t.Errorf("%+v", o)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a write was left waiting")
		}
	}
	if o := db.PutCases(context.Background(), []crm.CasePut{put("C-late", "late", 0)})[0]; o.Err == nil {
		t.Error("a write after close went through")
	}
	db.Close()
}

// A case write PostgreSQL fails as a deadlock's victim in the one-by-one
// path comes back marked crm.ErrBusy, rolled back to its savepoint, for
// crmd to run again; the write beside it in the group is kept. Before,
// the 40P01 came back as it was and crmd answered it 500.
func TestOneByOneDeadlockIsBusy(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	for _, o := range db.PutCases(ctx, []crm.CasePut{put("C-DL-1", "case:C-DL-1:v1", 0), put("C-DL-2", "case:C-DL-2:v1", 0)}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
	}
	trapped := trap(t, db.sql, "ana", "case:C-DL-1:v2", `SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, "C-DL-1")
	out := db.putCasesOneByOne(ctx, []crm.CasePut{put("C-DL-1", "case:C-DL-1:v2", 1), put("C-DL-2", "case:C-DL-2:v2", 1)})
	if err := <-trapped; err != nil {
		t.Fatalf("the trap did not close: %v", err)
	}
	if !errors.Is(out[0].Err, crm.ErrBusy) || !crm.Retryable(out[0].Err) {
		t.Errorf("the victim: %v", out[0].Err)
	}
	if out[1].Err != nil || out[1].Result.Version != 2 {
		t.Errorf("the write beside it: %+v", out[1])
	}
	// Run again, it is written.
	if o := db.PutCases(ctx, []crm.CasePut{put("C-DL-1", "case:C-DL-1:v2", 1)})[0]; o.Err != nil || o.Result.Version != 2 || o.Result.Replay {
		t.Errorf("run again: %+v", o)
	}
}
