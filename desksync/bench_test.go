package desksync_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
	"agentdesk/postgres"
	"agentdesk/sqlite"
)

// benchCase is a case of realistic size: a full checklist, a few actions
// and values, notes.
func benchCase(id string, version int) *cases.Case {
	c := crmtest.NewCase(id, "ana")
	c.Version = version
	for _, s := range []string{"introduction", "acknowledgement", "expectations", "authentication", "exploration", "education", "summary", "closing"} {
		c.Steps = append(c.Steps, cases.StepProgress{Step: s, State: cases.StepDone, At: c.CreatedAt})
	}
	c.Actions = []cases.Action{{ID: "credit", Amount: 1500, Reason: "late fee waived", At: c.CreatedAt, Role: "agent", Limit: 5000, Approved: true}}
	c.Values = map[string]string{"amount": "1500", "due_date": "2026-12-01", "plan": "Fibra 600"}
	c.Notes = "Customer disputes the late fee on the November bill; waived within authority, explained the new due date."
	return c
}

// benchStores are the stores crmd runs on in the benchmarks. PostgreSQL
// needs AGENTDESK_TEST_POSTGRES (./.ci/postgres starts one) and is skipped
// without it.
var benchStores = []struct {
	name string
	open func(testing.TB) crm.Store
}{
	{"sqlite", func(t testing.TB) crm.Store { return crmtest.OpenSQLite(t) }},
	{"postgres", func(t testing.TB) crm.Store {
		db, err := postgres.Open(context.Background(), crmtest.PostgresDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}},
}

// startOn is crmd on a fresh store with the seeded users.
func startOn(b *testing.B, open func(testing.TB) crm.Store) *crmtest.Running {
	store := open(b)
	crmtest.SeedUsers(b, store)
	return crmtest.Start(b, store)
}

// request sends one authenticated request and drains the answer.
func request(hc *http.Client, method, url, token string, hdr map[string]string, body []byte) (int, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, err
}

// benchClients is how many desks send at once in BenchmarkCaseUpsert.
const benchClients = 32

// concurrently runs op(0) .. op(b.N-1) from benchClients goroutines, each
// one request at a time as a desk sends, and reports the throughput and
// the latency of one op at the median and the 99th percentile.
func concurrently(b *testing.B, op func(i int) error) (opsPerSec float64) {
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	cpu0 := cpuTime()
	el, err := burst(0, b.N, lat, op)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if err != nil {
		b.Error(err)
		return 0
	}
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[min(len(lat)-1, int(math.Ceil(q*float64(len(lat))))-1)].Microseconds()) / 1000
	}
	opsPerSec = float64(b.N) / el.Seconds()
	b.ReportMetric(opsPerSec, "ops/s")
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	// The machine is shared: the process's own CPU time per op, clients
	// included, tells a slower op from a busier machine.
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
	}
	return opsPerSec
}

// burst runs op(from) .. op(to-1) from benchClients goroutines and says
// how long that took; lat, when not nil, gets each op's latency at its
// index minus from. It stops at the first error.
func burst(from, to int, lat []time.Duration, op func(i int) error) (time.Duration, error) {
	var next atomic.Int64
	next.Store(int64(from))
	var failed atomic.Bool
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	t0 := time.Now()
	for range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= to {
					return
				}
				s := time.Now()
				if err := op(i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
					return
				}
				if lat != nil {
					lat[i-from] = time.Since(s)
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(t0), first
}

// BenchmarkCaseUpsert is 32 desks at once sending authenticated
// PUT /v1/cases/{id} requests, each creating a case, over HTTP on
// loopback, against crmd on SQLite (synchronous=FULL) and on PostgreSQL.
// The noop sub-benchmark is the same server, the same token check and
// rate limiter, a body of the same size, and a handler that does nothing:
// the difference is the case write. Each reports ops/s, the median and
// 99th-percentile latency of one request, and the process's CPU time per
// request (crmd and the clients share it, and the machine); upsert adds
// its throughput as a fraction of noop's (x-noop).
//
//	go test -run '^$' -bench CaseUpsert -benchtime 20000x ./desksync/
func BenchmarkCaseUpsert(b *testing.B) {
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			r := startOn(b, st.open)
			r.Server.Handle("POST /v1/bench/noop", server.Rule{Roles: []crm.Role{crm.RoleAgent}}, func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusNoContent)
			})
			tok := crmtest.NewAPI(b, r.URL).Login("ana", crmtest.Password).AccessToken
			hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * benchClients}}
			body, _ := json.Marshal(benchCase("C-00-0000000", 1))
			noopOp := func(int) error {
				if st, err := request(hc, "POST", r.URL+"/v1/bench/noop", tok, nil, body); err != nil || st != 204 {
					return fmt.Errorf("noop: %d %v", st, err)
				}
				return nil
			}
			// Each case's body is the template's with its own ID written
			// in place: no encoding on the clock, and no b.N bodies held
			// live to weigh on the collector.
			var run atomic.Int64
			const placeholder = "C-00-0000000"
			tmpl, _ := json.Marshal(benchCase(placeholder, 1))
			at := bytes.Index(tmpl, []byte(placeholder))
			if at < 0 || bytes.Count(tmpl, []byte(placeholder)) != 1 {
				b.Fatal("the template must name its ID exactly once")
			}
			upsertOp := func() func(int) error {
				prefix := fmt.Sprintf("C-%02d-", run.Add(1)%100)
				return func(i int) error {
					id := fmt.Sprintf("%s%07d", prefix, i)
					body := slices.Clone(tmpl)
					copy(body[at:], id)
					hdr := map[string]string{"Idempotency-Key": "case:" + id + ":v1", "If-None-Match": "*"}
					if st, err := request(hc, "PUT", r.URL+"/v1/cases/"+id, tok, hdr, body); err != nil || st != 201 {
						return fmt.Errorf("upsert: %d %v", st, err)
					}
					return nil
				}
			}
			var noop float64
			b.Run("noop", func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				noop = concurrently(b, noopOp)
			})
			b.Run("upsert", func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				ups := concurrently(b, upsertOp())
				if noop > 0 && ups > 0 {
					b.ReportMetric(ups/noop, "x-noop")
				}
			})
			// The two above run one after the other, and on a shared
			// machine the load can change between them. Here they take
			// turns in rounds of 1,000 requests each, so a change weighs
			// on both alike: x-noop is the no-op rounds' time over the
			// upserts'.
			b.Run("alternating", func(b *testing.B) {
				const round = 1000
				op := upsertOp()
				var tn, tu time.Duration
				b.ResetTimer()
				for done := 0; done < b.N; done += round {
					n := min(round, b.N-done)
					d, err := burst(0, n, nil, noopOp)
					if err != nil {
						b.Fatal(err)
					}
					tn += d
					if d, err = burst(done, done+n, nil, op); err != nil {
						b.Fatal(err)
					}
					tu += d
				}
				b.ReportMetric(tn.Seconds()/tu.Seconds(), "x-noop")
			})
		})
	}
}

