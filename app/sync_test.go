package app

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/locales/localestest"
	"agentdesk/playbook"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
	"agentdesk/training"
)

// uiQueue stands in for fyne.Do: what the sync goroutines hand to the UI
// thread runs on the test's goroutine, when the test pumps it, so the race
// detector sees widgets touched from one goroutine only.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) run() {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, f := range fns {
		f()
	}
}

// crmEnv is crmd in-process on 127.0.0.1, on a SQLite store with the
// crmtest users (ana and ben agents, sup supervisor, tia trainee).
type crmEnv struct {
	t     *testing.T
	store crm.Store
	srv   *crmtest.Running
	api   *crmtest.API
}

func startCRM(t *testing.T) *crmEnv {
	t.Helper()
	return startCRMOn(t, crmtest.OpenSQLite(t))
}

// restart brings crmd back on the same address and keys after Stop.
func (e *crmEnv) restart() {
	e.srv = crmtest.StartWithKeys(e.t, e.store, e.srv.KeysDir, e.srv.Keys, e.srv.Addr)
}

func (e *crmEnv) token(user string) string { return e.api.Login(user, crmtest.Password).AccessToken }

type syncHarness struct {
	*harness
	q        *uiQueue
	sessions string // where the desk keeps its CRM session
	dataDir  string
}

// newSyncHarness starts the app as newHarness does, wired to the CRM at
// url (none when empty) with short sync intervals, for the workstation
// agent "ana". With user set, that user logged in on an earlier run: the
// session is on disk when the app starts.
// storeCall stores, as agent, an English call of callType for the demo
// customer at index customer, changed first by edit when given.
func (h *syncHarness) storeCall(agent, callType string, customer int, edit func(*cases.Case)) *cases.Case {
	h.t.Helper()
	customers, _ := cases.DemoData(fixedNow, "ana")
	c, err := cases.StartCall(h.app.pb, agent, "agent", callType, locales.EN, *customers[customer], false)
	if err != nil {
		h.t.Fatal(err)
	}
	if edit != nil {
		edit(c)
	}
	if err := (&cases.Service{Store: h.db}).Create(context.Background(), c); err != nil {
		h.t.Fatal(err)
	}
	return c
}

func newSyncHarness(t *testing.T, lang locales.Lang, url, user string) *syncHarness {
	t.Helper()
	return newDesk(t, lang, url, "ana", cases.RoleAgent, user)
}

// newDesk is newSyncHarness for any workstation: agent and role are the
// desk's settings; a supervisor's desk keeps the team's queue.
func newDesk(t *testing.T, lang locales.Lang, url, agent string, role cases.Role, user string) *syncHarness {
	t.Helper()
	fy := test.NewTempApp(t)
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	tdb := sqlitetest.Open(t, dir, sqlite.Training)
	if err := db.SetSettings(context.Background(), map[string]string{
		cases.KeyAgent: agent, cases.KeyRole: string(role), cases.KeyCompany: "Telco Norte", cases.KeyUILang: string(lang),
		cases.KeyCallLang: string(lang), cases.KeyCRMURL: url,
	}); err != nil {
		t.Fatal(err)
	}
	customers, _ := cases.DemoData(fixedNow, "ana")
	if err := db.UpsertCustomer(context.Background(), customers[0]); err != nil {
		t.Fatal(err)
	}
	sessions := filepath.Join(dir, "data")
	connect := crmtest.DeskConnect(t, url, sessions, user)
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	tc, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	q := &uiQueue{}
	h := &harness{t: t, db: db, tdb: tdb}
	var team cases.TeamStore
	if role == cases.RoleSupervisor {
		team = db
	}
	a, err := New(fy, Deps{
		Store: db, Settings: db, Playbook: pb, SysLang: lang, Now: func() time.Time { return fixedNow },
		ExportDir: filepath.Join(dir, "exports"), TrainingStore: tdb, LoadTraining: func() (*training.Content, error) { return tc, nil },
		Team: team, Do: q.do,
		OpenFile: func(p string) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.opened = append(h.opened, p)
			return nil
		},
		Sync: &SyncDeps{
			Connect: connect, Outbox: db, DataDir: sessions,
			Pull: 60 * time.Millisecond, Slow: 60 * time.Millisecond,
			Tune: func(w *desksync.Worker) {
				w.BaseDelay, w.MaxDelay, w.Poll = 10*time.Millisecond, 100*time.Millisecond, 50*time.Millisecond
			},
			Do: q.do,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Window().Resize(fyne.NewSize(1200, 800))
	h.app = a
	t.Cleanup(a.shutdown) // before crmd and the databases close
	return &syncHarness{harness: h, q: q, sessions: sessions, dataDir: sessions}
}

// waitFor pumps the UI queue until cond holds.
func (h *syncHarness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		h.q.run()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; the status bar shows %q, a dialog %q", what, h.barTexts(), h.overlayTexts())
		}
		time.Sleep(15 * time.Millisecond)
	}
}

