package training

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// callEnv is what fills a call's texts: the draw, the persona's gender,
// the company and the agent's name. The session and the grader build it
// from the same attempt fields, so a replay says what the call said.
type callEnv struct {
	sc      *Scenario
	vals    Values
	company string
	agent   string
	seed    int64
	day     time.Time
	// lang is the call's language (the attempt's): what an event that
	// carries none, a choice, is said and noted in.
	lang locales.Lang
}

// gender is the persona's grammatical gender; a persona without a person
// value reads as masculine, the unmarked form.
func (c *callEnv) gender() string {
	if v, ok := c.vals.Get(c.sc.Persona.Name); ok && v.Gender == Female {
		return Female
	}
	return Male
}

// lookup fills placeholders: gender forms, drawn values, then the builtins.
func (c *callEnv) lookup(lang locales.Lang) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if m, f, ok := genderForms(name); ok {
			if c.gender() == Female {
				return f, true
			}
			return m, true
		}
		if v, ok := c.vals.Format(name, lang); ok {
			return v, true
		}
		switch name {
		case "company":
			if c.company != "" {
				return c.company, true
			}
			return locales.New(lang).S("training.sim.company"), true
		case "agent_name":
			if c.agent != "" {
				return c.agent, true
			}
			return locales.New(lang).S("training.sim.agent"), true
		case "ticket":
			return cases.TicketNumber(c.day, 1000+absMod(c.seed, 9000)), true
		case "first_name", "last_name":
			full, _ := c.vals.Format(c.sc.Persona.Name, lang)
			first, last, _ := strings.Cut(strings.TrimSpace(full), " ")
			if name == "first_name" {
				return first, true
			}
			if last == "" {
				last = first
			}
			return last, true
		}
		return "", false
	}
}

func (c *callEnv) text(lang locales.Lang, t Text) string {
	return fill(c.sc.Say(lang, t), c.lookup(lang))
}

// GradeError is an attempt the grader refuses: it does not replay against
// its scenario, or it names no rubric. Code selects training.grade_error.<code>.
type GradeError struct {
	Code   string
	Turn   string
	Detail string
}

