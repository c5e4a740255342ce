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
// earlier amount"). The supervisor's desk sends that second decision under
// the same idempotency key as the first, decision:<case>:<position>: crmd
// takes it for a resend and records nothing, and the desk believes it.
func TestSecondDecisionAtAPositionReachesCrmd(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	ana := newDesk(t, r.URL, "ana")
	c := escalated("C-K", "ana", "high", 20000)
	if err := ana.svc.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)

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
	c, _ = ana.db.GetCase(ctx, "C-K")
	c.Actions[0].Amount = 30000
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
	if d := sc.Case.Actions[0].Decision; d == nil || d.Amount != 30000 {
		t.Errorf("crmd has no decision on the new amount (%+v); the supervisor's desk shows it decided: %v, undecided %d",
			d, tc.Actions[0].Decision != nil, tc.Undecided())
	}
}

// The worker settles its own move with crmd's answer after marking it
// sent; the pull loop, on its own goroutine, can store a newer state of
// the case in between (another supervisor moved it on). The late settle
// then puts the older status back over the newer history, and the cursor
// is already past the newer state: the queue shows it for good.
func TestLateSettleDoesNotTurnTheStatusBack(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	ana := newDesk(t, r.URL, "ana")
	if err := ana.svc.Create(ctx, escalated("C-R", "ana", "high", 0)); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)
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
