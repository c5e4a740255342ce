package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/crmsql"
)

type noLimits struct{}

func (noLimits) AuthorityMinor(string) int64      { return 0 }
func (noLimits) ResponseHours(string) (int, bool) { return 0, false }

// While another program holds crmd's file (a backup, a second crmd
// pointed at it), a write that waited its whole busy timeout comes back
// crm.ErrBusy, case writes and shared writes alike, for crmd to answer 503
// with Retry-After; before, "database is locked" was answered 500. The
// store here waits 50 ms instead of crmd's 10 s.
func TestLockedFileIsBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmd.db")
	full, err := OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	short, err := openFile(path, 50*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := &ServerDB{Store: crmsql.NewStore(short, dialect), sql: short, Path: path}
	db.startCommitter()
	defer db.Close()

	holder, err := full.sql.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()

	if err := db.RevokeJTI(ctx, "jti-1", time.Now().Add(time.Hour)); !errors.Is(err, crm.ErrBusy) {
		t.Errorf("a shared write on a locked file: %v", err)
	}
	now := time.Now().UTC()
	c := &cases.Case{ID: "C-LOCKED", Version: 1, Agent: "ana", Role: "agent", Status: cases.StatusOpen, CallType: "billing_dispute",
		CallLang: "es", Customer: cases.Customer{Account: "ACC-1001", Currency: "EUR"}, CreatedAt: now, UpdatedAt: now}
	o := db.PutCases(ctx, []crm.CasePut{{Case: c, Key: "case:C-LOCKED:v1", Subject: "ana", Role: crm.RoleAgent, CreateOnly: true,
		Fingerprint: "fp", Now: now, Policy: noLimits{}}})[0]
	if !errors.Is(o.Err, crm.ErrBusy) {
		t.Errorf("a case write on a locked file: %+v", o)
	}
	if !isBusy(o.Err) || isBusy(errors.New("UNIQUE constraint failed")) {
		t.Error("isBusy tells a locked file from another error wrongly")
	}
}
