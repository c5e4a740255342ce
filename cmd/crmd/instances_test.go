package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/postgres"
	"agentdesk/sqlite"
)

// roundRobin sends each request to the next crmd in turn, as a balancer
// without affinity would: consecutive requests of one desk land on
// different instances.
type roundRobin struct {
	hosts []string
	next  atomic.Int64
	rt    http.RoundTripper
}

func (b *roundRobin) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Host = b.hosts[int(b.next.Add(1))%len(b.hosts)]
	r.Host = ""
	return b.rt.RoundTrip(r)
}

// instanceDesk is a workstation syncing through the balancer: its SQLite
// file, the case service the app saves through, its worker.
type instanceDesk struct {
	user   string
	db     *sqlite.DB
	svc    *cases.Service
	worker *desksync.Worker
	saved  map[string]*cases.Case // what the agent saved, by case
}

// Two `crmd serve` on one PostgreSQL with one keys folder serve the same
// desks, each desk's requests alternating between them: every saved
// version reaches crmd exactly once, a refresh token rotated on one
// instance and presented again on the other ends its family on both, and
// the same batch sent to both instances at once is applied once.
func TestSeveralInstancesOnePostgres(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	users := []string{"desk1", "desk2", "desk3", "desk4", "rot"}
	for _, u := range users {
		if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", u, "--role", "agent", "--db", dsn); code != 0 {
			t.Fatalf("user add %s: %d %s", u, code, errs)
		}
	}
	// The real serve, with its default rate limits and login slots; the
	// second instance starts on the keys folder the first created.
	keys := filepath.Join(t.TempDir(), "keys")
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--keys", keys, "--metrics-addr", "127.0.0.1:0"}
	a := start(t, args...)
	b := start(t, args...)

	t.Run("refresh reused on the other instance", func(t *testing.T) {
		apiA, apiB := crmtest.NewAPI(t, a.URL), crmtest.NewAPI(t, b.URL)
		first := apiA.Login("rot", crmtest.Password)
		r := apiA.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: first.RefreshToken})
		crmtest.Expect(t, r, 200, "rotation on the first instance")
		var second crm.TokenResponse
		r.JSON(t, &second)
		crmtest.Expect(t, apiB.Do("GET", "/v1/cases", second.AccessToken, nil, nil), 200, "the new access token on the second instance")
		crmtest.Expect(t, apiB.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: first.RefreshToken}), 401,
			"the used refresh token again, on the second instance")
		// A reuse means the token was copied: the whole family is over,
		// on both instances, the access tokens it issued included.
		crmtest.Expect(t, apiA.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: second.RefreshToken}), 401,
			"the family's current refresh token after the reuse")
		for _, api := range []*crmtest.API{apiA, apiB} {
			crmtest.Expect(t, api.Do("GET", "/v1/cases", second.AccessToken, nil, nil), 401, "the family's access token after the reuse")
			crmtest.Expect(t, api.Do("GET", "/v1/cases", first.AccessToken, nil, nil), 401, "the first access token after the reuse")
		}

		// One refresh token presented to both instances at the same
		// moment: at most one rotation, and the other is a reuse.
		fresh := apiB.Login("rot", crmtest.Password)
		var wg sync.WaitGroup
		status := make([]int, 2)
		for i, api := range []*crmtest.API{apiA, apiB} {
			wg.Go(func() {
				status[i] = api.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: fresh.RefreshToken}).Status
			})
		}
		wg.Wait()
		if ok := (status[0] == 200) != (status[1] == 200); !ok || status[0]+status[1] != 200+401 {
			t.Errorf("one refresh token on both instances at once: %v, want one 200 and one 401", status)
		}
		crmtest.Expect(t, apiA.Do("GET", "/v1/cases", fresh.AccessToken, nil, nil), 401, "the raced family's access token")
	})

	ctx := context.Background()
	balanced := &roundRobin{hosts: []string{a.Addr, b.Addr}, rt: &http.Transport{MaxIdleConnsPerHost: 4}}
	var desks []*instanceDesk
	for _, u := range users[:4] {
		dir := t.TempDir()
		db, err := sqlite.Open(ctx, filepath.Join(dir, "agentdesk.db"), sqlite.Production)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		c, err := crm.NewClient(a.URL, filepath.Join(dir, "session"), &http.Client{Timeout: 10 * time.Second, Transport: balanced})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Login(ctx, u, crmtest.Password); err != nil {
			t.Fatalf("login %s: %v", u, err)
		}
		desks = append(desks, &instanceDesk{user: u, db: db, svc: &cases.Service{Store: db}, saved: map[string]*cases.Case{},
			worker: &desksync.Worker{Client: c, Outbox: db, BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond, Poll: 20 * time.Millisecond}})
	}
	// The first desk has a twin worker on the same outbox that always
	// goes to the second instance: the two read the same items and send
	// them at once, to different instances.
	d0 := desks[0]
	twinClient, err := crm.NewClient(a.URL, filepath.Join(t.TempDir(), "twin"), &http.Client{Timeout: 10 * time.Second,
		Transport: &roundRobin{hosts: []string{b.Addr}, rt: http.DefaultTransport}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := twinClient.Login(ctx, d0.user, crmtest.Password); err != nil {
		t.Fatal(err)
	}
	twin := &desksync.Worker{Client: twinClient, Outbox: d0.db, BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond, Poll: 5 * time.Millisecond}

	runCtx, stop := context.WithCancel(ctx)
	var workers sync.WaitGroup
	for _, w := range []*desksync.Worker{desks[0].worker, desks[1].worker, desks[2].worker, desks[3].worker, twin} {
		workers.Go(func() { _ = w.Run(runCtx) })
	}
	defer func() { stop(); workers.Wait() }()

	// Each desk takes calls: a case, saved once to three times, the
	// worker woken after each save.
	var saving sync.WaitGroup
	for _, d := range desks {
		saving.Go(func() {
			for i := range 15 {
				c := &cases.Case{Agent: d.user, Role: "agent", CallType: "billing_dispute", CallLang: "es",
					Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García", Currency: "EUR"}, Notes: fmt.Sprintf("call %d", i)}
				if err := d.svc.Create(ctx, c); err != nil {
					t.Error(err)
					return
				}
				for j := range rand.IntN(3) {
					c.Notes = fmt.Sprintf("call %d, save %d", i, j+2)
					if err := d.svc.Save(ctx, c); err != nil {
						t.Error(err)
						return
					}
				}
				d.saved[c.ID] = c
				d.worker.Wake()
				time.Sleep(time.Duration(20+rand.IntN(40)) * time.Millisecond)
			}
		})
	}
	saving.Wait()

	deadline := time.Now().Add(20 * time.Second)
	for _, d := range desks {
		for {
			n, err := d.db.OutboxStats(ctx, "")
			switch {
			case err != nil:
				t.Fatal(err)
			case n.Aside != 0 || n.Conflicts != 0:
				t.Fatalf("%s: %d set aside, %d conflicts: %+v", d.user, n.Aside, n.Conflicts, d.worker.Progress())
			case n.Pending > 0 && time.Now().After(deadline):
				t.Fatalf("%s: %d items still waiting: %+v", d.user, n.Pending, d.worker.Progress())
			}
			if n.Pending == 0 {
				break
			}
			d.worker.Wake()
			time.Sleep(20 * time.Millisecond)
		}
	}

	// What crmd holds, straight from the database: one row per case at
	// the version last saved, and one key per saved version.
	store, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	q := store.SQL()
	saves, total := 0, 0
	for _, d := range desks {
		var rows, keys int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE agent = $1`, d.user).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM idempotency_keys WHERE subject = $1`, d.user).Scan(&keys); err != nil {
			t.Fatal(err)
		}
		n := 0
		for id, c := range d.saved {
			n += c.Version
			var version, copies int
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM cases WHERE id = $1`, id).Scan(&copies, &version); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			sc, err := store.GetCase(ctx, id)
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if copies != 1 || version != c.Version || sc.Case.Notes != c.Notes {
				t.Errorf("%s: crmd has %d rows at v%d %q, the desk saved v%d %q", id, copies, version, sc.Case.Notes, c.Version, c.Notes)
			}
			for v := 1; v <= c.Version; v++ {
				var k int
				if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM idempotency_keys WHERE subject = $1 AND key = $2`,
					d.user, fmt.Sprintf("case:%s:v%d", id, v)).Scan(&k); err != nil || k != 1 {
					t.Errorf("case:%s:v%d applied %d times (%v)", id, v, k, err)
				}
			}
		}
		if rows != len(d.saved) || keys != n {
			t.Errorf("%s: crmd has %d cases and %d keys for %d cases and %d saves", d.user, rows, keys, len(d.saved), n)
		}
		saves, total = saves+n, total+len(d.saved)
	}
	t.Logf("%d desks, %d cases, %d saves, each once on crmd; %d replays", len(desks), total, saves, replays(t, a)+replays(t, b))
}

// replays reads crmd_case_puts_total{outcome="replay"} from an instance's
// metrics: writes that arrived again, at either instance, after one had
// applied them.
func replays(t *testing.T, r running) int {
	_, body := get(t, r.MetricsURL+"/metrics", "")
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, `crmd_case_puts_total{outcome="replay"} `); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}
