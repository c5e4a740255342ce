package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"

	"agentdesk/locales"
)

// trD is message id with args in lang, as a run in that language says it.
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
