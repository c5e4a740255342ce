package desksync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// Whoever crmd lets decide amounts above authority pulls the team's
// queue: a supervisor, and an admin, whose limit covers what a
// supervisor's does not. An agent's desk keeps only its own cases.
func TestTeamQueueIsPulledForDeciders(t *testing.T) {
	r, _ := start(t)
	anaEscalates(t, r.URL, "C-A", "high")
	for _, tc := range []struct {
		user string
		team bool
	}{{"sup", true}, {"admin", true}, {"ana", false}} {
		t.Run(tc.user, func(t *testing.T) {
			dir := t.TempDir()
			db := sqlitetest.Open(t, dir, sqlite.Production)
			sessions := filepath.Join(dir, "data")
			pulled := make(chan struct{}, 1)
			s := desksync.New(desksync.Config{Connect: crmtest.DeskConnect(t, r.URL, sessions, tc.user), Outbox: db, Team: db, DataDir: sessions,
				Pull: 30 * time.Millisecond, Slow: time.Hour,
				OnTeam: func() {
					select {
					case pulled <- struct{}{}:
					default:
					}
				}})
			s.Start(r.URL, tc.user)
			defer s.Stop()
			wait := 20 * time.Second
			if !tc.team {
				// Several rounds at 30 ms: long enough to have pulled.
				wait = 500 * time.Millisecond
			}
			select {
			case <-pulled:
			case <-time.After(wait):
			}
			_, err := db.TeamCase(context.Background(), "C-A")
			if got := err == nil; got != tc.team {
				t.Errorf("%s's desk holds the team queue: %v, want %v (%v)", tc.user, got, tc.team, err)
			}
		})
	}
}
