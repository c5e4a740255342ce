package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"agentdesk/cases"
	"agentdesk/internal/cliflag"
	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
)

// Main holds what every command needs, so tests run commands in-process with
// their own streams and environment (the benbjohnson/wtf pattern).
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	// Set by the common flags of each command.
	DBPath string
	Lang   locales.Lang
	JSON   bool

	// opened is every database file this run opened: a document written
	// over one of them would destroy what it was printed from.
	opened []string
	// creates: the command may make the database --db names (demo seed,
	// config set). Every other one reads or changes a database that is
	// there, and a mistyped --db is said rather than made empty.
	creates bool
}

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// command is one leaf of the command tree: "calc erlangc", "playbook validate".
type command struct {
	path    string // words after agentctl, space separated
	summary string // locales message ID of a one-line description
	run     func(ctx context.Context, m *Main, args []string) error
}

// commandTable is every command but the calculators (calc.go derives
// those from its own list): one place to see the tool's surface and to add
// a command.
var commandTable = []command{
	{path: "case list", summary: "cli.case.list.summary", run: runCaseList},
	{path: "case pdf", summary: "cli.case.pdf.summary", run: runCasePDF},
	{path: "case show", summary: "cli.case.show.summary", run: runCaseShow},
	{path: "config set", summary: "cli.config.set.summary", run: runConfigSet},
	{path: "config show", summary: "cli.config.show.summary", run: runConfigShow},
	{path: "crm login", summary: "cli.crm.login.summary", run: runCRMLogin},
	{path: "crm logout", summary: "cli.crm.logout.summary", run: runCRMLogout},
	{path: "demo seed", summary: "cli.demo.seed.summary", run: runDemoSeed},
	{path: "drill certificate", summary: "training.cli.certificate.summary", run: runDrillCertificate},
	{path: "drill grade", summary: "training.cli.grade.summary", run: runDrillGrade},
	{path: "drill judge", summary: "training.cli.judge.summary", run: runDrillJudge},
	{path: "drill list", summary: "training.cli.list.summary", run: runDrillList},
	{path: "drill play", summary: "training.cli.play.summary", run: runDrillPlay},
	{path: "drill progress", summary: "training.cli.progress.summary", run: runDrillProgress},
	{path: "drill validate", summary: "training.cli.validate.summary", run: runDrillValidate},
	{path: "playbook publish", summary: "cli.playbook.publish.summary", run: runPlaybookPublish},
	{path: "playbook show", summary: "cli.playbook.show.summary", run: runPlaybookShow},
	{path: "playbook validate", summary: "cli.playbook.validate.summary", run: runPlaybookValidate},
	{path: "redact", summary: "cli.redact.summary", run: runRedact},
	{path: "report reasons", summary: "cli.report.reasons.summary", run: runReportReasons},
	{path: "sync", summary: "cli.sync.summary", run: runSync},
	{path: "team approve", summary: "cli.team.approve.summary", run: runTeamApprove},
	{path: "team escalations", summary: "cli.team.list.summary", run: runTeamList},
	{path: "team pdf", summary: "cli.team.pdf.summary", run: runTeamPDF},
	{path: "team show", summary: "cli.team.show.summary", run: runTeamShow},
	{path: "team status", summary: "cli.team.status.summary", run: runTeamStatus},
	{path: "templates search", summary: "cli.templates.search.summary", run: runTemplatesSearch},
	{path: "templates show", summary: "cli.templates.show.summary", run: runTemplatesShow},
	{path: "version", summary: "cli.version.summary", run: runVersion},
}

// commands finds a command by its path: the table's, and the calculators
// calc.go registers in its own init.
var commands = map[string]*command{}

func init() {
	for i := range commandTable {
		register(&commandTable[i])
	}
}

func register(c *command) { commands[c.path] = c }

// notFolderError: a folder was asked for, and dir is not one.
type notFolderError struct{ dir string }

func (e *notFolderError) Error() string { return e.dir + ": not a folder" }

func errNotFolder(dir string) error { return &notFolderError{dir: dir} }

// exitError carries a process exit code: 1 for "the input is wrong" (a bad
// playbook, an invalid calculator input), 2 for usage mistakes.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

// failed reports an error already explained on the output: exit 1, print nothing more.
var errFailed = &exitError{code: 1, err: errors.New("")}

