package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// crmRun runs agentctl with stdin and the language given.
func crmRun(t *testing.T, stdin, lang string, args ...string) (string, string, int) {
	t.Helper()
	code, stdout, stderr := runEnv(t, stdin, lang, args...)
	return stdout, stderr, code
}

func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, errs, code := crmRun(t, stdin, "en", args...)
	if code != 0 {
		t.Fatalf("agentctl %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// An agent's escalation made while crmd is down reaches a supervisor who
// works it from a terminal (queue, detail, state with a comment, approval,
// PDF), and the agent's next sync brings all of it back to the case.
func TestCRMCommandsWorkAnEscalation(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	agentDB := filepath.Join(t.TempDir(), "agentdesk.db")
	supDB := filepath.Join(t.TempDir(), "agentdesk.db")

	// A --db that is not there is said, not made empty.
	if _, errs, code := crmRun(t, "", "en", "sync", "--db", agentDB); code != 1 || !strings.Contains(errs, "no database") {
		t.Errorf("sync on a database that is not there: exit %d %q", code, errs)
	}
	if _, err := os.Stat(agentDB); !os.IsNotExist(err) {
		t.Errorf("sync made %s: %v", agentDB, err)
	}
	mustRun(t, "", "config", "set", "--db", agentDB, "agent.name", "Ana")
	if _, errs, code := crmRun(t, "", "en", "sync", "--db", agentDB); code != 2 || !strings.Contains(errs, "CRM") {
		t.Errorf("sync with no CRM set: exit %d %q", code, errs)
	}
	// A wrong password is said to be one, as the app says it (it read
	// "authentication required", as if none had been given).
	if _, errs, code := crmRun(t, "wrong\n", "es", "crm", "login", "--url", r.URL, "--user", "ana", "--db", agentDB); code != 1 || !strings.Contains(errs, "El usuario o la contraseña no son correctos.") {
		t.Errorf("wrong password: exit %d %q", code, errs)
	}
	out := mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "ana", "--db", agentDB)
	if !strings.Contains(out, "ana") {
		t.Errorf("login says %q", out)
	}

	// The agent escalates a credit above an agent's authority; crmd is down.
	r.Stop()
	db, err := sqlite.Open(context.Background(), agentDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES, Status: cases.StatusEscalated,
		Reason: "billing.duplicate_charge", Customer: cases.Customer{Account: "4417001234", Name: "Lucía García"},
		Notes:   "Two identical charges on the May bill.",
		Actions: []cases.Action{{ID: "credit", Amount: 20000, Reason: "duplicate", At: time.Now()}},
		Escalation: &cases.Escalation{Ticket: "ESC-0042", Criteria: []string{"exceeds_authority"}, Priority: "high", Reason: "refund",
			At: time.Now()}}
	if err := (&cases.Service{Store: db}).Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var rep syncReport
	if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", agentDB, "--json")), &rep); err != nil || !rep.Offline || rep.Waiting != 1 {
		t.Fatalf("offline sync: %+v %v", rep, err)
	}
	if out := mustRun(t, "", "sync", "--db", agentDB); !strings.Contains(out, "1") {
		t.Errorf("offline sync says %q", out)
	}
	r = crmtest.StartWithKeys(t, r.Store, r.KeysDir, r.Keys, r.Addr)
	rep = syncReport{}
	if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", agentDB, "--json")), &rep); err != nil || rep.Offline || rep.Waiting != 0 || rep.Sent != 1 {
		t.Fatalf("sync: %+v %v", rep, err)
	}

	// The supervisor's terminal.
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", supDB)
	rep = syncReport{}
	if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", supDB, "--json")), &rep); err != nil || rep.Team != 1 {
		t.Fatalf("supervisor sync: %+v %v", rep, err)
	}
	var list struct {
		Escalations []teamRowJSON `json:"escalations"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "team", "escalations", "--db", supDB, "--status", "open", "--json")), &list); err != nil ||
		len(list.Escalations) != 1 || list.Escalations[0].CaseID != c.ID || list.Escalations[0].Undecided != 1 || list.Escalations[0].Status != "received" {
		t.Fatalf("queue: %+v %v", list, err)
	}
	if out := mustRun(t, "", "team", "escalations", "--db", supDB); !strings.Contains(out, "ESC-0042") || !strings.Contains(out, "TICKET") {
		t.Errorf("queue table:\n%s", out)
	}
	// The Spanish header names the ticket as the call screen does.
	if out, errs, code := crmRun(t, "", "es", "team", "escalations", "--db", supDB); code != 0 || !strings.Contains(out, "N.º DE SEGUIMIENTO") || strings.Contains(out, "TICKET") {
		t.Errorf("Spanish queue table (exit %d):\n%s%s", code, out, errs)
	}
	show, _, code := crmRun(t, "", "es", "team", "show", c.ID, "--db", supDB)
	if code != 0 || !strings.Contains(show, "ESC-0042") || !strings.Contains(show, "Recibido") || !strings.Contains(show, "requiere una decisión") {
		t.Errorf("team show (es), exit %d:\n%s", code, show)
	}
	for _, args := range [][]string{{"team", "pdf", "--status", "recieved", "--out", filepath.Join(t.TempDir(), "y.pdf")}, {"team", "escalations", "--status", "bogus"}} {
		if _, errs, code := crmRun(t, "", "en", append(args, "--db", supDB)...); code != 2 || !strings.Contains(errs, "not a state") {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
	empty := filepath.Join(t.TempDir(), "none.pdf")
	if _, errs, code := crmRun(t, "", "en", "team", "pdf", "--status", "rejected", "--out", empty, "--db", supDB); code != 1 || !strings.Contains(errs, "No escalation") {
		t.Errorf("no match: exit %d %q", code, errs)
	}
	if _, err := os.Stat(empty); err == nil {
		t.Error("a PDF of nothing was written")
	}
	// A case the desk does not hold is said by its ID in the language
	// asked, not as the store's English detail.
	for _, args := range [][]string{{"team", "show", "NOPE"}, {"team", "status", "NOPE", "--set", "in_progress"}, {"team", "approve", "NOPE", "--action", "0"}} {
		if _, errs, code := crmRun(t, "", "es", append(args, "--db", supDB)...); code != 1 || !strings.Contains(errs, "NOPE") || strings.Contains(errs, "cases:") || strings.Contains(errs, "not_found") {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
	if _, errs, code := crmRun(t, "", "en", "case", "list", "--status", "bogus", "--db", supDB); code != 2 || !strings.Contains(errs, "not a case status") {
		t.Errorf("case list --status bogus: exit %d %q", code, errs)
	}
	if _, errs, code := crmRun(t, "", "en", "team", "status", c.ID, "--set", "shipped", "--db", supDB); code != 2 || !strings.Contains(errs, "shipped") {
		t.Errorf("a made-up state: exit %d %q", code, errs)
	}
	out = mustRun(t, "", "team", "status", c.ID, "--set", "in_progress", "--comment", "Calling the bank today.", "--db", supDB)
	if !strings.Contains(out, "In progress") {
		t.Errorf("status says %q", out)
	}
	// Resolving with the amount undecided is refused, saying why.
	for lang, why := range map[string]string{"en": "Approve or deny", "es": "Apruebe o deniegue"} {
		if _, errs, code := crmRun(t, "", lang, "team", "status", c.ID, "--set", "resolved", "--resolution", "Refund issued", "--db", supDB); code != 1 || !strings.Contains(errs, why) {
			t.Errorf("%s: resolved with the amount undecided: exit %d %q", lang, code, errs)
		}
	}
	if _, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--action", "-5", "--db", supDB); code != 2 || !strings.Contains(errs, "--action") {
		t.Errorf("a negative action: exit %d %q", code, errs)
	}
	out = mustRun(t, "", "team", "approve", c.ID, "--comment", "Duplicate confirmed.", "--db", supDB)
	if !strings.Contains(out, c.ID) {
		t.Errorf("approve says %q", out)
	}
	sc, err := r.Store.GetCase(context.Background(), c.ID)
	if err != nil || sc.Case.Escalation.Status != cases.EscInProgress || len(sc.Case.Actions) != 1 || sc.Case.Actions[0].Decision == nil ||
		!sc.Case.Actions[0].Decision.Approved || sc.Case.Actions[0].Decision.By != "sup" {
		t.Fatalf("crmd has %+v %+v %v", sc.Case.Escalation, sc.Case.Actions, err)
	}
	if _, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--db", supDB); code != 1 || !strings.Contains(errs, "No amount") {
		t.Errorf("nothing left to decide: exit %d %q", code, errs)
	}
	// A move crmd refuses for good (it has no such case) is not reported
	// as recorded: the command says why and fails.
	ghost := *c
	ghost.ID = "C-20261123-GHOST1"
	sdb, err := sqlite.Open(context.Background(), supDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	if err := sdb.PutTeamCases(context.Background(), []*cases.Case{&ghost}, time.Now()); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	if out, errs, code := crmRun(t, "", "en", "team", "status", ghost.ID, "--set", "in_progress", "--db", supDB); code != 1 || strings.Contains(out, "recorded on") || !strings.Contains(errs, "refused") || !strings.Contains(errs, "Not found") {
		t.Errorf("a refused move: exit %d, out %q, err %q", code, out, errs)
	}
	pdfPath := filepath.Join(t.TempDir(), "case.pdf")
	mustRun(t, "", "team", "pdf", "--id", c.ID, "--out", pdfPath, "--db", supDB, "--lang", "en")
	if txt := pdfText(t, pdfPath); txt != "" {
		for _, want := range []string{"ESC-0042", "Calling the bank today.", "Duplicate confirmed.", "Two identical charges"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, txt)
			}
		}
	}

	// The agent's next sync brings the back office's work to the case.
	rep = syncReport{}
	if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", agentDB, "--json")), &rep); err != nil || rep.Escalations != 1 {
		t.Fatalf("agent sync: %+v %v", rep, err)
	}
	db, err = sqlite.Open(context.Background(), agentDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.GetCase(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	e := got.Escalation
	if e.Status != cases.EscInProgress || len(e.History) != 1 || e.History[0].Comment != "Calling the bank today." ||
		got.Actions[0].Decision == nil || !got.Actions[0].Decision.Approved {
		t.Errorf("the agent's case: %+v %+v", e, got.Actions)
	}

	if out := mustRun(t, "", "crm", "logout", "--db", supDB); out == "" {
		t.Error("logout says nothing")
	}
	if _, errs, code := crmRun(t, "", "en", "sync", "--db", supDB); code != 2 || errs == "" {
		t.Errorf("sync after logout: exit %d %q", code, errs)
	}
}

// A supervisor can try the team area without a CRM: demo seed --team
// fills the queue, which says it was never refreshed from crmd.
func TestDemoSeedTeam(t *testing.T) {
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	out := mustRun(t, "", "demo", "seed", "--team", "--db", db)
	if !strings.Contains(out, "9") {
		t.Errorf("seed says %q", out)
	}
	var list struct {
		Escalations []teamRowJSON `json:"escalations"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "team", "escalations", "--db", db, "--json")), &list); err != nil || len(list.Escalations) != 9 {
		t.Fatalf("queue: %+v %v", list, err)
	}
	table, _, _ := crmRun(t, "", "es", "team", "escalations", "--db", db)
	for _, want := range []string{"Urgente", "En curso", "Recibido", "!"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
}

