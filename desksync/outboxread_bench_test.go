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

func (c *countedDueExcept) DueOutboxExcept(ctx context.Context, owner string, now time.Time, limit int, skip []int64, held []string) ([]crm.OutboxItem, error) {
	due, err := c.db.DueOutboxExcept(ctx, owner, now, limit, skip, held)
	c.n.items(due)
	return due, err
}

// BenchmarkDueOutboxManyConflicts is one outbox read of the worker
// (once per batch) on a desk with 500 conflicts and 200 saves set aside
// (crmd's database replaced): the hold needs only which cases they are,
// not both versions of each.
// replaced): the hold needs only which cases they are, not both versions
// of each.
//
//	go test -run '^$' -bench DueOutboxManyConflicts -benchmem ./desksync/
func BenchmarkDueOutboxManyConflicts(b *testing.B) {
	const conflicts, aside, waiting = 500, 200, 2000
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "agentdesk.db"), sqlite.Production)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	fillOutbox(b, db, conflicts+aside+waiting)
	rows, err := db.SQL().Query(`SELECT id, body FROM outbox ORDER BY id LIMIT ?`, conflicts+aside)
	if err != nil {
		b.Fatal(err)
	}
	type row struct {
		id   int64
		body string
	}
	var first []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.body); err != nil {
			b.Fatal(err)
		}
		first = append(first, r)
	}
	rows.Close()
	for i, r := range first {
		if i < conflicts {
			err = db.RecordOutboxConflict(ctx, r.id, 2, []byte(r.body), "ana")
		} else {
			err = db.SetOutboxAside(ctx, r.id, crm.CodeInvalid, "ana")
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, store := range []struct {
		name string
		wrap func(*sqlite.DB, *outboxReads) desksync.Outbox
	}{
		// A store with no lighter read: the hold reads every conflict's
		// both versions and every save set aside, as it did before.
		{"full", func(db *sqlite.DB, n *outboxReads) desksync.Outbox { return &countedHolds{db, n} }},
		{"ids", func(db *sqlite.DB, n *outboxReads) desksync.Outbox { return &countedHoldIDs{countedHolds{db, n}, db} }},
		// Held cases left out of the due items by the store's query, not
		// read along, one more row each, and dropped.
		{"held-out", func(db *sqlite.DB, n *outboxReads) desksync.Outbox {
			return &countedHoldsExcept{countedHoldIDs{countedHolds{db, n}, db}}
		}},
	} {
		b.Run(store.name, func(b *testing.B) {
			var read outboxReads
			box := desksync.HoldConflicts(store.wrap(db, &read))
			b.ReportAllocs()
			for b.Loop() {
				due, err := box.DueOutbox(ctx, "ana", time.Now(), 50)
				if err != nil || len(due) != 50 {
					b.Fatalf("due: %d %v", len(due), err)
				}
			}
			read.report(b)
		})
	}
}

// countedHolds counts what the conflict hold reads, through the store's
// interface only.
type countedHolds struct {
	desksync.Outbox
	n *outboxReads
}

func (c *countedHolds) DueOutbox(ctx context.Context, owner string, now time.Time, limit int) ([]crm.OutboxItem, error) {
	due, err := c.Outbox.DueOutbox(ctx, owner, now, limit)
	c.n.items(due)
	return due, err
}

func (c *countedHolds) OutboxConflicts(ctx context.Context) ([]crm.Conflict, error) {
	cs, err := c.Outbox.OutboxConflicts(ctx)
	for _, cf := range cs {
		c.n.rows++
		c.n.bytes += len(cf.Local) + len(cf.Server)
	}
	return cs, err
}

func (c *countedHolds) OutboxAside(ctx context.Context) ([]crm.AsideItem, error) {
	as, err := c.Outbox.OutboxAside(ctx)
	c.n.rows += len(as)
	return as, err
}

// countedHoldIDs counts what OutboxHolds reads too.
type countedHoldIDs struct {
	countedHolds
	db *sqlite.DB
}

func (c *countedHoldIDs) OutboxHolds(ctx context.Context) ([]string, map[string][]int, error) {
	conflicted, refused, err := c.db.OutboxHolds(ctx)
	c.n.rows += len(conflicted)
	for _, vs := range refused {
		c.n.rows += len(vs)
	}
	return conflicted, refused, err
}

// countedHoldsExcept counts what DueOutboxExcept reads too.
type countedHoldsExcept struct{ countedHoldIDs }

func (c *countedHoldsExcept) DueOutboxExcept(ctx context.Context, owner string, now time.Time, limit int, skip []int64, held []string) ([]crm.OutboxItem, error) {
	due, err := c.db.DueOutboxExcept(ctx, owner, now, limit, skip, held)
	c.n.items(due)
	return due, err
}