func (h *syncHarness) barTexts() []string {
	if h.app.sync.box == nil {
		return nil
	}
	return texts(h.app.sync.box)
}

func (h *syncHarness) barHas(s string) bool {
	return strings.Contains(strings.Join(h.barTexts(), " | "), s)
}

func (h *syncHarness) overlay() fyne.CanvasObject { return h.app.Window().Canvas().Overlays().Top() }

func (h *syncHarness) overlayTexts() []string {
	if o := h.overlay(); o != nil {
		return texts(o)
	}
	return nil
}

func (h *syncHarness) overlayHas(s string) bool {
	return strings.Contains(strings.Join(h.overlayTexts(), " "), s)
}

func (h *syncHarness) tapInDialog(label string) {
	h.t.Helper()
	o := h.overlay()
	if o == nil {
		h.t.Fatalf("no dialog open to tap %q in", label)
	}
	b := findButton(o, label)
	if b == nil {
		h.t.Fatalf("no button %q in the dialog: %q", label, texts(o))
	}
	test.Tap(b)
}

func (h *syncHarness) stats() (pending, aside, conflicts int) {
	h.t.Helper()
	n, err := h.db.OutboxStats(context.Background(), "")
	if err != nil {
		h.t.Fatal(err)
	}
	return n.Pending, n.Aside, n.Conflicts
}

// synced waits until the outbox is empty and the bar says so.
func (h *syncHarness) synced() {
	h.t.Helper()
	tr := h.app.t
	h.waitFor("everything synced", func() bool {
		p, a, c := h.stats()
		return p == 0 && a == 0 && c == 0 && h.barHas(tr.S("sync.all_synced")) && !h.app.sync.st.LastSync.IsZero()
	})
}

func (h *syncHarness) noMissingKeysIn(o fyne.CanvasObject) {
	h.t.Helper()
	for _, s := range texts(o) {
		if strings.HasPrefix(s, "!") && len(s) > 1 && !strings.Contains(s, " ") {
			h.t.Errorf("missing message: %s", s)
		}
	}
}

