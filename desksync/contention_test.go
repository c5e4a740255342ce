package desksync_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// contended is crmd's store giving its first case writes up for others
// at the same moment, as PostgreSQL does a deadlock's victim.
type contended struct {
	crm.Store
	mu   sync.Mutex
	left int
}

func (c *contended) PutCases(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	c.mu.Lock()
	busy := c.left > 0
	c.left--
	c.mu.Unlock()
	if !busy {
		return c.Store.PutCases(ctx, ps)
	}
	out := make([]crm.CasePutOutcome, len(ps))
	for i := range out {
		out[i].Err = crm.Busy(errors.New("deadlock detected (SQLSTATE 40P01)"))
	}
	return out
}

// Saves that meet a contended crmd, past what crmd retries itself, are
// sent again by the desk and all arrive: none is set aside, none lost.
func TestWorkerDeliversThroughContention(t *testing.T) {
	db := crmtest.OpenSQLite(t)
	crmtest.SeedUsers(t, db)
	// Two requests' worth of tries, and one more: the second request is
	// partly retried inside crmd, then written.
	store := &contended{Store: db, left: 7}
	r := crmtest.Start(t, store)
	d := newDesk(t, r.URL, "ana")
	w := d.worker()
	var ids []string
	for range 3 {
		ids = append(ids, d.newCase(t, "ana", "call").ID)
	}
	p := drain(t, w, d)
	if p.SetAside != 0 || p.Conflicts != 0 {
		t.Fatalf("progress %+v", p)
	}
	for _, id := range ids {
		if _, err := db.GetCase(context.Background(), id); err != nil {
			t.Errorf("%s not delivered: %v", id, err)
		}
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.left >= 0 {
		t.Errorf("crmd's store was asked %d times fewer than the contention lasted", store.left+1)
	}
}
