package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/sqlite"
)

// desk is one agent's workstation: its own SQLite file with the outbox,
// the case service the app saves through, a crm.Client logged in as the
// agent, and the desktop's sync worker.
type desk struct {
	user   string
	db     *sqlite.DB
	svc    *cases.Service
	client *crm.Client
	worker *desksync.Worker

	saved        map[string]*cases.Case // by ID, as last saved
	saves        int                    // versions saved during the run
	loginRetries int
}

// meter times the desks' sync requests (case batches and single case
// writes) from the request to its answer's headers, while on.
type meter struct {
	on     atomic.Bool
	steady time.Time // every desk has logged in by then: the ramp is over

	mu        sync.Mutex
	lat       []time.Duration
	steadyLat []time.Duration // of the requests sent after the ramp
	failed    int             // no answer: reset, cut, timed out
	busy      int             // 429 or 503
	requests  int
}

func (m *meter) record(start time.Time, d time.Duration, res *http.Response, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests++
	switch {
	case err != nil:
		m.failed++
	default:
		m.lat = append(m.lat, d)
		if !start.Before(m.steady) {
			m.steadyLat = append(m.steadyLat, d)
		}
		if res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusServiceUnavailable {
			m.busy++
		}
	}
}

// deskTransport is a desk's own connections to the balancer. It names the
// desk's address in X-Forwarded-For, as the balancer would, and times the
// sync requests.
type deskTransport struct {
	rt  http.RoundTripper
	xff string
	m   *meter
}

func (t *deskTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", t.xff)
	sync := r.Method == http.MethodPut || strings.HasSuffix(r.URL.Path, ":batch")
	start := time.Now()
	res, err := t.rt.RoundTrip(r)
	if sync && t.m.on.Load() {
		t.m.record(start, time.Since(start), res, err)
	}
	return res, err
}

func newDesk(ctx context.Context, dir, url string, n int, m *meter) (*desk, error) {
	db, err := sqlite.Open(ctx, filepath.Join(dir, "agentdesk.db"), sqlite.Production)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &deskTransport{
		rt:  &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second},
		xff: fmt.Sprintf("10.1.%d.%d", n/250, 1+n%250), m: m,
	}}
	c, err := crm.NewClient(url, filepath.Join(dir, "session"), hc)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &desk{
		user: deskUser(n), db: db, svc: &cases.Service{Store: db}, client: c, saved: map[string]*cases.Case{},
		// The desktop's worker; its retries are capped at 2 s instead of
		// 5 min, so the end of a run is not spent waiting out a backoff.
		worker: &desksync.Worker{Client: c, Outbox: db, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second, Poll: time.Second},
	}, nil
}

func deskUser(n int) string { return fmt.Sprintf("desk%03d", n) }

// login logs the agent in, trying again as a person would when crmd is
// busy checking other passwords or the network fails.
func (d *desk) login(ctx context.Context, password string) error {
	for attempt := 0; ; attempt++ {
		_, err := d.client.Login(ctx, d.user, password)
		if err == nil || ctx.Err() != nil {
			return err
		}
		d.loginRetries++
		wait := min(200*time.Millisecond<<min(attempt, 5), 5*time.Second)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait/2 + rand.N(wait/2+1)):
		}
	}
}

// work takes calls until the deadline: each call is a case saved one to
// four times, the worker woken after each save, think apart (±50%).
func (d *desk) work(ctx context.Context, until time.Time, think time.Duration) error {
	var c *cases.Case
	left := 0
	for ctx.Err() == nil && time.Now().Before(until) {
		if left == 0 {
			c = newCall(d.user)
			if err := d.svc.Create(ctx, c); err != nil {
				return err
			}
			left = 1 + rand.IntN(4)
		} else {
			nextStep(c)
			if err := d.svc.Save(ctx, c); err != nil {
				return err
			}
		}
		left--
		d.saves++
		d.saved[c.ID] = c
		d.worker.Wake()
		pause := think/2 + rand.N(think+1)
		select {
		case <-ctx.Done():
		case <-time.After(min(pause, time.Until(until))):
		}
	}
	return nil
}

var steps = []string{"introduction", "acknowledgement", "expectations", "authentication", "exploration", "education", "summary", "closing"}

// newCall is a case as the call screen starts one: a few steps done, the
// customer, a credit within authority.
func newCall(agent string) *cases.Case {
	now := time.Now().UTC()
	c := &cases.Case{Agent: agent, Role: "agent", CallType: "billing_dispute", CallLang: "es",
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García", Plan: "Fibra 600", Currency: "EUR"},
		Values:   map[string]string{"amount": "1500", "due_date": "2026-12-01"},
		Notes:    "Customer disputes the late fee on the November bill."}
	for _, s := range steps[:3] {
		c.Steps = append(c.Steps, cases.StepProgress{Step: s, State: cases.StepDone, At: now})
	}
	c.Actions = []cases.Action{{ID: "credit", Amount: 1500, Reason: "late fee waived", At: now}}
	return c
}

// nextStep is the call going on between two saves.
func nextStep(c *cases.Case) {
	if n := len(c.Steps); n < len(steps) {
		c.Steps = append(c.Steps, cases.StepProgress{Step: steps[n], State: cases.StepDone, At: time.Now().UTC()})
	}
	c.Notes += fmt.Sprintf(" Step %d done.", len(c.Steps))
}