// The agent logs in from the status bar; a wrong password is refused in
// words that do not say which field was wrong; the session is kept on disk
// for the owner only; logging out forgets it.
func TestSyncLoginFromDialog(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "")
	tr := h.app.t
	h.waitFor("the login offer", func() bool { return h.barHas(tr.S("sync.state.logged_out")) })
	h.noMissingKeys()

	h.tap(tr.S("sync.login.button"))
	if !h.overlayHas(tr.S("sync.login.title")) {
		t.Fatalf("no login dialog: %q", h.overlayTexts())
	}
	h.noMissingKeysIn(h.overlay())
	var user, pass *widget.Entry
	walk(h.overlay(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			if e.Password {
				pass = e
			} else if user == nil {
				user = e
			}
		}
	})
	if user == nil || pass == nil || user.Text != "ana" {
		t.Fatalf("login form: user %v, pass %v", user, pass)
	}
	test.Type(pass, "not-the-password")
	h.tapInDialog(tr.S("sync.login.submit"))
	h.waitFor("the refusal", func() bool { return h.overlayHas(tr.S("sync.login.err.credentials")) })
	if pass.Text != "" {
		t.Error("the refused password stays in the field")
	}
	if h.app.sync.s.Status().LoggedIn {
		t.Fatal("logged in with a wrong password")
	}

	test.Type(pass, crmtest.Password)
	h.tapInDialog(tr.S("sync.login.submit"))
	h.waitFor("online", func() bool {
		return h.overlay() == nil && h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"}))
	})
	fi, err := os.Stat(filepath.Join(h.sessions, crm.SessionFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(filepath.Join(h.sessions, crm.SessionFile))
	if strings.Contains(string(b), crmtest.Password) {
		t.Error("the password was written to disk")
	}
	h.noMissingKeys()

	h.tap(tr.S("sync.logout.button"))
	h.waitFor("logged out", func() bool { return h.barHas(tr.S("sync.state.logged_out")) })
	if _, err := os.Stat(filepath.Join(h.sessions, crm.SessionFile)); !os.IsNotExist(err) {
		t.Errorf("session file after logout: %v", err)
	}
}

// Saves made while crmd is down wait in the outbox, the bar says how many
// and that the desk is offline; when crmd is back they drain by themselves
// and the bar shows the last sync.
func TestSyncDrainsWhenCRMComesBack(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	h.mustHave(tr.S("sync.never_synced"))

	env.srv.Stop()
	s := h.startCall("4417001234", "bill incr")
	h.tapDone()
	h.waitFor("the saves waiting, offline", func() bool {
		p, _, _ := h.stats()
		return p >= 2 && h.barHas(tr.N("sync.waiting", p, nil)) && h.barHas(tr.S("sync.state.offline"))
	})
	h.noMissingKeys()

	env.restart()
	h.synced()
	h.waitFor("online again", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	want := tr.D("sync.last_sync", map[string]any{"When": whenText(tr.Lang, h.app.sync.st.LastSync)})
	if !h.barHas(want) {
		t.Fatalf("bar %q lacks %q", h.barTexts(), want)
	}
	sc, err := env.store.GetCase(context.Background(), s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Case.Version != s.cur().Version || sc.Case.Agent != "ana" {
		t.Fatalf("crmd has version %d by %s, the desk %d", sc.Case.Version, sc.Case.Agent, s.cur().Version)
	}

	// A large backlog shows a progress bar while it drains, and only then.
	c := h.app.sync
	show := func(waiting, peak int) {
		st := c.st
		st.Online, st.LoggedIn, st.Waiting, st.Peak = true, true, waiting, peak
		c.st = st
		c.update()
	}
	show(40, 40)
	show(10, 40)
	if !c.progress.Visible() || c.progress.Value != 0.75 {
		t.Fatalf("progress bar visible %v at %v", c.progress.Visible(), c.progress.Value)
	}
	show(0, 0)
	if c.progress.Visible() {
		t.Fatal("progress bar left after the backlog drained")
	}
	show(5, 5)
	if c.progress.Visible() {
		t.Fatal("progress bar for a small backlog")
	}
}

// conflictOnOpenCase syncs a call's first version, lets "another desk"
// save a second version on crmd, and saves a different second version
// here: crmd refuses it with 412 and the conflict dialog opens.
func conflictOnOpenCase(t *testing.T, env *crmEnv, h *syncHarness) *callScreen {
	t.Helper()
	tr := h.app.t
	s := h.startCall("4417001234", "bill incr")
	h.synced()

	tok := env.token("ana")
	r := env.api.Do("GET", "/v1/cases/"+s.cur().ID, tok, nil, nil)
	crmtest.Expect(t, r, 200, "get")
	var theirs cases.Case
	r.JSON(t, &theirs)
	theirs.Version, theirs.Notes, theirs.Status = 2, "Changed at the other desk", cases.StatusClosed
	theirs.Reason = "billing.promo_expired"
	crmtest.Expect(t, env.api.PutCase(tok, "other-desk:1", &theirs), 200, "other desk saves")

	s.onNotes("Customer asked for a callback")
	s.flushNotes()
	h.waitFor("the conflict dialog", func() bool {
		return h.overlayHas(tr.S("sync.conflict.title")) && h.overlayHas("Changed at the other desk") && h.overlayHas("Customer asked for a callback")
	})
	for _, s := range []string{
		tr.D("sync.conflict.theirs", map[string]any{"Version": 2}), tr.D("sync.conflict.mine", map[string]any{"Version": 2}),
		tr.S("sync.conflict.field.status"), tr.S("cases.status.closed"), tr.S("cases.status.open"),
		tr.S("sync.conflict.field.notes"), tr.S("sync.conflict.differs"),
	} {
		if !h.overlayHas(s) {
			t.Errorf("conflict dialog lacks %q: %q", s, h.overlayTexts())
		}
	}
	h.noMissingKeysIn(h.overlay())
	if _, _, c := h.stats(); c != 1 {
		t.Fatalf("%d conflicts recorded", c)
	}
	h.waitFor("the conflict in the bar", func() bool { return h.barHas(tr.N("sync.conflict_count", 1, nil)) })

	// The agent works on while the dialog waits: those versions are built
	// on the refused one and must not reach crmd on top of the other
	// desk's, whatever their version numbers say.
	h.tapDone()
	h.pumpFor(500 * time.Millisecond)
	if p, _, _ := h.stats(); p == 0 {
		t.Fatal("the saves after the conflict left the outbox")
	}
	sc, _ := env.store.GetCase(context.Background(), s.cur().ID)
	if sc.Case.Version != 2 || sc.Case.Notes != "Changed at the other desk" {
		t.Fatalf("crmd now has v%d %q: the other desk's version was overwritten", sc.Case.Version, sc.Case.Notes)
	}
	return s
}

// pumpFor runs the UI queue for d, while the worker makes its passes.
func (h *syncHarness) pumpFor(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(15 * time.Millisecond) {
		h.q.run()
	}
}

// Take theirs stores crmd's version here and nothing is sent back.
func TestSyncConflictTakeTheirs(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	s := conflictOnOpenCase(t, env, h)

	h.tapInDialog(tr.S("sync.conflict.take_theirs"))
	if h.overlay() != nil {
		t.Fatalf("dialog still open: %q", h.overlayTexts())
	}
	local, err := h.db.GetCase(context.Background(), s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	if local.Version != 2 || local.Notes != "Changed at the other desk" || local.Status != cases.StatusClosed {
		t.Fatalf("local case v%d %q %s", local.Version, local.Notes, local.Status)
	}
	if s.cur().Notes != local.Notes || s.cur().Version != 2 {
		t.Fatalf("call screen shows v%d %q", s.cur().Version, s.cur().Notes)
	}
	if p, a, c := h.stats(); p+a+c != 0 {
		t.Fatalf("outbox after take theirs: %d waiting, %d aside, %d conflicts", p, a, c)
	}
	tl, _ := h.db.Timeline(context.Background(), s.cur().ID)
	if last := tl[len(tl)-1]; last.Kind != "sync_resolved" || last.Detail != "took_theirs" {
		t.Errorf("last event %+v", last)
	}
	h.waitFor("no conflict in the bar", func() bool { return !h.barHas(tr.N("sync.conflict_count", 1, nil)) })
	sc, _ := env.store.GetCase(context.Background(), s.cur().ID)
	if sc.Case.Version != 2 || sc.Case.Notes != "Changed at the other desk" {
		t.Fatalf("crmd changed: v%d %q", sc.Case.Version, sc.Case.Notes)
	}
}

// Keep mine sends this desk's version on top of crmd's.
func TestSyncConflictKeepMine(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	s := conflictOnOpenCase(t, env, h)

	h.tapInDialog(tr.S("sync.conflict.keep_mine"))
	h.synced()
	sc, err := env.store.GetCase(context.Background(), s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Case.Version != 3 || sc.Case.Notes != "Customer asked for a callback" || sc.Case.Status != cases.StatusOpen {
		t.Fatalf("crmd has v%d %q %s", sc.Case.Version, sc.Case.Notes, sc.Case.Status)
	}
	if s.cur().Version != 3 {
		t.Fatalf("call screen at v%d", s.cur().Version)
	}
	// The call goes on: the next save follows crmd's version.
	h.tapDone()
	h.synced()
	sc, _ = env.store.GetCase(context.Background(), s.cur().ID)
	if sc.Case.Version != s.cur().Version || s.cur().Version < 4 {
		t.Fatalf("crmd has v%d after the next save, the desk v%d", sc.Case.Version, s.cur().Version)
	}
}

// The back office moves an escalation on crmd; the agent's desk pulls the
// status, saves it on the local case and shows it on the call screen.
func TestSyncEscalationStatusRoundTrip(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	c := h.storeCall("ana", "duplicate_charge", 2, func(c *cases.Case) {
		c.Status = cases.StatusEscalated
		c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0001", Criteria: []string{"exceeds_authority"}, Priority: "high",
			Reason: "duplicate charge", At: fixedNow, ExpectedBy: fixedNow.Add(24 * time.Hour), Status: crm.EscReceived}
	})
	if err := h.app.OpenCaseByID(c.ID); err != nil {
		t.Fatal(err)
	}
	h.mustHave(tr.S("sync.esc.received"))
	h.synced()

	r := env.api.Do("PUT", "/v1/cases/"+c.ID+"/escalation", env.token("sup"), nil, crm.EscalationUpdate{Status: crm.EscInProgress, Note: "refund requested"})
	crmtest.Expect(t, r, 200, "back office status")
	h.waitFor("the status on the call screen", func() bool { return h.has(tr.S("sync.esc.in_progress")) })
	local, err := h.db.GetCase(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if local.Escalation.Status != crm.EscInProgress {
		t.Fatalf("local escalation %+v", local.Escalation)
	}
	tl, _ := h.db.Timeline(context.Background(), c.ID)
	if last := tl[len(tl)-1]; last.Kind != "escalation_status" || last.Detail != string(crm.EscInProgress)+" — refund requested" || last.Actor != "sup" {
		t.Errorf("last event %+v", last)
	}
	// The call screen tells the agent, with the comment.
	h.mustHave(tr.D("call.notice.text", map[string]any{"Ticket": c.Escalation.Ticket, "Customer": c.Customer.Name, "Status": tr.S("sync.esc.in_progress")}) +
		" " + tr.D("call.notice.comment", map[string]any{"Comment": "refund requested"}))
	h.noMissingKeys()

	// A case not on screen is updated in the store.
	h.app.sess.Close()
	crmtest.Expect(t, env.api.Do("PUT", "/v1/cases/"+c.ID+"/escalation", env.token("sup"), nil, crm.EscalationUpdate{Status: crm.EscResolved, Resolution: "refund issued"}), 200, "resolved")
	h.waitFor("resolved in the store", func() bool {
		l, err := h.db.GetCase(context.Background(), c.ID)
		return err == nil && l.Escalation.Status == crm.EscResolved
	})
}

// An account the local cache does not know is looked up on crmd, fills
// the start form, and stays in the cache for the next call offline.
func TestSyncCustomerLookupFromCRM(t *testing.T) {
	env := startCRM(t)
	rosa := &cases.Customer{Account: "4417008888", Name: "Rosa Márquez Gil", Plan: "Fibra 1 Gb", VIP: true, Currency: "USD",
		Since: time.Date(2019, 3, 14, 0, 0, 0, 0, time.UTC), UpdatedAt: fixedNow}
	if err := env.store.UpsertCustomers(context.Background(), []*cases.Customer{rosa}); err != nil {
		t.Fatal(err)
	}
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), rosa.Account)
	h.waitFor("the form filled from crmd", func() bool { return h.has(tr.S("sync.lookup.found")) })
	if got := h.app.call.startCustomer; got.Name != rosa.Name || got.Plan != rosa.Plan || !got.VIP {
		t.Fatalf("start form customer %+v", got)
	}
	var name *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Text == rosa.Name {
			name = e
		}
	})
	if name == nil {
		t.Fatalf("the name field does not show %q", rosa.Name)
	}
	cached, err := h.db.GetCustomer(context.Background(), rosa.Account)
	if err != nil || cached.Name != rosa.Name {
		t.Fatalf("local cache: %+v %v", cached, err)
	}

	// Unknown on crmd too: nothing is filled and the search note goes.
	e := h.entryWithPlaceholder(tr.S("call.start.account_placeholder"))
	e.SetText("")
	test.Type(e, "9999000011")
	if !h.has(tr.S("sync.lookup.searching")) {
		t.Fatalf("no search note while crmd is asked: %q", h.texts())
	}
	h.waitFor("the miss", func() bool { return !h.has(tr.S("sync.lookup.searching")) })
	if _, err := h.db.GetCustomer(context.Background(), "9999000011"); err == nil {
		t.Fatal("a miss was cached")
	}
}

// A playbook a supervisor publishes reaches the desk, is validated and
// kept in the data folder; training attempts go up for supervisors once.
func TestSyncPlaybookAndTrainingAttempts(t *testing.T) {
	env := startCRM(t)
	sup := env.token("sup")
	r := env.api.Do("GET", "/v1/playbook", sup, nil, nil)
	crmtest.Expect(t, r, 200, "built-in pack")
	var pack crm.PlaybookPack
	r.JSON(t, &pack)
	pack.Files["flow.toml"] += "\n# published for the sync test\n"
	crmtest.Expect(t, env.api.Do("PUT", "/v1/playbook", sup, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish")

	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	// A failing attempt (the balance read before verifying) whose desk
	// report says it passed: crmd stores its own grade.
	rec := crmtest.PlayAttempt(t, "", crmtest.AttemptScenario, map[string]string{"reason": "read_balance"})
	rec.Trainee = "ana"
	content, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	graded, err := training.Grade(content.Scenario(rec.Scenario), rec, content.CurrentRubric())
	if err != nil || graded.Passed {
		t.Fatalf("the attempt grades %+v %v", graded, err)
	}
	id, err := h.tdb.SaveAttempt(context.Background(), rec, training.Report{Scenario: crmtest.AttemptScenario, Total: 82.5, PassMark: 80, Passed: true, Complete: true})
	if err != nil {
		t.Fatal(err)
	}
	h.waitFor("the published playbook in use", func() bool {
		return h.barHas(tr.D("sync.playbook_in_use", map[string]any{"Version": 1}))
	})
	if dir, ok := desksync.SavedPackDir(h.dataDir); !ok {
		t.Fatal("no pack kept")
	} else if _, err := os.Stat(filepath.Join(dir, "flow.toml")); err != nil {
		t.Fatalf("pack not kept on disk: %v", err)
	}
	if h.app.pb != h.app.deps.Playbook || h.app.pb == nil {
		t.Fatal("the app does not use the pack")
	}
	h.waitFor("the attempt on crmd", func() bool {
		list, err := env.store.ListAttempts(context.Background(), crm.AttemptQuery{Username: "ana"})
		return err == nil && len(list) == 1 && list[0].ID == id && list[0].MaxScore == 100 &&
			list[0].Score == graded.Score() && !list[0].Passed
	})
	if v, _ := h.tdb.GetSetting(context.Background(), desksync.UploadedPrefix+id); v == "" || strings.HasPrefix(v, "refused") {
		t.Fatalf("upload mark %q", v)
	}
	// The kept pack loads on the next start, offline.
	pb, m, err := desksync.LoadSavedPack(h.dataDir)
	if err != nil || m.Version != 1 || pb == nil {
		t.Fatalf("saved pack: v%d %v", m.Version, err)
	}
}

// Every sync message exists in both languages, and the bar, the login
// dialog, the conflict view and the set-aside list render without a
// missing key in each.
func TestSyncMessagesInBothLanguages(t *testing.T) {
	// A message ID once per field it has, so a plural form missing in one
	// language shows.
	keys := func(name string) []string {
		var out []string
		for id, fields := range localestest.Keys(t, name) {
			for range fields {
				out = append(out, id)
			}
		}
		sort.Strings(out)
		return out
	}
	if en, es := strings.Join(keys("sync.en.toml"), ","), strings.Join(keys("sync.es.toml"), ","); en != es {
		t.Fatalf("sync.en.toml and sync.es.toml differ:\n%s\n%s", en, es)
	}

	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			off := newSyncHarness(t, l, "", "")
			off.mustHave(off.app.t.S("sync.state.unconfigured"))
			off.noMissingKeys()

			h := newSyncHarness(t, l, "http://127.0.0.1:9", "")
			tr := h.app.t
			h.waitFor("the login offer", func() bool { return h.barHas(tr.S("sync.state.logged_out")) })
			h.noMissingKeys()
			h.tap(tr.S("sync.login.button"))
			h.noMissingKeysIn(h.overlay())
			h.app.Window().Canvas().Overlays().Top().Hide()

			customers, _ := cases.DemoData(fixedNow, "ana")
			mine := &cases.Case{ID: "C-1", Version: 3, Status: cases.StatusEscalated, Customer: *customers[2], Notes: "mine",
				Actions:    []cases.Action{{ID: "adjustment", Amount: 1500}},
				Escalation: &cases.Escalation{Ticket: "ESC-1", Priority: "high", Status: crm.EscRejected}, UpdatedAt: fixedNow}
			theirs := *mine
			theirs.Notes, theirs.Escalation = "theirs", nil
			v := h.app.sync.conflictView(desksync.CaseConflict{Conflict: crm.Conflict{CaseID: "C-1"}, Mine: mine, Theirs: &theirs}, 1, 2, func(bool) {}, func() {})
			h.noMissingKeysIn(v)
			all := strings.Join(texts(v), " ")
			for _, want := range []string{tr.S("sync.esc.rejected"), tr.S("sync.conflict.keep_mine"), tr.S("sync.conflict.take_theirs"), tr.S("sync.conflict.later")} {
				if !strings.Contains(all, want) {
					t.Errorf("conflict view lacks %q", want)
				}
			}
			if got := asideReason(tr, crm.CodeInvalid); got != tr.S("crm.error.invalid") {
				t.Errorf("aside reason %q", got)
			}
			if got := asideReason(tr, "from_a_newer_crmd"); strings.HasPrefix(got, "!") {
				t.Errorf("unknown aside reason %q", got)
			}
			for _, st := range []cases.EscalationState{crm.EscReceived, crm.EscInProgress, crm.EscResolved, crm.EscRejected} {
				if s := escalationStatusText(tr, &cases.Escalation{Status: st}); strings.HasPrefix(s, "!") || s == string(st) {
					t.Errorf("status %s reads %q", st, s)
				}
			}
			for _, err := range []error{&crm.Error{Code: crm.CodeUnauthorized}, &crm.Error{Code: crm.CodeRateLimited}, &crm.Error{Code: crm.CodeUnavailable}, &crm.Error{Code: crm.CodeInvalid}, crm.ErrInsecureURL, context.DeadlineExceeded} {
				if s := loginErrorText(tr, err); strings.HasPrefix(s, "!") {
					t.Errorf("login error %v reads %q", err, s)
				}
			}
		})
	}
}