// A CRM address with no scheme is said to be one, as config set crm.url
// says it, before the password is read or a database created: not as a
// CRM out of reach.
func TestCRMLoginRefusesAnAddressItCannotUse(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	for _, url := range []string{"crm.example.com", "ftp://crm.example.com", "https://crm.example:99999"} {
		for _, lang := range []string{"en", "es"} {
			code, _, errs := runEnv(t, crmtest.Password+"\n", lang, "crm", "login", "--url", url, "--user", "sup", "--db", db)
			if want := "agentctl: " + tr(lang, "settings.invalid.crm_url"); code != 2 || strings.TrimSpace(errs) != want {
				t.Errorf("%s: crm login --url %s: exit %d %q, want exit 2 %q", lang, url, code, errs, want)
			}
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a refused address created the database")
	}
}

// crm logout ends the session the desk keeps on the crmd it came from,
// even after config set crm.url named another: the session file (with its
// refresh token) is gone, and so is the token family on crmd.
func TestCRMLogoutEndsTheSessionOnItsOwnCRM(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	r, _ := crmtest.StartSQLite(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", db)
	// What a copy of the session (a backup, a stolen file) would hold.
	stolen := t.TempDir()
	b, err := os.ReadFile(filepath.Join(dir, crm.SessionFile))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(stolen, crm.SessionFile), b, 0o600)

	mustRun(t, "", "config", "set", "crm.url", "https://crm2.example.com", "--db", db)
	if out := mustRun(t, "", "crm", "logout", "--db", db); strings.TrimSpace(out) != tr("en", "cli.crm.logged_out") {
		t.Errorf("crm logout says %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, crm.SessionFile)); err == nil {
		t.Errorf("crm logout left the session (with its refresh token) on disk")
	}
	c, err := crm.NewClient(r.URL, stolen, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Refresh(context.Background()); !errors.Is(err, crm.ErrLoggedOut) {
		t.Errorf("the logged-out session's refresh token still works on crmd: %v", err)
	}
	mustRun(t, "", "config", "set", "crm.url", r.URL, "--db", db)
	if code, out, _ := runEnv(t, "", "en", "sync", "--db", db); code != 2 {
		t.Errorf("after logout, sync: exit %d %q", code, out)
	}
}

// A logout its crmd cannot hear still forgets the session on the desk, and
// says that the CRM was not told.
func TestCRMLogoutOutOfReachStillForgetsTheSession(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := "http://" + l.Addr().String()
	l.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "agentdesk.db")
	file := filepath.Join(dir, crm.SessionFile)
	for _, lang := range []string{"en", "es"} {
		b, _ := json.Marshal(crm.Session{BaseURL: gone, Username: "sup", Role: crm.RoleSupervisor, AccessToken: "a",
			AccessExp: time.Now().Add(time.Hour), RefreshToken: "r"})
		os.WriteFile(file, b, 0o600)
		code, _, errs := runEnv(t, "", lang, "crm", "logout", "--db", db)
		want := "agentctl: " + trD(lang, "cli.crm.logged_out_here", map[string]any{"URL": gone, "Reason": tr(lang, "crm.error.offline")})
		if code != 1 || strings.TrimSpace(errs) != want {
			t.Errorf("%s: exit %d %q, want exit 1 %q", lang, code, errs, want)
		}
		if _, err := os.Stat(file); err == nil {
			t.Errorf("%s: the session is still on disk", lang)
		}
	}
}

// Demo data is for a database of its own: seeded into a desk that syncs
// with a CRM, its cases went into the outbox and out to crmd as the
// agent's real calls (and --team's escalations into a real queue).
func TestDemoSeedRefusesADeskThatSyncs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, "", "config", "set", "--db", db, "crm.url", "https://crm.example.internal:8443")
	for _, args := range [][]string{{"demo", "seed", "--db", db}, {"demo", "seed", "--team", "--db", db}} {
		for _, lang := range []string{"en", "es"} {
			_, errs, code := crmRun(t, "", lang, args...)
			if want := trD(lang, "cli.demo.seed.syncs", map[string]any{"URL": "https://crm.example.internal:8443"}); code != 1 || !strings.Contains(errs, want) {
				t.Errorf("%s %v: exit %d %q, want 1 and %q", lang, args, code, errs, want)
			}
		}
	}
	if out := mustRun(t, "", "case", "list", "--db", db, "--json"); strings.Contains(out, `"id"`) {
		t.Errorf("demo cases stored in a desk that syncs:\n%s", out)
	}
	if out := mustRun(t, "", "team", "escalations", "--db", db, "--json"); strings.Contains(out, `"case_id"`) {
		t.Errorf("demo escalations stored in a desk that syncs:\n%s", out)
	}
}

