package main

// The team commands for whoever decides amounts above an agent's
// authority (cases.DeciderRoles), each within their own authority.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// anaEscalatesAmount has ana's desk escalate a case with amounts above an
// agent's authority and send it to crmd: the case.
func anaEscalatesAmount(t *testing.T, db *sqlite.DB, dbPath string, amounts ...int64) *cases.Case {
	t.Helper()
	var actions []cases.Action
	for _, a := range amounts {
		actions = append(actions, cases.Action{ID: "credit", Amount: a, Reason: "duplicate", At: time.Now()})
	}
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES, Status: cases.StatusEscalated,
		Reason: "billing.duplicate_charge", Customer: cases.Customer{Account: "4417001234", Name: "Lucía García"},
		Actions: actions,
		Escalation: &cases.Escalation{Ticket: "ESC-0400", Criteria: []string{"exceeds_authority"}, Priority: "high", Reason: "refund",
			At: time.Now()}}
	if err := (&cases.Service{Store: db}).Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustRun(t, "", "sync", "--db", dbPath)
	return c
}

// crmd keeps no cases of an admin's own and refuses them the route of
// one's own escalations: an admin's sync must not ask it and end in that
// refusal, as the desk's sync does not.
func TestAdminSyncDoesNotAskForOwnEscalations(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	dbPath := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "admin", "--db", dbPath)
	out, errs, code := crmRun(t, "", "en", "sync", "--db", dbPath, "--json")
	var rep syncReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Offline || rep.LastError != "" {
		t.Errorf("an admin's sync: exit %d %q %q", code, out, errs)
	}
}

// An admin, whose authority covers amounts a supervisor's does not, works
// the team queue from the terminal: sync pulls it and team approve
// records the approval on crmd under the admin's login.
func TestAdminWorksTheTeamQueue(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 40000)
	adminDB := deskOf(t, agentDB, "admin")
	var rep syncReport
	if err := json.Unmarshal([]byte(mustRun(t, "", "sync", "--db", adminDB, "--json")), &rep); err != nil || rep.Team != 1 {
		t.Fatalf("an admin's sync: %+v %v", rep, err)
	}
	out, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--comment", "Above the supervisor's limit.", "--db", adminDB)
	if code != 0 || !strings.Contains(out, "recorded on the CRM") {
		t.Fatalf("an admin's approval of 400: exit %d %q %q", code, out, errs)
	}
	// The agent's next sync brings the admin's decision to the case.
	mustRun(t, "", "sync", "--db", agentDB)
	adb, err := sqlite.Open(context.Background(), agentDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	got, err := adb.GetCase(context.Background(), c.ID)
	if err != nil || got.Actions[0].Decision == nil || !got.Actions[0].Decision.Approved || got.Actions[0].Decision.By != "admin" {
		t.Errorf("the agent's case: %+v %v", got.Actions, err)
	}
}

// A supervisor's team approve of an amount above their own authority (400;
// theirs is 250) is refused before it is queued, in the operator's
// language, naming who can approve it; crmd would only set it aside. A
// denial of it stays theirs to make.
func TestTeamApproveAboveOwnAuthorityIsRefusedHere(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 40000)
	supDB := deskOf(t, agentDB, "sup")
	mustRun(t, "", "sync", "--db", supDB)
	for _, tc := range []struct{ lang, amount, limit string }{
		{"en", "$400.00", "$250.00"},
		{"es", "400,00", "250,00"},
	} {
		_, errs, code := crmRun(t, "", tc.lang, "team", "approve", c.ID, "--db", supDB)
		admin := tr(tc.lang, "role.noun.admin")
		if code != 1 || !strings.Contains(errs, tc.amount) || !strings.Contains(errs, tc.limit) || !strings.Contains(errs, admin) ||
			!strings.Contains(errs, "--deny") {
			t.Errorf("%s: a supervisor approving 400: exit %d %q, want the amount, their limit, %q and --deny", tc.lang, code, errs, admin)
		}
	}
	sdb, err := sqlite.Open(context.Background(), supDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	n, err := sdb.OutboxStats(context.Background(), "sup")
	sdb.Close()
	if err != nil || n.Pending != 0 || n.Aside != 0 {
		t.Errorf("the refused approval reached the outbox: %+v %v", n, err)
	}
	if out, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--deny", "--db", supDB); code != 0 || !strings.Contains(out, "recorded on the CRM") {
		t.Errorf("a supervisor denying 400: exit %d %q %q", code, out, errs)
	}
}

