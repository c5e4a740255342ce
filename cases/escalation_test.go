package cases_test

import (
	"encoding/json"
	"testing"

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
