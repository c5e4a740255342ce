package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/sqlite"
)

func teamCase(id string, status cases.EscalationState, updated time.Time, moved time.Time) *cases.Case {
	c := newCase()
	c.ID, c.Version, c.Status, c.UpdatedAt = id, 1, cases.StatusEscalated, updated
	c.Escalation = &cases.Escalation{Ticket: "ESC-" + id, Priority: "high", Status: status, At: updated, ReceivedAt: updated, DueAt: updated.Add(24 * time.Hour)}
	if !moved.IsZero() {
		c.Escalation.History = []cases.EscalationChange{{At: moved, By: "sup", From: cases.EscReceived, To: status}}
	}
	return c
}

// A supervisor's desk keeps the team's recent work, not the centre's
// archive: an escalation closed more than cases.TeamKeepClosed ago is
// dropped (or not stored), unless an action of this desk still waits on
// it. Open escalations stay however old, and a case resolved yesterday
// counts from its resolution, not from its own last write.
func TestTeamCacheKeepsRecentWork(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	old := now.Add(-cases.TeamKeepClosed - 24*time.Hour)
	if err := db.PutTeamCases(ctx, []*cases.Case{
		teamCase("C-OLD-RESOLVED", cases.EscResolved, old, old),
		teamCase("C-OLD-OPEN", cases.EscInProgress, old, old),
		teamCase("C-OLD-WAITING", cases.EscResolved, old, old),
		teamCase("C-RECENT-REJECTED", cases.EscRejected, now.Add(-time.Hour), time.Time{}),
	}, old.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	waiting := teamCase("C-OLD-WAITING", cases.EscResolved, old, old)
	if err := db.QueueTeamAction(ctx, cases.TeamAction{Kind: crm.OutboxDecision, CaseID: waiting.ID, Key: "decision:C-OLD-WAITING:0", Body: []byte(`{}`), Case: waiting}); err != nil {
		t.Fatal(err)
	}
	// The next refresh, months later: a case written long ago but
	// resolved yesterday comes in, and an old closed one is sent again.
	if err := db.PutTeamCases(ctx, []*cases.Case{
		teamCase("C-RESOLVED-YESTERDAY", cases.EscResolved, old, now.Add(-24*time.Hour)),
		teamCase("C-OLD-AGAIN", cases.EscRejected, old, old),
	}, now); err != nil {
		t.Fatal(err)
	}
	ids := teamIDs(t, db)
	want := []string{"C-OLD-OPEN", "C-OLD-WAITING", "C-RECENT-REJECTED", "C-RESOLVED-YESTERDAY"}
	if !slices.Equal(ids, want) {
		t.Errorf("kept %q, want %q", ids, want)
	}

	// Never refreshed (a demo seed): nothing is dropped.
	if err := db.PutTeamCases(ctx, []*cases.Case{teamCase("C-DEMO", cases.EscResolved, old, old)}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TeamCase(ctx, "C-DEMO"); err != nil {
		t.Errorf("demo case: %v", err)
	}
}

func TestTeamCursor(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	if u, at, err := db.TeamCursor(ctx); u != "" || !at.IsZero() || err != nil {
		t.Fatalf("before any: %q %v %v", u, at, err)
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 123456789, time.UTC)
	if err := db.SetTeamCursor(ctx, "https://crm.example:8443", at); err != nil {
		t.Fatal(err)
	}
	if u, got, err := db.TeamCursor(ctx); u != "https://crm.example:8443" || !got.Equal(at) || err != nil {
		t.Errorf("read back: %q %v %v", u, got, err)
	}
	if err := db.SetSetting(ctx, "team.cursor", "garbage"); err != nil {
		t.Fatal(err)
	}
	if u, got, err := db.TeamCursor(ctx); u != "" || !got.IsZero() || err != nil {
		t.Errorf("unreadable: %q %v %v", u, got, err)
	}
}

// queueMoveOfT1 records the supervisor's move of C-T1 to in progress at
// this desk, at the time given: its outbox row and the case showing it.
func queueMoveOfT1(t *testing.T, db *sqlite.DB, at time.Time) {
	t.Helper()
	ctx := context.Background()
	mine, err := db.TeamCase(ctx, "C-T1")
	if err != nil {
		t.Fatal(err)
	}
	if err := mine.MoveEscalation(cases.EscInProgress, "calling", "", "sup", at); err != nil {
		t.Fatal(err)
	}
	if err := db.QueueTeamAction(ctx, cases.TeamAction{Kind: crm.OutboxMove, CaseID: "C-T1", Key: "move:C-T1:1:in_progress", Body: []byte(`{}`), Case: mine, Owner: "sup"}); err != nil {
		t.Fatal(err)
	}
}

// A move crmd took whose settle never ran (the desk stopped between the
// answer and the settle, or the settle failed) leaves its case showing the
// move as waiting, and the cursor may be past crmd's change: the cursor
// then says to read the queue from the start, which brings crmd's copy,
// and says where it was once that copy is in.
func TestTeamCursorReadsAgainPastAnUnsettledAction(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if err := db.PutTeamCases(ctx, []*cases.Case{teamCase("C-T1", cases.EscReceived, now, time.Time{})}, now); err != nil {
		t.Fatal(err)
	}
	queueMoveOfT1(t, db, now.Add(time.Minute))
	const url = "https://crm.example:8443"
	cursor := now.Add(5 * time.Minute)
	if err := db.SetTeamCursor(ctx, url, cursor); err != nil {
		t.Fatal(err)
	}
	if u, at, err := db.TeamCursor(ctx); u != url || !at.Equal(cursor) || err != nil {
		t.Fatalf("while the move waits: %q %v %v", u, at, err)
	}
	items, err := db.DueOutbox(ctx, "sup", now.Add(time.Hour), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("outbox %+v %v", items, err)
	}
	if err := db.MarkOutboxSent(ctx, []int64{items[0].ID}); err != nil {
		t.Fatal(err)
	}
	if u, at, err := db.TeamCursor(ctx); u != url || !at.IsZero() || err != nil {
		t.Errorf("sent, never settled: %q %v %v, want the start", u, at, err)
	}
	if err := db.PutTeamCases(ctx, []*cases.Case{teamCase("C-T1", cases.EscInProgress, now.Add(2*time.Minute), now.Add(time.Minute))}, now.Add(7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if u, at, err := db.TeamCursor(ctx); u != url || !at.Equal(cursor) || err != nil {
		t.Errorf("crmd's copy read: %q %v %v", u, at, err)
	}
}

// A decision after the resolution is a change (its case is kept 90 days
// from it), and an amount still undecided keeps its case however old.
func TestTeamCacheKeepsDecisionsAndUndecidedAmounts(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	old := now.Add(-120 * 24 * time.Hour)
	decided := teamCase("C-DECIDED", cases.EscResolved, old, old)
	decided.Actions = []cases.Action{{ID: "credit", Amount: 90000, Pending: true, At: old,
		Decision: &cases.Decision{Approved: true, By: "sup", At: now.Add(-24 * time.Hour)}}}
	undecided := teamCase("C-UNDECIDED", cases.EscResolved, old, old)
	undecided.Actions = []cases.Action{{ID: "credit", Amount: 90000, Pending: true, At: old}}
	if err := db.PutTeamCases(ctx, []*cases.Case{undecided}, old.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.PutTeamCases(ctx, []*cases.Case{decided}, now); err != nil {
		t.Fatal(err)
	}
	ids := teamIDs(t, db)
	if !slices.Equal(ids, []string{"C-DECIDED", "C-UNDECIDED"}) {
		t.Errorf("kept %q", ids)
	}
}

// teamIDs are the IDs the desk's team queue holds, sorted.
func teamIDs(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	rows, err := db.TeamQueue(context.Background(), cases.TeamFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.CaseID)
	}
	slices.Sort(ids)
	return ids
}

// A refresh skips a case while this desk's move waits on it, but keeps
// crmd's copy: crmd's answer to the move is laid on that copy, so the
// agent's change the refresh read (and the cursor moved past) is shown,
// not the desk's older copy with crmd's state on it. A settle while
// another action still waits changes nothing.
func TestTeamSettleStartsFromCrmdsCopy(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	first := teamCase("C-T1", cases.EscReceived, now, time.Time{})
	first.Notes = "first"
	first.Actions = []cases.Action{{ID: "credit", Amount: 20000, Pending: true, At: now}}
	if err := db.PutTeamCases(ctx, []*cases.Case{first}, now); err != nil {
		t.Fatal(err)
	}
	queueMoveOfT1(t, db, now.Add(time.Minute))
	// crmd has the move and the agent's change; the refresh skips it.
	theirs := teamCase("C-T1", cases.EscInProgress, now.Add(2*time.Minute), now.Add(time.Minute))
	theirs.Notes = "second"
	theirs.Actions = []cases.Action{{ID: "credit", Amount: 25000, Pending: true, At: now}}
	if err := db.PutTeamCases(ctx, []*cases.Case{theirs}, now.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.TeamCase(ctx, "C-T1"); c.Notes != "first" || len(c.Escalation.History) != 1 || c.Escalation.History[0].Comment != "calling" {
		t.Fatalf("while the move waits the desk shows %q %+v", c.Notes, c.Escalation.History)
	}
	answer := theirs.BackOffice()
	if err := db.SettleTeamCase(ctx, "C-T1", answer); err != nil {
		t.Fatal(err)
	}
	if rows, _ := db.TeamQueue(ctx, cases.TeamFilter{}); len(rows) != 1 || !rows[0].Pending {
		t.Fatalf("settled while the move waits: %+v", rows)
	}
	items, err := db.DueOutbox(ctx, "sup", now.Add(time.Hour), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("outbox %+v %v", items, err)
	}
	if err := db.MarkOutboxSent(ctx, []int64{items[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := db.SettleTeamCase(ctx, "C-T1", answer); err != nil {
		t.Fatal(err)
	}
	c, err := db.TeamCase(ctx, "C-T1")
	if err != nil || c.Notes != "second" || c.Actions[0].Amount != 25000 || c.Escalation.Status != cases.EscInProgress {
		t.Errorf("settled: %q %+v %s %v", c.Notes, c.Actions, c.Escalation.Status, err)
	}
	if rows, _ := db.TeamQueue(ctx, cases.TeamFilter{}); len(rows) != 1 || rows[0].Pending || rows[0].Status != cases.EscInProgress {
		t.Errorf("queue %+v", rows)
	}
	// crmd's copy is spent: a later settle (an answer to a resend) starts
	// from the row a refresh wrote since, not from that copy.
	theirs.Notes = "third"
	if err := db.PutTeamCases(ctx, []*cases.Case{theirs}, now.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.SettleTeamCase(ctx, "C-T1", answer); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.TeamCase(ctx, "C-T1"); c.Notes != "third" {
		t.Errorf("settled again: %q", c.Notes)
	}
	if err := db.SettleTeamCase(ctx, "C-NONE", answer); err != nil {
		t.Errorf("a case not held: %v", err)
	}
}
