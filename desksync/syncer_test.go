package desksync_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
	"agentdesk/playbook"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
	"agentdesk/training"
)

// syncDesk is a desk wired as the app wires it, without a window: the
// callbacks record what a screen would be told.
type syncDesk struct {
	t       *testing.T
	db, tdb *sqlite.DB
	svc     *cases.Service
	s       *desksync.Syncer
	dir     string

	mu        sync.Mutex
	esc       []crm.EscalationStatus
	conflicts int
	packs     []int
}

func newSyncDesk(t *testing.T, url, user string) *syncDesk {
	t.Helper()
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	tdb := sqlitetest.Open(t, dir, sqlite.Training)
	sessions := filepath.Join(dir, "data")
	connect := crmtest.DeskConnect(t, url, sessions, user)
	d := &syncDesk{t: t, db: db, tdb: tdb, svc: &cases.Service{Store: db}, dir: sessions}
	d.s = desksync.New(desksync.Config{
		Connect: connect, Outbox: db, Customers: db, Attempts: tdb, DataDir: sessions, Settings: db,
		Pull: 40 * time.Millisecond, Slow: 40 * time.Millisecond,
		Tune: func(w *desksync.Worker) {
			w.BaseDelay, w.MaxDelay, w.Poll = 10*time.Millisecond, 100*time.Millisecond, 30*time.Millisecond
		},
		OnConflict: func() { d.mu.Lock(); d.conflicts++; d.mu.Unlock() },
		OnEscalations: func(l []crm.EscalationStatus) {
			d.mu.Lock()
			d.esc = append(d.esc, l...)
			d.mu.Unlock()
		},
		OnPlaybook: func(pb *playbook.Playbook, version int, changed bool) {
			d.mu.Lock()
			d.packs = append(d.packs, version)
			d.mu.Unlock()
		},
	})
	t.Cleanup(d.s.Stop)
	return d
}

