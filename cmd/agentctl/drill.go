package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"agentdesk/assets"
	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/internal/atomicfile"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/training"
)

// drillFlags adds --playbook, since an organisation's scenarios refer to
// its own pack.
func drillFlags(m *Main, name string) (*flag.FlagSet, *string) {
	fs := m.flagSet(name)
	pb := fs.String("playbook", "", m.T().S("training.cli.flag.playbook"))
	return fs, pb
}

// drillContent loads a training folder (the embedded set when dir is
// empty) against a playbook folder (the default pack when pbDir is empty).
func drillContent(dir, pbDir string) (*training.Content, *playbook.Playbook, error) {
	if dir == "" && pbDir == "" {
		// The embedded set cannot change after the build, and its tests
		// replay every scenario: loading it as the app does spares each
		// command the robot's replay (drill validate still does it all).
		pb, err := playbook.LoadDefault()
		if err != nil {
			return nil, nil, err
		}
		c, err := training.LoadDefault()
		return c, pb, err
	}
	return drillRead(dir, pbDir, training.Load)
}

// drillValidate is drillContent held to the house style as well: the
// glossary's terms and no fixed plural beside a count.
func drillValidate(dir, pbDir string) (*training.Content, *playbook.Playbook, error) {
	return drillRead(dir, pbDir, training.Validate)
}

// drillRead reads the training folder with load (Load or Validate).
func drillRead(dir, pbDir string, load func(fs.FS, string, *playbook.Playbook) (*training.Content, error)) (*training.Content, *playbook.Playbook, error) {
	pb, err := loadPack(pbDir)
	if err != nil {
		return nil, nil, err
	}
	fsys, root, err := folder(dir, assets.Training(), assets.TrainingDir)
	if err != nil {
		return nil, nil, err
	}
	c, err := load(fsys, root, pb)
	return c, pb, err
}

func drillIssueText(t *locales.T, is training.Issue) string {
	return fmt.Sprintf("%s:%d: %s", is.File, is.Line, training.IssueText(t, is))
}

// drillError prints content issues (or a broken playbook's) and fails.
func drillError(m *Main, err error) error {
	var ve *training.ValidationError
	if errors.As(err, &ve) {
		t := m.T()
		for _, is := range ve.Issues {
			fmt.Fprintln(m.Stderr, drillIssueText(t, is))
		}
		return errFailed
	}
	return packError(m, err)
}

func runDrillList(ctx context.Context, m *Main, args []string) error {
	fs, pbDir := drillFlags(m, "drill list")
	dir, err := parseDir(fs, args, "drill list [DIR]")
	if err != nil {
		return err
	}
	c, pb, err := drillContent(dir, *pbDir)
	if err != nil {
		return drillError(m, err)
	}
	type jtitle struct {
		ES string `json:"es"`
		EN string `json:"en"`
	}
	type jscenario struct {
		ID         string   `json:"id"`
		Title      jtitle   `json:"title"`
		CallType   string   `json:"call_type"`
		Difficulty int      `json:"difficulty"`
		Genders    []string `json:"persona_genders"`
		Responses  []string `json:"free_response_turns"`
		Branches   int      `json:"branch_turns"`
	}
	if m.JSON {
		out := []jscenario{}
		for _, sc := range c.Scenarios {
			j := jscenario{ID: sc.ID, CallType: sc.CallType, Difficulty: sc.Difficulty, Genders: sc.PersonaGenders(),
				Title: jtitle{ES: sc.Say(locales.ES, sc.Title), EN: sc.Say(locales.EN, sc.Title)}, Responses: []string{}}
			for _, t := range sc.Turns {
				if t.Response != nil {
					j.Responses = append(j.Responses, t.ID)
				}
				if t.Branch {
					j.Branches++
				}
			}
			out = append(out, j)
		}
		return m.printJSON(out)
	}
	t := m.T()
	for _, sc := range c.Scenarios {
		ct := sc.CallType
		if x := pb.CallType(sc.CallType); x != nil {
			ct = pb.Say(m.Lang, x.Title)
		}
		fmt.Fprintf(m.Stdout, "%-24s %-8s %s (%s)\n", sc.ID, t.D("training.cli.difficulty", map[string]any{"Level": sc.Difficulty}),
			sc.Say(m.Lang, sc.Title), ct)
	}
	return nil
}

