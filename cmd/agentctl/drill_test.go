package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/training"
)

func runDrill(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runEnv(t, stdin, "", append([]string{"drill"}, args...)...)
}

func TestDrillList(t *testing.T) {
	code, out, errs := runDrill(t, "", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var list []struct {
		ID    string `json:"id"`
		Title struct {
			ES string `json:"es"`
			EN string `json:"en"`
		} `json:"title"`
		CallType   string `json:"call_type"`
		Difficulty int    `json:"difficulty"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(list) < 24 {
		t.Fatalf("%d scenarios", len(list))
	}
	for _, s := range list {
		if s.ID == "" || s.Title.ES == "" || s.Title.EN == "" || s.Title.ES == s.Title.EN || s.CallType == "" || s.Difficulty < 1 || s.Difficulty > 3 {
			t.Errorf("entry %+v", s)
		}
	}
	code, out, _ = runDrill(t, "", "list", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Plan change mid-cycle") || !strings.Contains(out, "level 3") {
		t.Errorf("text list:\n%s", out)
	}
}

func TestDrillValidate(t *testing.T) {
	code, out, errs := runDrill(t, "", "validate", "--lang", "en")
	if code != 0 || !strings.Contains(out, "valid") {
		t.Fatalf("default set: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runDrill(t, "", "validate", "../../training/testdata/broken", "--lang", "en")
	if code != 1 {
		t.Fatalf("broken set: exit %d", code)
	}
	for _, want := range []string{
		"bad_scenario.toml:3: title is missing its en text.",
		"bad_scenario.toml:4: The playbook has no call type no_such_call_type.",
		"bad_scenario.toml:24: Grade great is not one of best, acceptable, poor, violation.",
		"bad_scenario.toml:28: No decision point",
		"rubric.toml:6: The weights add up to 90, not 100.",
		"tracks.toml:4: No scenario called missing_one.",
		"tracks.toml:9: The scenario id bad_scenario is used twice.",
		`bad_scenario.toml:10: "Tranquilo" fixes a gender`,
		"bad_scenario.toml:2: The scenario never trains the expectations step",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "24 problems") {
		t.Errorf("stderr: %s", errs)
	}
	code, out, _ = runDrill(t, "", "validate", "../../training/testdata/broken", "--json")
	var v validationJSON
	if code != 1 || json.Unmarshal([]byte(out), &v) != nil || v.Valid || len(v.Issues) != 24 {
		t.Errorf("json: exit %d %+v", code, v)
	}
	// A pack whose best options are the longest is refused, turn by turn.
	code, out, errs = runDrill(t, "", "validate", "../../training/testdata/longest", "--lang", "en")
	if code != 1 || !strings.Contains(out, "The best option is the longest in 2 of 2 choice turns (100%, at most 40%)") ||
		!strings.Contains(out, "longest.toml:52: Turn plan: the best option is the longest one.") {
		t.Errorf("longest pack: exit %d\n%s%s", code, out, errs)
	}
	// The house style, each problem at its line.
	code, out, errs = runDrill(t, "", "validate", "../../training/testdata/style", "--lang", "en")
	for _, want := range []string{
		`style.toml:6: es: "cuota" is not the glossary's term: use "mensualidad"`,
		`style.toml:12: es: "{{years}} años" fixes a word as singular or plural next to a count`,
		`style.toml:13: "Tranquila" fixes a gender`,
	} {
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("style: exit %d, missing %q in\n%s%s", code, want, out, errs)
		}
	}
	if code, _, _ := runDrill(t, "", "validate", "no/such/dir"); code != 2 {
		t.Errorf("missing folder: exit %d", code)
	}
}

