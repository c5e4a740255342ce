package desksync_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/sqlite"
)

// faultProxy sits between the desktop and crmd on loopback and, while
// faulty, delays traffic, resets connections (before and after the request
// reached crmd) and cuts answers in the middle of their body.
type faultProxy struct {
	ln     net.Listener
	target atomic.Value // string
	faulty atomic.Bool

	resets, cuts, lostAnswers, clean atomic.Int64
	wg                               sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// track remembers a connection so Close can end it; false once closed.
func (p *faultProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		return false
	}
	p.conns[c] = true
	return true
}

// Close stops accepting and ends every connection, so no handler waits on
// an idle keep-alive connection.
func (p *faultProxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.wg.Wait()
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, conns: map[net.Conn]bool{}}
	p.target.Store(target)
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.Close)
	return p
}

func (p *faultProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *faultProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.handle(c.(*net.TCPConn))
		}()
	}
}

func reset(c *net.TCPConn) {
	_ = c.SetLinger(0) // close with RST, not FIN
	_ = c.Close()
}

func (p *faultProxy) handle(client *net.TCPConn) {
	deadline := time.Now().Add(10 * time.Second)
	_ = client.SetDeadline(deadline)
	if p.faulty.Load() && rand.IntN(100) < 10 {
		p.resets.Add(1)
		reset(client)
		return
	}
	bc, err := net.DialTimeout("tcp", p.target.Load().(string), time.Second)
	if err != nil {
		p.resets.Add(1)
		reset(client) // crmd is down: the desktop sees a reset
		return
	}
	backend := bc.(*net.TCPConn)
	if !p.track(client) || !p.track(backend) {
		backend.Close()
		client.Close()
		return
	}
	_ = backend.SetDeadline(deadline)
	defer backend.Close()
	defer client.Close()
	latency := func() {
		if p.faulty.Load() {
			time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
		}
	}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := client.Read(buf)
			if n > 0 {
				latency()
				if _, werr := backend.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				_ = backend.CloseWrite()
				return
			}
		}
	}()
	// Each answer (one read from crmd, on a keep-alive connection) may be
	// lost whole after crmd applied the request, or cut after its headers
	// and part of its body.
	buf := make([]byte, 32<<10)
	for {
		n, err := backend.Read(buf)
		if n > 0 {
			latency()
			if p.faulty.Load() {
				switch f := rand.IntN(100); {
				case f < 12:
					p.lostAnswers.Add(1)
					reset(client)
					return
				case f < 25:
					cut := n / 2
					if i := bytes.Index(buf[:n], []byte("\r\n\r\n")); i >= 0 && n > i+5 {
						cut = i + 4 + 1 + rand.IntN(n-i-5)
					}
					_, _ = client.Write(buf[:cut])
					p.cuts.Add(1)
					reset(client)
					return
				}
			}
			p.clean.Add(1)
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// replays reads crmd_case_puts_total{outcome="replay"} from /metrics.
func replays(t *testing.T, url string) int {
	r := crmtest.NewAPI(t, url).Do("GET", "/metrics", crmtest.MetricsToken, nil, nil)
	for _, line := range strings.Split(string(r.Body), "\n") {
		if strings.HasPrefix(line, `crmd_case_puts_total{outcome="replay"} `) {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}

// Saves made while the network misbehaves and crmd restarts all reach crmd
// once the network heals, each version exactly once, none set aside.
func TestSyncSurvivesFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("fault injection takes a few seconds")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmd.db")
	store, err := sqlite.OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	crmtest.SeedUsers(t, store)
	keysDir := t.TempDir()
	keys, _, err := server.EnsureKeys(keysDir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv := crmtest.StartWithKeys(t, store, keysDir, keys, "127.0.0.1:0")
	proxy := newFaultProxy(t, srv.Addr)
	d := newDesk(t, proxy.URL(), "ana")

	w := d.worker()
	w.Parallel = 4
	// Small batches: the faults are per request, and a backlog sent in a
	// few large batches would meet too few of them to mean anything.
	w.MaxBatch = 2
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(runCtx) }()
	defer func() { stop(); <-done }()

	proxy.faulty.Store(true)
	versions := map[string]int{}
	replayed := 0
	var local []*cases.Case
	for i := range 40 {
		c := d.newCase(t, "ana", fmt.Sprint("call ", i))
		local = append(local, c)
		for j := range rand.IntN(3) {
			d.save(t, c, fmt.Sprintf("call %d, save %d", i, j+2))
		}
		versions[c.ID] = c.Version
		w.Wake()
		time.Sleep(time.Duration(rand.IntN(15)) * time.Millisecond)
		if i == 20 {
			// crmd restarts on the same address and database file.
			replayed += replays(t, srv.URL)
			srv.Stop()
			if err := store.Close(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			if store, err = sqlite.OpenServer(ctx, path); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { store.Close() })
			srv = crmtest.StartWithKeys(t, store, keysDir, keys, srv.Addr)
		}
	}
	time.Sleep(500 * time.Millisecond)
	proxy.faulty.Store(false) // healed
	w.Wake()

	deadline := time.Now().Add(60 * time.Second)
	for {
		pending, aside, conflicts, err := d.db.OutboxStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if aside != 0 || conflicts != 0 {
			t.Fatalf("set aside %d, conflicts %d: %+v", aside, conflicts, w.Progress())
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d items still waiting after healing: %+v", pending, w.Progress())
		}
		time.Sleep(50 * time.Millisecond)
	}

	total := 0
	for _, c := range local {
		total += c.Version
		sc, err := store.GetCase(ctx, c.ID)
		if err != nil {
			t.Errorf("%s missing on crmd: %v", c.ID, err)
			continue
		}
		if sc.Case.Version != versions[c.ID] || sc.Case.Notes != c.Notes {
			t.Errorf("%s: crmd has v%d %q, desk v%d %q", c.ID, sc.Case.Version, sc.Case.Notes, c.Version, c.Notes)
		}
	}
	// Each version went in under its own key, once: as many keys as saves,
	// every one of them case:<id>:v<n> for n = 1..version.
	var keysN, casesN int
	db := store.SQL()
	if err := db.QueryRow(`SELECT COUNT(*) FROM idempotency_keys`).Scan(&keysN); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&casesN); err != nil {
		t.Fatal(err)
	}
	if keysN != total || casesN != len(local) {
		t.Errorf("crmd has %d keys for %d saves, %d cases for %d", keysN, total, casesN, len(local))
	}
	for _, c := range local {
		for v := 1; v <= c.Version; v++ {
			var n int
			db.QueryRow(`SELECT COUNT(*) FROM idempotency_keys WHERE key = ?`, fmt.Sprintf("case:%s:v%d", c.ID, v)).Scan(&n)
			if n != 1 {
				t.Errorf("case:%s:v%d applied %d times", c.ID, v, n)
			}
		}
	}
	// The faults did happen, and some answers were lost after crmd had
	// applied the request: those resends were replays.
	replayed += replays(t, srv.URL)
	t.Logf("faults: %d resets, %d lost answers, %d cut answers, %d clean answers; %d saves in %d cases; crmd replayed %d",
		proxy.resets.Load(), proxy.lostAnswers.Load(), proxy.cuts.Load(), proxy.clean.Load(), total, len(local), replayed)
	if proxy.resets.Load() == 0 || proxy.cuts.Load() == 0 || proxy.lostAnswers.Load() == 0 || replayed == 0 {
		t.Errorf("too few faults to mean anything")
	}
}