func (d *syncDesk) waitFor(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("timed out waiting for %s; status %+v", what, d.s.Status())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (d *syncDesk) save(c *cases.Case) {
	d.t.Helper()
	var err error
	if c.Version == 0 {
		err = d.svc.Create(context.Background(), c)
	} else {
		err = d.svc.Save(context.Background(), c)
	}
	if err != nil {
		d.t.Fatal(err)
	}
	d.s.Saved()
}

// A desk that was logged in drains its saves, reports each step of the
// way in Status, and says when crmd cannot be reached.
func TestSyncerStatusFollowsTheOutbox(t *testing.T) {
	r, _ := start(t)
	unconfigured := newSyncDesk(t, "", "")
	unconfigured.s.Start("", "ana")
	if st := unconfigured.s.Status(); st.Configured || st.LoggedIn {
		t.Fatalf("no address: %+v", st)
	}

	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	d.waitFor("online", func() bool { st := d.s.Status(); return st.Known && st.Online && st.User == "ana" })
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	d.save(c)
	d.waitFor("synced", func() bool { st := d.s.Status(); return st.Waiting == 0 && !st.LastSync.IsZero() })

	r.Stop()
	c.Notes = "offline"
	d.save(c)
	d.waitFor("offline with one waiting", func() bool {
		st := d.s.Status()
		return st.Known && !st.Online && st.Waiting == 1 && st.LastError == crm.CodeOffline
	})
}

// The pulls bring the back office's statuses, the playbook crmd publishes
// (kept in the data folder) and take the trainee's attempts up once.
func TestSyncerPulls(t *testing.T) {
	r, api := start(t)
	sup := api.Login("sup", crmtest.Password).AccessToken
	res := api.Do("GET", "/v1/playbook", sup, nil, nil)
	crmtest.Expect(t, res, 200, "built-in pack")
	var pack crm.PlaybookPack
	res.JSON(t, &pack)
	pack.Files["flow.toml"] += "\n# published for the syncer test\n"
	crmtest.Expect(t, api.Do("PUT", "/v1/playbook", sup, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish")

	d := newSyncDesk(t, r.URL, "ana")
	now := time.Now()
	played := crmtest.PlayAttempt(t, "", crmtest.AttemptScenario, nil)
	played.Trainee = "ana" // the desk's user: the syncer sends hers
	id, err := d.tdb.SaveAttempt(context.Background(), played,
		training.Report{Scenario: crmtest.AttemptScenario, Total: 90, PassMark: 80, Passed: true, Complete: true})
	if err != nil {
		t.Fatal(err)
	}
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES, Status: cases.StatusEscalated,
		Customer:   cases.Customer{Account: "ACC-1001", Name: "Lucía García"},
		Escalation: &cases.Escalation{Ticket: "ESC-1", Priority: "high", Reason: "twice", At: now, Status: cases.EscReceived}}
	d.save(c)
	d.s.Start(r.URL, "ana")

	d.waitFor("the published pack", func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return len(d.packs) > 0 && d.packs[len(d.packs)-1] == 1
	})
	if st := d.s.Status(); st.PlaybookVersion != 1 {
		t.Errorf("status shows playbook v%d", st.PlaybookVersion)
	}
	if _, err := os.Stat(filepath.Join(mustPackDir(t, d.dir), "flow.toml")); err != nil {
		t.Fatalf("pack not kept: %v", err)
	}
	d.waitFor("the attempt on crmd", func() bool {
		v, _ := d.tdb.GetSetting(context.Background(), desksync.UploadedPrefix+id)
		return v != "" && !strings.HasPrefix(v, "refused")
	})
	d.waitFor("the case synced", func() bool { return d.s.Status().Waiting == 0 })
	crmtest.Expect(t, api.Do("PUT", "/v1/cases/"+c.ID+"/escalation", sup, nil, crm.EscalationUpdate{Status: crm.EscInProgress}), 200, "back office")
	d.waitFor("the status pulled", func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		for _, e := range d.esc {
			if e.CaseID == c.ID && e.Status == crm.EscInProgress && e.UpdatedBy == "sup" {
				return true
			}
		}
		return false
	})

	// A restart offline starts from the kept pack.
	pb, m, err := desksync.LoadSavedPack(d.dir)
	if err != nil || m.Version != 1 || pb == nil {
		t.Fatalf("kept pack: v%d %v", m.Version, err)
	}
}

// delivered counts the statuses of case id at state st the desk was given.
func (d *syncDesk) delivered(id string, st cases.EscalationState) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, e := range d.esc {
		if e.CaseID == id && e.Status == st {
			n++
		}
	}
	return n
}

// crmd stamps a move with its time before the move's transaction commits,
// so a status can appear after one stamped later has been pulled (two
// writes in flight; two instances whose clocks differ). The desk asks
// again from a little earlier and gets it, and never gets one twice.
func TestSyncerPullsAStatusThatCommittedLate(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Now().UnixMicro())
	r, api := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.UnixMicro(now.Load()).UTC() } })
	sup := api.Login("sup", crmtest.Password).AccessToken
	d := newSyncDesk(t, r.URL, "ana")
	var ids []string
	for i, acc := range []string{"ACC-1001", "ACC-1002"} {
		c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES, Status: cases.StatusEscalated,
			Customer:   cases.Customer{Account: acc, Name: "Lucía García"},
			Escalation: &cases.Escalation{Ticket: fmt.Sprintf("ESC-%d", i), Priority: "high", Reason: "twice", At: time.Now(), Status: cases.EscReceived}}
		d.save(c)
		ids = append(ids, c.ID)
	}
	d.s.Start(r.URL, "ana")
	d.waitFor("both cases synced", func() bool { return d.s.Status().Waiting == 0 && !d.s.Status().LastSync.IsZero() })

	move := func(id string) {
		t.Helper()
		crmtest.Expect(t, api.Do("PUT", "/v1/cases/"+id+"/escalation", sup, nil, crm.EscalationUpdate{Status: crm.EscInProgress}), 200, "move "+id)
	}
	now.Add((20 * time.Second).Microseconds())
	move(ids[0])
	d.waitFor("the first move", func() bool { return d.delivered(ids[0], crm.EscInProgress) == 1 })
	now.Add(-(5 * time.Second).Microseconds()) // stamped before the first, committed after
	move(ids[1])
	d.waitFor("the move that committed late", func() bool { return d.delivered(ids[1], crm.EscInProgress) == 1 })
	time.Sleep(200 * time.Millisecond) // several more pulls over the same window
	if n, m := d.delivered(ids[0], crm.EscInProgress), d.delivered(ids[1], crm.EscInProgress); n != 1 || m != 1 {
		t.Errorf("delivered %d and %d times, want once each", n, m)
	}
}