// A save crmd refuses for good is set aside, counted in the bar and listed
// with crmd's reason in words.
func TestSyncSetAsideListed(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	// Saved under a display name, not the CRM username: crmd refuses it.
	c := h.storeCall("Ana Pérez", "bill_increase", 0, nil)
	h.waitFor("the refusal in the bar", func() bool { return h.barHas(tr.N("sync.aside_count", 1, nil)) })
	if h.barHas(tr.S("sync.all_synced")) {
		t.Errorf("the bar says everything synced beside a refusal: %q", h.barTexts())
	}
	h.tap(tr.N("sync.aside_count", 1, nil))
	want := tr.D("sync.aside.item", map[string]any{"Case": c.ID, "Version": 1, "Reason": tr.S("crm.error.invalid")})
	if !h.overlayHas(want) {
		t.Fatalf("set-aside list lacks %q: %q", want, h.overlayTexts())
	}
	h.noMissingKeysIn(h.overlay())
}

// On a desk two agents share, ben's call waits for ben's login: the bar
// says so rather than "everything synced", and nothing of his goes under
// ana's token. What ana does is sent, and marked, as hers.
func TestSyncSharedDeskWaitsForEachLogin(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.ES, env.srv.URL, "ana")
	tr := h.app.t
	mine := h.storeCall("ana", "bill_increase", 0, nil)
	bens := h.storeCall("ben", "bill_increase", 0, nil)
	h.app.sync.saved()
	h.waitFor("ben's call counted apart", func() bool { return h.barHas(tr.N("sync.others", 1, nil)) })
	if h.barHas(tr.S("sync.all_synced")) || h.barHas(tr.N("sync.aside_count", 1, nil)) {
		t.Errorf("bar: %q", h.barTexts())
	}
	if _, err := env.store.GetCase(context.Background(), mine.ID); err != nil {
		t.Errorf("ana's call not sent: %v", err)
	}
	if _, err := env.store.GetCase(context.Background(), bens.ID); err == nil {
		t.Error("ben's call went under ana's login")
	}
	if by := h.app.actor(); by.User != "ana" || by.Name != "ana" {
		t.Errorf("actor %+v", by)
	}
	// The bar's messages sit side by side, none drawn over the next (the
	// row was not laid out again when a message grew).
	b := h.app.sync
	for _, pair := range [][2]*widget.Label{{b.state, b.waiting}, {b.waiting, b.last}} {
		l, r := pair[0], pair[1]
		if l.Visible() && r.Visible() && l.Position().X+l.MinSize().Width > r.Position().X+1 {
			t.Errorf("%q overlaps %q", l.Text, r.Text)
		}
	}
	h.noMissingKeys()
}

