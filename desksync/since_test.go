package desksync

import (
	"slices"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

func TestEscCursor(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	st := func(id string, sec int) crm.EscalationStatus {
		return crm.EscalationStatus{CaseID: id, UpdatedAt: t0.Add(time.Duration(sec) * time.Second)}
	}
	moved := func(s crm.EscalationStatus) crm.EscalationStatus {
		s.Status, s.History = crm.EscInProgress, []cases.EscalationChange{{To: crm.EscInProgress}}
		return s
	}
	var c escCursor
	if !c.since().IsZero() {
		t.Fatalf("a new cursor asks from %v, want the beginning", c.since())
	}
	for _, step := range []struct {
		name  string
		pull  []crm.EscalationStatus
		want  []string // case IDs delivered
		since time.Time
	}{
		{"first pull", []crm.EscalationStatus{st("A", 0), st("B", 90)}, []string{"A", "B"}, t0.Add(30 * time.Second)},
		{"the overlap again", []crm.EscalationStatus{st("B", 90)}, nil, t0.Add(30 * time.Second)},
		{"a late commit inside the overlap", []crm.EscalationStatus{st("C", 60), st("B", 90)}, []string{"C"}, t0.Add(30 * time.Second)},
		{"a newer status of a case seen", []crm.EscalationStatus{st("C", 60), st("B", 90), st("C", 100)}, []string{"C"}, t0.Add(40 * time.Second)},
		{"nothing new", []crm.EscalationStatus{st("C", 100)}, nil, t0.Add(40 * time.Second)},
		{"a move of a case seen, stamped before what was delivered", []crm.EscalationStatus{moved(st("C", 95))}, []string{"C"}, t0.Add(40 * time.Second)},
		{"that move again", []crm.EscalationStatus{moved(st("C", 95))}, nil, t0.Add(40 * time.Second)},
	} {
		got := c.take(step.pull)
		var ids []string
		for _, s := range got {
			ids = append(ids, s.CaseID)
		}
		if !slices.Equal(ids, step.want) {
			t.Errorf("%s: delivered %v, want %v", step.name, ids, step.want)
		}
		if !c.since().Equal(step.since) {
			t.Errorf("%s: next pull from %v, want %v", step.name, c.since(), step.since)
		}
	}
	// What the next pull (after 40 s) cannot return again is forgotten:
	// A at 0 s; B at 90 s and C at 95 s are kept.
	if _, ok := c.seen["A"]; ok || len(c.seen) != 2 {
		t.Errorf("kept %v, want B and C", c.seen)
	}
}