func runDrillValidate(ctx context.Context, m *Main, args []string) error {
	fs, pbDir := drillFlags(m, "drill validate")
	dir, err := parseDir(fs, args, "drill validate [DIR]")
	if err != nil {
		return err
	}
	c, _, err := drillValidate(dir, *pbDir)
	t := m.T()
	var ve *training.ValidationError
	if errors.As(err, &ve) {
		return m.printIssues(locate(ve.Issues, func(is training.Issue) string { return training.IssueText(t, is) }), "training.cli.invalid")
	}
	if err != nil {
		return drillError(m, err)
	}
	version := c.CurrentRubric().Version
	longest, choiceTurns := c.BestLongestShare()
	if m.JSON {
		return m.printJSON(map[string]any{"valid": true, "scenarios": len(c.Scenarios), "tracks": len(c.Tracks), "rubric_version": version,
			"call_types": len(c.CallTypes()), "best_longest": longest, "choice_turns": choiceTurns})
	}
	fmt.Fprintln(m.Stdout, t.D("training.cli.valid", map[string]any{"Scenarios": len(c.Scenarios), "Tracks": len(c.Tracks), "Version": version}))
	return nil
}

// drillContentScenario loads the default content against the pack in pbDir
// and resolves --scenario (ref) in it.
func drillContentScenario(m *Main, pbDir, ref string) (*training.Content, *training.Scenario, error) {
	c, pb, err := drillContent("", pbDir)
	if err != nil {
		return nil, nil, drillError(m, err)
	}
	sc, err := drillScenario(m, c, pb, ref)
	return c, sc, err
}

// drillScenario resolves --scenario: a .toml file, or an ID of the content.
func drillScenario(m *Main, c *training.Content, pb *playbook.Playbook, ref string) (*training.Scenario, error) {
	if ref == "" {
		return nil, usageErr("%s", m.T().S("training.cli.need_scenario"))
	}
	if st, err := os.Stat(ref); err == nil && !st.IsDir() {
		data, err := os.ReadFile(ref)
		if err != nil {
			return nil, err
		}
		sc, err := training.LoadScenario(data, filepath.Clean(ref), pb)
		if err != nil {
			return nil, drillError(m, err)
		}
		return sc, nil
	}
	if sc := c.Scenario(ref); sc != nil {
		return sc, nil
	}
	return nil, usageErr("%s", m.T().D("training.cli.unknown_scenario", map[string]any{"ID": ref}))
}

// drillRubric is the rubric an attempt is graded with: the version it
// records (an old grade explained with its own weights), and the pass mark
// of its track (the one --track names, else the one the attempt records),
// decided as the desk and crmd decide it (Content.PassMarkFor): with none,
// or one that does not hold the scenario, the scenario's own track's.
func drillRubric(m *Main, c *training.Content, version, trackID, scenario string) (training.Rubric, error) {
	r := c.CurrentRubric()
	if version != "" {
		var ok bool
		if r, ok = c.Rubric(version); !ok {
			fmt.Fprintln(m.Stderr, m.T().D("training.cli.unknown_rubric", map[string]any{"Version": version}))
			return training.Rubric{}, errFailed
		}
	}
	return r.WithPassMark(c.PassMarkFor(trackID, scenario)), nil
}

