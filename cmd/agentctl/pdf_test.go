package main

import (
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/playbook"
	"agentdesk/sqlite"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func pdfRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	code, stdout, stderr = runEnv(t, "", "", args...)
	return stdout, stderr, code
}

// pdfText extracts a PDF's text when poppler-utils is installed, and
// returns "" (checks skipped) when it is not.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %v", path, err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return ""
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

func TestPDFCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	if _, errs, code := pdfRun(t, "config", "set", "company", "Telecomunicaciones Ibéricas S.A.", "--db", db); code != 0 {
		t.Fatalf("config set: exit %d: %s", code, errs)
	}
	for _, kv := range [][]string{{"agent.role", "admin"}, {"crm.url", "ftp:/x"}, {"crm.url", "http://crm.example.com"}, {"currency", "dollars"}, {"team.refreshed", "x"}} {
		if _, errs, code := pdfRun(t, append([]string{"config", "set"}, append(kv, "--db", db)...)...); code != 2 || !strings.Contains(errs, kv[0]) {
			t.Errorf("config set %v: exit %d %q", kv, code, errs)
		}
	}
	out, errs, code := pdfRun(t, "case", "list", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("case list: exit %d: %s", code, errs)
	}
	var list []struct {
		ID       string `json:"id"`
		CallType string `json:"call_type"`
		Customer struct {
			Account string `json:"account"`
		} `json:"customer"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	var id, account string
	for _, c := range list {
		if c.CallType == "duplicate_charge" {
			id, account = c.ID, c.Customer.Account
		}
	}
	if id == "" {
		t.Fatalf("no escalated demo case in %s", out)
	}

	// case show writes the timeline in the language asked: titles and
	// words, not event kinds and IDs.
	t.Run("case show", func(t *testing.T) {
		for lang, want := range map[string][]string{"es": {"Paso: Introducción: hecho", "Tipo de llamada: Cobro duplicado"}, "en": {"Step: Introduction: done", "Call type: Duplicate charge"}} {
			out, errs, code := pdfRun(t, "case", "show", id, "--db", db, "--lang", lang)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("%s: lacks %q:\n%s", lang, w, out)
				}
			}
			if strings.Contains(out, "introduction=done") || strings.Contains(out, "duplicate_charge") {
				t.Errorf("%s: raw details:\n%s", lang, out)
			}
		}
	})

	t.Run("case pdf", func(t *testing.T) {
		es := filepath.Join(dir, "es.pdf")
		out, errs, code := pdfRun(t, "case", "pdf", "--id", id, "--out", es, "--db", db, "--lang", "es")
		if code != 0 || !strings.Contains(out, es) {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
		}
		if txt := pdfText(t, es); txt != "" {
			for _, want := range []string{"Telecomunicaciones Ibéricas S.A.", "Resumen del caso", id, "Cobro duplicado", "Página 1 de"} {
				if !strings.Contains(txt, want) {
					t.Errorf("Spanish summary lacks %q", want)
				}
			}
			if strings.Contains(txt, account) {
				t.Errorf("full account %s printed", account)
			}
		}
		en := filepath.Join(dir, "en.pdf")
		out, errs, code = pdfRun(t, "case", "pdf", id, "--out", en, "--db", db, "--lang", "en", "--paper", "Letter", "--json")
		if code != 0 || !strings.Contains(out, `"path"`) {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
		}
		if txt := pdfText(t, en); txt != "" && (!strings.Contains(txt, "Case summary") || !strings.Contains(txt, "Page 1 of")) {
			t.Errorf("English summary:\n%s", txt)
		}
	})

	t.Run("report reasons", func(t *testing.T) {
		// The escalated demo call is closed with its code: the case stays
		// escalated for the back office, and the call counts in the report.
		store, err := sqlite.Open(context.Background(), db, sqlite.Production)
		if err != nil {
			t.Fatal(err)
		}
		esc, err := store.GetCase(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		pb, err := playbook.LoadDefault()
		if err != nil {
			t.Fatal(err)
		}
		ev, err := esc.Close(pb, "financial.refund", time.Now())
		if err != nil || esc.Status != cases.StatusEscalated {
			t.Fatalf("close the escalated call: %v %s", err, esc.Status)
		}
		esc.Version++
		ev.CaseID = esc.ID
		if err := store.SaveCase(context.Background(), esc, []cases.Event{ev}); err != nil {
			t.Fatal(err)
		}
		store.Close()
		y, w := esc.CreatedAt.ISOWeek()
		if ny, nw := time.Now().ISOWeek(); ny != y || nw != w {
			t.Skip("the demo's escalated call falls in another ISO week than now (a run around midnight between Sunday and Monday)")
		}
		week := fmt.Sprintf("%04d-W%02d", y, w)
		path := filepath.Join(dir, "reasons.pdf")
		out, errs, code := pdfRun(t, "report", "reasons", "--week", week, "--out", path, "--db", db, "--lang", "en", "--json")
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		var res struct {
			Week   string            `json:"week"`
			Closed int               `json:"closed"`
			ByCode map[string][2]int `json:"by_code"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		// The demo's closed call of today is in this week's report.
		if res.Week != week || res.Closed < 2 || res.ByCode["billing.promo_expired"][0] < 1 || res.ByCode["financial.refund"][0] < 1 {
			t.Errorf("report %+v", res)
		}
		if txt := pdfText(t, path); txt != "" {
			for _, want := range []string{"Weekly reason-code report", "Week " + week, "Promotion expired", "Page 1 of"} {
				if !strings.Contains(txt, want) {
					t.Errorf("report lacks %q", want)
				}
			}
		}
		// Without --week, the current week.
		if out, errs, code := pdfRun(t, "report", "reasons", "--out", path, "--db", db); code != 0 || !strings.Contains(out, week) {
			t.Errorf("default week: exit %d, stdout %q, stderr %q", code, out, errs)
		}
	})

	t.Run("mistakes", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			code int
			msg  string
		}{
			{[]string{"report", "reasons", "--week", "2026-47", "--out", filepath.Join(dir, "x.pdf")}, 2, "2026-W47"},
			{[]string{"case", "pdf", "--id", id}, 2, "--out"},
			{[]string{"case", "pdf", "--out", filepath.Join(dir, "x.pdf")}, 2, "--id"},
			{[]string{"case", "pdf", "--id", id, "--out", filepath.Join(dir, "x.pdf"), "--paper", "A5"}, 2, "A5"},
			{[]string{"case", "pdf", "--id", "C-NOPE", "--out", filepath.Join(dir, "x.pdf")}, 1, "C-NOPE"},
		} {
			_, errs, code := pdfRun(t, append(tc.args, "--db", db, "--lang", "en")...)
			if code != tc.code || !strings.Contains(errs, tc.msg) {
				t.Errorf("%v: exit %d, stderr %q", tc.args, code, errs)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "x.pdf")); !os.IsNotExist(err) {
			t.Error("a failed command left a file behind")
		}
	})
}

