package cases

import (
	"testing"
)

// What the call methods write, the readers read back; anything else is
// reported as not having the layout rather than misread.
func TestEventDetails(t *testing.T) {
	steps := []struct {
		detail string
		id     string
		state  StepState
		reason string
		ok     bool
	}{
		{stepDetail("greet", StepDone, ""), "greet", StepDone, "", true},
		{stepDetail("authentication", StepSkipped, "no recuerda: ni el PIN"), "authentication", StepSkipped, "no recuerda: ni el PIN", true},
		{stepDetail("closing", StepNA, "colgó"), "closing", StepNA, "colgó", true},
		{"greet", "", "", "", false},
		{"=done", "", "", "", false},
		{"greet=", "", "", "", false},
	}
	for _, r := range steps {
		id, state, reason, ok := StepDetail(r.detail)
		if id != r.id || state != r.state || reason != r.reason || ok != r.ok {
			t.Errorf("step %q: %q %q %q %v", r.detail, id, state, reason, ok)
		}
	}
	actions := []struct {
		detail  string
		id      string
		amount  int64
		pending bool
		ok      bool
	}{
		{actionDetail(Action{ID: "plan_changed"}), "plan_changed", 0, false, true},
		{actionDetail(Action{ID: "credit", Amount: 1500}), "credit", 1500, false, true},
		{actionDetail(Action{ID: "credit", Amount: 8000, Pending: true}), "credit", 8000, true, true},
		{"credit 80,00", "", 0, false, false},
		{"credit 8000 later", "", 0, false, false},
		{"", "", 0, false, false},
	}
	for _, r := range actions {
		id, amount, pending, ok := ActionDetail(r.detail)
		if id != r.id || amount != r.amount || pending != r.pending || ok != r.ok {
			t.Errorf("action %q: %q %d %v %v", r.detail, id, amount, pending, ok)
		}
	}
	for _, done := range []bool{true, false} {
		if id, d := CheckDetail(checkDetail("bill.lines", done)); id != "bill.lines" || d != done {
			t.Errorf("check %v: %q %v", done, id, d)
		}
	}
	if ticket, p, ok := EscalatedDetail(escalatedDetail("ESC-20261123-0001", "high")); ticket != "ESC-20261123-0001" || p != "high" || !ok {
		t.Errorf("escalated: %q %q %v", ticket, p, ok)
	}
	for _, bad := range []string{"ESC-1", "ESC-1 high extra", " high", "ESC-1 "} {
		if _, _, ok := EscalatedDetail(bad); ok {
			t.Errorf("escalated %q read as having the layout", bad)
		}
	}
}

// The readers take any text a timeline can hold without panicking, and
// what they read from a detail they accept, written again, reads the same.
func FuzzEventDetails(f *testing.F) {
	for _, s := range []string{"greet=done", "authentication=skipped: x", "credit 8000 pending", "-bill.lines", "ESC-1 high", "", "=", " ", "a b c d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if id, state, reason, ok := StepDetail(s); ok {
			if id2, state2, reason2, ok2 := StepDetail(stepDetail(id, state, reason)); id2 != id || state2 != state || reason2 != reason || !ok2 {
				t.Errorf("step %q read as %q %q %q, then as %q %q %q", s, id, state, reason, id2, state2, reason2)
			}
		}
		if id, amount, pending, ok := ActionDetail(s); ok && id == "" {
			t.Errorf("action %q read with no ID (%d %v)", s, amount, pending)
		}
		if id, done := CheckDetail(s); checkDetail(id, done) != s {
			t.Errorf("check %q read as %q %v", s, id, done)
		}
		if ticket, p, ok := EscalatedDetail(s); ok && escalatedDetail(ticket, p) != s {
			t.Errorf("escalated %q read as %q %q", s, ticket, p)
		}
	})
}