// Someone else signing in on the desk is told the statuses crmd shows
// them from the start, not from where the previous user's pulls had got
// to: the other agent's escalation moved earlier than the first one's.
func TestSyncerStartsOverForTheNextUser(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Now().UnixMicro())
	r, api := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.UnixMicro(now.Load()).UTC() } })
	sup := api.Login("sup", crmtest.Password).AccessToken
	for _, agent := range []string{"ben", "ana"} {
		c := crmtest.NewCase("C-"+strings.ToUpper(agent)+"-1", agent)
		c.Status = cases.StatusEscalated
		c.Escalation = &cases.Escalation{Ticket: "ESC-" + agent, Priority: "high", Reason: "twice", At: time.Now(), Status: cases.EscReceived}
		crmtest.Expect(t, api.PutCase(api.Login(agent, crmtest.Password).AccessToken, "k-"+agent, c), 201, "escalate for "+agent)
		crmtest.Expect(t, api.Do("PUT", "/v1/cases/"+c.ID+"/escalation", sup, nil, crm.EscalationUpdate{Status: crm.EscInProgress}), 200, "move")
		now.Add((5 * time.Minute).Microseconds()) // ana's move well after ben's, past the overlap
	}
	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	d.waitFor("ana's status", func() bool { return d.delivered("C-ANA-1", crm.EscInProgress) == 1 })
	if err := d.s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.Login(context.Background(), "ben", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	d.waitFor("ben's status", func() bool { return d.delivered("C-BEN-1", crm.EscInProgress) == 1 })
}

// A case whose conflict waits for a person sends nothing more; the other
// cases go on. Choosing ends the hold.
func TestSyncerHoldsAConflictedCase(t *testing.T) {
	r, api := start(t)
	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	d.save(c)
	d.waitFor("synced", func() bool { return d.s.Status().Waiting == 0 && !d.s.Status().LastSync.IsZero() })

	// Another desk saves version 2 first.
	tok := api.Login("ana", crmtest.Password).AccessToken
	theirs := *c
	theirs.Version, theirs.Notes = 2, "from the other desk"
	crmtest.Expect(t, api.PutCase(tok, "other:1", &theirs), 200, "other desk")

	c.Notes = "mine"
	d.save(c) // v2 here: refused
	d.waitFor("the conflict", func() bool { d.mu.Lock(); defer d.mu.Unlock(); return d.conflicts == 1 })
	c.Notes = "mine, later"
	d.save(c) // v3, built on the refused v2: held
	other := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	d.save(other)
	d.waitFor("the other case synced", func() bool {
		return api.Do("GET", "/v1/cases/"+other.ID, tok, nil, nil).Status == 200 && d.s.Status().Waiting == 1
	})
	time.Sleep(150 * time.Millisecond) // a few worker passes
	sc := api.Do("GET", "/v1/cases/"+c.ID, tok, nil, nil)
	var got cases.Case
	sc.JSON(t, &got)
	if got.Version != 2 || got.Notes != "from the other desk" {
		t.Fatalf("a held version reached crmd: v%d %q", got.Version, got.Notes)
	}

	list, err := d.s.Conflicts(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("conflicts: %v %v", list, err)
	}
	ccs := desksync.ByCase(list, func(id string) (*cases.Case, error) { return d.db.GetCase(context.Background(), id) })
	if len(ccs) != 1 || ccs[0].Theirs == nil || ccs[0].Theirs.Notes != "from the other desk" || ccs[0].Mine.Notes != "mine, later" {
		t.Fatalf("by case: %+v", ccs)
	}
	local, _ := d.db.GetCase(context.Background(), c.ID)
	chosen, ev, err := desksync.Choose(ccs[0], local, true, "ana", time.Now())
	if err != nil || chosen.Version != 3 || ev.Detail != "kept_mine" {
		t.Fatalf("keep mine: v%d %+v %v", chosen.Version, ev, err)
	}
	sess := cases.NewSession(d.db, nil, d.db)
	if err := sess.Resolve(context.Background(), chosen, local.Version, ev, true); err != nil {
		t.Fatal(err)
	}
	d.s.Resolved()
	d.waitFor("mine on crmd", func() bool {
		var now cases.Case
		api.Do("GET", "/v1/cases/"+c.ID, tok, nil, nil).JSON(t, &now)
		return now.Version == 3 && now.Notes == "mine, later"
	})
	if _, _, err := desksync.Choose(desksync.CaseConflict{Conflict: crm.Conflict{CaseID: "x"}}, local, false, "ana", time.Now()); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("take theirs without theirs: %v", err)
	}
}

