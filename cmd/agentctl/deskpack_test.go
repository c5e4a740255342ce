package main

import (
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// What agentctl prints names things from the playbook the desk works with
// (its custom folder here), as the screens do, not the built-in one; a
// folder that does not load is said, and the pack under it used.
func TestCLIUsesThePlaybookInForce(t *testing.T) {
	dir := t.TempDir()
	db, pack := filepath.Join(dir, "agentdesk.db"), filepath.Join(dir, "pack")
	if err := os.MkdirAll(pack, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "assets", "playbook", "*.toml"))
	for _, f := range files { // the site's own pack: one call type renamed
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(b), `en = "Duplicate charge" }`, `en = "Double billing" }`, 1)
		if err := os.WriteFile(filepath.Join(pack, filepath.Base(f)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"demo", "seed"}, {"config", "set", "playbook.dir", pack}} {
		if _, errs, code := pdfRun(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	out, _, _ := pdfRun(t, "case", "list", "--db", db, "--json")
	var list []struct {
		ID       string `json:"id"`
		CallType string `json:"call_type"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, c := range list {
		if c.CallType == "duplicate_charge" {
			id = c.ID
		}
	}
	if id == "" {
		t.Fatal("no duplicate-charge case in the demo data")
	}
	if show, _, _ := pdfRun(t, "case", "show", id, "--db", db, "--lang", "en"); !strings.Contains(show, "Double billing") {
		t.Errorf("case show names the built-in pack's call type:\n%s", show)
	}
	if l, _, _ := pdfRun(t, "case", "list", "--db", db, "--lang", "en"); !strings.Contains(l, "Double billing") {
		t.Errorf("case list names the built-in pack's call type:\n%s", l)
	}
	// Its dates are the language's, as on the cases screen.
	if l, _, _ := pdfRun(t, "case", "list", "--db", db, "--lang", "es"); !regexp.MustCompile(`\d{2}/\d{2}/\d{4} \d{2}:\d{2}`).MatchString(l) {
		t.Errorf("case list dates in Spanish:\n%s", l)
	}
	path := filepath.Join(dir, "c.pdf")
	if _, errs, code := pdfRun(t, "case", "pdf", id, "--out", path, "--db", db, "--lang", "en"); code != 0 {
		t.Fatalf("case pdf: %s", errs)
	}
	if txt := pdfText(t, path); !strings.Contains(strings.Join(strings.Fields(txt), " "), "Double billing") {
		t.Error("case pdf names the built-in pack's call type")
	}

	// A folder that no longer loads: said, with its problems in the
	// language asked, and the pack under it used.
	if err := os.WriteFile(filepath.Join(pack, "flow.toml"), []byte("[meta\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	show, errs, code := pdfRun(t, "case", "show", id, "--db", db, "--lang", "es")
	if code != 0 || !strings.Contains(errs, "no carga") || !strings.Contains(errs, "error de sintaxis TOML") || !strings.Contains(show, "Cobro duplicado") {
		t.Errorf("a broken folder: exit %d\n%s%s", code, show, errs)
	}
}

// An amount of a customer whose profile names no currency is in the
// desk's currency, as the cases screen and the PDF write it.
func TestCaseShowAmountWithoutCustomerCurrency(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agentdesk.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := &cases.Case{ID: "C-20261123-NOCUR1", Agent: "ana", Role: "agent", Status: cases.StatusOpen, CallType: "duplicate_charge",
		Customer: cases.Customer{Account: "ACC-1", Name: "Bob Stone"}, CreatedAt: at, UpdatedAt: at,
		Actions: []cases.Action{{ID: "adjustment", Amount: 18900, At: at, Pending: true}}}
	evs := []cases.Event{{At: at, Kind: "action", Detail: "adjustment 18900 pending", Actor: "ana"}}
	if err := (&cases.Service{Store: db}).Import(ctx, c, evs); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if out, _, _ := pdfRun(t, "case", "show", c.ID, "--db", path, "--lang", "en"); !strings.Contains(out, "$189.00") {
		t.Errorf("the amount without its currency:\n%s", out)
	}
}

// A PDF is printed on the desk's paper unless --paper says otherwise.
func TestPDFPaperFollowsTheDesk(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "agentdesk.db")
	for _, args := range [][]string{{"demo", "seed"}, {"config", "set", "pdf.paper", "Letter"}} {
		if _, errs, code := pdfRun(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	out, _, _ := pdfRun(t, "case", "list", "--db", db, "--json")
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) == 0 {
		t.Fatalf("case list: %v", err)
	}
	for _, tc := range []struct {
		stored string
		flag   []string
		want   string // the page's MediaBox
	}{
		{"Letter", nil, "612"},                       // from the setting
		{"Letter", []string{"--paper", "A4"}, "595"}, // the flag wins
		// Stored by an earlier release's config set: read as the desk
		// reads it (anything but Letter is A4).
		{"Legal", nil, "595"},
		{"letter", nil, "595"},
	} {
		sdb, err := sqlite.Open(context.Background(), db, sqlite.Production)
		if err != nil {
			t.Fatal(err)
		}
		if err := sdb.SetSetting(context.Background(), cases.KeyPaper, tc.stored); err != nil {
			t.Fatal(err)
		}
		sdb.Close()
		path := filepath.Join(dir, tc.stored+tc.want+".pdf")
		args := append([]string{"case", "pdf", list[0].ID, "--out", path, "--db", db}, tc.flag...)
		if _, errs, code := pdfRun(t, args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
		b, _ := os.ReadFile(path)
		if !strings.Contains(string(b), "/MediaBox [0 0 "+tc.want) {
			t.Errorf("%s %v: not on the %s-point-wide page", tc.stored, tc.flag, tc.want)
		}
	}
}

// A custom template whose ID the pack in force took is set aside while
// the rest of the folder is used: agentctl says which, and where, in the
// language asked, as the templates screen does, and not that the folder
// does not load.
func TestCLISaysACustomTemplateSetAside(t *testing.T) {
	dir := t.TempDir()
	db, custom := filepath.Join(dir, "agentdesk.db"), filepath.Join(dir, "custom")
	if err := os.MkdirAll(custom, 0o755); err != nil {
		t.Fatal(err)
	}
	file := "[[template]]\nid = \"opening.warm_welcome\"\ncategory = \"opening\"\ntitle = { es = \"Mi bienvenida\", en = \"My welcome\" }\n" +
		"tags = [\"mia\"]\ntext = { es = \"Hola.\", en = \"Hello.\" }\n\n" +
		"[[template]]\nid = \"closing.team_goodbye\"\ncategory = \"closing\"\ntitle = { es = \"Adiós del equipo\", en = \"Team goodbye\" }\n" +
		"tags = [\"adios\"]\ntext = { es = \"Adiós.\", en = \"Goodbye.\" }\n"
	if err := os.WriteFile(filepath.Join(custom, "custom_templates.toml"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := pdfRun(t, "config", "set", "playbook.dir", custom, "--db", db); code != 0 {
		t.Fatalf("config set: %s", errs)
	}
	for _, lang := range []string{"en", "es"} {
		for _, args := range [][]string{
			{"case", "list", "--db", db},                                        // the desk's playbook
			{"templates", "show", "closing.team_goodbye", "--playbook", custom}, // a folder checked from a script
		} {
			_, errs, code := pdfRun(t, append(args, "--lang", lang)...)
			say := func(id, arg string) string {
				s, _, _ := strings.Cut(locales.New(locales.Lang(lang)).D(id, map[string]any{arg: "\x00"}), "\x00")
				return s
			}
			head, notLoaded := say("playbook.err.template_set_aside", "ID"), say("cli.playbook.not_loaded", "Dir")
			if code != 0 || !strings.Contains(errs, head) || !strings.Contains(errs, "opening.warm_welcome") || !strings.Contains(errs, "custom_templates.toml") ||
				strings.Contains(errs, notLoaded) {
				t.Errorf("%s %v: exit %d, stderr %q, want the template set aside and where, not that the folder does not load", lang, args[:2], code, errs)
			}
		}
	}
}