// Run dispatches args to the longest matching command path and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	m.Lang = m.defaultLang()
	// --lang decides the language of everything, help and flag
	// descriptions included, which are written before a command reads
	// its flags: it is read first, wherever it stands.
	args = m.takeLang(args)
	for i := len(args); i > 0; i-- {
		c, ok := commands[strings.Join(args[:i], " ")]
		if !ok {
			continue
		}
		err := c.run(ctx, m, args[i:])
		return m.report(err)
	}
	if len(args) > 0 && args[0] != "help" && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintf(m.Stderr, "%s\n\n", m.T().D("cli.unknown_command", map[string]any{"Command": strings.Join(args, " ")}))
		m.usage()
		return 2
	}
	m.usage()
	return 0
}

// caseErr says a store's refusal about case id in words: a case that is
// not there by its ID, any other by its code. The detail is for
// developers, in English; a person reads the message.
func (m *Main) caseErr(err error, id string) error {
	var ce *cases.Error
	switch {
	case !errors.As(err, &ce):
		return err
	case ce.Code == cases.ENotFound:
		return &exitError{code: 1, err: errors.New(m.T().D("error.case_not_found", map[string]any{"ID": id}))}
	}
	return &exitError{code: 1, err: errors.New(m.T().S("error." + ce.Code))}
}

func (m *Main) report(err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var nf *notFolderError
	if errors.As(err, &nf) {
		// Raised where no translator is at hand: said here, a usage mistake.
		err = usageErr("%s", m.T().D("cli.not_a_folder", map[string]any{"Path": nf.dir}))
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	} else if errors.As(err, new(*cases.Error)) {
		// A refusal no command put in words: its code's words.
		err = m.caseErr(err, "")
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(m.Stderr, "agentctl: %s\n", msg)
	}
	return code
}

func (m *Main) usage() {
	t := m.T()
	fmt.Fprintln(m.Stderr, t.S("cli.usage"))
	for _, p := range slices.Sorted(maps.Keys(commands)) {
		fmt.Fprintf(m.Stderr, "  %-28s %s\n", p, sentence(t.S(commands[p].summary)))
	}
}

// sentence starts s with a capital letter: a calculator's summary is its
// title ("Return on investment"), the other commands' are what they do
// ("list cases"), and the list reads as one when each starts alike.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// defaultLang follows AGENTDESK_LANG, then the POSIX locale, then Spanish.
func (m *Main) defaultLang() locales.Lang {
	for _, k := range []string{"AGENTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := locales.ParseLang(m.Getenv(k)); ok {
			return l
		}
	}
	return locales.ES
}

// T is the translator for the current --lang.
func (m *Main) T() *locales.T { return locales.New(m.Lang) }

// takeLang reads a valid --lang (-lang, --lang=X) out of args and returns
// the rest. An invalid one stays, for the command's flags to refuse.
func (m *Main) takeLang(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		// Exactly as the flag package reads it: one or two dashes.
		flagName, val, hasVal := strings.Cut(a, "=")
		if flagName != "-lang" && flagName != "--lang" {
			out = append(out, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				out = append(out, a)
				continue
			}
			val = args[i+1]
		}
		l, ok := locales.ParseLang(val)
		if !ok {
			out = append(out, a)
			continue
		}
		m.Lang = l
		if !hasVal {
			i++
		}
	}
	return out
}

// flagHelp holds each command's FlagSet's printer of its usage, called by
// parse: the flag package's own words (its usage, its errors) are English,
// so it prints nothing itself.
var flagHelp sync.Map // *flag.FlagSet → func(error)

// flagSet returns a FlagSet with the flags every command shares: --db,
// --lang and --json.
func (m *Main) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("agentctl "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	flagHelp.Store(fs, func(err error) { m.flagUsage(fs, err) })
	fs.StringVar(&m.DBPath, "db", m.DBPath, m.T().S("cli.flag.db"))
	fs.Func("lang", m.T().S("cli.flag.lang"), func(s string) error {
		l, ok := locales.ParseLang(s)
		if !ok {
			return fmt.Errorf("%q: es|en", s)
		}
		m.Lang = l
		return nil
	})
	fs.BoolVar(&m.JSON, "json", false, m.T().S("cli.flag.json"))
	return fs
}

// parse reads flags and positional arguments in any order; a flag error
// is a usage mistake (exit 2), said with the command's flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := cliflag.Parse(fs, args)
	if err != nil {
		if help, ok := flagHelp.Load(fs); ok {
			help.(func(error))(err)
		}
		if !errors.Is(err, flag.ErrHelp) {
			return nil, &exitError{code: 2, err: errors.New("")}
		}
	}
	return pos, err
}

// flagErr matches the flag package's errors, to say them in words.
var flagErr = regexp.MustCompile(`^(?:flag provided but not defined|flag needs an argument|invalid (?:boolean )?value "(.*)" for (?:flag )?|bad flag syntax)[: ]*-*([^:\s]*)`)

