package desksync_test

import (
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"context"
	"testing"
	"time"

	"agentdesk/desksync"
)

// crmd lets a supervisor decide a new amount put at a position decided
// before (the contract test's "the decision replaces the one on the
// earlier amount"). Was: the supervisor's desk sent that second decision
// under the same idempotency key as the first, decision:<case>:<position>:
// crmd took it for a resend and recorded nothing, and the desk believed it.
func TestSecondDecisionAtAPositionReachesCrmd(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	ana, _ := anaEscalatesAmount(t, r.URL, "C-K", "high", 20000)

	sup := newDesk(t, r.URL, "sup")
	by := desksync.Actor{Name: "sup", User: "sup"}
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, sup.db, "C-K", 0, true, "ok", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	drain(t, sup.worker(), sup)

	// Another amount at position 0 (the agent's other workstation, a
	// conflict resolved with "keep mine"): crmd shows it undecided.
	c, _ := ana.db.GetCase(ctx, "C-K")
	c.Actions[0].Amount = 24000 // still within the supervisor's own authority
	c.Actions[0].Decision = nil
	if err := ana.svc.Save(ctx, c); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	tc, _ := sup.db.TeamCase(ctx, "C-K")
	if tc.Actions[0].Decision != nil || tc.Undecided() != 1 {
		t.Fatalf("the supervisor's desk does not show the new amount undecided: %+v", tc.Actions[0])
	}

	// The supervisor approves the new amount, as before.
	if _, err := desksync.QueueDecision(ctx, sup.db, "C-K", 0, true, "ok", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	p := drain(t, sup.worker(), sup)
	if p.SetAside != 0 {
		t.Fatalf("set aside: %+v", p)
	}
	tc, _ = sup.db.TeamCase(ctx, "C-K")
	sc, err := r.Store.GetCase(ctx, "C-K")
	if err != nil {
		t.Fatal(err)
	}
	if d := sc.Case.Actions[0].Decision; d == nil || d.Amount != 24000 {
		t.Errorf("crmd has no decision on the new amount (%+v); the supervisor's desk shows it decided: %v, undecided %d",
			d, tc.Actions[0].Decision != nil, tc.Undecided())
	}
}

// The worker settles its own move with crmd's answer after marking it
// sent; the pull loop, on its own goroutine, can store a newer state of
// the case in between (another supervisor moved it on). Was: the late
// settle put the older status back over the newer history, and the cursor
// was already past the newer state: the queue showed it for good.
func TestLateSettleDoesNotTurnTheStatusBack(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	anaEscalates(t, r.URL, "C-R", "high")
	sup := newDesk(t, r.URL, "sup")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-R", cases.EscInProgress, "calling", "", desksync.Actor{Name: "sup", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	w := sup.worker()
	var answer crm.EscalationStatus
	w.OnBackOffice = func(_ crm.OutboxItem, st crm.EscalationStatus) { answer = st } // settled below, late
	drain(t, w, sup)

	tok := api.Login("sup", crmtest.Password).AccessToken
	crmtest.Expect(t, api.Do("PUT", "/v1/cases/C-R/escalation", tok, nil, crm.EscalationUpdate{Status: cases.EscWaitingCustomer, Note: "statement asked"}), 200, "move on")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := desksync.SettleTeam(ctx, sup.db, answer); err != nil {
		t.Fatal(err)
	}
	tc, _ := sup.db.TeamCase(ctx, "C-R")
	q, _ := sup.db.TeamQueue(ctx, cases.TeamFilter{})
	if tc.Escalation.Status != cases.EscWaitingCustomer || q[0].Status != cases.EscWaitingCustomer {
		t.Errorf("the queue shows %q (history of %d moves ending in %q): a state crmd left behind",
			q[0].Status, len(tc.Escalation.History), tc.Escalation.History[len(tc.Escalation.History)-1].To)
	}
}

// A decision on an action whose ID is not plain ASCII reaches crmd: the
// key stays printable.
func TestDecisionKeyWithANonASCIIActionID(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	ana := newDesk(t, r.URL, "ana")
	c := escalated("C-KA", "ana", "high", 20000)
	c.Actions[0].ID = "nota de crédito"
	if err := ana.svc.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)
	sup := newDesk(t, r.URL, "sup")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, sup.db, "C-KA", 0, true, "ok", desksync.Actor{Name: "sup", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	p := drain(t, sup.worker(), sup)
	sc, err := r.Store.GetCase(ctx, "C-KA")
	if err != nil {
		t.Fatal(err)
	}
	if p.SetAside != 0 || sc.Case.Actions[0].Decision == nil {
		t.Fatalf("decision set aside (%d, %s); crmd has %+v", p.SetAside, p.LastError, sc.Case.Actions[0].Decision)
	}
}

// Taking crmd's version keeps the desk's later decisions only on the same
// action and amount.
func TestTakeTheirsDoesNotMoveALegacyDecisionOntoAnotherAction(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	esc := func() *cases.Escalation {
		return &cases.Escalation{Ticket: "ESC-1", Status: cases.EscInProgress, ReceivedAt: t0, DueAt: t0.Add(48 * time.Hour),
			History: []cases.EscalationChange{{At: t0.Add(time.Minute), By: "sup", From: cases.EscReceived, To: cases.EscInProgress}}}
	}
	local := &cases.Case{ID: "C-1", Agent: "ana", Escalation: esc(),
		Actions: []cases.Action{{ID: "credit", Amount: 5000, Pending: true,
			Decision: &cases.Decision{Approved: true, By: "sup", At: t0.Add(2 * time.Minute)}}}}
	theirs := &cases.Case{ID: "C-1", Agent: "ana", Version: 4, Escalation: esc(),
		Actions: []cases.Action{{ID: "refund", Amount: 90000, Pending: true}}}
	cc := desksync.CaseConflict{Conflict: crm.Conflict{CaseID: "C-1"}, Theirs: theirs, Mine: local}
	got, _, err := desksync.Choose(cc, local, false, "ana", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Actions[0].Decision; d != nil {
		t.Errorf("crmd's undecided %s of %d now shows decided (approved %v): the desk's decision on %s %d",
			got.Actions[0].ID, got.Actions[0].Amount, d.Approved, local.Actions[0].ID, local.Actions[0].Amount)
	}
	if theirs.Actions[0].Decision != nil || len(theirs.Escalation.History) != 1 {
		t.Errorf("cc.Theirs modified")
	}
}

// A supervisor approves the amount their desk shows; if the case holds
// another amount at that position by the time the decision reaches crmd
// (the agent's other desk won a conflict), crmd refuses the decision
// instead of approving an amount nobody saw.
func TestDecisionLandsOnlyOnTheAmountShown(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	ana, c := anaEscalatesAmount(t, r.URL, "C-D1", "high", 20000)
	sup := newDesk(t, r.URL, "sup")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c.Actions[0].Amount, c.Actions[0].Reason = 90000, "whole quarter"
	if err := ana.svc.Save(ctx, c); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)
	if _, err := desksync.QueueDecision(ctx, sup.db, "C-D1", 0, true, "ok for 200", desksync.Actor{Name: "sup", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	drain(t, sup.worker(), sup)
	sc, err := r.Store.GetCase(ctx, "C-D1")
	if err != nil {
		t.Fatal(err)
	}
	if d := sc.Case.Actions[0].Decision; d != nil {
		t.Errorf("crmd recorded a decision on %d (the supervisor saw 20000): %+v", sc.Case.Actions[0].Amount, d)
	}
}
