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
)

// refusedUnder is the desk's record of the logins owner-less items were
// refused under (desksync.RefusedUnderPrefix), by setting.
func refusedUnder(t *testing.T, st cases.Settings) map[string]string {
	t.Helper()
	kv, err := st.AllSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range kv {
		if strings.HasPrefix(k, desksync.RefusedUnderPrefix) {
			out[k] = v
		}
	}
	return out
}

// Who an owner-less item was refused under is kept while the item is:
// once a person resolves its conflict, or queues the refused action again
// in its place, the outbox no longer holds it and its record goes too,
// rather than pile up in the desk's settings for every such item ever.
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
			if kept := refusedUnder(t, d.db); len(kept) == 0 {
				t.Fatalf("nothing recorded of the refusal: %v", kept)
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
