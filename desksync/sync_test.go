package desksync_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/desksync"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

var (
	start    = crmtest.StartSQLite
	customer = crmtest.Customer
)

// desk is an agent's workstation: its SQLite file, the case service the
// app saves through, and a client logged in to crmd.
type desk struct {
	db     *sqlite.DB
	svc    *cases.Service
	client *crm.Client
	dir    string
}

// inFront starts a server in front of the crmd at crmdURL, closed with
// the test: answer sees each request first and either answers it itself
// (true) or leaves it to crmd (false); it may also pass it on through crmd
// in its own way (losingMoveAnswers).
func inFront(t *testing.T, crmdURL string, answer func(w http.ResponseWriter, r *http.Request, crmd http.Handler) bool) *httptest.Server {
	t.Helper()
	target, err := url.Parse(crmdURL)
	if err != nil {
		t.Fatal(err)
	}
	crmd := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !answer(w, r, crmd) {
			crmd.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newDesk(t *testing.T, url, user string) *desk {
	t.Helper()
	dir := t.TempDir()
	db := sqlitetest.Open(t, dir, sqlite.Production)
	c, err := crmtest.DeskConnect(t, url, filepath.Join(dir, "session"), user)(url)
	if err != nil {
		t.Fatal(err)
	}
	return &desk{db: db, svc: &cases.Service{Store: db}, client: c, dir: dir}
}

// newCase creates a case on the desk, as the call screen does.
func (d *desk) newCase(t *testing.T, agent, notes string) *cases.Case {
	t.Helper()
	c := &cases.Case{Agent: agent, Role: "agent", CallType: "billing_dispute", CallLang: "es",
		Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García", Currency: "EUR"}, Notes: notes}
	if err := d.svc.Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (d *desk) save(t *testing.T, c *cases.Case, notes string) {
	t.Helper()
	c.Notes = notes
	if err := d.svc.Save(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

func (d *desk) worker() *desksync.Worker {
	return &desksync.Worker{Client: d.client, Outbox: d.db, BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond, Poll: 20 * time.Millisecond}
}

// drain runs passes until the outbox has nothing due or the deadline.
func drain(t *testing.T, w *desksync.Worker, d *desk) desksync.Progress {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		wait := w.Pass(context.Background())
		if p := w.Progress(); p.Waiting == 0 {
			return p
		}
		time.Sleep(min(wait, 200*time.Millisecond))
	}
	t.Fatalf("outbox not drained: %+v", w.Progress())
	return desksync.Progress{}
}

func TestClientSession(t *testing.T) {
	if _, err := crm.NewClient("http://crm.example.com", t.TempDir(), nil); !errors.Is(err, crm.ErrInsecureURL) {
		t.Errorf("clear-text URL to another machine: %v", err)
	}
	r, _ := start(t)
	dir := t.TempDir()
	c, err := crm.NewClient(r.URL, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.ListCases(ctx, time.Time{}, "", 0); !errors.Is(err, crm.ErrLoggedOut) {
		t.Errorf("before login: %v", err)
	}
	if _, err := c.Login(ctx, "ana", "wrong-password-here"); err == nil {
		t.Fatal("wrong password accepted")
	}
	s, err := c.Login(ctx, "ana", crmtest.Password)
	if err != nil || s.Role != crm.RoleAgent {
		t.Fatalf("login: %+v %v", s, err)
	}
	fi, err := os.Stat(filepath.Join(dir, crm.SessionFile))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v", fi.Mode().Perm())
	}
	// A second start of the app picks the session up.
	c2, _ := crm.NewClient(r.URL, dir, nil)
	if s2, ok := c2.Session(); !ok || s2.RefreshToken != s.RefreshToken {
		t.Fatal("session not persisted")
	}
	if err := c2.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	s3, _ := c2.Session()
	if s3.RefreshToken == s.RefreshToken {
		t.Error("refresh did not rotate")
	}
	if disk, _ := crm.NewClient(r.URL, dir, nil); func() string { s, _ := disk.Session(); return s.RefreshToken }() != s3.RefreshToken {
		t.Error("rotated session not persisted")
	}
	// The expiry is near: many goroutines at once refresh once, not once
	// each (a second use of a refresh token would end the session).
	c2.Now = func() time.Time { return time.Now().Add(16 * time.Minute) }
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c2.ListCases(ctx, time.Time{}, "", 0)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent refresh: %v", err)
		}
	}
	c2.Now = time.Now
	if err := c2.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, crm.SessionFile)); !os.IsNotExist(err) {
		t.Errorf("session file kept after logout: %v", err)
	}
	if _, err := c2.ListCases(ctx, time.Time{}, "", 0); !errors.Is(err, crm.ErrLoggedOut) {
		t.Errorf("after logout: %v", err)
	}
	// The old client still has the first tokens; both are dead.
	if _, err := c.ListCases(ctx, time.Time{}, "", 0); !errors.Is(err, crm.ErrLoggedOut) {
		t.Errorf("a stale session after logout: %v", err)
	}
}

// Saved while crmd is down, sent when it is back.
func TestWorkerOfflineThenOnline(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	addr := r.Addr
	r.Stop()

	var mu sync.Mutex
	var seen []desksync.Progress
	w := d.worker()
	w.OnProgress = func(p desksync.Progress) { mu.Lock(); seen = append(seen, p); mu.Unlock() }
	c1 := d.newCase(t, "ana", "first call")
	d.save(t, c1, "first call, second save")
	c2 := d.newCase(t, "ana", "second call")
	w.Pass(context.Background())
	p := w.Progress()
	if p.Online || p.Waiting != 3 || p.LastError != "offline" {
		t.Fatalf("offline: %+v", p)
	}

	r2 := crmtest.StartWithKeys(t, r.Store, r.KeysDir, r.Keys, addr)
	p = drain(t, w, d)
	if !p.Online || p.Waiting != 0 || p.SetAside != 0 || p.LastSync.IsZero() {
		t.Errorf("online: %+v", p)
	}
	for _, c := range []*cases.Case{c1, c2} {
		sc, err := r2.Store.GetCase(context.Background(), c.ID)
		if err != nil || sc.Case.Version != c.Version || sc.Case.Notes != c.Notes {
			t.Errorf("%s on crmd: %+v %v", c.ID, sc, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 || seen[0].Online {
		t.Errorf("progress callbacks: %+v", seen)
	}
}

// Someone else saved a newer version: the local one is kept beside crmd's,
// neither overwritten, and the desktop is told.
func TestWorkerConflict(t *testing.T) {
	r, a := start(t)
	d := newDesk(t, r.URL, "ana")
	w := d.worker()
	var conflicts []crm.Conflict
	w.OnConflict = func(c crm.Conflict) { conflicts = append(conflicts, c) }
	c := d.newCase(t, "ana", "agent's first note")
	drain(t, w, d)

	// The agent changes the case at another desk first.
	other := a.Login("ana", crmtest.Password)
	r1 := a.Do("GET", "/v1/cases/"+c.ID, other.AccessToken, nil, nil)
	var theirs cases.Case
	r1.JSON(t, &theirs)
	theirs.Version, theirs.Notes = 2, "supervisor's correction"
	crmtest.Expect(t, a.PutCase(other.AccessToken, "other-desk-1", &theirs), 200, "the other desk's edit")

	d.save(t, c, "agent's second note")
	p := drain(t, w, d)
	if p.Conflicts != 1 || p.SetAside != 0 || len(conflicts) != 1 {
		t.Fatalf("progress %+v, conflicts %d", p, len(conflicts))
	}
	got := conflicts[0]
	if got.CaseID != c.ID || got.LocalVersion != 2 || got.ServerVersion != 2 {
		t.Errorf("conflict: %+v", got)
	}
	var local, server cases.Case
	_ = json.Unmarshal(got.Local, &local)
	_ = json.Unmarshal(got.Server, &server)
	if local.Notes != "agent's second note" || server.Notes != "supervisor's correction" {
		t.Errorf("versions kept: local %q, server %q", local.Notes, server.Notes)
	}
	stored, _ := d.svc.Store.GetCase(context.Background(), c.ID)
	if stored.Notes != "agent's second note" {
		t.Errorf("local case overwritten: %q", stored.Notes)
	}
	onCRM, _ := r.Store.GetCase(context.Background(), c.ID)
	if onCRM.Case.Notes != "supervisor's correction" {
		t.Errorf("crmd's case overwritten: %q", onCRM.Case.Notes)
	}
	list, err := d.db.OutboxConflicts(context.Background())
	if err != nil || len(list) != 1 || list[0].ServerVersion != 2 || string(list[0].Server) != string(got.Server) {
		t.Errorf("stored conflicts: %+v %v", list, err)
	}
}

// A save crmd refuses for good is set aside; the others go on.
func TestWorkerSetsAsideRefusals(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	w := d.worker()
	before := d.newCase(t, "ana", "ok before")
	// Written in another agent's name by a desk from before outbox rows
	// had owners (now such a row waits for ben): 403.
	other := d.newCase(t, "ben", "written in another agent's name")
	if _, err := d.db.SQL().Exec(`UPDATE outbox SET owner = '' WHERE ref = ?`, other.ID); err != nil {
		t.Fatal(err)
	}
	// A row the server cannot read: 400.
	if _, err := d.db.SQL().Exec(`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at) VALUES ('case', 'C-BROKEN', 1, 'case:C-BROKEN:v1', '{not json', '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	after := d.newCase(t, "ana", "ok after")
	p := drain(t, w, d)
	if p.SetAside != 2 || p.Waiting != 0 || p.Conflicts != 0 {
		t.Fatalf("progress %+v", p)
	}
	for _, c := range []*cases.Case{before, after} {
		if _, err := r.Store.GetCase(context.Background(), c.ID); err != nil {
			t.Errorf("%s not sent: %v", c.ID, err)
		}
	}
	var reasons []string
	rows, _ := d.db.SQL().Query(`SELECT last_error FROM outbox WHERE dead = 1 ORDER BY id`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		reasons = append(reasons, s)
	}
	rows.Close()
	if len(reasons) != 2 || reasons[0] != string(crm.CodeForbidden) || reasons[1] != string(crm.CodeInvalid) {
		t.Errorf("reasons: %q", reasons)
	}
}

// Two agents share a desk: each one's saves wait for their own login.
// Sent under the other's token, crmd would refuse them for good.
func TestWorkerSendsEachAgentsSavesUnderTheirLogin(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	anas := d.newCase(t, "ana", "ana's call")
	bens := d.newCase(t, "ben", "ben's call, before ana logged in")
	p := drain(t, d.worker(), d)
	if p.Waiting != 0 || p.Others != 1 || p.SetAside != 0 {
		t.Fatalf("under ana: %+v", p)
	}
	if _, err := r.Store.GetCase(context.Background(), anas.ID); err != nil {
		t.Errorf("ana's case not sent: %v", err)
	}
	if _, err := r.Store.GetCase(context.Background(), bens.ID); err == nil {
		t.Errorf("ben's case went under ana's login")
	}

	// ben logs in on the same desk.
	c, err := crmtest.DeskConnect(t, r.URL, filepath.Join(d.dir, "session-ben"), "ben")(r.URL)
	if err != nil {
		t.Fatal(err)
	}
	d.client = c
	if p := drain(t, d.worker(), d); p.Waiting != 0 || p.Others != 0 || p.SetAside != 0 {
		t.Fatalf("under ben: %+v", p)
	}
	got, err := r.Store.GetCase(context.Background(), bens.ID)
	if err != nil || got.Case.Agent != "ben" {
		t.Errorf("ben's case on crmd: %+v %v", got, err)
	}
}

// A move or decision whose body the desk cannot read, or an item of a
// kind this desk does not know, can never be delivered: it is set aside
// as invalid without a request, and the case behind it still goes.
func TestWorkerSetsAsideUnreadableItems(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	w := d.worker()
	for _, kind := range []string{crm.OutboxMove, crm.OutboxDecision, "mystery"} {
		if _, err := d.db.SQL().Exec(`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at) VALUES (?, 'C-X', 1, ?, '{not json', '2026-01-01T00:00:00Z')`,
			kind, kind+":C-X"); err != nil {
			t.Fatal(err)
		}
	}
	c := d.newCase(t, "ana", "still sent")
	p := drain(t, w, d)
	if p.SetAside != 3 || p.Waiting != 0 {
		t.Fatalf("progress %+v", p)
	}
	if _, err := r.Store.GetCase(context.Background(), c.ID); err != nil {
		t.Errorf("%s not sent: %v", c.ID, err)
	}
	var n int
	if err := d.db.SQL().QueryRow(`SELECT COUNT(*) FROM outbox WHERE dead = 1 AND last_error = ?`, string(crm.CodeInvalid)).Scan(&n); err != nil || n != 3 {
		t.Errorf("set aside as invalid: %d %v", n, err)
	}
}

// 429 with Retry-After: the worker waits at least that long, then sends.
func TestWorkerHonoursRetryAfter(t *testing.T) {
	r, _ := start(t, func(c *server.Config) { c.RateLimit, c.RateBurst = 2, 2 })
	d := newDesk(t, r.URL, "ana")
	w := d.worker()
	w.MaxBatch = 1 // a request per case, to reach the limit
	for range 5 {
		d.newCase(t, "ana", "call")
	}
	wait := w.Pass(context.Background())
	p := w.Progress()
	if p.Waiting == 0 || p.LastError != crm.CodeRateLimited {
		t.Fatalf("after the first pass: %+v", p)
	}
	if wait < 900*time.Millisecond {
		t.Errorf("pass asked to wait %s, Retry-After says 1 s", wait)
	}
	var next string
	if err := d.db.SQL().QueryRow(`SELECT next_at FROM outbox WHERE attempts > 0 ORDER BY id LIMIT 1`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	at, _ := time.Parse("2006-01-02T15:04:05.000000000Z", next)
	if time.Until(at) < 500*time.Millisecond {
		t.Errorf("rescheduled for %s, before Retry-After", next)
	}
	if again := w.Pass(context.Background()); again < 500*time.Millisecond {
		t.Errorf("a pass during the pause did not wait: %s", again)
	}
	p = drain(t, w, d)
	if p.SetAside != 0 || p.Waiting != 0 {
		t.Errorf("final: %+v", p)
	}
}

// The back office moves an escalation; the agent's desk pulls the status.
func TestEscalationRoundTrip(t *testing.T) {
	r, _ := start(t)
	d := newDesk(t, r.URL, "ana")
	back := newDesk(t, r.URL, "sup")
	w := d.worker()
	var got []crm.EscalationStatus
	w.OnEscalations = func(l []crm.EscalationStatus) { got = append(got, l...) }
	c := d.newCase(t, "ana", "disputed bill")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0001", Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", At: time.Now(), Status: crm.EscReceived}
	d.save(t, c, "escalated to billing")
	drain(t, w, d)
	if len(got) != 1 || got[0].Status != crm.EscReceived || got[0].CaseID != c.ID {
		t.Fatalf("first pull: %+v", got)
	}
	ctx := context.Background()
	st, err := back.client.SetEscalationStatus(ctx, c.ID, "", crm.EscalationUpdate{Status: crm.EscResolved, Note: "credited", Resolution: "credit applied"})
	if err != nil || st.Status != crm.EscResolved {
		t.Fatalf("back office: %+v %v", st, err)
	}
	if _, err := d.client.SetEscalationStatus(ctx, c.ID, "", crm.EscalationUpdate{Status: crm.EscRejected}); err == nil {
		t.Error("an agent set the back office's status")
	}
	got = nil
	w.Pass(ctx)
	if len(got) != 1 || got[0].Status != crm.EscResolved || got[0].Note != "credited" || got[0].UpdatedBy != "sup" {
		t.Fatalf("second pull: %+v", got)
	}
	got = nil
	w.Pass(ctx)
	if len(got) != 0 {
		t.Errorf("a pull with nothing new: %+v", got)
	}
	sc, _, err := d.client.GetCase(ctx, c.ID)
	if err != nil || sc.Escalation == nil || sc.Escalation.Status != crm.EscResolved {
		t.Errorf("case as crmd shows it: %+v %v", sc, err)
	}
}

func TestClientResources(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	d := newDesk(t, r.URL, "ana")
	if cu, err := d.client.GetCustomer(ctx, "ACC-1001"); err != nil || cu.Name != customer.Name {
		t.Errorf("customer: %+v %v", cu, err)
	}
	if list, err := d.client.SearchCustomers(ctx, "garc", 10); err != nil || len(list) != 1 {
		t.Errorf("search: %d %v", len(list), err)
	}
	pack, err := d.client.Playbook(ctx, "")
	if err != nil || pack == nil || len(pack.Files) == 0 {
		t.Fatalf("playbook: %v", err)
	}
	if again, err := d.client.Playbook(ctx, pack.SHA256); err != nil || again != nil {
		t.Errorf("unchanged playbook fetched again: %v", err)
	}
	sup := newDesk(t, r.URL, "sup")
	if _, err := sup.client.PublishPlaybook(ctx, map[string]string{"broken.toml": "[[step]]\nid = 3\n"}); err == nil {
		t.Error("broken pack published")
	} else if ae := (*crm.Error)(nil); !errors.As(err, &ae) || ae.Code != crm.CodeInvalidPlaybook || len(ae.Issues) == 0 {
		t.Errorf("broken pack: %v", err)
	}
	tia := newDesk(t, r.URL, "tia")
	if tp, err := tia.client.Playbook(ctx, ""); err != nil || tp == nil {
		t.Errorf("trainee playbook: %v", err)
	}
	if _, err := tia.client.PostAttempt(ctx, crmtest.AttemptUpload(t, crmtest.PlayAttempt(t, "a-1", crmtest.AttemptScenario, nil))); err != nil {
		t.Fatal(err)
	}
	if l, err := sup.client.ListAttempts(ctx, "tia", time.Time{}); err != nil || len(l) != 1 {
		t.Errorf("attempts: %+v %v", l, err)
	}
}
