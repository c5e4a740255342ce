package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"agentdesk/locales"
)

// tr is message id in lang, as a run in that language says it.
func tr(lang, id string) string { return locales.New(locales.Lang(lang)).S(id) }

// trD is tr for a message with arguments.
func trD(lang, id string, args map[string]any) string {
	return locales.New(locales.Lang(lang)).D(id, args)
}

// runEnv runs agentctl with stdin and AGENTDESK_LANG=lang ("" for the
// default), and returns the exit code and what it wrote.
func runEnv(t *testing.T, stdin, lang string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "AGENTDESK_LANG" {
			return lang
		}
		return ""
	}
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: getenv}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// validationJSON is what `playbook validate --json` and `drill validate
// --json` print for content with problems.
type validationJSON struct {
	Valid  bool `json:"valid"`
	Issues []struct {
		File string `json:"file"`
		Line int    `json:"line"`
		Code string `json:"code"`
	} `json:"issues"`
}

// Every command of a family has a summary and translated flag help in both
// languages: no placeholder for a missing message. The help is asked for
// with AGENTDESK_LANG, which (unlike --lang) also decides its language.
func TestCommandHelp(t *testing.T) {
	for _, f := range []struct {
		family string   // a path prefix, counted as n commands; or
		paths  []string // these commands
		n      int
		flags  []string // named in every help
		marks  []string // a missing message would show
	}{
		{family: "calc ", n: 13, flags: []string{"-currency"}, marks: []string{"!calc.", "!cli."}},
		{family: "drill ", n: 7, flags: []string{"-playbook"}, marks: []string{"!"}},
		// The training documents also take the trainee and the company.
		{paths: []string{"drill certificate", "drill progress"}, flags: []string{"-trainee", "-company"}, marks: []string{"!"}},
	} {
		paths := f.paths
		if f.family != "" {
			for path := range commands {
				if strings.HasPrefix(path, f.family) {
					paths = append(paths, path)
				}
			}
			if len(paths) != f.n {
				t.Errorf("%d %scommands registered", len(paths), f.family)
			}
		}
		for _, path := range paths {
			c := commands[path]
			if c == nil {
				t.Fatalf("%s is not registered", path)
			}
			for _, l := range locales.Langs {
				if !locales.New(l).Has(c.summary) {
					t.Errorf("%s: no %s in %s", path, c.summary, l)
				}
				code, _, errs := runEnv(t, "", string(l), append(strings.Fields(path), "-h")...)
				if code != 0 || slices.ContainsFunc(f.marks, func(m string) bool { return strings.Contains(errs, m) }) ||
					slices.ContainsFunc(f.flags, func(fl string) bool { return !strings.Contains(errs, fl) }) {
					t.Errorf("%s -h (%s): exit %d\n%s", path, l, code, errs)
				}
			}
		}
	}
}

// The command list reads as one list: every summary starts with a capital,
// whether it is a calculator's title or what a command does.
func TestUsageListReadsAlike(t *testing.T) {
	for _, lang := range []string{"es", "en"} {
		_, _, stderr := runEnv(t, "", lang, "help")
		lines := strings.Split(strings.TrimSpace(stderr), "\n")[1:]
		if len(lines) < 30 {
			t.Fatalf("%s: %d commands listed:\n%s", lang, len(lines), stderr)
		}
		for _, l := range lines {
			summary := strings.TrimSpace(l[30:])
			if r := []rune(summary)[0]; !unicode.IsUpper(r) {
				t.Errorf("%s: %q", lang, l)
			}
		}
	}
}

