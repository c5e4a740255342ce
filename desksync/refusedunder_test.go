package desksync_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/sqlite"
)

// refusedUnder is who the desk's outbox says owns each item set aside,
// by item; the desk's settings must say nothing of it (they did before
// 00010: sync.refused_under.<id>).
func refusedUnder(t *testing.T, db *sqlite.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	kv, err := db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k := range kv {
		if strings.HasPrefix(k, "sync.refused_under.") {
			t.Errorf("setting %s kept beside the outbox", k)
		}
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT id, owner FROM outbox WHERE dead = 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, owner string
		if err := rows.Scan(&id, &owner); err != nil {
			t.Fatal(err)
		}
		out[id] = owner
	}
	return out
}

// Who an owner-less item was refused under is kept while the item is,
// as its owner in the outbox: once a person resolves its conflict, or
// queues the refused action again in its place, the outbox no longer
// holds it and nothing of it is left behind.
func TestRefusedUnderGoesWithItsItem(t *testing.T) {
	for _, tc := range []struct {
		name   string
		refuse func(t *testing.T, url string) (db *desk, settle func(t *testing.T))
	}{
		{"a conflict resolved", func(t *testing.T, url string) (*desk, func(t *testing.T)) {
			d := newDesk(t, url, "ana")
			c := d.newCase(t, "Ana Pérez", "before the login")
			d.save(t, c, "still before the login")
			w := &desksync.Worker{Client: d.client, Outbox: desksync.HoldConflicts(d.db), BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
			for i := 0; i < 5 && w.Progress().Conflicts == 0; i++ {
				w.Pass(context.Background())
			}
			return d, func(t *testing.T) {
				ctx := context.Background()
				cur, err := d.db.GetCase(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				// Keep mine, as the conflict dialog does, then tell sync.
				chosen := *cur
				chosen.Version++
				if err := d.db.ResolveConflict(ctx, &chosen, cur.Version, cases.Event{At: time.Now(), Kind: cases.EventSyncResolved, Actor: "ana", Detail: "kept_mine"}, false); err != nil {
					t.Fatal(err)
				}
				s := desksync.New(desksync.Config{Outbox: d.db, Settings: d.db, Pull: time.Hour, Slow: time.Hour,
					Connect: crmtest.DeskConnect(t, url, filepath.Join(t.TempDir(), "data"), "ana")})
				t.Cleanup(s.Stop)
				s.Resolved()
			}
		}},
		{"a move queued again", func(t *testing.T, url string) (*desk, func(t *testing.T)) {
			ctx := context.Background()
			anaEscalates(t, url, "C-A", "normal")
			sup := newDesk(t, url, "sup")
			if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
				t.Fatal(err)
			}
			// Queued while nobody was logged in at the shared desk; the
			// next login is an agent's, whom crmd refuses the move.
			if _, err := desksync.QueueMove(ctx, sup.db, "C-A", cases.EscInProgress, "calling", "", desksync.Actor{Name: "Sup"}, time.Now()); err != nil {
				t.Fatal(err)
			}
			agent, err := crmtest.DeskConnect(t, url, filepath.Join(t.TempDir(), "session"), "ana")(url)
			if err != nil {
				t.Fatal(err)
			}
			w := &desksync.Worker{Client: agent, Outbox: desksync.HoldConflicts(sup.db), BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
			w.Pass(ctx)
			return sup, func(t *testing.T) {
				// The supervisor, logged in, reads the queue again and
				// makes the same move: it takes the refused one's place.
				if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
					t.Fatal(err)
				}
				if _, err := desksync.QueueMove(ctx, sup.db, "C-A", cases.EscInProgress, "calling", "", desksync.Actor{Name: "Sup", User: "sup"}, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := start(t)
			d, settle := tc.refuse(t, r.URL)
			kept := refusedUnder(t, d.db)
			if len(kept) == 0 {
				t.Fatalf("nothing recorded of the refusal: %v", kept)
			}
			for id, owner := range kept {
				if owner != "ana" {
					t.Fatalf("item %s refused under ana is owned by %q", id, owner)
				}
			}
			settle(t)
			deadline := time.Now().Add(5 * time.Second)
			for kept := refusedUnder(t, d.db); len(kept) > 0; kept = refusedUnder(t, d.db) {
				if time.Now().After(deadline) {
					aside, _ := d.db.OutboxAside(context.Background())
					t.Fatalf("the outbox holds %+v, the settings still %v", aside, kept)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}