func runDrillGrade(ctx context.Context, m *Main, args []string) error {
	fs, pbDir := drillFlags(m, "drill grade")
	scenario := fs.String("scenario", "", m.T().S("training.cli.flag.scenario"))
	attemptFile := fs.String("attempt", "", m.T().S("training.cli.flag.attempt"))
	track := fs.String("track", "", m.T().S("training.cli.flag.track"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *attemptFile == "" {
		return usageErr("drill grade --scenario FILE|ID --attempt FILE [--json] [--lang es|en]")
	}
	c, sc, err := drillContentScenario(m, *pbDir, *scenario)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(*attemptFile)
	if err != nil {
		return m.fileErr(*attemptFile, err)
	}
	a, err := training.ParseAttempt(data)
	if err != nil {
		fmt.Fprintln(m.Stderr, m.T().D("training.cli.bad_attempt", map[string]any{"Detail": err.Error()}))
		return errFailed
	}
	if *track != "" && c.Track(*track) == nil {
		return usageErr("%s", m.T().D("training.cli.unknown_track", map[string]any{"ID": *track}))
	}
	// The attempt's own track may be one this content no longer has: then,
	// as on the desk and on crmd, the rubric's pass mark.
	trackID := *track
	if trackID == "" {
		trackID = a.Track
	}
	rubric, err := drillRubric(m, c, a.RubricVersion, trackID, sc.ID)
	if err != nil {
		return err
	}
	rep, err := training.Grade(sc, a, rubric)
	if err != nil {
		return drillGradeError(m, err)
	}
	if m.JSON {
		return m.printJSON(drillReportJSON(m.T(), sc, rep))
	}
	drillPrintReport(m, sc, rep)
	return nil
}

// drillGradeError explains an attempt the grader refused, in --lang.
func drillGradeError(m *Main, err error) error {
	var ge *training.GradeError
	if errors.As(err, &ge) {
		fmt.Fprintln(m.Stderr, m.T().D(ge.MessageID(), map[string]any{"Turn": ge.Turn, "Detail": ge.Detail}))
		return errFailed
	}
	return err
}

type drillCriterionJSON struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Weight      int     `json:"weight"`
	Applicable  bool    `json:"applicable"`
	Score       float64 `json:"score"`
	Points      float64 `json:"points"`
	Message     string  `json:"message_id"`
	Explanation string  `json:"explanation"`
}

type drillBlockerJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Turn        string `json:"turn,omitempty"`
	Message     string `json:"message_id"`
	Explanation string `json:"explanation"`
}

// drillReportJSON is the report with its explanations in the --lang language.
func drillReportJSON(t *locales.T, sc *training.Scenario, r training.Report) map[string]any {
	cs := []drillCriterionJSON{}
	for _, c := range r.Criteria {
		cs = append(cs, drillCriterionJSON{ID: c.ID, Title: training.CriterionTitle(t, c.ID), Weight: c.Weight, Applicable: c.Applicable,
			Score: c.Score, Points: c.Points, Message: c.Message, Explanation: c.Explain(t)})
	}
	bs := []drillBlockerJSON{}
	for _, b := range r.Blockers {
		bs = append(bs, drillBlockerJSON{ID: b.ID, Title: training.BlockerTitle(t, b.ID), Turn: b.Turn, Message: b.Message, Explanation: b.Explain(t)})
	}
	rs := []drillJudgementJSON{}
	for _, j := range r.Responses {
		rs = append(rs, drillJudgement(t, sc, j))
	}
	return map[string]any{
		"scenario": r.Scenario, "title": sc.Say(t.Lang, sc.Title), "seed": r.Seed, "day": r.Day, "mode": r.Mode,
		"trainee": r.Trainee, "rubric_version": r.RubricVersion, "lang": string(t.Lang),
		"total": r.Total, "pass_mark": r.PassMark, "passed": r.Passed, "complete": r.Complete, "stale": r.Stale,
		"hung_up": r.HungUp, "patience": r.Patience, "path": r.Path,
		"duration_ms": r.DurationMS, "blockers": bs, "criteria": cs, "responses": rs,
	}
}