// Authority counts the case, for an approver as for an agent: after
// approving 200 of two amounts of 200, a supervisor (250) approving the
// other is refused here, saying what they approved already; a denial
// stays theirs.
func TestTeamApproveCountsWhatTheApproverApprovedOnTheCase(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 20000, 20000)
	supDB := deskOf(t, agentDB, "sup")
	mustRun(t, "", "sync", "--db", supDB)
	mustRun(t, "", "team", "approve", c.ID, "--action", "0", "--db", supDB)
	for _, tc := range []struct{ lang, before, limit string }{
		{"en", "$200.00", "$250.00"},
		{"es", "200,00", "250,00"},
	} {
		_, errs, code := crmRun(t, "", tc.lang, "team", "approve", c.ID, "--action", "1", "--db", supDB)
		if code != 1 || !strings.Contains(errs, tc.before) || !strings.Contains(errs, tc.limit) || !strings.Contains(errs, "--deny") {
			t.Errorf("%s: a supervisor approving a second 200: exit %d %q, want what they approved, their limit and --deny", tc.lang, code, errs)
		}
	}
	if out, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--action", "1", "--deny", "--db", supDB); code != 0 || !strings.Contains(out, "recorded on the CRM") {
		t.Errorf("a supervisor denying the second 200: exit %d %q %q", code, out, errs)
	}
}

// sqliteSetting reads one setting of the desk database at path.
func sqliteSetting(path, key string) (string, error) {
	db, err := sqlite.Open(context.Background(), path, sqlite.Production)
	if err != nil {
		return "", err
	}
	defer db.Close()
	return db.GetSetting(context.Background(), key)
}

// deskOf is a new desk's database with user logged in on the crmd that
// the agent's desk at agentDB syncs with.
func deskOf(t *testing.T, agentDB, user string) string {
	t.Helper()
	url, err := sqliteSetting(agentDB, cases.KeyCRMURL)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", url, "--user", user, "--db", db)
	return db
}

// publishLowerLimit publishes on the crmd of agentDB, from a desk of its
// own, the built-in pack with the supervisor's authority lowered to 100:
// as an administrator, after crmd refused it from a supervisor's desk,
// which is said at the limit's line in the language asked for.
func publishLowerLimit(t *testing.T, agentDB string) {
	t.Helper()
	dir := packFolder(t)
	f := filepath.Join(dir, "playbook.toml")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "role = \"supervisor\"\nlimit = 250", "role = \"supervisor\"\nlimit = 100", 1)
	if s == string(b) {
		t.Fatal("the built-in pack's supervisor limit moved")
	}
	if err := os.WriteFile(f, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := crmRun(t, "", "es", "playbook", "publish", dir, "--db", deskOf(t, agentDB, "sup"))
	if code != 1 || !strings.Contains(out, f+":") || !strings.Contains(out, "solo un administrador") || !strings.Contains(out, "250") {
		t.Errorf("a supervisor publishing their own limit: exit %d\n%s%s", code, out, errs)
	}
	mustRun(t, "", "playbook", "publish", dir, "--db", deskOf(t, agentDB, "admin"))
}

// A pack published on crmd after the supervisor's desk checked an approval
// lowers their limit below the amount: crmd refuses it as over their
// authority, and agentctl says so, not a bare "You may not do this".
func TestTeamApproveOverAuthorityOnCrmdIsSaid(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 20000)
	supDB := deskOf(t, agentDB, "sup")
	mustRun(t, "", "sync", "--db", supDB)
	publishLowerLimit(t, agentDB)
	_, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--db", supDB)
	forbidden, admin := tr("en", "crm.error.forbidden"), tr("en", "role.noun.admin")
	if code != 1 || strings.Contains(errs, forbidden) || !strings.Contains(errs, "authority") || !strings.Contains(errs, admin) {
		t.Errorf("a supervisor approving 200 above crmd's new limit of 100: exit %d %q, want it said as over their authority, naming %q", code, errs, admin)
	}
}

// agentctl sync takes the playbook crmd publishes, as the desk's sync
// does, and team approve judges by it: after a publish lowers the
// supervisor's limit to 100, their approval of 200 is refused here, with
// the new limit, and never reaches the outbox to be set aside by crmd.
func TestSyncTakesThePublishedPlaybookForAuthority(t *testing.T) {
	_, db, agentDB := anasDesk(t)
	c := anaEscalatesAmount(t, db, agentDB, 20000)
	supDB := deskOf(t, agentDB, "sup")
	publishLowerLimit(t, agentDB)
	mustRun(t, "", "sync", "--db", supDB)
	_, errs, code := crmRun(t, "", "en", "team", "approve", c.ID, "--db", supDB)
	if code != 1 || !strings.Contains(errs, "$100.00") || !strings.Contains(errs, "--deny") {
		t.Errorf("a supervisor approving 200 after crmd lowered their limit to 100: exit %d %q, want the new limit and --deny", code, errs)
	}
	sdb, err := sqlite.Open(context.Background(), supDB, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	n, err := sdb.OutboxStats(context.Background(), "sup")
	sdb.Close()
	if err != nil || n.Pending != 0 || n.Aside != 0 {
		t.Errorf("the approval reached the outbox: %+v %v", n, err)
	}
}
