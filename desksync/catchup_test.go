package desksync_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
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

// A desk whose clock runs an hour ahead of crmd's (a workstation off
// NTP) judges its access token by how long crmd gave it, not by crmd's
// clock read on its own: it does not trade its refresh token before every
// request, which on a catch-up of many batches ran into crmd's budget for
// requests without a token and paused the drain.
func TestADeskClockAheadDoesNotRefreshEveryRequest(t *testing.T) {
	r, _ := start(t, func(c *server.Config) { c.AnonRate, c.AnonBurst = 5, 20 })
	var refreshes atomic.Int32
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.URL.Path == "/v1/auth/refresh" {
			refreshes.Add(1)
		}
		return false
	})
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	cl, err := crm.NewClient(front.URL, dir, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	cl.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if _, err := cl.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	d := &desk{db: db, svc: &cases.Service{Store: db}, client: cl, dir: dir}
	for range 30 {
		d.newCase(t, "ana", "call")
	}
	w := d.worker()
	w.MaxBatch = 1 // a request per case
	w.Parallel = 1
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 0 || p.LastError != "" {
		t.Errorf("after one pass: %+v", p)
	}
	if n := refreshes.Load(); n > 1 {
		t.Errorf("%d refreshes for 30 requests within a token's life", n)
	}
}

// asideFails is an outbox whose writes of a refusal fail (the desk's disk
// full, its database locked by another program).
type asideFails struct{ desksync.Outbox }

func (asideFails) SetOutboxAside(context.Context, int64, crm.Code, string) error {
	return errors.New("disk I/O error")
}

// A refusal the desk cannot record leaves the save due: it is sent again
// at the next pass, not at once in a loop that asks crmd as fast as it
// answers for as long as the desk's database fails.
func TestARefusalNotRecordedIsNotSentAgainInThePass(t *testing.T) {
	r, _ := start(t)
	var puts atomic.Int32
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.Method != http.MethodGet && req.URL.Path != "/v1/auth/refresh" {
			puts.Add(1)
		}
		return false
	})
	d := newDesk(t, front.URL, "ana")
	// Written in another agent's name by a desk from before outbox rows
	// had owners: crmd refuses it for good (403).
	other := d.newCase(t, "ben", "written in another agent's name")
	if _, err := d.db.SQL().Exec(`UPDATE outbox SET owner = '' WHERE ref = ?`, other.ID); err != nil {
		t.Fatal(err)
	}
	w := d.worker()
	w.Outbox = asideFails{d.db}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	w.Pass(ctx)
	if n := puts.Load(); n > 2 {
		t.Errorf("one pass sent the refused save %d times", n)
	}
	// The desk's database failed, not crmd: the agent is not told the
	// CRM fails to take the save.
	if p := w.Progress(); p.LastError != desksync.CodeDeskStore {
		t.Errorf("progress: %+v", p)
	}
}

// crmd restarted behind a load balancer answers 502 for a while, not a
// refused connection: that is crmd out of reach as much as a line down.
// The pass stops at the first such answer rather than walk the whole
// backlog into it, and the first pass after crmd is back sends
// everything, as after an outage of the line.
func TestCrmdDownBehindAProxyIsAnOutage(t *testing.T) {
	r, _ := start(t)
	var down atomic.Bool
	var refused atomic.Int32
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if down.Load() {
			refused.Add(1)
			w.WriteHeader(http.StatusBadGateway)
			return true
		}
		return false
	})
	d := newDesk(t, front.URL, "ana")
	down.Store(true)

	clock := &fakeClock{t: time.Now()}
	w := &desksync.Worker{Client: d.client, Outbox: desksync.HoldConflicts(d.db), Now: clock.Now, MaxBatch: 10}
	var list []*cases.Case
	for range 40 {
		list = append(list, d.newCase(t, "ana", "call"))
	}
	w.Pass(context.Background())
	if n := refused.Load(); n != 1 {
		t.Errorf("one pass against a crmd down sent %d requests", n)
	}
	for range 20 {
		clock.add(20 * time.Minute)
		w.Pass(context.Background())
	}
	if p := w.Progress(); p.Online || p.Waiting != 40 || p.SetAside != 0 {
		t.Fatalf("crmd down: %+v", p)
	}
	clock.add(time.Second)
	down.Store(false)
	w.Pass(context.Background())
	if p := w.Progress(); !p.Online || p.Waiting != 0 {
		t.Errorf("the first pass after crmd is back: %+v", p)
	}
	for _, c := range list {
		if _, err := r.Store.GetCase(context.Background(), c.ID); err != nil {
			t.Errorf("%s on crmd: %v", c.ID, err)
		}
	}
}