func drillPrintReport(m *Main, sc *training.Scenario, r training.Report) {
	t, w := m.T(), m.Stdout
	fmt.Fprintln(w, t.D("training.cli.report.scenario", map[string]any{"ID": sc.ID, "Title": sc.Say(m.Lang, sc.Title)}))
	verdict := t.S("training.cli.report.failed")
	if r.Passed {
		verdict = t.S("training.cli.report.passed")
	}
	fmt.Fprintf(w, "%s — %s\n", t.D("training.cli.report.total", map[string]any{
		"Total": calculators.FormatNumber(r.Total, 1, m.Lang), "PassMark": r.PassMark}), verdict)
	if !r.Complete {
		fmt.Fprintln(w, t.S("training.cli.report.incomplete"))
	}
	if r.Stale {
		fmt.Fprintln(w, t.S("training.cli.report.stale"))
	}
	if len(r.Blockers) > 0 {
		fmt.Fprintln(w, t.S("training.cli.report.blockers"))
		for _, b := range r.Blockers {
			fmt.Fprintf(w, "  ✗ %s: %s\n", training.BlockerTitle(t, b.ID), b.Explain(t))
		}
	}
	if r.HungUp {
		fmt.Fprintln(w, t.S("training.cli.report.hung_up"))
	}
	for _, j := range r.Responses {
		drillPrintJudgement(w, t, sc, j)
	}
	fmt.Fprintln(w, t.S("training.cli.report.criteria"))
	for _, c := range r.Criteria {
		pts := "—"
		if c.Applicable {
			pts = calculators.FormatNumber(c.Points, 1, m.Lang)
		}
		fmt.Fprintf(w, "  %-36s %6s  %s\n", training.CriterionTitle(t, c.ID), pts, c.Explain(t))
	}
}

