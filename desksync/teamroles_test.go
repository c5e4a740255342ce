package desksync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/playbook"
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

// An admin's desk takes the playbook crmd publishes, as every desk does:
// its team review judges by the published limits what crmd will take.
// crmd keeps no cases of an admin's own (the statuses route is the desk
// roles'), and that refusal must not hold the playbook back.
func TestAdminDeskTakesThePublishedPlaybook(t *testing.T) {
	r, api := start(t)
	sup := api.Login("sup", crmtest.Password).AccessToken
	res := api.Do("GET", "/v1/playbook", sup, nil, nil)
	crmtest.Expect(t, res, 200, "built-in pack")
	var pack crm.PlaybookPack
	res.JSON(t, &pack)
	pack.Files["flow.toml"] += "\n# published for the admin's desk\n"
	crmtest.Expect(t, api.Do("PUT", "/v1/playbook", sup, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish")

	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	sessions := filepath.Join(dir, "data")
	got := make(chan int, 4)
	s := desksync.New(desksync.Config{Connect: crmtest.DeskConnect(t, r.URL, sessions, "admin"), Outbox: db, Team: db, DataDir: sessions,
		Pull: 30 * time.Millisecond, Slow: 30 * time.Millisecond,
		OnPlaybook: func(_ *playbook.Playbook, version int, _ bool) {
			select {
			case got <- version:
			default:
			}
		}})
	s.Start(r.URL, "admin")
	defer s.Stop()
	select {
	case v := <-got:
		if v < 1 {
			t.Errorf("version %d", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the admin's desk never took the published playbook; status %+v", s.Status())
	}
	if st := s.Status(); !st.Online || st.LastError != "" {
		t.Errorf("status %+v", st)
	}
}

// An admin's desk works an escalation through to crmd: it approves an
// amount above a supervisor's limit (400; the supervisor's is 250, the
// admin's 1,000) and resolves it, and crmd records both under the
// admin's login.
func TestAdminDeskApprovesAboveASupervisorsLimit(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	anaEscalatesAmount(t, r.URL, "C-400", "high", 40_000)

	admin := newDesk(t, r.URL, "admin")
	by := desksync.Actor{Name: "Lead", User: "admin"}
	if _, err := desksync.PullTeam(ctx, admin.client, admin.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, admin.db, "C-400", 0, true, "ok", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, admin.db, "C-400", cases.EscResolved, "credited", "credit approved", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if p := drain(t, admin.worker(), admin); p.SetAside != 0 {
		t.Fatalf("set aside: %+v", p)
	}
	sc, err := r.Store.GetCase(ctx, "C-400")
	if err != nil {
		t.Fatal(err)
	}
	e, d := sc.Case.Escalation, sc.Case.Actions[0].Decision
	if d == nil || !d.Approved || d.By != "admin" || e.Status != cases.EscResolved {
		t.Errorf("crmd holds decision %+v, escalation %+v", d, e)
	}
}