// With nothing waiting, the pulls are what tell whether crmd answers: a
// proxy's 502 with crmd down behind it is crmd out of reach, and the
// status says the desk is offline, not connected.
func TestSyncerSaysOfflineWhileAProxyAnswersForCrmd(t *testing.T) {
	r, _ := start(t)
	var down atomic.Bool
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if down.Load() {
			w.WriteHeader(http.StatusBadGateway)
			return true
		}
		return false
	})
	d := newSyncDesk(t, front.URL, "ana")
	d.s.Start(front.URL, "ana")
	d.waitFor("online", func() bool { st := d.s.Status(); return st.Known && st.Online })
	down.Store(true)
	d.waitFor("offline", func() bool { st := d.s.Status(); return st.Known && !st.Online })
	down.Store(false)
	d.waitFor("online again", func() bool { st := d.s.Status(); return st.Known && st.Online })
}

// A maintenance page that asks for an hour (Retry-After: 3600) holds the
// desk five minutes at most: crmd back in five minutes is not left alone
// for the rest of the hour.
func TestALongRetryAfterIsWaitedFiveMinutesAtMost(t *testing.T) {
	r, _ := start(t)
	var maintenance atomic.Bool
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if maintenance.Load() && req.Method != http.MethodGet {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	d := newDesk(t, front.URL, "ana")
	maintenance.Store(true)
	d.newCase(t, "ana", "call")
	w := &desksync.Worker{Client: d.client, Outbox: desksync.HoldConflicts(d.db)}
	const most = 5*time.Minute + time.Second
	if wait := w.Pass(context.Background()); wait > most {
		t.Errorf("the pass asked to wait %s", wait)
	}
	var next string
	if err := d.db.SQL().QueryRow(`SELECT next_at FROM outbox`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if at, _ := time.Parse("2006-01-02T15:04:05.000000000Z", next); time.Until(at) > most {
		t.Errorf("the save waits until %s", next)
	}
}

// A desk whose clock ran hours ahead, and is then set right (the time
// service reached again), does not leave the saves it put off by the
// wrong clock waiting for those hours: no wait the worker schedules is
// that long.
func TestSavesPutOffByAClockAheadGoOutWhenItIsSetRight(t *testing.T) {
	r, _ := start(t)
	var failing atomic.Bool
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if failing.Load() && req.Method != http.MethodGet {
			w.WriteHeader(http.StatusInternalServerError)
			return true
		}
		return false
	})
	d := newDesk(t, front.URL, "ana")
	failing.Store(true)
	c := d.newCase(t, "ana", "call")
	clock := &fakeClock{t: time.Now().Add(3 * time.Hour)}
	w := &desksync.Worker{Client: d.client, Outbox: desksync.HoldConflicts(d.db), Now: clock.Now}
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 1 || p.LastError != crm.CodeInternal {
		t.Fatalf("crmd failing: %+v", p)
	}
	failing.Store(false)
	clock.add(-3 * time.Hour)
	w.Pass(context.Background())
	if p := w.Progress(); p.Waiting != 0 {
		t.Errorf("after the clock was set right: %+v", p)
	}
	if _, err := r.Store.GetCase(context.Background(), c.ID); err != nil {
		t.Errorf("on crmd: %v", err)
	}
}
