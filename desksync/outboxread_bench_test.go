package desksync_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/sqlite"
)

// BenchmarkPassRetriedBacklog is one agentctl sync pass (SendNow) over
// 2,000 waiting saves of which crmd answers "retry" for 500, spread
// through the backlog: the items retried must not be read again by every
// later query of the pass.
//
//	go test -run '^$' -bench PassRetriedBacklog -benchmem ./desksync/
func BenchmarkPassRetriedBacklog(b *testing.B) {
	const n, every = 2000, 4
	r := startOn(b, benchStores[0].open)
	target, err := url.Parse(r.URL)
	if err != nil {
		b.Fatal(err)
	}
	crmd := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/v1/cases:batch" {
			crmd.ServeHTTP(w, req)
			return
		}
		var in crm.BatchRequest
		if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var out crm.BatchResponse
		for _, it := range in.Items {
			var i int
			fmt.Sscanf(it.ID, "C-DRAIN-%d", &i)
			res := crm.BatchResult{ID: it.ID, Outcome: crm.BatchCreated, Version: 1}
			if i%every == 0 {
				res = crm.BatchResult{ID: it.ID, Outcome: crm.BatchRetry, Code: crm.CodeInternal}
			}
			out.Results = append(out.Results, res)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	}))
	b.Cleanup(front.Close)
	c, err := crm.NewClient(front.URL, b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "ana", crmtest.Password); err != nil {
		b.Fatal(err)
	}
	for _, store := range []struct {
		name string
		wrap func(*sqlite.DB, *outboxReads) desksync.Outbox
	}{
		// A store that cannot leave items out of its query: the worker
		// reads the retries along, as it did before.
		{"read-along", func(db *sqlite.DB, n *outboxReads) desksync.Outbox { return &countedDue{db, db, n} }},
		{"left-out", func(db *sqlite.DB, n *outboxReads) desksync.Outbox { return &countedDueExcept{countedDue{db, db, n}} }},
	} {
		b.Run(store.name, func(b *testing.B) {
			b.ReportAllocs()
			var read outboxReads
			for b.Loop() {
				b.StopTimer()
				db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "agentdesk.db"), sqlite.Production)
				if err != nil {
					b.Fatal(err)
				}
				fillOutbox(b, db, n)
				w := &desksync.Worker{Client: c, Outbox: desksync.HoldConflicts(store.wrap(db, &read)), SendNow: true}
				b.StartTimer()
				w.Pass(context.Background())
				b.StopTimer()
				if st, _ := db.OutboxStats(context.Background(), ""); st.Pending != n/every {
					b.Fatalf("after the pass: %+v", st)
				}
				db.Close()
				b.StartTimer()
			}
			read.report(b)
		})
	}
}

// outboxReads is what a benchmark read from the outbox: rows and bytes of
// their bodies.
type outboxReads struct{ rows, bytes int }

func (n *outboxReads) items(due []crm.OutboxItem) {
	for _, it := range due {
		n.rows++
		n.bytes += len(it.Body)
	}
}

func (n *outboxReads) report(b *testing.B) {
	b.ReportMetric(float64(n.rows)/float64(b.N), "rows/op")
	b.ReportMetric(float64(n.bytes)/float64(b.N), "body-B/op")
}

// countedDue counts what DueOutbox reads. It has the store's other
// methods through the interface only: no DueOutboxExcept.
type countedDue struct {
	desksync.Outbox
	db *sqlite.DB
	n  *outboxReads
}

func (c *countedDue) DueOutbox(ctx context.Context, owner string, now time.Time, limit int) ([]crm.OutboxItem, error) {
	due, err := c.db.DueOutbox(ctx, owner, now, limit)
	c.n.items(due)
	return due, err
}

// countedDueExcept counts what DueOutboxExcept reads too.
type countedDueExcept struct{ countedDue }

func (c *countedDueExcept) DueOutboxExcept(ctx context.Context, owner string, now time.Time, limit int, skip []int64) ([]crm.OutboxItem, error) {
	due, err := c.db.DueOutboxExcept(ctx, owner, now, limit, skip)
	c.n.items(due)
	return due, err
}
