package desksync

import (
	"slices"
	"testing"
	"time"

	"agentdesk/crm"
)

func TestEscCursor(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	st := func(id string, sec int) crm.EscalationStatus {
		return crm.EscalationStatus{CaseID: id, UpdatedAt: t0.Add(time.Duration(sec) * time.Second)}
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
		{"first pull", []crm.EscalationStatus{st("A", 0), st("B", 30)}, []string{"A", "B"}, t0.Add(20 * time.Second)},
		{"the overlap again", []crm.EscalationStatus{st("B", 30)}, nil, t0.Add(20 * time.Second)},
		{"a late commit inside the overlap", []crm.EscalationStatus{st("C", 25), st("B", 30)}, []string{"C"}, t0.Add(20 * time.Second)},
		{"a newer status of a case seen", []crm.EscalationStatus{st("C", 25), st("B", 30), st("C", 40)}, []string{"C"}, t0.Add(30 * time.Second)},
		{"nothing new", []crm.EscalationStatus{st("C", 40)}, nil, t0.Add(30 * time.Second)},
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
	// What the next pull (after 30 s) cannot return again is forgotten:
	// B at 30 s is not after it, C at 40 s is.
	if len(c.seen) != 1 || !c.seen["C"].Equal(t0.Add(40*time.Second)) {
		t.Errorf("kept %v, want only C at 40 s", c.seen)
	}
}
