package desksync_test

import (
	"context"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// twoAmounts is a team case with two amounts above authority waiting,
// the smaller first.
func twoAmounts() *cases.Case {
	now := time.Now()
	return &cases.Case{ID: "C-TWO", Agent: "ana", Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES, Status: cases.StatusEscalated,
		Version: 1, Reason: "billing.duplicate_charge", Customer: cases.Customer{Account: "4417001234", Name: "Lucía García"},
		Actions: []cases.Action{
			{ID: "credit", Amount: 25_000, Reason: "duplicate", At: now, Pending: true},
			{ID: "credit", Amount: 90_000, Reason: "duplicate", At: now, Pending: true},
		},
		Escalation: &cases.Escalation{Ticket: "ESC-TWO", Criteria: []string{"exceeds_authority"}, Priority: "high", Status: cases.EscReceived,
			Reason: "refund", At: now, ReceivedAt: now, DueAt: now.Add(time.Hour)}}
}

// The amount an approval crmd refused as over authority was for is the
// one the queued decision names, not the largest waiting on its case: the
// set-aside list names who can approve that amount. With only the case to
// go by and several amounts waiting, the desk cannot tell which, and says
// none rather than the roles of another amount.
func TestRefusedAmountIsTheDecisionsOwn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	c := twoAmounts()
	if err := db.PutTeamCases(ctx, []*cases.Case{c}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, db, c.ID, 0, true, "", desksync.Actor{Name: "Sup", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueOutbox(ctx, "sup", time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due %+v %v", due, err)
	}
	if err := db.SetOutboxAside(ctx, due[0].ID, crm.CodeOverAuthority, ""); err != nil {
		t.Fatal(err)
	}
	s := desksync.New(desksync.Config{Outbox: db, Settings: db, Pull: time.Hour, Slow: time.Hour})
	t.Cleanup(s.Stop)
	aside, err := s.Aside(ctx)
	if err != nil || len(aside) != 1 {
		t.Fatalf("aside %+v %v", aside, err)
	}
	// crmd's copy, read again after the refusal: nothing decided.
	undecided := twoAmounts()
	if got, ok := s.RefusedAmount(ctx, aside[0], undecided, "Sup"); !ok || got != 25_000 {
		t.Errorf("the refused approval was for %d (%v), want the 25,000 it decided", got, ok)
	}
	if got, ok := desksync.RefusedAmount(undecided, "Sup"); ok {
		t.Errorf("from the case alone, with two amounts waiting: %d, want no guess", got)
	}
	one := twoAmounts()
	one.Actions = one.Actions[:1]
	if got, ok := desksync.RefusedAmount(one, "Sup"); !ok || got != 25_000 {
		t.Errorf("from the case alone, with one amount waiting: %d (%v)", got, ok)
	}
}