func runDrillPlay(ctx context.Context, m *Main, args []string) error {
	fs, pbDir := drillFlags(m, "drill play")
	scenario := fs.String("scenario", "", m.T().S("training.cli.flag.scenario"))
	seed := fs.Int64("seed", -1, m.T().S("training.cli.flag.seed"))
	mode := fs.String("mode", string(training.Practice), m.T().S("training.cli.flag.mode"))
	trainee := fs.String("trainee", "", m.T().S("training.cli.flag.trainee"))
	company := fs.String("company", "", m.T().S("training.cli.flag.company"))
	out := fs.String("out", "", m.T().S("training.cli.flag.out"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("drill play --scenario ID [--seed N] [--lang es|en] [--mode practice|test]")
	}
	c, sc, err := drillContentScenario(m, *pbDir, *scenario)
	if err != nil {
		return err
	}
	if *seed < 0 {
		*seed = time.Now().UnixNano() % 1_000_000
	}
	md := training.Mode(*mode)
	if md != training.Practice && md != training.Test {
		return usageErr("--mode %q: practice|test", *mode)
	}
	rubric := c.CurrentRubric()
	s, err := training.NewSession(sc, *seed, md, training.WithLang(m.Lang), training.WithTrainee(*trainee),
		training.WithCompany(*company), training.WithRubric(rubric))
	if err != nil {
		return err
	}
	drillPlay(m, s)
	a := s.Attempt()
	// Graded for the scenario's track, at its pass mark, as the desk and
	// crmd grade the same call (Content.TrackFor, PassMarkFor): the
	// rubric's own mark is lower than most tracks'.
	if tr := c.TrackFor("", sc.ID); tr != nil {
		a.Track = tr.ID
	}
	rubric = rubric.WithPassMark(c.PassMarkFor(a.Track, sc.ID))
	if *out != "" {
		if err := drillWriteAttempt(*out, a); err != nil {
			err = m.fileErr(*out, err)
			return err
		}
		fmt.Fprintln(m.Stderr, m.T().D("training.cli.play.saved", map[string]any{"File": *out}))
	}
	rep, err := training.Grade(sc, a, rubric)
	if err != nil {
		return drillGradeError(m, err)
	}
	if m.JSON {
		return m.printJSON(map[string]any{"attempt": a, "report": drillReportJSON(m.T(), sc, rep)})
	}
	fmt.Fprintln(m.Stdout)
	drillPrintReport(m, sc, rep)
	return nil
}

// drillWriteAttempt replaces file whole or not at all: truncated in place,
// a failed write (a full disk, an interrupt) would lose the attempt the
// file held before and leave half of this one.
func drillWriteAttempt(file string, a training.Attempt) error {
	var buf bytes.Buffer
	mm := &Main{Stdout: &buf}
	if err := mm.printJSON(a); err != nil {
		return err
	}
	return atomicfile.Write(file, buf.Bytes(), 0o644)
}

// drillPlay runs the session on the terminal: the customer's line, the options,
// one answer per line of input. With --json the dialogue goes to stderr so
// stdout stays one JSON document.
func drillPlay(m *Main, s *training.Session) {
	t, l := m.T(), m.Lang
	w := m.Stdout
	if m.JSON {
		w = m.Stderr
	}
	sc := s.Scenario()
	in := bufio.NewScanner(m.Stdin)
	in.Buffer(make([]byte, 64*1024), 1<<20)
	p := s.Persona(l)
	fmt.Fprintln(w, t.D("training.cli.play.header", map[string]any{"Title": sc.Say(l, sc.Title),
		"Mode": t.S("training.mode." + string(s.Mode())), "Seed": s.Attempt().Seed}))
	if b := s.Text(l, sc.Brief); b != "" {
		fmt.Fprintln(w, b)
	}
	fmt.Fprintln(w, t.D("training.cli.play.caller", map[string]any{"Name": p.Name, "Description": p.Description}))
	fmt.Fprintln(w, t.D("training.cli.play.mood", map[string]any{"Mood": p.Mood}))
	if p.VIP {
		fmt.Fprintln(w, t.S("training.cli.play.vip"))
	}
	// The greeting is judged on these names: without --company and
	// --trainee they are the defaults, which the trainee cannot guess.
	company, agent := s.Names(l)
	fmt.Fprintln(w, t.D("training.cli.play.names", map[string]any{"Company": company, "Agent": agent}))
	fmt.Fprintln(w, t.S("training.cli.play.help"))
	account := func() {
		fmt.Fprintln(w, t.S("training.cli.play.account"))
		for _, f := range s.Account(l) {
			fmt.Fprintf(w, "  %-22s %s\n", f.Label, f.Value)
		}
	}
	account()
	read := func() (string, bool) {
		if !in.Scan() {
			return "", false
		}
		return strings.TrimSpace(in.Text()), true
	}
	for {
		d, ok := s.Decision(l)
		if !ok {
			return
		}
		masked := drillAccountMasked(s, l)
		if n := s.Notice(l); n != "" {
			fmt.Fprintf(w, "\n(%s)", n)
		}
		fmt.Fprintf(w, "\n[%s] %s: %s\n", sc.StepTitle(l, d.Step), t.S("training.cli.play.customer"), s.Line(l))
		if d.Entry != nil {
			fmt.Fprintf(w, "  %s\n", d.Entry.Prompt)
		}
		if d.Response != nil {
			fmt.Fprintf(w, "  %s\n", d.Response.Prompt)
		}
		for i, c := range d.Choices {
			fmt.Fprintf(w, "  %d) %s\n", i+1, c.Label)
		}
		for answered := false; !answered; {
			if d.Response != nil {
				fmt.Fprint(w, t.S("training.cli.play.say")+" ")
			} else if d.Entry != nil {
				fmt.Fprint(w, t.S("training.cli.play.enter")+" ")
			} else {
				fmt.Fprint(w, t.D("training.cli.play.choose", map[string]any{"N": len(d.Choices)})+" ")
			}
			line, ok := read()
			if !ok || line == "q" {
				// A test call begun and left is a call cut short, as on the
				// desk (testBegun there): otherwise quitting a test going
				// badly would cost nothing but a fresh draw.
				if s.Mode() == training.Test && (len(s.Attempt().Events) > 0 || s.Line(l) != "") && s.Leave() == nil {
					fmt.Fprintln(w, "\n"+t.S("training.cli.play.left"))
					return
				}
				fmt.Fprintln(w, "\n"+t.S("training.cli.play.quit"))
				return
			}
			switch line {
			case "h", "?":
				if h, err := s.Hint(l); err != nil {
					fmt.Fprintln(w, t.S("training.cli.play.not_in_test"))
				} else {
					fmt.Fprintln(w, t.D("training.cli.play.hint", map[string]any{"Text": h}))
				}
				continue
			case "a":
				account()
				continue
			case "r":
				switch err := s.Retry(); {
				case errors.Is(err, training.ErrTestMode):
					fmt.Fprintln(w, t.S("training.cli.play.not_in_test"))
					continue
				case err != nil:
					fmt.Fprintln(w, t.S("training.cli.play.nothing_to_retry"))
					continue
				}
				fmt.Fprintln(w, t.S("training.cli.play.retried"))
				answered = true
				continue
			}
			if d.Response != nil {
				var ee *training.EntryError
				if err := s.Respond(line); errors.Is(err, training.ErrEmptyResponse) {
					continue
				} else if errors.As(err, &ee) {
					fmt.Fprintln(w, t.S(ee.MessageID())) // too long: say it again, shorter
					continue
				} else if err != nil {
					fmt.Fprintln(w, drillSessionErr(m, err))
					return
				}
			} else if d.Entry != nil {
				var ee *training.EntryError
				if err := s.Enter(line); errors.As(err, &ee) {
					fmt.Fprintln(w, t.S(ee.MessageID()))
					continue
				} else if err != nil {
					fmt.Fprintln(w, drillSessionErr(m, err))
					return
				}
			} else {
				n, err := strconv.Atoi(line)
				if err != nil || n < 1 || n > len(d.Choices) {
					fmt.Fprintln(w, t.D("training.cli.play.bad_choice", map[string]any{"N": len(d.Choices)}))
					continue
				}
				if err := s.Choose(d.Choices[n-1].ID); err != nil {
					fmt.Fprintln(w, drillSessionErr(m, err))
					return
				}
			}
			answered = true
			drillShowFeedback(w, t, s, l)
			if s.HungUp() {
				fmt.Fprintln(w, t.S("training.cli.play.hung_up"))
				return
			}
			if masked && !drillAccountMasked(s, l) {
				account() // the gate just opened: the account screen now shows
			}
		}
	}
}

// drillSessionErr says in words why the session took no answer and the
// call stops there: an answer it cannot replay, or a typed one it cannot
// read, by its message; anything else by its code, with the detail (for
// developers, in English) in the log, as every command says a failure.
func drillSessionErr(m *Main, err error) string {
	t := m.T()
	var ge *training.GradeError
	var ee *training.EntryError
	switch {
	case errors.As(err, &ge):
		return t.D(ge.MessageID(), map[string]any{"Turn": ge.Turn, "Detail": ge.Detail})
	case errors.As(err, &ee):
		return t.S(ee.MessageID())
	}
	msg := t.S("error." + cases.ErrorCode(err))
	if log := m.logDetail("drill play stopped", err); log != "" {
		msg += " " + t.D("cli.log.details", map[string]any{"Log": log})
	}
	return msg
}

func drillAccountMasked(s *training.Session, l locales.Lang) bool {
	for _, f := range s.Account(l) {
		if f.Masked {
			return true
		}
	}
	return false
}

func drillShowFeedback(w io.Writer, t *locales.T, s *training.Session, l locales.Lang) {
	if f, ok := s.Feedback(t.Lang, l); ok {
		if f.Reply != "" {
			fmt.Fprintf(w, "%s: %s\n", t.S("training.cli.play.customer"), f.Reply)
		}
		if f.PatienceAfter != f.PatienceBefore {
			fmt.Fprintln(w, t.D("training.cli.play.mood_now", map[string]any{"Mood": t.S(training.MoodMessage(f.PatienceAfter))}))
		}
		if f.Judgement != nil {
			drillPrintJudgement(w, t, s.Scenario(), *f.Judgement)
		}
		if f.Grade == "" {
			fmt.Fprintln(w, "→ "+f.Text)
		} else {
			fmt.Fprintln(w, "→ "+t.D("training.cli.play.feedback", map[string]any{"Grade": t.S("training.grade." + f.Grade), "Text": f.Text}))
		}
		return
	}
	if r := s.Reply(l); r != "" {
		fmt.Fprintf(w, "%s: %s\n", t.S("training.cli.play.customer"), r)
	}
}

type drillElementJSON struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Label   string   `json:"label"`
	Weight  float64  `json:"weight"`
	Found   bool     `json:"found"`
	Ok      bool     `json:"ok"` // a must said, a must_not not said
	Matched []string `json:"matched,omitempty"`
	Negated []string `json:"negated,omitempty"`
	Heard   []string `json:"heard,omitempty"`
	Waived  bool     `json:"waived,omitempty"`
	// Contradicted: said and denied alike, so not said; Denied: said only
	// in the negative. Both count against the answer.
	Contradicted bool `json:"contradicted,omitempty"`
	Denied       bool `json:"denied,omitempty"`
}

