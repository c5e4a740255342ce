package desksync_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/internal/faultproxy"
	"agentdesk/sqlite"
)

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
	// A proxy between the desk and crmd: while faulty, 12% of connections
	// reset, and of answers 12% lost after crmd acted and 12% cut.
	proxy, err := faultproxy.New([]string{srv.Addr}, 12)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
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

	proxy.Faulty.Store(true)
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
	// Every kind of fault must have happened before the network heals: the
	// desk keeps saving until each has, so the test never passes without
	// them, nor fails for want of luck on a busy machine.
	for extra := 0; proxy.Resets.Load() == 0 || proxy.Lost.Load() == 0 || proxy.Cut.Load() == 0; extra++ {
		if extra == 300 {
			t.Fatalf("after 300 more saves: %d resets, %d lost answers, %d cut answers", proxy.Resets.Load(), proxy.Lost.Load(), proxy.Cut.Load())
		}
		c := local[extra%len(local)]
		d.save(t, c, fmt.Sprintf("more traffic %d", extra))
		versions[c.ID] = c.Version
		w.Wake()
		time.Sleep(10 * time.Millisecond)
	}
	proxy.Faulty.Store(false) // healed
	w.Wake()

	deadline := time.Now().Add(60 * time.Second)
	for {
		if n, err := d.db.OutboxStats(ctx, ""); err != nil {
			t.Fatal(err)
		} else if n.Aside != 0 || n.Conflicts != 0 {
			t.Fatalf("set aside %d, conflicts %d: %+v", n.Aside, n.Conflicts, w.Progress())
		} else if n.Pending == 0 {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("%d items still waiting after healing: %+v", n.Pending, w.Progress())
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
		proxy.Resets.Load(), proxy.Lost.Load(), proxy.Cut.Load(), proxy.Clean.Load(), total, len(local), replayed)
	if replayed == 0 {
		t.Errorf("%d answers lost after crmd acted, and no resend was a replay", proxy.Lost.Load())
	}
}