// assets/demo/customers.csv, which `make demo` imports into crmd, holds
// the customers of cases.DemoData.
func TestSyncDemoCustomersCSV(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "assets", "demo", "customers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list, err := server.ParseCustomersCSV(f, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := cases.DemoData(fixedNow, "ana")
	if len(list) != len(demo) {
		t.Fatalf("%d customers in the CSV, %d in DemoData", len(list), len(demo))
	}
	for i, d := range demo {
		c := list[i]
		if c.Account != d.Account || c.Name != d.Name || c.Plan != d.Plan || c.Services != d.Services || c.VIP != d.VIP ||
			c.Lang != d.Lang || c.Currency != d.Currency || c.Balance != d.Balance || c.PastDue != d.PastDue ||
			c.Monthly != d.Monthly || c.Address != d.Address || c.Phone != d.Phone {
			t.Errorf("line %d: %+v\nDemoData: %+v", i+2, c, d)
		}
		if y := c.TenureYears(fixedNow); y != d.TenureYears(fixedNow) {
			t.Errorf("%s: %d years with us in the CSV, %d in DemoData", c.Account, y, d.TenureYears(fixedNow))
		}
	}
}

// Saving Settings takes effect at once: sync goes to the CRM address just
// typed (not at the next start), and a role changes the areas shown.
func TestSettingsTakeEffectAtOnce(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, "", "")
	tr := h.app.t
	h.waitFor("unconfigured", func() bool { return h.barHas(tr.S("sync.state.unconfigured")) })
	h.app.show("settings")
	s := h.settings()
	s.crmURL.SetText(env.srv.URL)
	s.onSave()
	if st := h.app.sync.s.Status(); st.URL != env.srv.URL {
		t.Errorf("sync still on %q after the CRM address was saved", st.URL)
	}
	s.role.SetSelected(tr.S("role.trainee"))
	s.onSave()
	h.mustHave(tr.S("settings.saved"))
	for _, v := range h.app.visible {
		if v.key() == "call" || v.key() == "cases" {
			t.Errorf("a desk saved as trainee still shows the %q area", v.key())
		}
	}
}