// report reasons on a supervisor's desk is the team's report, as on the
// reports screen: it counted only the cases taken at that desk, next to
// none, while every agent's calls meet on crmd.
func TestReportReasonsOfASupervisorCountsEveryDesk(t *testing.T) {
	r, api := crmtest.StartSQLite(t)
	ana := api.Login("ana", crmtest.Password)
	for _, id := range []string{"C-RR-1", "C-RR-2"} {
		c := crmtest.NewCase(id, "ana")
		c.Status, c.Reason, c.ClosedAt = cases.StatusClosed, "billing.promo_expired", time.Now()
		crmtest.Expect(t, api.PutCase(ana.AccessToken, "case:"+id+":v1", c), 201, id)
	}
	supDB := filepath.Join(t.TempDir(), "agentdesk.db")
	out := filepath.Join(t.TempDir(), "reasons.pdf")
	var rep struct {
		ByCode    map[string][2]int `json:"by_code"`
		EveryDesk bool              `json:"every_desk"`
	}
	mustRun(t, "", "config", "set", "--db", supDB, "agent.name", "sup")
	// A supervisor's desk: the reports screen counts the team's there only.
	mustRun(t, "", "config", "set", "--db", supDB, "agent.role", "supervisor")
	// Before logging in: this desk's cases, none.
	if err := json.Unmarshal([]byte(mustRun(t, "", "report", "reasons", "--db", supDB, "--out", out, "--json")), &rep); err != nil ||
		rep.EveryDesk || rep.ByCode["billing.promo_expired"][0] != 0 {
		t.Fatalf("a desk with no CRM session: %+v %v", rep, err)
	}
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "sup", "--db", supDB)
	if err := json.Unmarshal([]byte(mustRun(t, "", "report", "reasons", "--db", supDB, "--out", out, "--json")), &rep); err != nil ||
		!rep.EveryDesk || rep.ByCode["billing.promo_expired"][0]+rep.ByCode["billing.promo_expired"][1] != 2 { // this week, or the last at midnight
		t.Errorf("a supervisor's report: %+v %v", rep, err)
	}
	if text := mustRun(t, "", "report", "reasons", "--db", supDB, "--out", out); !strings.Contains(text, tr("en", "reports.reasons.every_desk")) {
		t.Errorf("the report does not say whose cases it counts: %q", text)
	}
}