// drillBestAttempt plays a scenario through the library the way the robot
// does: the best choice (or pick's), the expected figure and the model line.
func drillBestAttempt(t *testing.T, id string, seed int64, pick map[string]string) training.Attempt {
	t.Helper()
	c, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	s, err := training.NewSession(c.Scenario(id), seed, training.Test, training.WithTrainee("ana"), training.WithRubric(c.CurrentRubric()),
		training.WithClock(func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	for !s.Done() {
		turn := s.Turn()
		v, _ := s.Expected(locales.ES)
		switch {
		case turn.Response != nil:
			err = s.Respond(v)
		case turn.Entry != nil:
			err = s.Enter(v)
		default:
			choice := pick[turn.ID]
			for _, ch := range turn.Choices {
				if choice == "" && ch.Grade == training.Best {
					choice = ch.ID
				}
			}
			err = s.Choose(choice)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return s.Attempt()
}

func TestDrillGrade(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, a training.Attempt) string {
		data, _ := json.Marshal(a)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", drillBestAttempt(t, "angry_adjustment", 3, nil))
	bad := write("bad.json", drillBestAttempt(t, "angry_adjustment", 3, map[string]string{"resolution": "grant_all"}))

	type report struct {
		Total         float64 `json:"total"`
		Passed        bool    `json:"passed"`
		RubricVersion string  `json:"rubric_version"`
		Blockers      []struct {
			ID          string `json:"id"`
			Explanation string `json:"explanation"`
		} `json:"blockers"`
		Criteria []struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Explanation string `json:"explanation"`
		} `json:"criteria"`
	}
	grade := func(args ...string) report {
		t.Helper()
		code, out, errs := runDrill(t, "", append([]string{"grade", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("grade %v: exit %d %s", args, code, errs)
		}
		var r report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return r
	}
	// By ID and by file, the same grade.
	r := grade("--scenario", "angry_adjustment", "--attempt", good, "--lang", "en")
	if !r.Passed || r.Total != 100 || len(r.Blockers) != 0 || len(r.Criteria) != 10 || r.RubricVersion == "" {
		t.Fatalf("good attempt: %+v", r)
	}
	if r.Criteria[0].Title != "Call flow order" {
		t.Errorf("English titles: %+v", r.Criteria[0])
	}
	r2 := grade("--scenario", "../../assets/training/angry_adjustment.toml", "--attempt", good, "--lang", "es")
	if r2.Total != r.Total || r2.Criteria[0].Title != "Orden del flujo de la llamada" {
		t.Errorf("from the file, in Spanish: %+v", r2)
	}
	r = grade("--scenario", "angry_adjustment", "--attempt", bad, "--lang", "es")
	if r.Passed || len(r.Blockers) == 0 || r.Blockers[0].ID != training.BlockerOverAuthority || !strings.Contains(r.Blockers[0].Explanation, "US$") {
		t.Fatalf("over-authority attempt: %+v", r)
	}
	// A track with a higher pass mark, text output.
	code, out, _ := runDrill(t, "", "grade", "--scenario", "angry_adjustment", "--attempt", bad, "--lang", "en", "--track", "escalation_retention")
	if code != 0 || !strings.Contains(out, "NOT PASSED") || !strings.Contains(out, "passing score 85") || !strings.Contains(out, "Beyond your authority") {
		t.Errorf("text report:\n%s", out)
	}
	// Wrong inputs.
	garbage := filepath.Join(dir, "garbage.json")
	_ = os.WriteFile(garbage, []byte(`{"format":9}`), 0o600)
	if code, _, errs := runDrill(t, "", "grade", "--scenario", "angry_adjustment", "--attempt", garbage); code != 1 || !strings.Contains(errs, "format") {
		t.Errorf("bad attempt: exit %d %s", code, errs)
	}
	if code, _, _ := runDrill(t, "", "grade", "--scenario", "nope", "--attempt", good); code != 2 {
		t.Errorf("unknown scenario: exit %d", code)
	}
	if code, _, _ := runDrill(t, "", "grade", "--scenario", "angry_adjustment"); code != 2 {
		t.Errorf("no attempt: exit %d", code)
	}
	// An attempt that does not replay, or names no rubric, is refused with
	// the reason, not graded.
	a := drillBestAttempt(t, "angry_adjustment", 3, nil)
	a.Events[2].Choice = "made_up"
	if code, _, errs := runDrill(t, "", "grade", "--scenario", "angry_adjustment", "--attempt", write("tampered.json", a), "--lang", "en"); code != 1 || !strings.Contains(errs, "made_up") {
		t.Errorf("tampered attempt: exit %d %s", code, errs)
	}
	a = drillBestAttempt(t, "angry_adjustment", 3, nil)
	a.RubricVersion = ""
	if code, _, errs := runDrill(t, "", "grade", "--scenario", "angry_adjustment", "--attempt", write("norubric.json", a), "--lang", "en"); code != 1 || !strings.Contains(errs, "no rubric version") {
		t.Errorf("attempt without a rubric: exit %d %s", code, errs)
	}
}

// drillPlayInput answers for a session like the one the CLI will build: same
// scenario, seed, mode, language and trainee, so the display order of the
// choices and the names in the model lines are the same.
func drillPlayInput(t *testing.T, id string, seed int64, mode training.Mode, lang locales.Lang, pick map[string]string, extra func(turn string) string) string {
	t.Helper()
	c, _ := training.LoadDefault()
	return drillInputFor(t, c.Scenario(id), seed, mode, lang, pick, extra)
}

// drillInputFor is drillPlayInput for a scenario in hand (one loaded from
// a file): the best choice and the expected entry at each turn, unless
// pick names another, and before a turn what extra gives for it.
func drillInputFor(t *testing.T, sc *training.Scenario, seed int64, mode training.Mode, lang locales.Lang, pick map[string]string, extra func(turn string) string) string {
	t.Helper()
	s, err := training.NewSession(sc, seed, mode, training.WithLang(lang), training.WithTrainee("ana"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for !s.Done() {
		d, _ := s.Decision(lang)
		if extra != nil {
			if x := extra(d.Turn); x != "" {
				lines = append(lines, x)
			}
		}
		if d.Entry != nil || d.Response != nil {
			v, _ := s.Expected(lang)
			if x := pick[d.Turn]; x != "" {
				v = x
			}
			lines = append(lines, v)
			if d.Response != nil {
				err = s.Respond(v)
			} else {
				err = s.Enter(v)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		want := pick[d.Turn]
		if want == "" {
			for _, ch := range s.Turn().Choices {
				if want == "" && ch.Grade == training.Best {
					want = ch.ID
				}
			}
		}
		i := slices.IndexFunc(d.Choices, func(c training.ChoiceView) bool { return c.ID == want })
		lines = append(lines, strconv.Itoa(i+1))
		if err := s.Choose(want); err != nil {
			t.Fatal(err)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestDrillPlayEndToEnd(t *testing.T) {
	type result struct {
		Attempt training.Attempt `json:"attempt"`
		Report  struct {
			Total    float64 `json:"total"`
			Passed   bool    `json:"passed"`
			Blockers []struct {
				ID string `json:"id"`
			} `json:"blockers"`
		} `json:"report"`
	}
	play := func(stdin string, args ...string) (result, string) {
		t.Helper()
		code, out, errs := runDrill(t, stdin, append([]string{"play", "--json", "--trainee", "ana"}, args...)...)
		if code != 0 {
			t.Fatalf("play %v: exit %d\n%s", args, code, errs)
		}
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return r, errs
	}

	in := drillPlayInput(t, "prorated_plan_change", 21, training.Test, locales.ES, nil, nil)
	r, dialogue := play(in, "--scenario", "prorated_plan_change", "--seed", "21", "--lang", "es", "--mode", "test")
	if !r.Report.Passed || r.Report.Total != 100 {
		t.Fatalf("best answers: %+v\n%s", r.Report, dialogue)
	}
	if r.Attempt.Seed != 21 || r.Attempt.Mode != training.Test || r.Attempt.Trainee != "ana" || r.Attempt.Finished.IsZero() {
		t.Errorf("attempt %+v", r.Attempt)
	}
	if !strings.Contains(dialogue, "Cliente:") || !strings.Contains(dialogue, "Pantalla de la cuenta") {
		t.Errorf("dialogue:\n%s", dialogue)
	}

	// A violation fails with a blocker; practice mode shows feedback and
	// hints, and the attempt can be written out.
	out := filepath.Join(t.TempDir(), "attempt.json")
	in = drillPlayInput(t, "bill_payment", 4, training.Practice, locales.EN, map[string]string{"card_number": "note_it"},
		func(turn string) string {
			if turn == "verify" {
				return "h"
			}
			return ""
		})
	r, dialogue = play(in, "--scenario", "bill_payment", "--seed", "4", "--lang", "en", "--out", out)
	if r.Report.Passed || len(r.Report.Blockers) == 0 || r.Report.Blockers[0].ID != training.BlockerCardInNotes {
		t.Fatalf("violation: %+v", r.Report)
	}
	for _, want := range []string{"Hint:", "Compliance violation:", "Best answer:", "✓ Names the company"} {
		if !strings.Contains(dialogue, want) {
			t.Errorf("practice dialogue lacks %q", want)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := training.ParseAttempt(data); err != nil {
		t.Errorf("written attempt: %v", err)
	}

	// Test mode refuses hints; bad input is asked again; q leaves the test
	// call begun (the greeting was answered), which fails it.
	code, text, _ := runDrill(t, "h\n9\nx\nq\n", "play", "--scenario", "tech_restart", "--seed", "1", "--mode", "test", "--lang", "en")
	if code != 0 || !strings.Contains(text, "Not available in test mode") || !strings.Contains(text, "between 1 and") ||
		!strings.Contains(text, "Test call left") || !strings.Contains(text, "NOT PASSED") {
		t.Errorf("test-mode session:\n%s", text)
	}
	if code, _, _ := runDrill(t, "", "play", "--scenario", "tech_restart", "--mode", "exam"); code != 2 {
		t.Errorf("bad mode: exit %d", code)
	}
}

// drill play grades against the pass mark of the scenario's track, as the
// desk and crmd grade the same call: the rubric's 80 told a trainee at 82
// "passed" on a track that passes at 85.
func TestDrillPlayGradesAtTheTracksPassMark(t *testing.T) {
	c, _ := training.LoadDefault()
	for _, id := range []string{"prorated_plan_change", "tech_restart"} {
		tr := c.TrackOf(id)
		if tr == nil || tr.PassMark == 0 {
			t.Fatalf("%s: no track with a pass mark", id)
		}
		code, out, errs := runDrill(t, "q\n", "play", "--json", "--trainee", "ana", "--scenario", id, "--seed", "21", "--lang", "en")
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", id, code, errs)
		}
		var r struct {
			Attempt training.Attempt `json:"attempt"`
			Report  struct {
				PassMark int `json:"pass_mark"`
			} `json:"report"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if r.Report.PassMark != tr.PassMark || r.Attempt.Track != tr.ID {
			t.Errorf("%s: graded at %d for track %q, want %d for %q", id, r.Report.PassMark, r.Attempt.Track, tr.PassMark, tr.ID)
		}
	}
}

// drill judge grades one free response, element by element, the way an
// attempt's would be: the figures follow the seed and day, a negation does
// not count, and the English and Spanish number formats are both read.
func TestDrillJudge(t *testing.T) {
	c, _ := training.LoadDefault()
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	vals, err := c.Scenario("cash_payment_pending").Draw(3, day)
	if err != nil {
		t.Fatal(err)
	}
	postBy, _ := vals.Format("post_by", locales.ES)
	due, _ := vals.Format("due_date", locales.ES)
	type judged struct {
		Mark     float64 `json:"mark"`
		Elements []struct {
			ID      string   `json:"id"`
			Label   string   `json:"label"`
			Found   bool     `json:"found"`
			Ok      bool     `json:"ok"`
			Matched []string `json:"matched"`
			Negated []string `json:"negated"`
		} `json:"elements"`
		Register *training.RegisterResult `json:"register"`
	}
	judge := func(text string, args ...string) judged {
		t.Helper()
		code, out, errs := runDrill(t, "", append([]string{"judge", "--scenario", "cash_payment_pending", "--turn", "explain",
			"--seed", "3", "--day", "2026-11-23", "--json", "--text", text}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var j judged
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return j
	}
	good := judge("No se preocupe: en efectivo tarda de 3 a 5 días hábiles, lo verá a más tardar el "+postBy+", antes de su vencimiento del "+due+". Guarde el comprobante.", "--lang", "es")
	if good.Mark != 1 || good.Register == nil || !good.Register.OK || len(good.Elements) != 5 {
		t.Fatalf("a complete answer: %+v", good)
	}
	for _, e := range good.Elements {
		if !e.Ok || e.Label == "" || (e.ID != "pay_again" && len(e.Matched) == 0) {
			t.Errorf("element %+v", e)
		}
	}
	bad := judge("Tranquilo, tienes tiempo: vuelva a pagar si quieres, no hay días hábiles que esperar.", "--lang", "es")
	byID := map[string]bool{}
	for _, e := range bad.Elements {
		byID[e.ID] = e.Ok
	}
	if bad.Mark >= 0.5 || byID["business_days"] || byID["pay_again"] || bad.Register.OK {
		t.Fatalf("a poor answer: %+v", bad)
	}
	// Text output, in English: one line per element with the words that decided.
	code, out, _ := runDrill(t, "", "judge", "--scenario", "cash_payment_pending", "--turn", "explain", "--seed", "3",
		"--day", "2026-11-23", "--lang", "en", "--text", "It takes 3 to 5 business days; keep your receipt.")
	if code != 0 || !strings.Contains(out, "✓ Says it takes 3 to 5 business days: said (\"business days\")") ||
		!strings.Contains(out, "✗ Gives the latest date: not said.") {
		t.Errorf("text:\n%s", out)
	}
	// A choice turn, and a scenario or turn that does not exist.
	if code, _, errs := runDrill(t, "", "judge", "--scenario", "cash_payment_pending", "--turn", "verify", "--text", "x", "--lang", "en"); code != 1 || !strings.Contains(errs, "not said in one's own words") {
		t.Errorf("choice turn: exit %d %s", code, errs)
	}
	if code, _, _ := runDrill(t, "", "judge", "--scenario", "cash_payment_pending", "--turn", "nope", "--text", "x"); code != 1 {
		t.Errorf("unknown turn: exit %d", code)
	}
	if code, _, _ := runDrill(t, "", "judge", "--scenario", "cash_payment_pending", "--turn", "explain"); code != 2 {
		t.Errorf("no text: exit %d", code)
	}
	// An answer longer than a call takes is refused as the session refuses
	// it, in words, in the language asked for.
	long := strings.Repeat("en efectivo tarda de 3 a 5 días hábiles, ", 200)
	for lang, want := range map[string]string{"es": "Es demasiado largo", "en": "That is too long"} {
		if code, out, errs := runDrill(t, "", "judge", "--scenario", "cash_payment_pending", "--turn", "explain", "--seed", "3",
			"--day", "2026-11-23", "--lang", lang, "--text", long); code != 1 || out != "" || !strings.Contains(errs, want) {
			t.Errorf("%s: a long answer: exit %d, out %q, err %q", lang, code, out, errs)
		}
	}
	// --rubric reads an answer with an earlier rubric's judge, as a call
	// graded with it was: judge 1 read a count from a date's digits.
	sc := c.Scenario("refund_request")
	var seed int64
	var at time.Time
	var on training.Value
	var days training.Value
search:
	for d := range 40 {
		at = day.AddDate(0, 0, d)
		for seed = 1; seed < 40; seed++ {
			v, err := sc.Draw(seed, at)
			if err != nil {
				t.Fatal(err)
			}
			on, _ = v.Get("canceled_on")
			days, _ = v.Get("refund_days")
			if int64(on.Date.Day()) == days.N {
				break search
			}
		}
	}
	answer := "Le reembolso a la tarjeta. Su paquete quedó cancelado desde el " + on.Date.Format("02/01/2006") + " y no volverá a cobrarse."
	found := func(args ...string) bool {
		t.Helper()
		code, out, errs := runDrill(t, "", append([]string{"judge", "--scenario", "refund_request", "--turn", "explain", "--lang", "es",
			"--seed", fmt.Sprint(seed), "--day", at.Format("2006-01-02"), "--json", "--text", answer}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var j judged
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatal(err)
		}
		for _, e := range j.Elements {
			if e.ID == "days" {
				return e.Found
			}
		}
		return false
	}
	if found() || !found("--rubric", "2026.2") {
		t.Errorf("the days read from the date: current judge %v, rubric 2026.2's %v", found(), found("--rubric", "2026.2"))
	}
	if code, _, errs := runDrill(t, "", "judge", "--scenario", "refund_request", "--turn", "explain", "--text", "x", "--rubric", "1999.1", "--lang", "en"); code != 2 || !strings.Contains(errs, "No rubric 1999.1") {
		t.Errorf("an unknown rubric: exit %d %s", code, errs)
	}
}

// drill grade grades an attempt against its track's pass mark as the desk
// and crmd do: the track it records, or the one --track names when it
// holds the scenario. At 82 points, an attempt played for a track whose
// pass mark is 85 fails, where the rubric's 80 would pass it.
func TestDrillGradeUsesTheTracksPassMark(t *testing.T) {
	c, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	sc := c.Scenario("angry_adjustment")
	a := drillBestAttempt(t, sc.ID, 3, map[string]string{"agenda": "protocol", "questions": "everything", "checks": "incident_only", "goodbye": "outage_code"})
	a.Track = "escalation_retention"
	desk, err := training.Grade(sc, a, c.CurrentRubric().WithPassMark(c.PassMarkFor(a.Track, a.Scenario)))
	if err != nil {
		t.Fatal(err)
	}
	if desk.PassMark == c.CurrentRubric().PassMark {
		t.Fatalf("the track's pass mark is the rubric's (%d): the test proves nothing", desk.PassMark)
	}
	data, _ := json.Marshal(a)
	p := filepath.Join(t.TempDir(), "a.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var r struct {
		PassMark int  `json:"pass_mark"`
		Passed   bool `json:"passed"`
	}
	code, out, errs := runDrill(t, "", "grade", "--json", "--scenario", sc.ID, "--attempt", p)
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 || r.PassMark != desk.PassMark || r.Passed != desk.Passed {
		t.Errorf("drill grade: exit %d %s, pass mark %d passed %v; the desk: %d %v", code, errs, r.PassMark, r.Passed, desk.PassMark, desk.Passed)
	}
	// A track the content no longer has, recorded in the attempt, is no
	// reason to refuse it: the scenario's own track's pass mark, as the
	// desk and crmd grade a call that names no track.
	a.Track = "retired_track"
	data, _ = json.Marshal(a)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runDrill(t, "", "grade", "--json", "--scenario", sc.ID, "--attempt", p)
	if json.Unmarshal([]byte(out), &r) != nil || code != 0 || r.PassMark != desk.PassMark {
		t.Errorf("a retired track recorded in the attempt: exit %d %s, pass mark %d", code, errs, r.PassMark)
	}
	// Nor does a track that does not hold the scenario lower the mark.
	for _, tr := range c.Tracks {
		if !tr.Has(sc.ID) {
			code, out, _ = runDrill(t, "", "grade", "--json", "--scenario", sc.ID, "--attempt", p, "--track", tr.ID)
			if json.Unmarshal([]byte(out), &r) != nil || code != 0 || r.PassMark != desk.PassMark {
				t.Errorf("--track %s, which does not hold the scenario: pass mark %d", tr.ID, r.PassMark)
			}
			break
		}
	}
}

// drill play --out replaces the attempt file whole, never truncating it
// in place: a write that fails half way (a full disk) would otherwise
// lose the attempt the file held and leave half of the new one. Another
// name of the old file (a hard link) still reads the old attempt.
func TestDrillPlayOutReplacesTheFileWhole(t *testing.T) {
	dir := t.TempDir()
	out, kept := filepath.Join(dir, "attempt.json"), filepath.Join(dir, "kept.json")
	old := []byte(`{"the":"earlier attempt"}`)
	os.WriteFile(out, old, 0o644)
	if err := os.Link(out, kept); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	in := drillPlayInput(t, "tech_restart", 1, training.Practice, locales.EN, nil, nil)
	if code, _, errs := runDrill(t, in, "play", "--scenario", "tech_restart", "--seed", "1", "--lang", "en", "--out", out); code != 0 {
		t.Fatalf("play: exit %d %s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := training.ParseAttempt(data); err != nil {
		t.Errorf("written attempt: %v", err)
	}
	if b, _ := os.ReadFile(kept); !bytes.Equal(b, old) {
		t.Errorf("the old file was written in place: it now holds %.40q", b)
	}
}

// A pasted page as a spoken line is refused with why, and the call goes on
// to the same line said again, shorter; before, play stopped there and the
// call was graded unfinished.
func TestDrillPlayOverlongLineIsSaidAgain(t *testing.T) {
	long := strings.Repeat("Gracias por llamar, ¿en qué le puedo ayudar hoy? ", 100)
	in := drillPlayInput(t, "prorated_plan_change", 21, training.Test, locales.ES, nil, func(turn string) string {
		if turn == "greeting" {
			return long
		}
		return ""
	})
	code, out, dialogue := runDrill(t, in, "play", "--json", "--trainee", "ana", "--scenario", "prorated_plan_change", "--seed", "21",
		"--lang", "es", "--mode", "test")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, dialogue)
	}
	var r struct {
		Report struct {
			Passed bool `json:"passed"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := locales.New(locales.ES).S("training.sim.bad_long"); !r.Report.Passed || !strings.Contains(dialogue, want) {
		t.Errorf("passed %v; dialogue lacks %q:\n%s", r.Report.Passed, want, dialogue)
	}
}

// What the session refuses is said in the language of the CLI, never as a
// Go error in English. A scenario that asks for a count is given a card
// number in its decimals, which the session cannot record as typed.
func TestDrillPlaySessionErrorsAreTranslated(t *testing.T) {
	data, err := os.ReadFile("../../training/testdata/engine/refund_fixture.toml")
	if err != nil {
		t.Fatal(err)
	}
	money := "kind = \"money\"\nprompt = { es = \"Monto del reembolso:\", en = \"Refund amount:\" }\nexpect = \"charge\""
	if !bytes.Contains(data, []byte(money)) {
		t.Fatal("the fixture's amount entry moved")
	}
	data = bytes.Replace(data, []byte(money), []byte("kind = \"number\"\nprompt = { es = \"Días:\", en = \"Days:\" }\nexpect = \"refund_days\""), 1)
	file := filepath.Join(t.TempDir(), "refund_fixture.toml")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := training.LoadScenario(data, file, pb)
	if err != nil {
		t.Fatal(err)
	}
	input := drillInputFor(t, sc, 1, training.Test, locales.ES, nil, func(turn string) string {
		if turn == "amount" {
			return "0,4111111111111111"
		}
		return ""
	})
	_, _, dialogue := runDrill(t, input, "play", "--json", "--trainee", "ana", "--scenario", file, "--seed", "1",
		"--lang", "es", "--mode", "test")
	if strings.Contains(dialogue, "training:") || strings.Contains(dialogue, "does not replay") {
		t.Errorf("a Go error in English:\n%s", dialogue)
	}
}