// The conflict dialog marks every difference between the two versions:
// a reason code, typed values, and what it does not show field by field
// (here the retention offer), so "take theirs" never drops unseen work.
func TestConflictDialogShowsEveryDifference(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "ana"})
	tr := h.app.t
	customers, _ := cases.DemoData(fixedNow, "ana")
	mine, err := cases.StartCall(h.app.pb, "ana", "agent", "bill_increase", locales.EN, *customers[0], false)
	if err != nil {
		t.Fatal(err)
	}
	theirs := *mine
	theirs.Version, mine.Version = 2, 2
	v := h.app.sync.conflictView(desksync.CaseConflict{Theirs: &theirs, Mine: mine}, 1, 1, func(bool) {}, func() {})
	if all := strings.Join(texts(v), " | "); !strings.Contains(all, tr.S("sync.conflict.other_same")) || strings.Contains(all, "• "+tr.S("sync.conflict.field.other")) {
		t.Fatalf("two equal versions: %s", all)
	}
	mine.Reason, mine.Retention, mine.Values = "billing.promo_expired", true, map[string]string{"new_amount": "42"}
	v = h.app.sync.conflictView(desksync.CaseConflict{Theirs: &theirs, Mine: mine}, 1, 1, func(bool) {}, func() {})
	all := strings.Join(texts(v), " | ")
	for _, want := range []string{"• " + tr.S("sync.conflict.field.reason"), "• " + tr.S("sync.conflict.field.values"), "new_amount: 42",
		"• " + tr.S("sync.conflict.field.other"), tr.S("sync.conflict.other_differs")} {
		if !strings.Contains(all, want) {
			t.Errorf("lacks %q: %s", want, all)
		}
	}
}