// --out naming the database the command reads from (a slip of tab
// completion) is refused before anything is written: the desk's cases,
// its outbox not yet sent and its settings must not be replaced by a PDF.
// The same holds for SQLite's WAL, where the last commits still are.
func TestPDFOutNamingItsOwnDatabaseIsRefused(t *testing.T) {
	db := seededDesk(t)
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "case", "list", "--db", db, "--json")), &list); err != nil || len(list) == 0 {
		t.Fatalf("case list: %v", err)
	}
	for _, out := range []string{db, db + "-wal"} {
		for _, args := range [][]string{
			{"case", "pdf", list[0].ID},
			{"report", "reasons"},
			{"team", "pdf"},
		} {
			code, _, errs := runEnv(t, "", "en", append(args, "--out", out, "--db", db)...)
			want := "agentctl: " + trD("en", "cli.pdf.out_is_db", map[string]any{"Path": out})
			if code != 2 || strings.TrimSpace(errs) != want {
				t.Errorf("%v --out %s: exit %d %q, want exit 2 %q", args, filepath.Base(out), code, errs, want)
			}
			if c, _, errs := runEnv(t, "", "en", "case", "list", "--db", db); c != 0 {
				t.Fatalf("%v --out %s: the database no longer opens: %q", args, filepath.Base(out), errs)
			}
		}
	}
}

