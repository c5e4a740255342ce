package main

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"agentdesk/cases"
	"agentdesk/crm/crmtest"
	"agentdesk/sqlite"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/locales"
)

// seededDesk fills a fresh database (cases and the team queue) and returns its path.
func seededDesk(t *testing.T) string {
	t.Helper()
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	for _, args := range [][]string{{"demo", "seed"}, {"demo", "seed", "--team"}} {
		if code, _, errs := runEnv(t, "", "en", append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	return db
}

// Go's and the packages' English never reaches a Spanish run.
func TestSpanishRunHasNoEnglishErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", dir)
	file := filepath.Join(dir, "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	notDB := filepath.Join(dir, "notdb.db")
	os.WriteFile(notDB, []byte("hello, not a database"), 0o644)
	prodDB := seededDesk(t)
	for _, tc := range []struct {
		args    []string
		english string
	}{
		{[]string{"playbook", "validate", file}, "not a folder"},
		{[]string{"templates", "search", "factura", "--playbook", file}, "not a folder"},
		{[]string{"drill", "judge", "--turn", "greeting", "--text", "hola"}, "is required"},
		{[]string{"drill", "grade", "--scenario", "balance_past_due", "--attempt", filepath.Join(dir, "none.json")}, "no such file"},
		{[]string{"report", "reasons", "--out", filepath.Join(dir, "missing", "r.pdf"), "--db", prodDB}, "no such file"},
		{[]string{"case", "list", "--db", notDB}, "file is not a database"},
		{[]string{"drill", "progress", "--trainee", "Ana", "--out", filepath.Join(dir, "p.pdf"), "--db", prodDB}, "opened as training"},
		{[]string{"version", "--nope"}, "flag provided but not defined"},
		{[]string{"version", "--lang", "xx"}, "invalid value"},
		{[]string{"version", "-h"}, "Usage of"},
	} {
		code, _, errs := runEnv(t, "", "es", tc.args...)
		if strings.Contains(errs, tc.english) {
			t.Errorf("%v (es): exit %d, English on stderr: %q", tc.args, code, errs)
		}
	}
}

// --lang decides the language of -h as it does of everything else.
func TestHelpFollowsTheLangFlag(t *testing.T) {
	_, _, errs := runEnv(t, "", "es", "calc", "roi", "--lang", "en", "-h")
	if want := locales.New(locales.EN).S("calc.flag.investment"); !strings.Contains(errs, want) {
		t.Errorf("calc roi --lang en -h in a Spanish environment: no %q in\n%s", want, errs)
	}
	code, _, errs := runEnv(t, "", "es", "help", "--lang", "en")
	if want := sentence(locales.New(locales.EN).S("cli.version.summary")); code != 0 || !strings.Contains(errs, want) {
		t.Errorf("help --lang en: exit %d, no %q in\n%s", code, want, errs)
	}
}

// A database path is a path: '#', '?' and '%' are characters of its name.
func TestDBPathWithHash(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	db := filepath.Join(dir, "team#2.db")
	if code, _, errs := runEnv(t, "", "en", "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: %s", errs)
	}
	if _, err := os.Stat(db); err != nil {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("--db %s: not written (%v); the folder holds %q", db, err, names)
	}
}

// --json prints JSON, for team pdf too.
func TestTeamPDFJSON(t *testing.T) {
	db := seededDesk(t)
	out := filepath.Join(t.TempDir(), "t.pdf")
	code, stdout, errs := runEnv(t, "", "en", "team", "pdf", "--out", out, "--db", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v any
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Errorf("team pdf --json: %v\n%s", err, stdout)
	}
}

// team show names an action as the screens and the PDF do, not by its ID.
func TestTeamShowNamesActions(t *testing.T) {
	db := seededDesk(t)
	_, stdout, _ := runEnv(t, "", "en", "team", "escalations", "--db", db, "--json")
	var q struct {
		Escalations []struct {
			CaseID string `json:"case_id"`
		} `json:"escalations"`
	}
	if err := json.Unmarshal([]byte(stdout), &q); err != nil {
		t.Fatal(err)
	}
	for _, e := range q.Escalations {
		_, show, _ := runEnv(t, "", "es", "team", "show", e.CaseID, "--db", db)
		if strings.Contains(show, "] credit ") {
			t.Errorf("team show %s (es) names the action by its ID:\n%s", e.CaseID, show)
			return
		}
	}
}

// playbook show takes one folder at most, like playbook validate.
func TestPlaybookShowExtraArguments(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if code, _, _ := runEnv(t, "", "en", "playbook", "show", a, b); code != 2 {
		t.Errorf("playbook show DIR DIR: exit %d, want 2", code)
	}
}

// The advice a command gives names only flags it has.
func TestNoURLAdviceNamesRealFlags(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	_, _, errs := runEnv(t, "", "en", "sync", "--db", db)
	// --url is crm login's: the advice names it with its command.
	if strings.Contains(errs, "--url") && !strings.Contains(errs, "crm login --url") {
		t.Errorf("sync says %q, but sync has no --url", strings.TrimSpace(errs))
	}
}

// team show says amounts in the desk's currency (its pack's), as the team
// screen and the PDF do, when the customer's profile names none.
func TestTeamShowCurrency(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	db, pack := filepath.Join(dir, "agentdesk.db"), filepath.Join(dir, "pack")
	os.MkdirAll(pack, 0o755)
	files, _ := filepath.Glob(filepath.Join("..", "..", "assets", "playbook", "*.toml"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		s := strings.Replace(string(b), `currency = "USD"`, `currency = "EUR"`, 1)
		os.WriteFile(filepath.Join(pack, filepath.Base(f)), []byte(s), 0o644)
	}
	if code, _, errs := runEnv(t, "", "en", "config", "set", "playbook.dir", pack, "--db", db); code != 0 {
		t.Fatal(errs)
	}
	ctx := context.Background()
	sdb, err := sqlite.Open(ctx, db, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	list := cases.DemoTeam(time.Now())
	id := ""
	for _, c := range list {
		c.Customer.Currency = ""
		for _, a := range c.Actions {
			if a.Amount != 0 && id == "" {
				id = c.ID
			}
		}
	}
	if err := sdb.PutTeamCases(ctx, list, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	code, show, errs := runEnv(t, "", "en", "team", "show", id, "--db", db)
	if code != 0 || strings.Contains(show, "$") || !strings.Contains(show, "€") {
		t.Errorf("team show on a EUR desk, exit %d:\n%s%s", code, show, errs)
	}
}

// crm logout --json prints JSON, like crm login --json.
func TestCRMLogoutJSON(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	r, _ := crmtest.StartSQLite(t)
	db := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "ana", "--db", db)
	out := mustRun(t, "", "crm", "logout", "--db", db, "--json")
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Errorf("crm logout --json: %v\n%s", err, out)
	}
}

// --lang is read as the flag package reads it: "---lang" is still a usage
// mistake.
func TestTripleDashLangIsStillAUsageMistake(t *testing.T) {
	for _, args := range [][]string{{"version", "---lang", "en"}, {"version", "----lang=es"}} {
		if code, _, errs := runEnv(t, "", "en", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2; %q", args, code, errs)
		}
	}
}

// A file of a per-case export that cannot be written is named, not the
// folder asked for.
func TestPerCaseExportFailureNamesTheFile(t *testing.T) {
	db := seededDesk(t)
	out := filepath.Join(t.TempDir(), "out")
	_, stdout, _ := runEnv(t, "", "en", "team", "escalations", "--db", db)
	id := strings.Fields(strings.Split(stdout, "\n")[1])[0]
	if err := os.MkdirAll(filepath.Join(out, id+".pdf"), 0o755); err != nil { // that case's file cannot be written
		t.Fatal(err)
	}
	code, _, errs := runEnv(t, "", "en", "team", "pdf", "--per-case", "--status", "all", "--out", out, "--db", db)
	if code == 0 || strings.Contains(errs, out+" is a folder") {
		t.Errorf("exit %d: %q", code, errs)
	}
}

// A file error inside a calculator's sentence ends it once.
func TestBillFileErrorPunctuation(t *testing.T) {
	dir := t.TempDir()
	after := filepath.Join(dir, "after.json")
	if err := os.WriteFile(after, []byte(`[{"code":"P","description":"Plan","kind":"plan","amount":10}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "es"} {
		_, _, errs := runEnv(t, "", lang, "calc", "bill-diff", "--before", filepath.Join(dir, "missing.json"), "--after", after)
		if strings.Contains(errs, ".).") || !strings.Contains(errs, "missing.json") {
			t.Errorf("%s: %q", lang, errs)
		}
	}
}

// A --db that names a folder is said to be one, in the language asked,
// not with SQLite's or the migrations' English.
func TestDatabaseThatIsAFolderIsSaidInWords(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	dir := t.TempDir()
	for _, lang := range []string{"es", "en"} {
		code, _, errs := runEnv(t, "", lang, "case", "list", "--db", dir)
		if want := "agentctl: " + trD(lang, "cli.file.is_folder", map[string]any{"Path": dir}); code != 1 || strings.TrimSpace(errs) != want {
			t.Errorf("%s: case list --db FOLDER: exit %d %q, want %q", lang, code, errs, want)
		}
	}
}

// A database that fails to open for a reason agentctl cannot name is said
// as a failure to open, in the reader's language; the detail (SQLite's or
// goose's English) goes to the desk's log, which the message points to.
func TestDatabaseFailureDetailGoesToTheLog(t *testing.T) {
	dataDir := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", dataDir)
	detail := `goose: failed to run migration 7: near "x": syntax error in "4111 1111 1111 1111"`
	path := filepath.Join(t.TempDir(), "agentdesk.db")
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		m := &Main{Lang: lang}
		err := m.dbErr(path, sqlite.Production, errors.New(detail))
		log := filepath.Join(dataDir, "agentdesk.log")
		want := trD(string(lang), "cli.db.failed", map[string]any{"Path": path, "Kind": tr(string(lang), "cli.db.kind.production")}) +
			" " + trD(string(lang), "cli.log.details", map[string]any{"Log": log})
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 1 || err.Error() != want {
			t.Errorf("%s: %v, want exit 1 %q", lang, err, want)
		}
		// The card's digits as the detail groups them: the log also names
		// the temporary folder, whose random digits may hold "4111".
		if b, _ := os.ReadFile(log); !strings.Contains(string(b), "syntax error") || strings.Contains(string(b), "1111 1111") {
			t.Errorf("%s: the log holds %q, not the detail redacted", lang, b)
		}
	}
	// With no data folder there is no log to point to: the message alone.
	t.Setenv("AGENTDESK_DATA_DIR", filepath.Join(dataDir, "gone"))
	m := &Main{Lang: locales.EN}
	want := trD("en", "cli.db.failed", map[string]any{"Path": path, "Kind": tr("en", "cli.db.kind.production")})
	if err := m.dbErr(path, sqlite.Production, errors.New(detail)); err.Error() != want {
		t.Errorf("no data folder: %q, want %q", err, want)
	}
}

// A --db elsewhere (another desk's, a test's) keeps its failure's detail in
// the log beside it, as its session is kept there: the default data
// folder's log belongs to another database, and is left alone.
func TestFailureDetailGoesBesideTheDatabaseInUse(t *testing.T) {
	dataDir := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", dataDir)
	other := t.TempDir()
	for _, tc := range []struct {
		name, dbPath, logDir string
	}{
		{"no --db", "", dataDir},
		{"--db elsewhere", filepath.Join(other, "desk.db"), other},
	} {
		m := &Main{Lang: locales.EN, DBPath: tc.dbPath}
		got := m.logDetail("test failure", errors.New("detail of "+tc.name))
		want := filepath.Join(tc.logDir, "agentdesk.log")
		if got != want {
			t.Errorf("%s: logged in %q, want %q", tc.name, got, want)
		}
		if b, _ := os.ReadFile(want); !strings.Contains(string(b), "detail of "+tc.name) {
			t.Errorf("%s: %s holds %q", tc.name, want, b)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dataDir, "agentdesk.log")); strings.Contains(string(b), "--db elsewhere") {
		t.Errorf("the data folder's log holds another database's failure: %q", b)
	}
}
