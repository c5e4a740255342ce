package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

// case list --agent takes a name as a person types it, as the reports
// screen does: "DEMO" is demo's cases, and --limit still counts the
// cases shown, not those looked at before the name was matched.
func TestCaseListAgentIgnoresCase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	if _, errs, code := pdfRun(t, "demo", "seed", "--agent", "Other", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	count := func(args ...string) int {
		t.Helper()
		out, errs, code := pdfRun(t, append([]string{"case", "list", "--db", db, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("case list %v: exit %d: %s", args, code, errs)
		}
		var list []struct {
			Agent string `json:"agent"`
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if c.Agent != "demo" {
				t.Errorf("case list %v lists a case of %q", args, c.Agent)
			}
		}
		return len(list)
	}
	all := count("--agent", "demo")
	if all == 0 {
		t.Fatal("no demo cases")
	}
	for _, typed := range []string{"DEMO", " Demo "} {
		if n := count("--agent", typed); n != all {
			t.Errorf("--agent %q lists %d cases, want %d", typed, n, all)
		}
	}
	if n := count("--agent", "DEMO", "--limit", "2"); n != 2 {
		t.Errorf("--agent DEMO --limit 2 lists %d cases", n)
	}
}

// report reasons --week 2027-W53 is typed right, but 2027 has 52 weeks:
// it says so, and which week is the year's last, in the person's language.
func TestReportReasonsWeek53TheYearDoesNotHave(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	for lang, want := range map[string]string{"en": "2027 has no week 53", "es": "El año 2027 no tiene semana 53"} {
		code, _, errs := runEnv(t, "", lang, "report", "reasons", "--week", "2027-W53", "--out", filepath.Join(dir, "r.pdf"), "--db", db)
		if code != 2 || !strings.Contains(errs, want) || !strings.Contains(errs, "2027-W52") {
			t.Errorf("%s: exit %d, %q; want %q and 2027-W52", lang, code, errs, want)
		}
	}
	if _, errs, code := pdfRun(t, "report", "reasons", "--week", "2026-W53", "--out", filepath.Join(dir, "r.pdf"), "--db", db); code != 0 {
		t.Errorf("2026-W53: exit %d: %s", code, errs)
	}
}

// A list cut at --limit says there are more, as the cases screen does,
// rather than a count that reads as the whole desk's; a list that fits
// says its count alone.
func TestCaseListSaysWhenTheLimitCutIt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	_, cut, code := pdfRun(t, "case", "list", "--db", db, "--limit", "2", "--lang", "en")
	if code != 0 || !strings.Contains(cut, "first 2") || !strings.Contains(cut, "--limit") {
		t.Errorf("a list cut at 2 says %q (exit %d), want it to say there are more", cut, code)
	}
	_, whole, code := pdfRun(t, "case", "list", "--db", db, "--limit", "500", "--lang", "en")
	if code != 0 || strings.Contains(whole, "first") || !strings.Contains(whole, " cases") {
		t.Errorf("a whole list says %q (exit %d)", whole, code)
	}
}

// case show of an escalated case says where the back office stands and
// what it resolved, as the cases screen does, in the language asked: the
// case's own status stays "escalated" whatever the back office did.
func TestCaseShowSaysWhereTheEscalationStands(t *testing.T) {
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, Status: cases.StatusEscalated, CallType: "bill_payment", CallLang: locales.EN,
		Customer: cases.Customer{Account: "4417000001", Name: "Margaret O'Neill"}, CreatedAt: at, UpdatedAt: at, ClosedAt: at,
		Escalation: &cases.Escalation{Ticket: "ESC-20260901-7KQ4XM", Criteria: []string{"exceeds_authority"}, Priority: "high",
			Reason: "Refund above authority", At: at, ExpectedBy: at.Add(24 * time.Hour), Status: cases.EscResolved,
			Resolution: "Refund of 189.00 issued to the card on file"}}
	path := deskWithCase(t, c)
	for _, lang := range []string{"es", "en"} {
		code, out, errs := runEnv(t, "", lang, "case", "show", c.ID, "--db", path)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, errs)
		}
		for _, want := range []string{c.Escalation.Ticket, cases.EscalationStateText(locales.New(locales.Lang(lang)), cases.EscResolved), c.Escalation.Resolution} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: case show lacks %q:\n%s", lang, want, out)
			}
		}
	}
}

// case list writes each status in the language asked ("Cerrado"), and
// --status takes it back as written, whatever its case, as well as the
// status's own name; a word that is no status is still refused.
func TestCaseListStatusAsItIsWritten(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	count := func(lang, status string) (int, int) {
		t.Helper()
		code, out, _ := runEnv(t, "", lang, "case", "list", "--db", db, "--json", "--status", status)
		var list []struct{}
		_ = json.Unmarshal([]byte(out), &list)
		return len(list), code
	}
	for _, st := range []cases.Status{cases.StatusOpen, cases.StatusEscalated, cases.StatusClosed} {
		want, code := count("en", string(st))
		if code != 0 || want == 0 {
			t.Fatalf("--status %s: exit %d, %d cases", st, code, want)
		}
		for _, lang := range []string{"es", "en"} {
			shown := tr(lang, "cases.status."+string(st))
			for _, typed := range []string{shown, strings.ToLower(shown), " " + strings.ToUpper(shown)} {
				if n, code := count(lang, typed); code != 0 || n != want {
					t.Errorf("%s: --status %q: exit %d, %d cases, want %d", lang, typed, code, n, want)
				}
			}
		}
	}
	if _, code := count("es", "pendiente"); code != 2 {
		t.Errorf("--status pendiente: exit %d", code)
	}
}

// A call started with the account alone is listed, and shown, by the
// account's last four, as the cases screen names it, not with an empty
// customer column.
func TestCaseWithoutANameIsListedByItsAccount(t *testing.T) {
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	c := &cases.Case{Agent: "ana", Role: cases.RoleAgent, Status: cases.StatusOpen, CallType: "bill_payment", CallLang: locales.ES,
		Customer: cases.Customer{Account: "4417009876"}, CreatedAt: at, UpdatedAt: at}
	path := deskWithCase(t, c)
	masked := cases.MaskAccount(c.Customer.Account)
	for _, args := range [][]string{{"case", "list"}, {"case", "show", c.ID}} {
		code, out, errs := runEnv(t, "", "es", append(args, "--db", path)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.Contains(out, masked) {
			t.Errorf("%v does not name the case by %q:\n%s", args, masked, out)
		}
		if strings.Contains(out, "()") {
			t.Errorf("%v writes an empty account:\n%s", args, out)
		}
	}
}

// case list's --status is explained in the reader's language, with the
// words it takes: it was "open|escalated|closed" in every language,
// though it also takes the status as the list writes it.
func TestCaseListStatusHelpIsTranslated(t *testing.T) {
	for _, lang := range []string{"es", "en"} {
		_, _, errs := runEnv(t, "", lang, "case", "list", "-h")
		if want := tr(lang, "cli.case.flag.status"); !strings.Contains(errs, want) {
			t.Errorf("%s: case list -h lacks %q:\n%s", lang, want, errs)
		}
	}
}

// deskWithCase is a desk database holding c, as a call leaves it, with
// the data folder a test's own.
func deskWithCase(t *testing.T, c *cases.Case) string {
	t.Helper()
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	path := filepath.Join(t.TempDir(), "agentdesk.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := (&cases.Service{Store: db}).Import(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	return path
}