// fillOutbox puts n saved cases in a desktop outbox in one transaction, as
// n saves would have (the saves themselves are not what is measured).
func fillOutbox(b *testing.B, db *sqlite.DB, n int) {
	tx, err := db.SQL().Begin()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for i := range n {
		id := fmt.Sprintf("C-DRAIN-%05d", i)
		body, _ := json.Marshal(benchCase(id, 1))
		if _, err := tx.Exec(`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at) VALUES ('case', ?, 1, ?, ?, ?)`,
			id, "case:"+id+":v1", string(body), now); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOutboxDrain10k drains 10,000 saved cases from a desktop outbox
// to crmd with the desktop's worker as it ships (batches of 50): read the
// outbox, send each batch with its keys, delete the acknowledged items;
// the desk's database in synchronous=FULL, crmd on SQLite (also FULL) and
// on PostgreSQL.
//
//	go test -run '^$' -bench OutboxDrain10k -benchtime 3x ./desksync/
func BenchmarkOutboxDrain10k(b *testing.B) {
	const n = 10_000
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				r := startOn(b, st.open)
				db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "agentdesk.db"), sqlite.Production)
				if err != nil {
					b.Fatal(err)
				}
				fillOutbox(b, db, n)
				c, err := crm.NewClient(r.URL, b.TempDir(), nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := c.Login(context.Background(), "ana", crmtest.Password); err != nil {
					b.Fatal(err)
				}
				w := &desksync.Worker{Client: c, Outbox: db}
				b.StartTimer()
				t0 := time.Now()
				for {
					w.Pass(context.Background())
					if n, _ := db.OutboxStats(context.Background(), ""); n.Pending == 0 {
						break
					}
					if time.Since(t0) > 9*time.Minute {
						b.Fatal("drain too slow")
					}
				}
				el := time.Since(t0)
				b.StopTimer()
				if p := w.Progress(); p.Waiting != 0 || p.SetAside != 0 || p.Conflicts != 0 {
					b.Fatalf("after drain: %+v", p)
				}
				if got := countCases(b, r.Store); got != n {
					b.Fatalf("crmd has %d cases, want %d", got, n)
				}
				b.ReportMetric(float64(n)/el.Seconds(), "cases/s")
				db.Close()
				r.Stop()
				b.StartTimer()
			}
		})
	}
}

// countCases counts the cases crmd holds.
func countCases(t testing.TB, store crm.Store) int {
	var sqldb interface {
		QueryRow(string, ...any) *sql.Row
	}
	switch s := store.(type) {
	case *sqlite.ServerDB:
		sqldb = s.SQL()
	case *postgres.DB:
		sqldb = s.SQL()
	default:
		t.Fatalf("no count for %T", store)
	}
	var n int
	if err := sqldb.QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkTeamPull10k is a supervisor's first refresh of a queue of
// 10,000 escalations: every page from crmd (SQLite), each stored on the
// desk in one transaction. Later refreshes bring only what changed.
func BenchmarkTeamPull10k(b *testing.B) {
	const n = 10_000
	r, _ := start(b)
	ana, err := crm.NewClient(r.URL, b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ana.Login(context.Background(), "ana", crmtest.Password); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i += crm.MaxBatch {
		var items []crm.BatchItem
		for j := i; j < min(i+crm.MaxBatch, n); j++ {
			c := benchCase(fmt.Sprintf("C-Q%05d", j), 1)
			e := escalated(c.ID, "ana", []string{"high", "normal"}[j%2], 0)
			c.Status, c.Escalation = e.Status, e.Escalation
			body, _ := json.Marshal(c)
			items = append(items, crm.BatchItem{ID: c.ID, Key: "case:" + c.ID + ":v1", Case: body})
		}
		res, err := ana.PutCases(context.Background(), items)
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range res {
			if x.Outcome != crm.BatchCreated {
				b.Fatalf("%s: %s %s", x.ID, x.Outcome, x.Code)
			}
		}
	}
	sup, err := crm.NewClient(r.URL, b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sup.Login(context.Background(), "sup", crmtest.Password); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "agentdesk.db"), sqlite.Production)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := desksync.PullTeam(context.Background(), sup, db, time.Time{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if n, _ := db.TeamCounts(context.Background()); n[cases.EscReceived] != 10_000 {
			b.Fatalf("counts %v", n)
		}
		db.Close()
		b.StartTimer()
	}
}