// team pdf takes the case as case pdf does, "team pdf ID": read as
// nothing, it printed the whole queue. Two cases, or a case and --status,
// are usage mistakes.
func TestTeamPDFTakesTheCaseAsArgument(t *testing.T) {
	db := seededDesk(t)
	_, stdout, _ := runEnv(t, "", "en", "team", "escalations", "--db", db)
	id := strings.Fields(strings.Split(stdout, "\n")[1])[0]
	out := filepath.Join(t.TempDir(), "one.pdf")
	code, js, errs := runEnv(t, "", "en", "team", "pdf", id, "--out", out, "--db", db, "--json")
	var res struct {
		Cases int `json:"cases"`
	}
	if err := json.Unmarshal([]byte(js), &res); err != nil || code != 0 || res.Cases != 1 {
		t.Errorf("team pdf %s --out FILE: exit %d, %d cases in the PDF, want 1\n%s%s", id, code, res.Cases, js, errs)
	}
	for _, tc := range []struct {
		args []string
		id   string
	}{
		{[]string{id, id}, "cli.team.pdf.one_id"},
		{[]string{id, "--id", id}, "cli.team.pdf.one_id"},
		{[]string{"--id", id, "--status", "open"}, "cli.team.pdf.id_or_status"},
		{[]string{id, "--status", "open"}, "cli.team.pdf.id_or_status"},
	} {
		for _, lang := range []string{"en", "es"} {
			args := append([]string{"team", "pdf", "--out", out, "--db", db}, tc.args...)
			code, _, errs := runEnv(t, "", lang, args...)
			if want := "agentctl: " + tr(lang, tc.id); code != 2 || strings.TrimSpace(errs) != want {
				t.Errorf("%s: %v: exit %d %q, want exit 2 %q", lang, tc.args, code, errs, want)
			}
		}
	}
}

// A command that takes only options refuses a word it would not read
// ("report reasons 2026-W01" reported this week), and lists the options
// it does take, where the one meant is.
func TestOptionOnlyCommandsRefuseArguments(t *testing.T) {
	db := seededDesk(t)
	out := filepath.Join(t.TempDir(), "r.pdf")
	for _, tc := range []struct {
		args []string
		word string
	}{
		{[]string{"report", "reasons", "2026-W01", "--out", out}, "2026-W01"},
		{[]string{"case", "list", "open"}, "open"},
		{[]string{"team", "escalations", "open"}, "open"},
		{[]string{"demo", "seed", "ana"}, "ana"},
		{[]string{"config", "show", "crm.url"}, "crm.url"},
		{[]string{"sync", "now"}, "now"},
		{[]string{"crm", "logout", "now"}, "now"},
		{[]string{"crm", "login", "https://crm.example.com", "--user", "sup"}, "https://crm.example.com"},
		{[]string{"calc", "roi", "--investment", "1", "--gain", "2", "extra"}, "extra"},
	} {
		for _, lang := range []string{"en", "es"} {
			code, stdout, errs := runEnv(t, "", lang, append(tc.args, "--db", db)...)
			want := trD(lang, "cli.no_args", map[string]any{"Command": "agentctl " + commandOf(tc.args), "Args": tc.word})
			if code != 2 || !strings.HasPrefix(errs, want+"\n") || !strings.Contains(errs, "--db") || stdout != "" {
				t.Errorf("%s: %v: exit %d\n%s%s\nwant exit 2 and %q with the options", lang, tc.args, code, stdout, errs, want)
			}
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("report reasons with a week as argument wrote %s", out)
	}
}

// commandOf is the command a test's arguments run: the longest path
// registered.
func commandOf(args []string) string {
	for i := len(args); i > 0; i-- {
		if p := strings.Join(args[:i], " "); commands[p] != nil {
			return p
		}
	}
	return ""
}

// A usage mistake is found before any database is opened: refused with
// exit 2, it creates no database file.
func TestUsageMistakeCreatesNoDatabase(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	out := filepath.Join(t.TempDir(), "x.pdf")
	for _, args := range [][]string{
		{"team", "pdf", "--status", "recieved", "--out", out},
		{"team", "pdf", "C-1", "C-2", "--out", out},
		{"team", "pdf", "C-1", "--status", "open", "--out", out},
		{"team", "approve", "C-1", "--action", "-5"},
		{"report", "reasons", "2026-W01", "--out", out},
		{"case", "list", "open"},
		{"config", "set", "agent.role", "admin"},
		{"config", "set", "no.such.key", "x"},
	} {
		db := filepath.Join(t.TempDir(), "new.db")
		code, _, errs := runEnv(t, "", "en", append(args, "--db", db)...)
		if code != 2 {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("%v: refused as a usage mistake (exit %d), yet created the database", args, code)
		}
	}
}