// An existing file that is not a PDF is left alone, said in the reader's
// language; an earlier export (or an empty file) is replaced.
func TestPDFOutReplacesOnlyAPDF(t *testing.T) {
	db := seededDesk(t)
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("what the supervisor wrote"), 0o644)
	for _, lang := range []string{"en", "es"} {
		code, _, errs := runEnv(t, "", lang, "report", "reasons", "--out", notes, "--db", db)
		want := "agentctl: " + trD(lang, "cli.pdf.out_not_pdf", map[string]any{"Path": notes})
		if code != 2 || strings.TrimSpace(errs) != want {
			t.Errorf("%s: --out over a text file: exit %d %q, want %q", lang, code, errs, want)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "what the supervisor wrote" {
		t.Errorf("the text file now holds %.20q", b)
	}
	empty := filepath.Join(dir, "empty.pdf")
	os.WriteFile(empty, nil, 0o644)
	for _, out := range []string{empty, empty} { // the second time over the first one's PDF
		if code, _, errs := runEnv(t, "", "en", "report", "reasons", "--out", out, "--db", db); code != 0 {
			t.Errorf("--out %s: exit %d %q", filepath.Base(out), code, errs)
		}
		pdfText(t, out)
	}
}

// team pdf says, as the app's print does, that a move made at this desk
// has not reached the CRM: it printed the move as done, by whom and when,
// for a supervisor to sign while crmd may still refuse it.
func TestTeamPDFSaysAMoveWaitsToBeSent(t *testing.T) {
	db := seededDesk(t)
	mustRun(t, "", "config", "set", "--db", db, "agent.role", "supervisor")
	_, stdout, _ := runEnv(t, "", "en", "team", "escalations", "--db", db)
	id := strings.Fields(strings.Split(stdout, "\n")[1])[0]
	out := filepath.Join(t.TempDir(), "team.pdf")
	if code, _, errs := runEnv(t, "", "en", "team", "pdf", "--out", out, "--db", db); code != 0 {
		t.Fatal(errs)
	}
	if strings.Contains(strings.Join(strings.Fields(pdfText(t, out)), " "), "Not on the CRM yet") {
		t.Fatal("a queue with nothing made at this desk says something waits")
	}
	// A move made in the app while crmd was out of reach: in the outbox.
	store, err := sqlite.Open(context.Background(), db, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	c, err := store.TeamCase(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	c.Escalation.History = append(c.Escalation.History, cases.EscalationChange{At: time.Now(), By: "sup", From: c.Escalation.Status, To: cases.EscInProgress, Comment: "Calling the bank today."})
	c.Escalation.Status = cases.EscInProgress
	if err := store.QueueTeamAction(context.Background(), cases.TeamAction{Kind: crm.OutboxMove, CaseID: id, Key: "move-1", Body: []byte(`{}`), Case: c}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	for _, args := range [][]string{{"team", "pdf"}, {"team", "pdf", id}} {
		out := filepath.Join(t.TempDir(), "team.pdf")
		code, _, errs := runEnv(t, "", "en", append(args, "--out", out, "--db", db)...)
		if code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
		if !strings.Contains(strings.Join(strings.Fields(pdfText(t, out)), " "), "Not on the CRM yet") {
			t.Errorf("%v: the move made at this desk prints as done, with no word that it waits", args)
		}
	}
}