// A desk set to supervisor, logged in to crmd as an agent, does what the
// agent may: no team area, no template editing, the agent's authority.
// crmd decides by its own role in any case.
func TestDeskRoleIsHeldToTheCRMsRole(t *testing.T) {
	env := startCRM(t)
	h := newDesk(t, locales.EN, env.srv.URL, "ana", cases.RoleSupervisor, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	if h.app.role() != cases.RoleAgent || h.app.allowed("team") || (&templatesScreen{a: h.app}).canEdit() {
		t.Errorf("role %s, team %v", h.app.role(), h.app.allowed("team"))
	}
	for _, v := range h.app.visible {
		if v.key() == "team" {
			t.Error("the team area is shown")
		}
	}
}

// After crmd ends the session, what is done meanwhile goes out as the
// same user when they log in again: still held to that user's role, not
// the workstation's (an amount shown approved would wait on crmd).
func TestDeskRoleStaysHeldAfterTheSessionEnds(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyRole: string(cases.RoleSupervisor)})
	if h.app.role() != cases.RoleSupervisor {
		t.Fatalf("offline, the workstation's role: %s", h.app.role())
	}
	h.app.sync.st = desksync.Status{Configured: true, SessionEnded: true, EndedUser: "ana", EndedRole: cases.RoleAgent}
	if h.app.role() != cases.RoleAgent {
		t.Errorf("after the session ended, role %s", h.app.role())
	}
}