type drillLineJSON struct {
	OK   bool   `json:"ok"`
	Text string `json:"text"`
}

type drillJudgementJSON struct {
	Turn     string                   `json:"turn"`
	Lang     string                   `json:"lang"`
	Mark     float64                  `json:"mark"`
	Poor     bool                     `json:"poor"`
	Elements []drillElementJSON       `json:"elements"`
	Register *training.RegisterResult `json:"register,omitempty"`
	Blockers []string                 `json:"blockers"`
	// Why an answer with the right words earned nothing: said in the other
	// language, or not as a sentence (training.Judgement.Shape).
	OtherLanguage bool     `json:"other_language,omitempty"`
	Shape         string   `json:"shape,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	Length        int      `json:"length,omitempty"`
	MaxLength     int      `json:"max_length,omitempty"`
	// Explanation is what the text output and the training screen say,
	// line by line, in --lang.
	Explanation []drillLineJSON `json:"explanation"`
}

// drillJudgement is a judgement with every element's label in --lang, so
// a trainer reads why without the scenario file open.
func drillJudgement(t *locales.T, sc *training.Scenario, j training.Judgement) drillJudgementJSON {
	out := drillJudgementJSON{Turn: j.Turn, Lang: string(j.Lang), Mark: j.Mark, Poor: j.Poor, Register: j.Register,
		Elements: []drillElementJSON{}, Blockers: []string{}, OtherLanguage: j.OtherLanguage, Shape: j.Shape,
		Keywords: j.Keywords, Length: j.Length, MaxLength: j.MaxLength, Explanation: []drillLineJSON{}}
	for _, l := range training.ExplainJudgement(t, sc, j) {
		out.Explanation = append(out.Explanation, drillLineJSON{OK: l.OK, Text: l.Text})
	}
	out.Blockers = append(out.Blockers, j.Blockers...)
	for _, e := range j.Elements {
		out.Elements = append(out.Elements, drillElementJSON{ID: e.ID, Kind: e.Kind, Label: sc.ElementLabel(t.Lang, j.Turn, e.ID),
			Weight: e.Weight, Found: e.Found, Ok: e.Found == (e.Kind == training.Must) || e.Waived,
			Matched: e.Matched, Negated: e.Negated, Heard: e.Heard, Waived: e.Waived, Contradicted: e.Contradicted,
			Denied: e.Denied})
	}
	return out
}

// drillPrintJudgement prints a judged free response, one element a line:
// ✓ or ✗, what it checks, and the words that decided it.
func drillPrintJudgement(w io.Writer, t *locales.T, sc *training.Scenario, j training.Judgement) {
	// Headed by what the turn asked for, as on the training screen: its
	// ID is the content's name for it, English whatever the language.
	prompt := j.Turn
	if turn := sc.Turn(j.Turn); turn != nil && turn.Response != nil {
		prompt = sc.Say(t.Lang, turn.Response.Prompt)
	}
	fmt.Fprintln(w, t.D("training.cli.judge.header", map[string]any{"Prompt": prompt,
		"Score": calculators.FormatNumber(j.Mark*100, 1, t.Lang)})) // as the training screen shows it
	for _, line := range training.ExplainJudgement(t, sc, j) {
		mark := "✓"
		if !line.OK {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %s\n", mark, line.Text)
	}
}

func runDrillJudge(ctx context.Context, m *Main, args []string) error {
	fs, pbDir := drillFlags(m, "drill judge")
	scenario := fs.String("scenario", "", m.T().S("training.cli.flag.scenario"))
	turn := fs.String("turn", "", m.T().S("training.cli.flag.turn"))
	text := fs.String("text", "", m.T().S("training.cli.flag.text"))
	seed := fs.Int64("seed", 1, m.T().S("training.cli.flag.seed"))
	day := fs.String("day", "", m.T().S("training.cli.flag.day"))
	company := fs.String("company", "", m.T().S("training.cli.flag.company"))
	agent := fs.String("agent", "", m.T().S("training.cli.flag.agent"))
	rubricVersion := fs.String("rubric", "", m.T().S("training.cli.flag.rubric"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *turn == "" || strings.TrimSpace(*text) == "" {
		return usageErr("drill judge --scenario ID --turn ID --text \"...\" [--lang es|en] [--seed N] [--day YYYY-MM-DD] [--rubric VERSION] [--json]")
	}
	c, sc, err := drillContentScenario(m, *pbDir, *scenario)
	if err != nil {
		return err
	}
	// An answer of a call graded with an earlier rubric is read with that
	// rubric's judge, as its grade was.
	rubric := c.CurrentRubric()
	if *rubricVersion != "" {
		var ok bool
		if rubric, ok = c.Rubric(*rubricVersion); !ok {
			return usageErr("%s", m.T().D("training.cli.no_rubric", map[string]any{"Version": *rubricVersion}))
		}
	}
	at := time.Now()
	if *day != "" {
		if at, err = training.ParseDay(*day); err != nil {
			return usageErr("%s", m.T().D("training.cli.bad_day", map[string]any{"Day": *day}))
		}
	}
	j, err := training.Judge(sc, *turn, *text, training.JudgeOptions{Lang: m.Lang, Seed: *seed, Day: at,
		Company: *company, Agent: *agent, Rubric: rubric})
	t := m.T()
	var ee *training.EntryError
	switch {
	case errors.As(err, &ee):
		fmt.Fprintln(m.Stderr, t.S(ee.MessageID())) // longer than a call takes, as the session says it
		return errFailed
	case errors.Is(err, training.ErrNotResponse):
		fmt.Fprintln(m.Stderr, t.D("training.cli.judge.not_response", map[string]any{"Turn": *turn}))
		return errFailed
	case errors.Is(err, training.ErrNotReached):
		fmt.Fprintln(m.Stderr, t.D("training.cli.judge.not_reached", map[string]any{"Turn": *turn, "Seed": *seed}))
		return errFailed
	case err != nil:
		return drillGradeError(m, err)
	}
	if m.JSON {
		return m.printJSON(drillJudgement(t, sc, j))
	}
	drillPrintJudgement(m.Stdout, t, sc, j)
	return nil
}
