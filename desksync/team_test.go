package desksync_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

func escalated(id, agent, priority string, amount int64) *cases.Case {
	now := time.Now()
	c := &cases.Case{ID: id, Agent: agent, Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES, Status: cases.StatusEscalated,
		Reason: "billing.duplicate_charge", Customer: cases.Customer{Account: "4417001234", Name: "Lucía García"}}
	if amount > 0 {
		c.Actions = []cases.Action{{ID: "credit", Amount: amount, Reason: "duplicate", At: now}}
	}
	c.Escalation = &cases.Escalation{Ticket: "ESC-" + id, Criteria: []string{"exceeds_authority"}, Priority: priority, Reason: "refund", At: now}
	return c
}

// A supervisor's desk keeps the team's escalations: the queue by due time
// with its filters and counts, moves and decisions made offline that reach
// crmd later under the supervisor's name, and crmd's truth after.
func TestTeamQueueAndOfflineActions(t *testing.T) {
	r, _ := start(t)
	ana := newDesk(t, r.URL, "ana")
	w := ana.worker()
	ana.svc.Create(context.Background(), escalated("C-T1", "ana", "normal", 0))
	ana.svc.Create(context.Background(), escalated("C-T2", "ana", "high", 20000))
	drain(t, w, ana)

	sup := newDesk(t, r.URL, "sup")
	since, err := desksync.PullTeam(context.Background(), sup.client, sup.db, time.Time{})
	if err != nil || since.IsZero() {
		t.Fatalf("pull: %v %v", since, err)
	}
	q, err := sup.db.TeamQueue(context.Background(), cases.TeamFilter{Open: true})
	if err != nil || len(q) != 2 || q[0].CaseID != "C-T2" || q[0].Undecided != 1 || q[1].Priority != "normal" {
		t.Fatalf("queue (high priority due first): %+v %v", q, err)
	}
	if q[0].Account == "4417001234" || q[0].Overdue(time.Now()) || !q[0].Overdue(time.Now().Add(25*time.Hour)) {
		t.Errorf("row %+v", q[0])
	}
	if f, _ := sup.db.TeamQueue(context.Background(), cases.TeamFilter{Priority: "normal"}); len(f) != 1 || f[0].CaseID != "C-T1" {
		t.Errorf("priority filter: %+v", f)
	}
	if f, _ := sup.db.TeamQueue(context.Background(), cases.TeamFilter{OlderThan: time.Hour, Now: time.Now()}); len(f) != 0 {
		t.Errorf("age filter: %+v", f)
	}
	if n, _ := sup.db.TeamCounts(context.Background()); n[cases.EscReceived] != 2 {
		t.Errorf("counts %v", n)
	}

	// crmd goes away; the supervisor works on.
	r.Stop()
	now := time.Now()
	if _, err := desksync.QueueMove(context.Background(), sup.db, "C-T2", cases.EscInProgress, "calling the bank", "", desksync.Actor{Name: "sup", User: "sup"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(context.Background(), sup.db, "C-T2", 0, true, "duplicate confirmed", desksync.Actor{Name: "sup", User: "sup"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(context.Background(), sup.db, "C-T2", cases.EscReceived, "", "", desksync.Actor{Name: "sup", User: "sup"}, now); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("a move back to received: %v", err)
	}
	q, _ = sup.db.TeamQueue(context.Background(), cases.TeamFilter{Status: cases.EscInProgress})
	if len(q) != 1 || !q[0].Pending || q[0].Undecided != 0 {
		t.Fatalf("the queue does not show the waiting move: %+v", q)
	}
	if n, _ := sup.db.OutboxStats(context.Background(), ""); n.Pending != 2 {
		t.Fatalf("%d waiting in the outbox", n.Pending)
	}

	// crmd is back: the moves go out under the supervisor's name, and the
	// next refresh shows crmd's record.
	crmtest.StartWithKeys(t, r.Store, r.KeysDir, r.Keys, r.Addr)
	sw := sup.worker()
	for range 20 {
		sw.Pass(context.Background())
		if n, _ := sup.db.OutboxStats(context.Background(), ""); n.Pending == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	sc, err := r.Store.GetCase(context.Background(), "C-T2")
	if err != nil || sc.Case.Escalation.Status != cases.EscInProgress || len(sc.Case.Escalation.History) != 1 ||
		sc.Case.Escalation.History[0].By != "sup" || sc.Case.Actions[0].Decision == nil || sc.Case.Actions[0].Decision.By != "sup" {
		t.Fatalf("crmd has %+v %+v %v", sc.Case.Escalation, sc.Case.Actions, err)
	}
	if _, err := desksync.PullTeam(context.Background(), sw.Client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	q, _ = sup.db.TeamQueue(context.Background(), cases.TeamFilter{Status: cases.EscInProgress})
	if len(q) != 1 || q[0].Pending {
		t.Errorf("after the refresh: %+v", q)
	}
	// The agent's desk hears of it.
	st, err := ana.client.Escalations(context.Background(), time.Time{})
	if err != nil || len(st) != 2 {
		t.Fatalf("ana pulls %+v %v", st, err)
	}
}

// A move crmd refuses for good (another supervisor rejected the case
// first) is told to the syncer, which reads the team's queue from the
// start again so the desk's copy shows crmd's state, not the refused move.
func TestRefusedMoveIsTold(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	anaEscalates(t, r.URL, "C-A", "normal")
	sup := newDesk(t, r.URL, "sup")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-A", cases.EscInProgress, "calling", "", desksync.Actor{Name: "sup", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	tok := api.Login("sup", crmtest.Password).AccessToken
	crmtest.Expect(t, api.Do("PUT", "/v1/cases/C-A/escalation", tok, nil, crm.EscalationUpdate{Status: cases.EscRejected, Note: "dup"}), 200, "reject")
	w := sup.worker()
	var refused []string
	w.OnBackOfficeRefused = func(it crm.OutboxItem) { refused = append(refused, it.Ref) }
	w.Pass(ctx)
	if len(refused) != 1 || refused[0] != "C-A" {
		t.Fatalf("refused moves told: %v", refused)
	}
	// Read again from the start, the queue shows crmd's state.
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if c, err := sup.db.TeamCase(ctx, "C-A"); err != nil || c.Escalation.Status != cases.EscRejected {
		t.Errorf("the desk's copy: %v %v", c.Escalation.Status, err)
	}
}

// An escalation leaves the open queue only once every amount above
// authority on it is approved or denied: crmd refuses the move with its
// own code, and the supervisor's desk before it is queued.
func TestAnEscalationClosesOnceItsAmountsAreDecided(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	anaEscalatesAmount(t, r.URL, "C-U", "high", 20000)
	tok := api.Login("sup", crmtest.Password).AccessToken
	res := api.Do("PUT", "/v1/cases/C-U/escalation", tok, nil, crm.EscalationUpdate{Status: cases.EscResolved, Resolution: "credited"})
	crmtest.Expect(t, res, 409, "resolved with the credit undecided")
	if !strings.Contains(string(res.Body), `"`+string(crm.CodeUndecided)+`"`) {
		t.Errorf("crmd answers %s", res.Body)
	}
	sup := newDesk(t, r.URL, "sup")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	by := desksync.Actor{Name: "sup", User: "sup"}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-U", cases.EscRejected, "", "", by, time.Now()); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("the desk queued a rejection with the credit undecided: %v", err)
	}
	if _, err := desksync.QueueDecision(ctx, sup.db, "C-U", 0, false, "not a duplicate", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-U", cases.EscRejected, "", "", by, time.Now()); err != nil {
		t.Fatalf("rejected once the credit is denied: %v", err)
	}
	drain(t, sup.worker(), sup)
	sc, err := r.Store.GetCase(ctx, "C-U")
	if err != nil || sc.Case.Escalation.Status != cases.EscRejected || sc.Case.Actions[0].Decision == nil {
		t.Errorf("crmd has %+v %+v %v", sc.Case.Escalation, sc.Case.Actions, err)
	}
}

// A supervisor decides the credit, then rejects the escalation, and the
// decision meets a passing failure: the move waits behind it (crmd would
// refuse it while the credit is undecided) and both land in order. A
// move crmd refused anyway can be made again once the cause is gone.
func TestAMoveWaitsForTheDecisionBeforeIt(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	anaEscalatesAmount(t, r.URL, "C-U", "high", 20000)
	var fails atomic.Int64
	srv := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.Method != "POST" || !strings.HasSuffix(req.URL.Path, "/decisions") || fails.Add(1) != 1 {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"error":{"code":"internal","message":"down for a moment"}}`))
		return true
	})
	sup := newDesk(t, srv.URL, "sup")
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	by := desksync.Actor{Name: "sup", User: "sup"}
	if _, err := desksync.QueueDecision(ctx, sup.db, "C-U", 0, false, "not a duplicate", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-U", cases.EscRejected, "", "", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if p := drain(t, sup.worker(), sup); p.SetAside != 0 {
		t.Errorf("%d set aside", p.SetAside)
	}
	sc, err := r.Store.GetCase(ctx, "C-U")
	if err != nil || sc.Case.Escalation.Status != cases.EscRejected || sc.Case.Actions[0].Decision == nil {
		t.Fatalf("crmd has %+v %+v %v", sc.Case.Escalation, sc.Case.Actions, err)
	}

	// A move refused for good (set aside here by hand) is made again: its
	// key is the action's, and the refused row gives way to the new one.
	anaEscalatesAmount(t, r.URL, "C-V", "high", 0)
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-V", cases.EscInProgress, "", "", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	items, _ := sup.db.DueOutbox(ctx, "sup", time.Now(), 10)
	if len(items) != 1 {
		t.Fatalf("outbox %+v", items)
	}
	if err := sup.db.SetOutboxAside(ctx, items[0].ID, crm.CodeUndecided, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, sup.db, "C-V", cases.EscInProgress, "", "", by, time.Now()); err != nil {
		t.Fatalf("the same move again: %v", err)
	}
	drain(t, sup.worker(), sup)
	if sc, _ := r.Store.GetCase(ctx, "C-V"); sc.Case.Escalation.Status != cases.EscInProgress {
		t.Errorf("crmd has %s", sc.Case.Escalation.Status)
	}
}

// Four eyes by the login, as crmd judges it, not by the name a desk
// shows: a supervisor's own case is refused on their desk whatever it is
// named (not queued to be set aside by crmd), and a colleague's case is
// theirs to decide on a desk that happens to bear that colleague's name.
func TestOwnCaseIsJudgedByTheLogin(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	anaEscalatesAmount(t, r.URL, "C-ANA", "high", 20000)
	own := newDesk(t, r.URL, "sup")
	c := escalated("C-OWN", "sup", "high", 9_000_000)
	c.Role = cases.RoleSupervisor
	if err := own.svc.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	drain(t, own.worker(), own)
	desk := newDesk(t, r.URL, "sup")
	if _, err := desksync.PullTeam(ctx, desk.client, desk.db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, desk.db, "C-OWN", 0, true, "ok", desksync.Actor{Name: "Sam Super", User: "sup"}, time.Now()); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("sup's own case, on a desk named otherwise: %v", err)
	}
	if _, err := desksync.QueueDecision(ctx, desk.db, "C-ANA", 0, true, "ok", desksync.Actor{Name: "ana", User: "sup"}, time.Now()); err != nil {
		t.Errorf("ana's case, decided by sup on a desk named ana: %v", err)
	}
	if p := drain(t, desk.worker(), desk); p.SetAside != 0 {
		t.Errorf("%d set aside", p.SetAside)
	}
}

// A supervisor's desk restarted reads the team's queue on from the cursor
// it kept, not the centre's whole history again; the queue it held stays.
func TestSyncerKeepsTheTeamCursorAcrossARestart(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	anaEscalates(t, r.URL, "C-A", "high")

	// crmd behind a proxy that notes where each team refresh starts.
	var mu sync.Mutex
	var starts []string
	srv := inFront(t, r.URL, func(_ http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if strings.HasPrefix(req.URL.Path, "/v1/team/") && req.URL.Query().Get("cursor") == "" {
			mu.Lock()
			starts = append(starts, req.URL.Query().Get("updated_since"))
			mu.Unlock()
		}
		return false
	})
	refreshes := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), starts...)
	}

	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	sessions := filepath.Join(dir, "data")
	connect := crmtest.DeskConnect(t, srv.URL, sessions, "sup")
	run := func() *desksync.Syncer {
		s := desksync.New(desksync.Config{Connect: connect, Outbox: db, Team: db, DataDir: sessions,
			Pull: 30 * time.Millisecond, Slow: time.Hour})
		s.Start(srv.URL, "sup")
		return s
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; refreshes %q", what, refreshes())
			}
		}
	}

	s := run()
	wait("the queue and its cursor kept", func() bool {
		u, at, err := db.TeamCursor(ctx)
		_, terr := db.TeamCase(ctx, "C-A")
		return err == nil && terr == nil && u == srv.URL && !at.IsZero()
	})
	if first := refreshes(); first[0] != "" {
		t.Fatalf("the first refresh ever started at %q", first[0])
	}
	s.Stop()

	mu.Lock()
	starts = nil
	mu.Unlock()
	s = run()
	defer s.Stop()
	wait("a refresh after the restart", func() bool { return len(refreshes()) > 0 })
	if got := refreshes()[0]; got == "" {
		t.Error("the restarted desk read the whole queue again")
	}
	if _, err := db.TeamCase(ctx, "C-A"); err != nil {
		t.Errorf("the queue held before: %v", err)
	}
}

func waitT(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for d := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(d) {
			t.Fatalf("timed out: %s", what)
		}
	}
}

// A move crmd took whose answer was lost is resent; meanwhile the
// refreshes skip the case (the desk's action waits on it) and the cursor
// moves past crmd's change, which a resend does not make again. crmd's
// answer to the resend settles the team case, so the queue does not show
// the desk's own version, waiting, for good (the next morning too).
func TestSyncerSettlesAMoveWhoseAnswerWasLost(t *testing.T) {
	var off atomic.Int64
	r, _ := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.Now().Add(time.Duration(off.Load())) } })
	ctx := context.Background()
	ana := newDesk(t, r.URL, "ana")
	other := escalated("C-B", "ana", "high", 0)
	for _, c := range []*cases.Case{escalated("C-A", "ana", "high", 0), other} {
		if err := ana.svc.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, ana.worker(), ana)
	srv, lose, reads := losingMoveAnswers(t, r.URL)
	db, connect, dir := supervisorMovesCA(t, srv.URL)
	run := func() *desksync.Syncer {
		s := desksync.New(desksync.Config{Connect: connect, Outbox: db, Team: db, DataDir: filepath.Join(dir, "data"),
			Pull: 30 * time.Millisecond, Slow: time.Hour,
			Tune: func(w *desksync.Worker) { w.BaseDelay, w.MaxDelay = 20*time.Millisecond, 50*time.Millisecond }})
		s.Start(srv.URL, "sup")
		return s
	}
	s := run()
	waitT(t, "crmd has the move", func() bool {
		sc, err := r.Store.GetCase(ctx, "C-A")
		return err == nil && len(sc.Case.Escalation.History) == 1
	})
	off.Store(int64(2 * time.Minute)) // the queue moves on, past the overlap
	ana.save(t, other, "called back")
	drain(t, ana.worker(), ana)
	waitT(t, "cursor past C-B", func() bool {
		_, at, _ := db.TeamCursor(ctx)
		return at.After(time.Now().Add(90 * time.Second))
	})
	lose.Store(false)
	waitT(t, "outbox empty", func() bool { n, _ := db.OutboxStats(ctx, "sup"); return n.Pending == 0 })
	s.Stop()
	s = run() // next morning
	defer s.Stop()
	n := reads.Load()
	waitT(t, "3 refreshes", func() bool { return reads.Load() >= n+3 })
	rows, _ := db.TeamQueue(ctx, cases.TeamFilter{Status: cases.EscInProgress})
	if len(rows) != 1 || rows[0].Pending {
		t.Errorf("crmd took the move; the queue still shows it waiting: %+v", rows)
	}
}

// anaEscalates is ana's desk with case id escalated at priority and sent
// to crmd at url.
func anaEscalates(t *testing.T, url, id, priority string) *desk {
	t.Helper()
	ana, _ := anaEscalatesAmount(t, url, id, priority, 0)
	return ana
}

// anaEscalatesAmount is anaEscalates with an amount above authority on
// the case (0: none), which it returns as ana's desk has it.
func anaEscalatesAmount(t *testing.T, url, id, priority string, amount int64) (*desk, *cases.Case) {
	t.Helper()
	ana := newDesk(t, url, "ana")
	c := escalated(id, "ana", priority, amount)
	if err := ana.svc.Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	drain(t, ana.worker(), ana)
	return ana, c
}

// supervisorMovesCA is a supervisor's desk, logged in to crmd at url,
// that has read the team's queue and queued a move of C-A to in
// progress: its database, its connect and its data folder's parent.
func supervisorMovesCA(t *testing.T, url string) (*sqlite.DB, func(string) (*crm.Client, error), string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	connect := crmtest.DeskConnect(t, url, filepath.Join(dir, "data"), "sup")
	cl, _ := connect(url)
	if _, err := desksync.PullTeam(ctx, cl, db, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueMove(ctx, db, "C-A", cases.EscInProgress, "calling", "", desksync.Actor{Name: "sup", User: "sup"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return db, connect, dir
}

// stoppingTeam stops the syncer while it brings a team case up to crmd's
// answer, the moment a desk is closed right after a move went out.
type stoppingTeam struct {
	*sqlite.DB
	stop    func()
	stopped chan struct{}
}

func (s *stoppingTeam) SettleTeamCase(ctx context.Context, id string, b cases.BackOffice) error {
	go func() { s.stop(); close(s.stopped) }()
	time.Sleep(100 * time.Millisecond) // Stop has canceled the syncer's work by now
	return s.DB.SettleTeamCase(ctx, id, b)
}

// A desk closed just after crmd answered a move still brings the team
// case up to that answer: it no longer shows the move as waiting.
func TestSyncerSettlesAMoveWhileStopping(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	anaEscalates(t, r.URL, "C-A", "high")
	db, connect, dir := supervisorMovesCA(t, r.URL)
	team := &stoppingTeam{DB: db, stopped: make(chan struct{})}
	s := desksync.New(desksync.Config{Connect: connect, Outbox: db, Team: team, DataDir: filepath.Join(dir, "data"),
		Pull: time.Hour, Slow: time.Hour})
	team.stop = s.Stop
	s.Start(r.URL, "sup")
	select {
	case <-team.stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the move was not answered")
	}
	rows, err := db.TeamQueue(ctx, cases.TeamFilter{Status: cases.EscInProgress})
	if err != nil || len(rows) != 1 || rows[0].Pending {
		t.Errorf("crmd took the move; after the desk stopped the queue shows %+v (%v)", rows, err)
	}
}

// failingSettle is a team store whose settles fail (a full disk), and
// which notes every cursor the syncer records.
type failingSettle struct {
	*sqlite.DB
	mu      sync.Mutex
	cursors []time.Time
	settles atomic.Int32
}

func (f *failingSettle) SettleTeamCase(context.Context, string, cases.BackOffice) error {
	f.settles.Add(1)
	return errors.New("disk full")
}

func (f *failingSettle) SetTeamCursor(ctx context.Context, url string, at time.Time) error {
	f.mu.Lock()
	f.cursors = append(f.cursors, at)
	f.mu.Unlock()
	return f.DB.SetTeamCursor(ctx, url, at)
}

// A move crmd took whose settle failed leaves the case showing the move as
// waiting, and the refreshes may already be past crmd's change: the queue
// is read from the start again, as after a refused move.
func TestSyncerReadsTheQueueAgainAfterAFailedSettle(t *testing.T) {
	r, _ := start(t)
	anaEscalates(t, r.URL, "C-A", "high")
	db, connect, dir := supervisorMovesCA(t, r.URL)
	team := &failingSettle{DB: db}
	s := desksync.New(desksync.Config{Connect: connect, Outbox: db, Team: team, DataDir: filepath.Join(dir, "data"),
		Pull: time.Hour, Slow: time.Hour})
	s.Start(r.URL, "sup")
	defer s.Stop()
	waitT(t, "the settle", func() bool { return team.settles.Load() > 0 })
	waitT(t, "the cursor set back to the start", func() bool {
		team.mu.Lock()
		defer team.mu.Unlock()
		return slices.ContainsFunc(team.cursors, time.Time.IsZero)
	})
}

// While a move's answer is lost, the agent changes the case on crmd (a
// note, the amount) and the queue moves on past that change: the
// refreshes skipped the case, since the desk's move waited on it. Once the
// resend is answered the desk shows crmd's case, not its own old copy with
// crmd's state on it, which would keep the old text and amount (the one a
// supervisor approves or denies by position) until the case changed again.
func TestSyncerSettlesAMoveOnTheCaseCrmdHasNow(t *testing.T) {
	var off atomic.Int64
	r, _ := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.Now().Add(time.Duration(off.Load())) } })
	ctx := context.Background()
	ana := newDesk(t, r.URL, "ana")
	mine, other := escalated("C-A", "ana", "high", 20000), escalated("C-B", "ana", "high", 0)
	for _, c := range []*cases.Case{mine, other} {
		if err := ana.svc.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, ana.worker(), ana)
	srv, lose, reads := losingMoveAnswers(t, r.URL)
	db, connect, dir := supervisorMovesCA(t, srv.URL)
	s := desksync.New(desksync.Config{Connect: connect, Outbox: db, Team: db, DataDir: filepath.Join(dir, "data"),
		Pull: 30 * time.Millisecond, Slow: time.Hour,
		Tune: func(w *desksync.Worker) { w.BaseDelay, w.MaxDelay = 20*time.Millisecond, 50*time.Millisecond }})
	s.Start(srv.URL, "sup")
	defer s.Stop()
	waitT(t, "crmd has the move", func() bool {
		sc, err := r.Store.GetCase(ctx, "C-A")
		return err == nil && len(sc.Case.Escalation.History) == 1
	})
	// The agent changes the case; a refresh reads it and skips it.
	off.Store(int64(2 * time.Minute))
	mine.Actions[0].Amount = 25000
	ana.save(t, mine, "the bank statement shows a second charge")
	drain(t, ana.worker(), ana)
	if sc, err := r.Store.GetCase(ctx, "C-A"); err != nil || sc.Case.Notes != mine.Notes || sc.Case.Actions[0].Amount != 25000 {
		t.Fatalf("crmd has %+v %v", sc, err)
	}
	waitT(t, "cursor past C-A's change", func() bool {
		_, at, _ := db.TeamCursor(ctx)
		return at.After(time.Now().Add(90 * time.Second))
	})
	// The queue moves on, past the overlap.
	off.Store(int64(4 * time.Minute))
	ana.save(t, other, "called back")
	drain(t, ana.worker(), ana)
	waitT(t, "cursor past C-B's change", func() bool {
		_, at, _ := db.TeamCursor(ctx)
		return at.After(time.Now().Add(210 * time.Second))
	})
	lose.Store(false)
	waitT(t, "outbox empty", func() bool { n, _ := db.OutboxStats(ctx, "sup"); return n.Pending == 0 })
	n := reads.Load()
	waitT(t, "3 refreshes", func() bool { return reads.Load() >= n+3 })
	c, err := db.TeamCase(ctx, "C-A")
	if err != nil {
		t.Fatal(err)
	}
	if c.Notes != "the bank statement shows a second charge" || c.Actions[0].Amount != 25000 {
		t.Errorf("the desk shows C-A with notes %q and amount %d; crmd has the agent's change", c.Notes, c.Actions[0].Amount)
	}
	if c.Escalation.Status != cases.EscInProgress || len(c.Escalation.History) != 1 {
		t.Errorf("the desk shows C-A %s with %d moves", c.Escalation.Status, len(c.Escalation.History))
	}
	if rows, _ := db.TeamQueue(ctx, cases.TeamFilter{Status: cases.EscInProgress}); len(rows) != 1 || rows[0].Pending {
		t.Errorf("queue %+v", rows)
	}
}

// losingMoveAnswers is crmd at crmdURL behind a proxy that, while lose is
// set, loses the answer to every back-office move: crmd commits the first
// one it is sent and the desk never hears back. reads counts the team
// queue's reads.
func losingMoveAnswers(t *testing.T, crmdURL string) (srv *httptest.Server, lose *atomic.Bool, reads *atomic.Int64) {
	t.Helper()
	lose, reads = new(atomic.Bool), new(atomic.Int64)
	lose.Store(true)
	var moves atomic.Int64
	srv = inFront(t, crmdURL, func(w http.ResponseWriter, req *http.Request, crmd http.Handler) bool {
		if strings.HasPrefix(req.URL.Path, "/v1/team/") {
			reads.Add(1)
		}
		if req.Method != "PUT" || !strings.HasSuffix(req.URL.Path, "/escalation") || !lose.Load() {
			return false
		}
		if moves.Add(1) == 1 {
			crmd.ServeHTTP(httptest.NewRecorder(), req) // crmd commits
		}
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close() // the answer is lost
		return true
	})
	return srv, lose, reads
}
