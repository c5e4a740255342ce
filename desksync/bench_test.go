package desksync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
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

// request sends one authenticated request and drains the answer.
func request(b *testing.B, hc *http.Client, method, url, token string, hdr map[string]string, body []byte) int {
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var sink [512]byte
	for {
		if _, err := res.Body.Read(sink[:]); err != nil {
			break
		}
	}
	res.Body.Close()
	return res.StatusCode
}

// BenchmarkCaseUpsert is an authenticated PUT /v1/cases/{id} creating a
// case, over HTTP on loopback, into SQLite with synchronous=FULL; the noop
// sub-benchmark is the same server, the same token check and rate limiter,
// and a handler that does nothing: the difference is the case write.
func BenchmarkCaseUpsert(b *testing.B) {
	r, a := start(b)
	r.Server.Handle("POST /v1/bench/noop", server.Rule{Roles: []crm.Role{crm.RoleAgent}}, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	tok := a.Login("ana", crmtest.Password).AccessToken
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	body, _ := json.Marshal(benchCase("C-BENCH-0", 1))
	b.Run("noop", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if st := request(b, hc, "POST", r.URL+"/v1/bench/noop", tok, nil, body); st != 204 {
				b.Fatal(st)
			}
		}
	})
	n := 0
	b.Run("upsert", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			n++
			id := fmt.Sprintf("C-BENCH-%d", n)
			body, _ := json.Marshal(benchCase(id, 1))
			if st := request(b, hc, "PUT", r.URL+"/v1/cases/"+id, tok, map[string]string{"Idempotency-Key": "case:" + id + ":v1", "If-None-Match": "*"}, body); st != 201 {
				b.Fatal(st)
			}
		}
	})
	var seq atomic.Int64
	b.Run("upsert-parallel", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				id := fmt.Sprintf("C-PAR-%d", seq.Add(1))
				body, _ := json.Marshal(benchCase(id, 1))
				if st := request(b, hc, "PUT", r.URL+"/v1/cases/"+id, tok, map[string]string{"Idempotency-Key": "case:" + id + ":v1", "If-None-Match": "*"}, body); st != 201 {
					b.Error(st)
					return
				}
			}
		})
	})
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
// to crmd: read the outbox, PUT each with its key, delete it on the
// acknowledgement; both databases in synchronous=FULL.
func BenchmarkOutboxDrain10k(b *testing.B) {
	const n = 10_000
	for _, parallel := range []int{1, 4} {
		b.Run(fmt.Sprint("parallel-", parallel), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				r, _ := start(b)
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
				w := &desksync.Worker{Client: c, Outbox: db, Parallel: parallel, Batch: 100}
				b.StartTimer()
				t0 := time.Now()
				for {
					w.Pass(context.Background())
					if pending, _, _, _ := db.OutboxStats(context.Background()); pending == 0 {
						break
					}
					if time.Since(t0) > 9*time.Minute {
						b.Fatal("drain too slow")
					}
				}
				el := time.Since(t0)
				b.StopTimer()
				if p := w.Progress(); p.Waiting != 0 || p.SetAside != 0 {
					b.Fatalf("after drain: %+v", p)
				}
				b.ReportMetric(float64(n)/el.Seconds(), "cases/s")
				db.Close()
				r.Stop()
				b.StartTimer()
			}
		})
	}
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