// flagUsage says a flag error (none for -h) and the command's flags, in the
// language asked.
func (m *Main) flagUsage(fs *flag.FlagSet, err error) {
	t := m.T()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		msg := err.Error()
		id, args := "cli.flag.bad", map[string]any{"Flag": "", "Value": ""}
		if g := flagErr.FindStringSubmatch(msg); g != nil {
			args["Value"], args["Flag"] = g[1], "--"+g[2]
			switch {
			case strings.HasPrefix(msg, "flag provided but not defined"):
				id = "cli.flag.unknown"
			case strings.HasPrefix(msg, "flag needs an argument"):
				id = "cli.flag.needs_value"
			case strings.HasPrefix(msg, "invalid"):
				id = "cli.flag.bad_value"
			}
		}
		fmt.Fprintln(m.Stderr, t.D(id, args))
	}
	fmt.Fprintln(m.Stderr, t.D("cli.flag.list", map[string]any{"Command": fs.Name()}))
	fs.VisitAll(func(f *flag.Flag) {
		line := "  --" + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			line += " " + t.S("cli.flag.value")
		}
		fmt.Fprintln(m.Stderr, line)
		usage := f.Usage
		if d := f.DefValue; d != "" && d != "false" && d != "0" {
			usage += " " + t.D("cli.flag.default", map[string]any{"Value": d})
		}
		fmt.Fprintln(m.Stderr, "        "+usage)
	})
}

// parseNone is parse for a command that takes only options. A word it
// would not read is refused rather than dropped: "report reasons
// 2026-W01" reporting this week instead looks like an answer and is not.
func (m *Main) parseNone(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	return m.noArgs(fs, pos)
}

// noArgs refuses the positional arguments of a command that takes none,
// with its options, as a flag mistake is said: what was meant is usually
// one of them (--week, --id).
func (m *Main) noArgs(fs *flag.FlagSet, pos []string) error {
	if len(pos) == 0 {
		return nil
	}
	fmt.Fprintln(m.Stderr, m.T().D("cli.no_args", map[string]any{"Command": fs.Name(), "Args": strings.Join(pos, " ")}))
	m.flagUsage(fs, nil)
	return &exitError{code: 2, err: errors.New("")}
}

// parseN is parse for a command that takes exactly n positional arguments;
// usage is its synopsis, shown when the count is wrong.
func parseN(fs *flag.FlagSet, args []string, n int, usage string) ([]string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != n {
		return nil, usageErr("%s", usage)
	}
	return pos, nil
}

// parseDir is parse for a command that takes an optional folder: it
// returns the folder, or "" (the embedded content) when none is given.
func parseDir(fs *flag.FlagSet, args []string, usage string) (string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) > 1 {
		return "", usageErr("%s", usage)
	}
	if len(pos) == 1 {
		return pos[0], nil
	}
	return "", nil
}

// printJSON writes v as indented JSON, the stable form scripts rely on.
func (m *Main) printJSON(v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// located is a problem found in a content file: a playbook or a training
// pack. Both validate commands print them the same way.
type located struct {
	File, Code string
	Line       int
	Message    string // already translated
}

// locate is each content issue with its place and its message, said by say.
func locate(issues []tomlpos.Issue, say func(tomlpos.Issue) string) []located {
	out := make([]located, len(issues))
	for i, is := range issues {
		out[i] = located{File: is.File, Line: is.Line, Code: is.Code, Message: say(is)}
	}
	return out
}

// printIssues lists content problems as JSON or as file:line lines, with
// the translated count (message ID countID) on standard error, and fails.
func (m *Main) printIssues(issues []located, countID string) error {
	return m.printSomeIssues(issues, 0, countID)
}

// printSomeIssues is printIssues for a list that leaves more problems
// unlisted (crmd answers the first 100): said after the list, and in the
// JSON as more_issues.
func (m *Main) printSomeIssues(issues []located, more int, countID string) error {
	if m.JSON {
		type jissue struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		out := []jissue{}
		for _, is := range issues {
			out = append(out, jissue{is.File, is.Line, is.Code, is.Message})
		}
		res := map[string]any{"valid": false, "issues": out}
		if more > 0 {
			res["more_issues"] = more
		}
		_ = m.printJSON(res)
		return errFailed
	}
	for _, is := range issues {
		fmt.Fprintf(m.Stdout, "%s:%d: %s\n", is.File, is.Line, is.Message)
	}
	fmt.Fprintln(m.Stderr, m.T().N(countID, len(issues), nil))
	if more > 0 {
		fmt.Fprintln(m.Stderr, m.T().N("cli.playbook.refused_more", more, nil))
	}
	return errFailed
}