func (e *GradeError) Error() string {
	s := "training: attempt does not replay: " + e.Code
	if e.Turn != "" {
		s += " at " + e.Turn
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// MessageID is the translated explanation.
func (e *GradeError) MessageID() string { return "training.grade_error." + e.Code }

// Grade error codes.
const (
	ErrCodeNoRubric       = "no_rubric_version" // the attempt names no rubric: never graded with today's by default
	ErrCodeRubricMismatch = "rubric_mismatch"   // graded with another rubric than the one it names
	ErrCodeScenario       = "wrong_scenario"    // the attempt is another scenario's
	ErrCodeDay            = "bad_day"           // the day cannot be read, or the draw fails on it
	ErrCodeUnknownTurn    = "unknown_turn"      // an answer to a turn the scenario does not have
	ErrCodeOrder          = "out_of_order"      // an answer to a turn the call was not at
	ErrCodeChoice         = "unknown_choice"    // a choice the turn does not offer
	ErrCodeAnswer         = "bad_answer"        // a typed answer that cannot be read, or of the wrong kind
	ErrCodeAfterEnd       = "after_end"         // an answer after the call was over
)

// GradeErrorCodes lists every code, for message checks.
var GradeErrorCodes = []string{ErrCodeNoRubric, ErrCodeRubricMismatch, ErrCodeScenario, ErrCodeDay,
	ErrCodeUnknownTurn, ErrCodeOrder, ErrCodeChoice, ErrCodeAnswer, ErrCodeAfterEnd}

// run is a call in progress: the scenario's state machine. The session
// drives it answer by answer; the grader replays an attempt's answers
// through a fresh one. Everything an answer causes (authentication, a
// disclosure, an amount, the caller's mood, a branch, a hang-up) is
// derived here from the scenario, never read from what a desk wrote.
type run struct {
	env      *callEnv
	cur      int   // index of the current turn; -1 once the call is over
	path     []int // turns answered, in order
	patience int
	detour   bool // the supervisor demand happened
	resume   int  // where the supervisor detour returns to; -2 none
	authed   bool
	step     string
	hungUp   bool
	left     bool // the trainee left the call (hungUp with it)
	events   []Event
	marks    []decisionMark
	judged   []Judgement
	last     *outcome
	judgeVer int
}

type decisionMark struct {
	turn, criterion string
	mark            float64
}

// outcome is the last answer and what it did, for feedback.
type outcome struct {
	turn      *Turn
	choice    *Choice
	value     string
	mark      float64
	judgement *Judgement
	reply     Text
	patience  int // before the answer
}

const noResume = -2

func newRun(env *callEnv, judgeVer int) *run {
	r := &run{env: env, patience: env.sc.Persona.patience(), resume: noResume, judgeVer: judgeVer}
	r.cur = r.settle(r.firstTurn())
	return r
}

func (r *run) firstTurn() int {
	for i := range r.env.sc.Turns {
		if !r.env.sc.Turns[i].Branch {
			return i
		}
	}
	return -1
}

// seqNext is the next turn of the file that is not a branch.
func (r *run) seqNext(i int) int {
	ts := r.env.sc.Turns
	for j := i + 1; j < len(ts); j++ {
		if !ts[j].Branch {
			return j
		}
	}
	return -1
}

func (r *run) index(id string) int {
	if id == End || id == "" {
		return -1
	}
	return slices.IndexFunc(r.env.sc.Turns, func(t Turn) bool { return t.ID == id })
}

// defaultNext is where a turn leads when the answer does not say.
func (r *run) defaultNext(i int) int {
	t := &r.env.sc.Turns[i]
	if t.Next != "" {
		return r.index(t.Next)
	}
	return r.seqNext(i)
}

// happens reports whether a turn's condition holds for this draw.
func (r *run) happens(i int) bool {
	t := &r.env.sc.Turns[i]
	if t.When != "" {
		if v, _ := r.env.vals.Get(t.When); !v.Bool {
			return false
		}
	}
	if t.Unless != "" {
		if v, _ := r.env.vals.Get(t.Unless); v.Bool {
			return false
		}
	}
	return true
}

// settle moves past turns whose condition does not hold. Validation
// refuses cycles, so the walk ends; the bound guards hand-built scenarios.
func (r *run) settle(i int) int {
	for n := 0; i >= 0 && n <= len(r.env.sc.Turns); n++ {
		if r.happens(i) {
			return i
		}
		i = r.defaultNext(i)
	}
	return -1
}

// over reports whether the call has ended.
func (r *run) over() bool { return r.cur < 0 }

// complete reports whether the call ended the way calls end: not hung up.
func (r *run) complete() bool { return r.over() && !r.hungUp }

func (r *run) turn() *Turn {
	if r.cur < 0 {
		return nil
	}
	return &r.env.sc.Turns[r.cur]
}

// remaining counts the turns left on the default path, for "turn 4 of 9".
func (r *run) remaining() int {
	n := 0
	for i := r.cur; i >= 0 && n <= len(r.env.sc.Turns); i = r.settle(r.defaultNext(i)) {
		n++
	}
	return n
}

func (r *run) add(at time.Time, turn string, e Event) {
	e.At, e.Turn = at, turn
	r.events = append(r.events, e)
}

// answerEvent is one recorded decision: a choice, or a typed answer
// (figure, note or free response).
func (r *run) answer(e Event) error {
	t := r.turn()
	if t == nil {
		return &GradeError{Code: ErrCodeAfterEnd, Turn: e.Turn}
	}
	if e.Turn != t.ID {
		if r.env.sc.Turn(e.Turn) == nil {
			return &GradeError{Code: ErrCodeUnknownTurn, Turn: e.Turn}
		}
		return &GradeError{Code: ErrCodeOrder, Turn: e.Turn, Detail: t.ID} // where the call was
	}
	if e.Kind == EvLeave {
		r.leave(t, e.At)
		return nil
	}
	lang := e.Lang
	if lang != locales.EN && lang != locales.ES {
		lang = r.env.lang // a choice: the call's language
	}
	if lang != locales.EN && lang != locales.ES {
		lang = locales.ES
	}
	if e.Kind == EvEntry && tooLong(e.Value) {
		return &GradeError{Code: ErrCodeAnswer, Turn: t.ID, Detail: fmt.Sprintf("longer than %d characters", MaxAnswer)}
	}
	o := &outcome{turn: t, patience: r.patience}
	var next string
	mood, hangs := 0, false
	switch {
	case e.Kind == EvChoice && len(t.Choices) > 0:
		c := t.choice(e.Choice)
		if c == nil {
			return &GradeError{Code: ErrCodeChoice, Turn: t.ID, Detail: e.Choice}
		}
		r.begin(t, e.At)
		r.apply(t, c, e.At, lang)
		o.choice, o.mark, o.reply = c, gradePoints(c.Grade), c.Reply
		next, mood, hangs = c.Next, c.Mood, c.HangsUp
	case e.Kind == EvEntry && t.Entry != nil:
		m, err := r.env.sc.entryMark(t.Entry, e.Value, lang, r.env.vals)
		if err != nil {
			return &GradeError{Code: ErrCodeAnswer, Turn: t.ID, Detail: err.Error()}
		}
		r.begin(t, e.At)
		if t.Entry.Kind == EntryNote {
			n := noteEvent(e.Value)
			r.add(e.At, t.ID, n)
		}
		o.value, o.mark = e.Value, m
	case e.Kind == EvEntry && t.Response != nil:
		if r.judgeVer < 1 || r.judgeVer > JudgeVersion {
			return &GradeError{Code: ErrCodeAnswer, Turn: t.ID, Detail: fmt.Sprintf("judge version %d", r.judgeVer)}
		}
		r.begin(t, e.At)
		j := judge(t.ID, t.Response, e.Value, judgeEnv{ver: r.judgeVer, lang: lang, vals: r.env.vals, lookup: r.env.lookup(lang),
			authed: r.authed, currency: r.env.sc.env.currency})
		for _, b := range j.Blockers {
			switch b {
			case BlockerDisclosedBeforeAuth:
				r.add(e.At, t.ID, Event{Kind: EvDisclose})
			case BlockerVolunteeredData:
				r.add(e.At, t.ID, Event{Kind: EvVolunteer})
			case BlockerOverAuthority:
				r.add(e.At, t.ID, Event{Kind: EvPromise})
			}
		}
		r.judged = append(r.judged, j)
		o.value, o.mark, o.judgement = e.Value, j.Mark, &r.judged[len(r.judged)-1]
		o.reply = t.Response.Reply
		if j.Poor {
			p := t.Response.Poor
			if !p.Reply.IsZero() {
				o.reply = p.Reply
			}
			next, mood, hangs = p.Next, p.Mood, p.HangsUp
		}
	default:
		return &GradeError{Code: ErrCodeAnswer, Turn: t.ID, Detail: "a " + e.Kind + " does not answer this turn"}
	}
	r.marks = append(r.marks, decisionMark{turn: t.ID, criterion: t.criterion(), mark: o.mark})
	r.path = append(r.path, r.cur)
	r.last = o
	r.move(t, e.At, next, mood, hangs)
	return nil
}

// leave ends the call at turn t on the trainee's word. It is graded as a
// hang-up is, from the record alone, so the desk and crmd agree: the call
// is cut short (it counts, and cannot pass), and the turn left unanswered
// earns nothing, as a turn a hang-up leaves unanswered does.
func (r *run) leave(t *Turn, at time.Time) {
	r.marks = append(r.marks, decisionMark{turn: t.ID, criterion: t.criterion()})
	r.hungUp, r.left = true, true
	r.add(at, t.ID, Event{Kind: EvLeave})
	r.cur = -1
}

// begin records the move into the turn's step.
func (r *run) begin(t *Turn, at time.Time) {
	if r.step != t.Step {
		r.step = t.Step
		r.add(at, t.ID, Event{Kind: EvStep, Step: t.Step})
	}
}

// move applies the mood change and goes to the next turn: the answer's
// branch, the supervisor detour, the detour's return, the turn's own next,
// or the next turn of the file.
func (r *run) move(t *Turn, at time.Time, next string, mood int, hangs bool) {
	from := r.cur
	if mood != 0 {
		r.patience = min(MaxPatience, max(0, r.patience+mood))
		r.add(at, t.ID, Event{Kind: EvMood, Patience: r.patience})
	}
	if hangs || r.patience <= 0 {
		r.hungUp = true
		r.add(at, t.ID, Event{Kind: EvHangup})
		r.cur = -1
		return
	}
	var to int
	switch {
	case next != "":
		to = r.index(next)
	case r.resume != noResume && r.env.sc.Turns[from].ID == r.env.sc.Persona.Supervisor:
		to, r.resume = r.resume, noResume
	default:
		to = r.defaultNext(from)
	}
	if sup := r.env.sc.Persona.Supervisor; sup != "" && !r.detour && r.patience <= 1 && t.ID != sup {
		r.detour = true
		r.resume = to
		to = r.index(sup)
		r.add(at, t.ID, Event{Kind: EvSupervisor})
	}
	r.cur = r.settle(to)
}

// apply turns a choice's effects into timeline events.
func (r *run) apply(t *Turn, c *Choice, at time.Time, lang locales.Lang) {
	ev := func(e Event) { r.add(at, t.ID, e) }
	if c.Step != "" && c.Step != r.step {
		r.step = c.Step
		ev(Event{Kind: EvStep, Step: c.Step})
	}
	if c.Auth != "" {
		r.authed = true
		ev(Event{Kind: EvAuth, Method: c.Auth})
	}
	if c.AuthFails != "" {
		ev(Event{Kind: EvAuthFailed, Method: c.AuthFails})
	}
	if c.SkipsAuth {
		ev(Event{Kind: EvAuthSkipped})
	}
	if c.Discloses {
		ev(Event{Kind: EvDisclose})
	}
	if c.Volunteers {
		ev(Event{Kind: EvVolunteer})
	}
	for _, q := range c.Asks {
		ev(Event{Kind: EvQuestion, Question: q})
	}
	for _, k := range c.Checks {
		ev(Event{Kind: EvCheck, Check: k})
	}
	pending := false
	if id, amt := c.action(); id != "" {
		e := Event{Kind: EvAction, Action: id}
		if amt.IsSet() {
			e.Amount = r.minor(amt)
			e.Pending = c.Escalates
			pending = e.Pending
		}
		ev(e)
	}
	if c.Escalates {
		crit := c.Criteria
		if len(crit) == 0 && pending {
			crit = []string{cases.CriterionOverAuthority}
		}
		ev(Event{Kind: EvEscalate, Criteria: crit})
	}
	if c.Retention {
		ev(Event{Kind: EvRetention})
	}
	if !c.Note.IsZero() {
		ev(noteEvent(r.env.text(lang, c.Note)))
	}
	if c.WritesCard {
		ev(noteEvent(locales.New(lang).D("training.sim.card_note", map[string]any{"Card": r.card(lang)})))
	}
	if c.Closes != "" {
		ev(Event{Kind: EvClose, Reason: c.Closes})
	}
}

func (r *run) minor(ref Ref) int64 {
	if ref.Name != "" {
		v, _ := r.env.vals.Get(ref.Name)
		return v.Minor
	}
	return int64(math.Round(ref.Major * 100))
}

// card is the number the customer reads out in the notes trap: the
// scenario's own card value when it has one.
func (r *run) card(lang locales.Lang) string {
	for _, v := range r.env.sc.Vars {
		if v.Kind == KindCard {
			x, _ := r.env.vals.Get(v.Name)
			return x.Format(lang, "")
		}
	}
	return Value{Kind: KindCard, Card: testCard(r.env.seed, "card")}.Format(lang, "")
}

// noteEvent redacts before recording: a card never reaches the timeline,
// only the count that proves one was written.
func noteEvent(text string) Event {
	clean, red := cases.Redact(text)
	e := Event{Kind: EvNote, Text: clean}
	if red.Any() {
		e.Redacted = &Redaction{Cards: red.Cards, SecurityCodes: red.SecurityCodes, PINs: red.PINs}
	}
	return e
}

// replay plays an attempt's live answers through a fresh run.
func replay(env *callEnv, a Attempt, judgeVer int) (*run, error) {
	r := newRun(env, judgeVer)
	for _, e := range a.live() {
		if e.Kind != EvChoice && e.Kind != EvEntry && e.Kind != EvLeave {
			continue
		}
		if err := r.answer(e); err != nil {
			return r, err
		}
	}
	return r, nil
}

// entryMark scores a typed answer against the draw: 1 or 0 for figures
// (within the tolerance), a share of the required terms for a note. The
// session's feedback and the grader use this one function, so what a
// trainee is told and what they are graded agree.
func (sc *Scenario) entryMark(e *Entry, value string, lang locales.Lang, vals Values) (float64, error) {
	exp, _ := vals.Get(e.Expect)
	hit := func(ok bool) float64 {
		if ok {
			return 1
		}
		return 0
	}
	switch e.Kind {
	case EntryMoney:
		m, err := parseMoney(value, sc.env.currency, lang)
		if err != nil {
			return 0, err
		}
		tol := int64(math.Round(e.Tolerance * 100))
		if e.Tolerance == 0 {
			tol = 1 // a cent either way unless the scenario says otherwise
		}
		return hit(abs64(m-exp.Minor) <= tol), nil
	case EntryDate:
		d, err := parseDate(value, lang)
		if err != nil {
			return 0, err
		}
		days := math.Abs(d.Sub(exp.Date).Hours() / 24)
		return hit(days <= e.Tolerance+1e-9), nil
	case EntryNumber:
		x, err := calculators.ParseNumber(value, lang)
		if err != nil {
			return 0, err
		}
		return hit(math.Abs(x-float64(exp.N)) <= e.Tolerance+1e-9), nil
	case EntryYesNo:
		b, err := parseYesNo(value)
		if err != nil {
			return 0, err
		}
		return hit(b == exp.Bool), nil
	case EntryNote:
		if strings.TrimSpace(value) == "" {
			return 0, errors.New("empty note")
		}
		return noteMark(value, e.Terms), nil
	}
	return 0, fmt.Errorf("unknown entry kind %q", e.Kind)
}

// MinNote is the shortest note that counts as a recap.
const MinNote = 15

func noteMark(note string, terms []Text) float64 {
	if len([]rune(strings.TrimSpace(note))) < MinNote {
		return 0
	}
	if len(terms) == 0 {
		return 1
	}
	f := playbook.Fold(note)
	found := 0
	for _, t := range terms {
		if (t.ES != "" && strings.Contains(f, playbook.Fold(t.ES))) || (t.EN != "" && strings.Contains(f, playbook.Fold(t.EN))) {
			found++
		}
	}
	return float64(found) / float64(len(terms))
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func absMod(x, m int64) int64 {
	r := x % m
	if r < 0 {
		r += m
	}
	return r
}

// parseMoney reads an amount in the call language and, failing that, in
// the other one: a trainee on an English call may still type 12,50.
func parseMoney(s, currency string, lang locales.Lang) (int64, error) {
	m, err := calculators.ParseMoney(s, currency, lang)
	if err != nil {
		m2, err2 := calculators.ParseMoney(s, currency, lang.Other())
		if err2 != nil {
			return 0, err
		}
		m = m2
	}
	return m.Minor, nil
}

// parseDate reads a date the call language's way first; a date that only
// makes sense the other way (11/27/2026 on a Spanish call) is read that way.
func parseDate(s string, lang locales.Lang) (time.Time, error) {
	d, err := locales.ParseDate(lang, s)
	if err != nil {
		d2, err2 := locales.ParseDate(lang.Other(), s)
		if err2 != nil {
			return time.Time{}, err
		}
		d = d2
	}
	return civil(d), nil
}

func parseYesNo(s string) (bool, error) {
	switch playbook.Fold(strings.TrimSpace(s)) {
	case "si", "s", "yes", "y", "true", "1":
		return true, nil
	case "no", "n", "false", "0":
		return false, nil
	}
	return false, errors.New("yes or no")
}
