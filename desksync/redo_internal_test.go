package desksync

import (
	"slices"
	"testing"
	"time"

	"agentdesk/crm"
)

// A status the app could not record comes back at the next pull, unless a
// newer one of its case came meanwhile, or the address (or the user)
// changed since it was handed over.
func TestUndeliveredComesBackOnlyWhileCurrent(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st := func(id string, min int) crm.EscalationStatus {
		return crm.EscalationStatus{CaseID: id, UpdatedAt: t0.Add(time.Duration(min) * time.Minute)}
	}
	ids := func(l []crm.EscalationStatus) []string {
		var out []string
		for _, s := range l {
			out = append(out, s.CaseID+"@"+s.UpdatedAt.Format("04"))
		}
		return out
	}
	s := New(Config{})
	s.SetURL("http://127.0.0.1:9")
	t.Cleanup(s.Stop)

	s.mu.Lock()
	s.handOverLocked([]crm.EscalationStatus{st("A", 1), st("B", 1)})
	s.mu.Unlock()
	s.Undelivered([]crm.EscalationStatus{st("A", 1)})
	s.mu.Lock()
	got := s.handOverLocked(nil)
	s.mu.Unlock()
	if !slices.Equal(ids(got), []string{"A@01"}) {
		t.Fatalf("the next pull hands over %v, want A@01 again", ids(got))
	}

	// A newer status of A arrives with the one handed back: only it goes.
	s.Undelivered([]crm.EscalationStatus{st("A", 1)})
	s.mu.Lock()
	got = s.handOverLocked([]crm.EscalationStatus{st("A", 2)})
	s.mu.Unlock()
	if !slices.Equal(ids(got), []string{"A@02"}) {
		t.Fatalf("with a newer status of A: %v", ids(got))
	}
	// The older one failing afterwards is not handed back.
	s.Undelivered([]crm.EscalationStatus{st("A", 1)})
	s.mu.Lock()
	got = s.handOverLocked(nil)
	s.mu.Unlock()
	if len(got) != 0 {
		t.Fatalf("a status older than the last handed over came back: %v", ids(got))
	}

	// Another address: what was handed over before is not the new one's.
	s.SetURL("http://127.0.0.1:10")
	s.Undelivered([]crm.EscalationStatus{st("A", 2), st("B", 1)})
	s.mu.Lock()
	got = s.handOverLocked(nil)
	s.mu.Unlock()
	if len(got) != 0 {
		t.Fatalf("after an address change, the old address's statuses came back: %v", ids(got))
	}
}
