package cases_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
)

func TestEscalationMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to cases.EscalationState
		ok       bool
	}{
		{cases.EscReceived, cases.EscInProgress, true},
		{cases.EscReceived, cases.EscWaitingCustomer, true},
		{cases.EscReceived, cases.EscResolved, true},
		{cases.EscReceived, cases.EscRejected, true},
		{"", cases.EscInProgress, true}, // an escalation crmd has not stated yet is received
		{cases.EscInProgress, cases.EscWaitingCustomer, true},
		{cases.EscWaitingCustomer, cases.EscInProgress, true},
		{cases.EscInProgress, cases.EscReceived, false},
		{cases.EscInProgress, cases.EscInProgress, false},
		{cases.EscResolved, cases.EscInProgress, false},
		{cases.EscRejected, cases.EscResolved, false},
		{cases.EscInProgress, "pwned", false},
	} {
		if got := tc.from.CanMoveTo(tc.to); got != tc.ok {
			t.Errorf("%q -> %q: %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
	if n := cases.EscResolved.Next(); len(n) != 0 {
		t.Errorf("a resolved escalation moves to %v", n)
	}
	if n := cases.EscReceived.Next(); len(n) != 4 || n[0] != cases.EscInProgress {
		t.Errorf("from received: %v", n)
	}
	// Cases kept on a desk before the back office had its states say
	// "sent": they read as received.
	var e cases.Escalation
	if err := json.Unmarshal([]byte(`{"ticket":"ESC-1","status":"sent"}`), &e); err != nil || e.Status != cases.EscReceived {
		t.Errorf("legacy state: %q %v", e.Status, err)
	}
	a := cases.Action{Amount: 900, Pending: true}
	if a.Settled() {
		t.Error("a pending action is settled")
	}
	a.Decision = &cases.Decision{Approved: false, By: "sup"}
	if !a.Settled() {
		t.Error("a decided action is not settled")
	}
}

// What the back office did lands on the case once: each move and decision
// is one timeline event, with who and when, and a second pull of the same
// state adds nothing.
func TestApplyBackOffice(t *testing.T) {
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	c := &cases.Case{ID: "C-1", Actions: []cases.Action{{ID: "credit", Amount: 20000, Pending: true}, {ID: "note"}},
		Escalation: &cases.Escalation{Ticket: "ESC-1", Status: cases.EscReceived}}
	b := cases.BackOffice{Status: cases.EscInProgress, DueAt: at.Add(24 * time.Hour),
		History:   []cases.EscalationChange{{At: at, By: "sup", From: cases.EscReceived, To: cases.EscInProgress, Comment: "calling the bank"}},
		Decisions: map[int]cases.Decision{0: {Approved: true, By: "sup", At: at, Comment: "ok"}}}
	evs := c.ApplyBackOffice(b)
	if len(evs) != 2 || evs[0].Kind != cases.EventEscalationStatus || evs[0].Detail != "in_progress — calling the bank" || evs[0].Actor != "sup" ||
		evs[1].Kind != cases.EventDecision || evs[1].Actor != "sup" {
		t.Fatalf("events %+v", evs)
	}
	if approved, i, action, comment, ok := cases.DecisionDetail(evs[1].Detail); !ok || !approved || i != 0 || action != "credit" || comment != "ok" {
		t.Errorf("decision detail %q", evs[1].Detail)
	}
	if c.Escalation.Status != cases.EscInProgress || !c.Escalation.DueAt.Equal(b.DueAt) || len(c.Escalation.History) != 1 ||
		c.Actions[0].Decision == nil || !c.Actions[0].Settled() {
		t.Fatalf("case %+v %+v", c.Escalation, c.Actions)
	}
	if again := c.ApplyBackOffice(b); len(again) != 0 {
		t.Errorf("the same state applied twice: %+v", again)
	}
	b.History = append(b.History, cases.EscalationChange{At: at.Add(time.Hour), By: "sup", From: cases.EscInProgress, To: cases.EscResolved})
	b.Status, b.Resolution = cases.EscResolved, "credited"
	if evs := c.ApplyBackOffice(b); len(evs) != 1 || evs[0].Detail != "resolved" || c.Escalation.Resolution != "credited" {
		t.Errorf("the next move: %+v", evs)
	}
	if evs := (&cases.Case{}).ApplyBackOffice(b); evs != nil {
		t.Errorf("a case without an escalation: %+v", evs)
	}
	// A decision that names another amount than the action has is not
	// this action's.
	other := &cases.Case{ID: "C-2", Actions: []cases.Action{{ID: "credit", Amount: 30000, Pending: true}},
		Escalation: &cases.Escalation{Ticket: "ESC-2", Status: cases.EscReceived}}
	other.ApplyBackOffice(cases.BackOffice{Status: cases.EscReceived,
		Decisions: map[int]cases.Decision{0: {Approved: true, By: "sup", At: at, ActionID: "credit", Amount: 20000}}})
	if other.Actions[0].Decision != nil {
		t.Errorf("a decision on 200.00 applied to 300.00: %+v", other.Actions[0])
	}
}

// Only a resolved escalation has a resolution: one typed before another
// state was picked is dropped, here as on crmd.
func TestMoveDropsAResolutionOfAnotherState(t *testing.T) {
	c := &cases.Case{ID: "C-1", Escalation: &cases.Escalation{Ticket: "ESC-1", Status: cases.EscReceived}}
	if err := c.MoveEscalation(cases.EscInProgress, "calling", "Refund issued", "sup", t0); err != nil {
		t.Fatal(err)
	}
	if e := c.Escalation; e.Resolution != "" || e.History[0].Resolution != "" {
		t.Errorf("an open escalation carries a resolution: %+v", e)
	}
	if err := c.MoveEscalation(cases.EscResolved, "", "Refund issued", "sup", t0); err != nil || c.Escalation.Resolution != "Refund issued" {
		t.Errorf("resolved: %v %+v", err, c.Escalation)
	}
}

// Four eyes: an amount above authority on one's own case is another
// supervisor's to decide.
func TestNoOneDecidesTheirOwnAmount(t *testing.T) {
	c := &cases.Case{ID: "C-1", Agent: "sup", Actions: []cases.Action{{ID: "credit", Amount: 9000, Pending: true}},
		Escalation: &cases.Escalation{Ticket: "ESC-1", Status: cases.EscReceived}}
	if err := c.CheckDecider("sup"); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("one's own case: %v", err)
	}
	if err := c.CheckDecider("sup2"); err != nil {
		t.Errorf("another supervisor: %v", err)
	}
}

// Resolved or rejected, an escalation leaves the open queue: an amount
// above authority still waiting for a decision would wait for good.
func TestFinalMoveWaitsForEveryDecision(t *testing.T) {
	for _, tc := range []struct {
		name    string
		actions []cases.Action
		to      cases.EscalationState
		ok      bool
	}{
		{"nothing pending, resolved", []cases.Action{{ID: "credit", Amount: 2000}}, cases.EscResolved, true},
		{"pending, resolved", []cases.Action{{ID: "credit", Amount: 9000, Pending: true}}, cases.EscResolved, false},
		{"pending, rejected", []cases.Action{{ID: "credit", Amount: 9000, Pending: true}}, cases.EscRejected, false},
		{"pending, waiting on the customer", []cases.Action{{ID: "credit", Amount: 9000, Pending: true}}, cases.EscWaitingCustomer, true},
		{"denied, rejected", []cases.Action{{ID: "credit", Amount: 9000, Pending: true, Decision: &cases.Decision{By: "sup"}}}, cases.EscRejected, true},
		{"one of two decided", []cases.Action{
			{ID: "credit", Amount: 9000, Pending: true, Decision: &cases.Decision{Approved: true, By: "sup"}},
			{ID: "waiver", Amount: 7000, Pending: true},
		}, cases.EscResolved, false},
	} {
		c := &cases.Case{ID: "C-1", Actions: tc.actions, Escalation: &cases.Escalation{Ticket: "ESC-1", Status: cases.EscInProgress}}
		err := c.MoveEscalation(tc.to, "", "Credit applied", "sup", t0)
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if e, ok := err.(*cases.Error); err != nil && (!ok || e.Code != cases.EInvalid || e.Field != "undecided") {
			t.Errorf("%s: %#v, want invalid undecided", tc.name, err)
		}
		if err != nil && c.Escalation.Status != cases.EscInProgress {
			t.Errorf("%s: refused, yet moved to %s", tc.name, c.Escalation.Status)
		}
	}
}

// crmd keeps at most MaxHistoryMoves moves and MaxHistoryBytes of comments
// in an escalation's history and refuses a move past them for good; the
// desk refuses it as it is made, by the same rule, except the final move
// that closes the escalation.
func TestAFullHistoryTakesOnlyTheFinalMove(t *testing.T) {
	full := func(n, commentBytes int) *cases.Case {
		c := &cases.Case{ID: "C-1", Escalation: &cases.Escalation{Ticket: "ESC-1", Status: cases.EscInProgress}}
		for i := range n {
			comment := ""
			if i == 0 {
				comment = strings.Repeat("a", commentBytes)
			}
			c.Escalation.History = append(c.Escalation.History, cases.EscalationChange{At: t0, By: "sup", Comment: comment})
		}
		return c
	}
	for _, tc := range []struct {
		name     string
		c        *cases.Case
		to       cases.EscalationState
		comment  string
		wantFull bool
	}{
		{"one move left", full(cases.MaxHistoryMoves-1, 0), cases.EscWaitingCustomer, "", false},
		{"no move left", full(cases.MaxHistoryMoves, 0), cases.EscWaitingCustomer, "", true},
		{"no move left, closing", full(cases.MaxHistoryMoves, 0), cases.EscRejected, "duplicate", false},
		{"comments fill it", full(3, cases.MaxHistoryBytes-10), cases.EscWaitingCustomer, "eleven char", true},
		{"comments fit exactly", full(3, cases.MaxHistoryBytes-10), cases.EscWaitingCustomer, "ten chars.", false},
	} {
		err := tc.c.MoveEscalation(tc.to, tc.comment, "", "sup", t0)
		if got := err != nil && err.(*cases.Error).Field == "history_full"; got != tc.wantFull {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.wantFull && tc.c.Escalation.Status != cases.EscInProgress {
			t.Errorf("%s: a refused move changed the state to %s", tc.name, tc.c.Escalation.Status)
		}
	}
}
