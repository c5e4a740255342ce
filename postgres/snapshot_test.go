package postgres_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// A case read while the back office moves its escalation is the case
// before the move or after it, never the row of one with the history of
// the other: the read is one snapshot. The move commits while the read
// waits between its statements (for a lock on the history the test holds
// and the move then writes under), so without one snapshot the read pairs
// the escalation as it was with the history as it became.
func TestCaseReadIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	crmtest.SeedUsers(t, db)
	r := crmtest.Start(t, db)
	a := crmtest.NewAPI(t, r.URL)
	ana := a.Login("ana", crmtest.Password)
	c := crmtest.NewCase("C-SNAP-1", "ana")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-SNAP", Priority: "high", Reason: "r", At: c.UpdatedAt}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-SNAP-1:v1", c), 201, "the escalated case")
	before, err := db.GetCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}

	mover, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mover.Rollback()
	if _, err := mover.ExecContext(ctx, `LOCK TABLE escalation_events IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	type read struct {
		sc  *crm.StoredCase
		err error
	}
	done := make(chan read, 1)
	go func() {
		sc, err := db.GetCase(ctx, c.ID)
		done <- read{sc, err}
	}()
	// The read has read the case and its escalation and waits for the
	// history.
	deadline := time.Now().Add(5 * time.Second)
	for {
		var waiting bool
		if err := mover.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = 'relation'
			AND relation = 'escalation_events'::regclass)`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the read never waited for the history")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := mover.ExecContext(ctx, `UPDATE escalations SET status = 'in_progress', updated_by = 'sup', updated_at = now() WHERE case_id = $1`, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := mover.ExecContext(ctx, `INSERT INTO escalation_events (case_id, at, by, from_status, to_status) VALUES ($1, now(), 'sup', 'received', 'in_progress')`, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := mover.Commit(); err != nil {
		t.Fatal(err)
	}
	got := <-done
	if got.err != nil {
		t.Fatal(got.err)
	}
	after, err := db.GetCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(before, after) {
		t.Fatal("the move changed nothing a read shows")
	}
	if !reflect.DeepEqual(got.sc, before) && !reflect.DeepEqual(got.sc, after) {
		t.Errorf("a torn read: escalation %+v\nbefore %+v\nafter  %+v", got.sc.Case.Escalation, before.Case.Escalation, after.Case.Escalation)
	}
}