// crmd failing the desk's saves (500) is said in the bar, beside what
// waits, in the agent's language, and goes once they go through; a desk
// that is offline or whose saves crmd refused for good says so otherwise.
func TestSyncBarSaysWhenTheCRMFailsSaves(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newSyncHarness(t, lang, "http://127.0.0.1:1", "")
		tr, c := h.app.t, h.app.sync
		show := func(waiting int, online bool, code crm.Code) {
			st := c.st
			st.Configured, st.Known, st.Online, st.LoggedIn, st.User, st.Waiting, st.LastError = true, true, online, true, "ana", waiting, code
			c.st = st
			c.update()
		}
		failing := tr.S("sync.failing")
		for _, tc := range []struct {
			waiting int
			online  bool
			code    crm.Code
			want    bool
		}{
			{3, true, crm.CodeInternal, true},
			{3, true, crm.CodeUnavailable, true},
			{3, true, "", false},
			{0, true, crm.CodeInternal, false},
			{3, false, crm.CodeOffline, false},
			{3, true, crm.CodePreconditionFailed, false},
		} {
			show(tc.waiting, tc.online, tc.code)
			if got := h.barHas(failing); got != tc.want {
				t.Errorf("%s: %d waiting, online %v, last error %q: bar %q", lang, tc.waiting, tc.online, tc.code, h.barTexts())
			}
		}
		h.noMissingKeysIn(c.box)
	}
}

// The desk's own database failing to record a send or crmd's answer (its
// disk full, the file locked) is said as the desk's, in the agent's
// language, never as the CRM failing the saves.
func TestSyncBarDoesNotBlameTheCRMForTheDesksDatabase(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newSyncHarness(t, lang, "http://127.0.0.1:1", "")
		tr, c := h.app.t, h.app.sync
		st := c.st
		st.Configured, st.Known, st.Online, st.LoggedIn, st.User, st.Waiting, st.LastError = true, true, true, true, "ana", 2, desksync.CodeDeskStore
		c.st = st
		c.update()
		if h.barHas(tr.S("sync.failing")) || !h.barHas(tr.S("sync.desk_store")) {
			t.Errorf("%s: the desk's database failing: bar %q", lang, h.barTexts())
		}
		h.noMissingKeysIn(c.box)
	}
}
