package desksync_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
)

// fakeClock is a worker's clock a test moves on by hand: a day offline
// passes in a moment.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// A desk offline for a day, trying every few minutes with crmd's defaults
// for the backoff, sends everything in the first pass after crmd is back:
// the outage was the line's, not the saves', and must not leave them
// waiting out a per-save backoff of minutes while the status bar says
// the desk is online.
func TestOfflineDayGoesOutAtTheFirstPassBack(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	addr := r.Addr
	r.Stop()

	clock := &fakeClock{t: time.Now()}
	w := &desksync.Worker{Client: d.client, Outbox: desksync.HoldConflicts(d.db), Now: clock.Now}
	var list []*cases.Case
	for i := range 30 {
		c := d.newCase(t, "ana", "call")
		d.save(t, c, "second save")
		list = append(list, c)
		if i%3 == 0 {
			// A try now and then through the day, each a while after
			// the last.
			w.Pass(context.Background())
			clock.add(20 * time.Minute)
		}
	}
	for range 40 {
		w.Pass(context.Background())
		clock.add(20 * time.Minute)
	}
	// The last try: crmd comes back a moment after it.
	w.Pass(context.Background())
	if p := w.Progress(); p.Online || p.Waiting != 60 {
		t.Fatalf("offline: %+v", p)
	}
	clock.add(time.Second)

	r2 := crmtest.StartWithKeys(t, r.Store, r.KeysDir, r.Keys, addr)
	// The pull finds crmd back and wakes the worker: one pass, or two
	// (a case's second version goes after its first).
	w.Pass(context.Background())
	w.Pass(context.Background())
	if p := w.Progress(); !p.Online || p.Waiting != 0 {
		t.Errorf("two passes after crmd is back: %+v", p)
	}
	for _, c := range list {
		sc, err := r2.Store.GetCase(context.Background(), c.ID)
		if err != nil || sc.Case.Version != c.Version || sc.Case.Notes != c.Notes {
			t.Errorf("%s on crmd: %+v %v", c.ID, sc, err)
		}
	}
}