// A customer the desk does not know is asked of crmd after a pause in the
// typing, cached, and only the last lookup is answered.
func TestSyncerLooksUpCustomers(t *testing.T) {
	r, _ := start(t)
	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	got := make(chan *cases.Customer, 2)
	if !d.s.LookupCustomer("ACC-", func(c *cases.Customer) { got <- c }) {
		t.Fatal("a lookup was not started")
	}
	if !d.s.LookupCustomer("ACC-1001", func(c *cases.Customer) { got <- c }) {
		t.Fatal("the second lookup was not started")
	}
	select {
	case c := <-got:
		if c == nil || c.Name != customer.Name {
			t.Fatalf("found %+v", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
	}
	select {
	case c := <-got:
		t.Fatalf("the superseded lookup answered: %+v", c)
	case <-time.After(600 * time.Millisecond):
	}
	if cu, err := d.db.GetCustomer(context.Background(), "ACC-1001"); err != nil || cu.Name != customer.Name {
		t.Fatalf("not cached: %+v %v", cu, err)
	}
	if d.s.LookupCustomer("AC", func(*cases.Customer) {}) {
		t.Error("a lookup for two characters")
	}
}

// Logging out stops the worker; saves wait for the next login.
func TestSyncerLogout(t *testing.T) {
	r, _ := start(t)
	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	d.waitFor("online", func() bool { return d.s.Status().Online })
	if err := d.s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := d.s.Status(); st.LoggedIn || st.LoggingOut {
		t.Fatalf("after logout: %+v", st)
	}
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
	d.save(c)
	time.Sleep(200 * time.Millisecond)
	if st := d.s.Status(); st.Waiting != 1 {
		t.Fatalf("a save went out logged out: %+v", st)
	}
	if _, err := d.s.Login(context.Background(), "ana", "wrong-password-here"); crm.CodeOf(err) != crm.CodeUnauthorized {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := d.s.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	d.waitFor("the save out", func() bool { return d.s.Status().Waiting == 0 })
}

// anaOnlineWithBensSave is a shared desk: ana logged in, and a save of
// ben's waiting, counted apart.
func anaOnlineWithBensSave(t *testing.T, url string) *syncDesk {
	t.Helper()
	d := newSyncDesk(t, url, "ana")
	d.s.Start(url, "ana")
	d.waitFor("online", func() bool { return d.s.Status().Online })
	d.save(&cases.Case{Agent: "ben", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}})
	d.waitFor("ben's save counted apart", func() bool { st := d.s.Status(); return st.Others == 1 && st.Waiting == 0 })
	return d
}

// On a shared desk the status tells apart what waits for this login and
// what waits for another user's; logged out, everything simply waits.
func TestSyncerCountsOtherUsersSaves(t *testing.T) {
	r, _ := start(t)
	d := anaOnlineWithBensSave(t, r.URL)
	if err := d.s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.waitFor("waiting, logged out", func() bool { st := d.s.Status(); return st.Others == 0 && st.Waiting == 1 })
	if _, err := d.s.Login(context.Background(), "ben", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	d.waitFor("ben's save out", func() bool { st := d.s.Status(); return st.Others == 0 && st.Waiting == 0 && !st.LastSync.IsZero() })
	if st := d.s.Status(); st.SetAside != 0 {
		t.Fatalf("crmd refused ben's save: %+v", st)
	}
}

// stuckOutbox hands the worker nothing: the saves stay waiting.
type stuckOutbox struct{ crm.Outbox }

func (stuckOutbox) DueOutbox(context.Context, string, time.Time, int) ([]crm.OutboxItem, error) {
	return nil, nil
}

// The progress bar measures the backlog of the user logged in: after a
// login it starts over, rather than count another user's saves, which no
// longer count as waiting, as sent.
func TestSyncerPeakStartsOverAtLogin(t *testing.T) {
	r, _ := start(t)
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	s := desksync.New(desksync.Config{
		Connect: crmtest.DeskConnect(t, r.URL, filepath.Join(dir, "data"), ""), Outbox: db,
		Pull: 40 * time.Millisecond, Slow: time.Hour,
		Tune: func(w *desksync.Worker) { w.Outbox = stuckOutbox{w.Outbox}; w.Poll = 30 * time.Millisecond },
	})
	t.Cleanup(s.Stop)
	svc := &cases.Service{Store: db}
	for i := range 26 {
		agent := "ben"
		if i == 25 {
			agent = "ana"
		}
		c := &cases.Case{Agent: agent, Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
			Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
		if err := svc.Create(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	s.Start(r.URL, "ana")
	waitFor := func(what string, cond func(desksync.Status) bool) desksync.Status {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			st := s.Status()
			if cond(st) {
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s: %+v", what, st)
			}
		}
	}
	waitFor("all pending, logged out", func(st desksync.Status) bool { return st.Waiting == 26 && st.Peak == 26 })
	if _, err := s.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	st := waitFor("ana's counts", func(st desksync.Status) bool { return st.Waiting == 1 && st.Others == 25 && st.Online })
	if st.Peak > st.Waiting {
		t.Errorf("nothing sent under ana's login, yet the bar shows %d of %d done", st.Peak-st.Waiting, st.Peak)
	}
}

// When crmd ends the session (noticed by a pull), nobody is logged in:
// every save waiting is simply pending, as after a logout, and what is
// done at the desk meanwhile is still the ended session's user's.
func TestSyncerSessionEndedCountsAsLoggedOut(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Now().UnixMicro())
	r, _ := start(t, func(c *server.Config) { c.Now = func() time.Time { return time.UnixMicro(now.Load()).UTC() } })
	d := anaOnlineWithBensSave(t, r.URL)
	now.Add((90 * 24 * time.Hour).Microseconds()) // ana's tokens are over
	d.waitFor("session ended", func() bool { st := d.s.Status(); return st.SessionEnded && !st.LoggedIn })
	d.waitFor("everything pending", func() bool { st := d.s.Status(); return st.Others == 0 && st.Waiting == 1 })
	if st := d.s.Status(); st.EndedUser != "ana" || st.EndedRole != crm.RoleAgent {
		t.Errorf("ended session's user %q, role %q", st.EndedUser, st.EndedRole)
	}
}

// The interface language reaches crmd as Accept-Language: set before the
// first request, changed while pulls run, and kept for the client made when
// the address changes.
func TestSyncerSendsTheInterfaceLanguage(t *testing.T) {
	r, _ := start(t)
	type seen struct {
		mu    sync.Mutex
		langs []string
	}
	// record is crmd behind a proxy that notes each request's language.
	record := func() (*httptest.Server, *seen) {
		s := &seen{}
		srv := inFront(t, r.URL, func(_ http.ResponseWriter, req *http.Request, _ http.Handler) bool {
			s.mu.Lock()
			s.langs = append(s.langs, req.Header.Get("Accept-Language"))
			s.mu.Unlock()
			return false
		})
		return srv, s
	}
	last := func(s *seen) string {
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.langs) == 0 {
			return "-"
		}
		return s.langs[len(s.langs)-1]
	}
	first, a := record()
	d := newSyncDesk(t, first.URL, "ana")
	a.mu.Lock()
	a.langs = nil // the harness's own login
	a.mu.Unlock()
	d.s.SetLang("es")
	d.s.Start(first.URL, "ana")
	d.waitFor("a request", func() bool { return last(a) != "-" })
	a.mu.Lock()
	if a.langs[0] != "es" {
		t.Errorf("first request in %q", a.langs[0])
	}
	a.mu.Unlock()
	d.s.SetLang("en") // while the pulls run
	d.waitFor("English", func() bool { return last(a) == "en" })

	second, b := record()
	c, err := crm.NewClient(second.URL, d.dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	b.langs = nil
	b.mu.Unlock()
	d.s.SetURL(second.URL)
	d.waitFor("a request to the new address", func() bool { return last(b) != "-" })
	if l := last(b); l != "en" {
		t.Errorf("new address asked in %q", l)
	}
}

// gated holds the first count of everything pending (nobody logged in)
// until released.
type gated struct {
	desksync.Outbox
	mu            sync.Mutex
	armed         bool
	held, release chan struct{}
}

func (g *gated) OutboxStats(ctx context.Context, owner string) (n crm.OutboxCounts, err error) {
	n, err = g.Outbox.OutboxStats(ctx, owner)
	g.mu.Lock()
	hold := g.armed && owner == ""
	g.armed = g.armed && !hold
	g.mu.Unlock()
	if hold {
		close(g.held)
		<-g.release
	}
	return n, err
}

// A count read logged out that lands after Login's reset puts the old
// backlog back into the peak.

// A count begun while nobody was logged in (every item pending) that ends
// after a login must not set the progress bar's peak back: nothing was
// sent under the new login.
func TestSyncerPeakIgnoresACountOfBeforeTheLogin(t *testing.T) {
	r, _ := start(t)
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	g := &gated{Outbox: db, held: make(chan struct{}), release: make(chan struct{})}
	s := desksync.New(desksync.Config{Connect: crmtest.DeskConnect(t, r.URL, filepath.Join(dir, "data"), ""), Outbox: g,
		Pull: 40 * time.Millisecond, Slow: time.Hour,
		Tune: func(w *desksync.Worker) { w.Outbox = stuckOutbox{w.Outbox}; w.Poll = 30 * time.Millisecond }})
	t.Cleanup(s.Stop)
	for i := range 26 {
		agent := map[bool]string{true: "ana", false: "ben"}[i == 25]
		if err := (&cases.Service{Store: db}).Create(context.Background(), &cases.Case{Agent: agent, Role: cases.RoleAgent,
			CallType: "bill_increase", CallLang: locales.ES, Customer: cases.Customer{Account: "ACC-1001", Name: "L"}}); err != nil {
			t.Fatal(err)
		}
	}
	s.Start(r.URL, "ana")
	waitT(t, "26 pending", func() bool { return s.Status().Waiting == 26 })
	g.mu.Lock()
	g.armed = true
	g.mu.Unlock()
	s.Saved() // a count under way when the login comes
	<-g.held
	if _, err := s.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	close(g.release)
	waitT(t, "ana's counts", func() bool { st := s.Status(); return st.Waiting == 1 && st.Others == 25 })
	time.Sleep(200 * time.Millisecond)
	if st := s.Status(); st.Peak > st.Waiting {
		t.Errorf("nothing sent, yet the bar shows %d of %d done", st.Peak-st.Waiting, st.Peak)
	}
}

// On a shared desk the conflicts offered are the login's own (and those
// of saves no login owns): ana is not asked to decide ben's case, where
// "take theirs" would throw away ben's version without ben ever seeing it.
func TestSyncerOffersOnlyTheLoginsConflicts(t *testing.T) {
	r, _ := start(t)
	d := newSyncDesk(t, r.URL, "ana")
	ctx := context.Background()
	for _, agent := range []string{"ana", "ben"} {
		c := &cases.Case{Agent: agent, Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
			Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
		d.save(c)
		due, err := d.db.DueOutbox(ctx, agent, time.Now().Add(time.Hour), 10)
		if err != nil || len(due) == 0 {
			t.Fatalf("%s: due %+v %v", agent, due, err)
		}
		if err := d.db.RecordOutboxConflict(ctx, due[len(due)-1].ID, 2, []byte(`{"id":"x"}`), ""); err != nil {
			t.Fatal(err)
		}
	}
	d.s.Start(r.URL, "ana")
	d.waitFor("the login", func() bool { s, ok := d.s.Session(); return ok && s.Username == "ana" })
	list, err := d.s.Conflicts(ctx)
	var owners []string
	for _, c := range list {
		owners = append(owners, c.Owner)
	}
	if err != nil || len(list) != 1 || list[0].Owner != "ana" {
		t.Errorf("ana is offered the conflicts of %v (%v)", owners, err)
	}
}

// On a shared desk the saves crmd refused for good are listed and counted
// for the login they were to go under (and those no login owns), as
// conflicts are: ben is not shown ana's refused case, and ana still is.
func TestSyncerListsOnlyTheLoginsSetAside(t *testing.T) {
	r, _ := start(t)
	d := newSyncDesk(t, r.URL, "ana")
	ctx := context.Background()
	ids := map[string]string{} // agent → the case set aside
	for _, agent := range []string{"ana", "ben"} {
		c := &cases.Case{Agent: agent, Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
			Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García"}}
		d.save(c)
		due, err := d.db.DueOutbox(ctx, agent, time.Now().Add(time.Hour), 10)
		if err != nil || len(due) == 0 {
			t.Fatalf("%s: due %+v %v", agent, due, err)
		}
		it := due[len(due)-1]
		if err := d.db.SetOutboxAside(ctx, it.ID, crm.CodeTooLarge, ""); err != nil {
			t.Fatal(err)
		}
		ids[agent] = it.Ref
	}
	d.s.Stop()
	for _, login := range []string{"ana", "ben"} {
		dir := t.TempDir()
		s := desksync.New(desksync.Config{Connect: crmtest.DeskConnect(t, r.URL, dir, login), Outbox: d.db, DataDir: dir,
			Pull: time.Hour, Slow: time.Hour})
		s.Start(r.URL, login)
		deadline := time.Now().Add(20 * time.Second)
		for {
			if sess, ok := s.Session(); ok && sess.Username == login && s.Status().LoggedIn {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never logged in: %+v", login, s.Status())
			}
			time.Sleep(10 * time.Millisecond)
		}
		list, err := s.Aside(ctx)
		var shown []string
		for _, it := range list {
			shown = append(shown, it.CaseID)
		}
		if err != nil || len(list) != 1 || list[0].CaseID != ids[login] {
			t.Errorf("%s is shown the set-aside cases %v (%v), want only %s", login, shown, err, ids[login])
		}
		deadline = time.Now().Add(20 * time.Second)
		for s.Status().SetAside != 1 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := s.Status().SetAside; n != 1 {
			t.Errorf("%s's status bar counts %d set aside, want 1", login, n)
		}
		s.Stop()
	}
}
