package training

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Errors of the simulator.
var (
	ErrFinished      = errors.New("training: the call is over")
	ErrNotChoice     = errors.New("training: this decision is typed, not chosen")
	ErrNotEntry      = errors.New("training: this decision is not a typed figure or note")
	ErrNotResponse   = errors.New("training: this decision is not said in your own words")
	ErrUnknownChoice = errors.New("training: no such choice")
	ErrTestMode      = errors.New("training: not available in test mode")
	ErrNothingToUndo = errors.New("training: nothing to retry yet")
	ErrEmptyResponse = errors.New("training: say something first")
	ErrTooLong       = errors.New("training: longer than a line or a note is")
	ErrCardEntry     = errors.New("training: a figure that reads as a card number")
)

// MaxAnswer bounds a typed answer, in characters: a spoken line is a
// sentence or two and a case note a paragraph. The judge's reading grows
// faster than the text (a pasted 400 KB answer took 18 s to judge, on the
// desk and again on crmd), so a longer one is refused as it is typed, and
// an attempt holding one does not replay.
const MaxAnswer = 4000

// EntryError is a typed answer that could not be read; nothing is recorded
// and the trainee types it again. Code selects training.sim.bad_<kind>.
type EntryError struct {
	Kind  string
	Value string
	Err   error
}

// Error leaves the typed value out: it may be a card number, and an error's
// text is what reaches a log.
func (e *EntryError) Error() string {
	return fmt.Sprintf("training: not a valid %s answer (%d characters): %v", e.Kind, len([]rune(e.Value)), e.Err)
}
func (e *EntryError) Unwrap() error { return e.Err }

// MessageID is the translated explanation.
func (e *EntryError) MessageID() string { return "training.sim.bad_" + e.Kind }

// Option configures a session.
type Option func(*Session)

// WithClock injects the time source, so tests and the grader's time
// criterion do not depend on the wall clock.
func WithClock(now func() time.Time) Option { return func(s *Session) { s.clock = now } }

// WithTrainee records who takes the attempt; it is also the agent's name
// the call uses ({{agent_name}}).
func WithTrainee(name string) Option { return func(s *Session) { s.attempt.Trainee = name } }

// WithLang is the call language: the one typed figures are read in.
func WithLang(l locales.Lang) Option { return func(s *Session) { s.lang = l } }

// WithCompany is the company name scenarios say ({{company}}), a setting.
func WithCompany(name string) Option { return func(s *Session) { s.attempt.Company = name } }

// WithRubric is the rubric the attempt will be graded with: its version is
// recorded, and its judge version judges free responses.
func WithRubric(r Rubric) Option {
	return func(s *Session) { s.attempt.RubricVersion, s.judgeVer = r.Version, r.judge() }
}

// Session plays one scenario: a state machine over the scenario, the seed
// and the clock. It records what the trainee does in the Attempt and
// derives everything else by replaying it, exactly as the grader will.
type Session struct {
	sc       *Scenario
	clock    func() time.Time
	lang     locales.Lang
	env      *callEnv
	attempt  Attempt
	run      *run
	judgeVer int
}

// NewSession starts an attempt at sc. The account facts are drawn from seed
// and the clock's day, so the same seed on the same day replays the same
// call and another seed asks for other figures.
func NewSession(sc *Scenario, seed int64, mode Mode, opts ...Option) (*Session, error) {
	if sc == nil {
		return nil, errors.New("training: no scenario")
	}
	if mode != Practice && mode != Test {
		return nil, fmt.Errorf("training: mode %q: practice|test", mode)
	}
	s := &Session{sc: sc, clock: time.Now, lang: locales.ES}
	for _, o := range opts {
		o(s)
	}
	if s.attempt.RubricVersion == "" {
		if rs, err := defaultRubrics(); err == nil && len(rs) > 0 {
			WithRubric(rs[len(rs)-1])(s)
		}
	}
	if s.judgeVer == 0 {
		s.judgeVer = JudgeVersion
	}
	started := s.clock()
	day := civil(started)
	vals, err := sc.Draw(seed, day)
	if err != nil {
		return nil, err
	}
	a := &s.attempt
	a.Format, a.Scenario, a.ScenarioVersion = AttemptFormat, sc.ID, sc.Version
	a.Seed, a.Day, a.Mode, a.Lang, a.Started = seed, day.Format(time.DateOnly), mode, s.lang, started
	a.Events = []Event{}
	s.env = &callEnv{sc: sc, vals: vals, company: a.Company, agent: a.Trainee, seed: seed, day: day, lang: s.lang}
	s.run = newRun(s.env, s.judgeVer)
	s.finishIfOver(started)
	return s, nil
}

// Scenario is the scenario being played.
func (s *Session) Scenario() *Scenario { return s.sc }

// Mode is practice or test.
func (s *Session) Mode() Mode { return s.attempt.Mode }

// Lang is the call language.
func (s *Session) Lang() locales.Lang { return s.lang }

// Values are the drawn facts. Front ends show them through Account; tests
// and authoring tools read them to know the expected answers.
func (s *Session) Values() Values { return s.env.vals }

// Gender is the persona's grammatical gender (Female or Male).
func (s *Session) Gender() string { return s.env.gender() }

// Done reports whether the call is over: every turn answered, or the
// caller hung up.
func (s *Session) Done() bool { return s.run.over() }

// HungUp reports whether the caller ended the call.
func (s *Session) HungUp() bool { return s.run.hungUp }

// Position is the number of turns answered and an estimate of the call's
// length: those plus the turns left on the current path.
func (s *Session) Position() (int, int) {
	n := len(s.run.path)
	return n, n + s.run.remaining()
}

// Turn is the current turn, or nil when the call is over.
func (s *Session) Turn() *Turn { return s.run.turn() }

// Text renders a scenario text in lang with this call's values and the
// persona's gender.
func (s *Session) Text(lang locales.Lang, t Text) string { return s.env.text(lang, t) }

// Names are the company and the agent's name the call's lines say
// ({{company}}, {{agent_name}}), in lang: the ones a greeting is judged
// on, so a front end tells the trainee before the call.
func (s *Session) Names(lang locales.Lang) (company, agent string) {
	look := s.env.lookup(lang)
	company, _ = look("company")
	agent, _ = look("agent_name")
	return company, agent
}

// Line is what the customer says at the current turn, in lang.
func (s *Session) Line(lang locales.Lang) string {
	t := s.run.turn()
	if t == nil {
		return ""
	}
	return s.Text(lang, t.Say)
}

// Notice is what the systems show at the current turn (a PIN that does
// not match), or "".
func (s *Session) Notice(lang locales.Lang) string {
	t := s.run.turn()
	if t == nil {
		return ""
	}
	return s.Text(lang, t.Notice)
}

// PersonaView is the simulated customer as the trainee sees them.
type PersonaView struct {
	Name, Description, Mood string
	Gender                  string
	Tenure                  int
	VIP                     bool
	// Patience is the caller's patience now (0 to MaxPatience), and
	// MoodNow its message ID (training.mood.<n>).
	Patience int
	MoodNow  string
}

// Persona describes the caller in lang.
func (s *Session) Persona(lang locales.Lang) PersonaView {
	p := s.sc.Persona
	v := PersonaView{Description: s.Text(lang, p.Description), Mood: s.Text(lang, p.Mood), VIP: p.VIP, Gender: s.Gender(),
		Patience: s.run.patience, MoodNow: MoodMessage(s.run.patience)}
	v.Name, _ = s.env.vals.Format(p.Name, lang)
	if x, ok := s.env.vals.Get(p.Tenure); ok {
		v.Tenure = int(x.N)
	}
	return v
}

// MoodMessage is the message ID that describes a patience level.
func MoodMessage(patience int) string {
	return "training.mood." + strconv.Itoa(min(MaxPatience, max(0, patience)))
}

// FactLine is one line of the simulated account screen.
type FactLine struct {
	Kind, Label, Value string
	Masked             bool
}

// Account is the simulated account screen in lang. Sensitive lines stay
// masked until the customer is authenticated, as on the live call screen.
func (s *Session) Account(lang locales.Lang) []FactLine {
	authed := s.run.authed
	t := locales.New(lang)
	out := make([]FactLine, 0, len(s.sc.Facts))
	for _, f := range s.sc.Facts {
		l := FactLine{Kind: f.Kind, Label: t.S("training.fact." + f.Kind)}
		switch {
		case f.Sensitive() && !authed:
			l.Value, l.Masked = playbook.Mask, true
		case !f.Text.IsZero():
			l.Value = s.Text(lang, f.Text)
		default:
			l.Value, _ = s.env.vals.Format(f.Value, lang)
		}
		out = append(out, l)
	}
	return out
}

// Authenticated reports whether the caller has passed authentication.
func (s *Session) Authenticated() bool { return s.run.authed }

// Steps are the flow steps the call has been through, in order.
func (s *Session) Steps() []string {
	var out []string
	for _, e := range s.run.events {
		if e.Kind == EvStep {
			out = append(out, e.Step)
		}
	}
	return out
}

// Decision is what the trainee must do at the current turn.
type Decision struct {
	Turn     string
	Step     string
	Choices  []ChoiceView // display order; empty for an entry or a response
	Entry    *EntryView
	Response *ResponseView
}

// ChoiceView is an option as shown.
type ChoiceView struct {
	ID    string
	Label string
}

// EntryView is a typed answer as asked.
type EntryView struct {
	Kind   string
	Prompt string
}

// ResponseView is a line to say in one's own words.
type ResponseView struct {
	Prompt string
}

// Decision returns the current decision in lang; false when the call is
// over. Choices are shuffled by the seed so the best one is not always
// first, yet the same attempt always shows them in the same order.
func (s *Session) Decision(lang locales.Lang) (Decision, bool) {
	t := s.run.turn()
	if t == nil {
		return Decision{}, false
	}
	d := Decision{Turn: t.ID, Step: t.Step}
	switch {
	case t.Entry != nil:
		d.Entry = &EntryView{Kind: t.Entry.Kind, Prompt: s.Text(lang, t.Entry.Prompt)}
	case t.Response != nil:
		d.Response = &ResponseView{Prompt: s.Text(lang, t.Response.Prompt)}
	default:
		for _, i := range ChoiceOrder(t, s.attempt.Seed) {
			c := &t.Choices[i]
			d.Choices = append(d.Choices, ChoiceView{ID: c.ID, Label: s.Text(lang, c.Label)})
		}
	}
	return d, true
}

// ChoiceOrder is the order a turn's options are shown in for a seed: a
// Fisher-Yates shuffle driven by the seed and the turn, so the best
// option's place tells nothing and a replay shows the same order.
func ChoiceOrder(t *Turn, seed int64) []int {
	idx := make([]int, len(t.Choices))
	for i := range idx {
		idx[i] = i
	}
	for i := len(idx) - 1; i > 0; i-- {
		j := pick(seed, "order:"+t.ID+":"+strconv.Itoa(i), i+1)
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx
}

func (s *Session) now() time.Time { return s.clock() }

// record adds an input event and plays it; a refused answer leaves the
// attempt as it was.
func (s *Session) record(e Event) error {
	if err := s.run.answer(e); err != nil {
		return err
	}
	s.attempt.Events = append(s.attempt.Events, e)
	s.finishIfOver(e.At)
	return nil
}

func (s *Session) finishIfOver(at time.Time) {
	if s.run.over() && s.attempt.Finished.IsZero() {
		s.attempt.Finished = at
		s.attempt.DurationMS = at.Sub(s.attempt.Started).Milliseconds()
	}
}

// Choose answers the current turn with a choice.
func (s *Session) Choose(id string) error {
	t := s.run.turn()
	switch {
	case t == nil:
		return ErrFinished
	case t.Entry != nil || t.Response != nil:
		return ErrNotChoice
	case t.choice(id) == nil:
		return ErrUnknownChoice
	}
	return s.record(Event{At: s.now(), Kind: EvChoice, Turn: t.ID, Choice: id})
}

// Enter answers the current turn with a typed figure, date, yes/no or
// note. A value that cannot be read is an *EntryError and changes nothing.
func (s *Session) Enter(value string) error {
	t := s.run.turn()
	if t == nil {
		return ErrFinished
	}
	if t.Entry == nil {
		return ErrNotEntry
	}
	value = strings.TrimSpace(value)
	if _, err := s.sc.entryMark(t.Entry, value, s.lang, s.env.vals); err != nil {
		return &EntryError{Kind: t.Entry.Kind, Value: value, Err: err}
	}
	e, err := s.typed(t, value)
	if err != nil {
		return err
	}
	// A figure, date or yes/no is recorded as typed but redacted: one the
	// redaction masks (a card number in it) would no longer read, and the
	// attempt would not replay. It is refused here, with why, as the call
	// screen refuses a card number typed as an amount. A note keeps it,
	// masked: a card written in the notes is a blocker the grader counts.
	if t.Entry.Kind != EntryNote && e.Redacted != nil {
		return &EntryError{Kind: "card", Value: e.Value, Err: ErrCardEntry}
	}
	return s.record(e)
}

// Respond answers a free-response turn with what the trainee would say.
// It is redacted before it is judged or recorded: a card read aloud never
// reaches the attempt, only the count that proves it was said.
func (s *Session) Respond(text string) error {
	t := s.run.turn()
	if t == nil {
		return ErrFinished
	}
	if t.Response == nil {
		return ErrNotResponse
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return ErrEmptyResponse
	}
	e, err := s.typed(t, text)
	if err != nil {
		return err
	}
	return s.record(e)
}

// typed is the event of a typed answer, redacted; one longer than
// MaxAnswer once redacted (what the grader counts) is an *EntryError.
func (s *Session) typed(t *Turn, value string) (Event, error) {
	clean, r := cases.Redact(value)
	if tooLong(clean) {
		return Event{}, &EntryError{Kind: "long", Err: ErrTooLong}
	}
	e := Event{At: s.now(), Kind: EvEntry, Turn: t.ID, Value: clean, Lang: s.lang}
	if r.Any() {
		e.Redacted = &Redaction{Cards: r.Cards, SecurityCodes: r.SecurityCodes, PINs: r.PINs}
	}
	return e, nil
}

func tooLong(s string) bool { return len(s) > MaxAnswer && utf8.RuneCountInString(s) > MaxAnswer }

// Expected is the answer the current turn expects, in lang: the figure,
// the model note or the model line; for the test robot and authoring
// tools. A front end in test mode must not show it.
func (s *Session) Expected(lang locales.Lang) (string, bool) {
	t := s.run.turn()
	if t == nil {
		return "", false
	}
	return s.expected(t, lang)
}

func (s *Session) expected(t *Turn, lang locales.Lang) (string, bool) {
	switch {
	case t.Response != nil:
		return s.Text(lang, t.Response.Model), true
	case t.Entry == nil:
		return "", false
	case t.Entry.Kind == EntryNote:
		return s.Text(lang, t.Entry.Model), true
	case t.Entry.Kind == EntryNumber:
		// The bare number: an int with a unit says "5 días" elsewhere.
		v, ok := s.env.vals.Get(t.Entry.Expect)
		return strconv.FormatInt(v.N, 10), ok
	}
	return s.env.vals.Format(t.Entry.Expect, lang)
}

// Hint helps with the current turn (practice only): the author's hint, or
// the goal of the step from the playbook.
func (s *Session) Hint(lang locales.Lang) (string, error) {
	if s.attempt.Mode == Test {
		return "", ErrTestMode
	}
	t := s.run.turn()
	if t == nil {
		return "", ErrFinished
	}
	s.attempt.Events = append(s.attempt.Events, Event{At: s.now(), Kind: EvHint, Turn: t.ID})
	if !t.Hint.IsZero() {
		return s.Text(lang, t.Hint), nil
	}
	return s.sc.env.stepGoals[t.Step].Raw(lang), nil
}

// Feedback on the last decision.
type Feedback struct {
	Turn     string
	Choice   string  // for a choice
	Grade    string  // for a choice
	Correct  bool    // the answer earned full marks
	Mark     float64 // 0..1
	Text     string  // the author's explanation, or the verdict on an entry
	Reply    string  // what the customer says back
	Expected string  // for an entry, the right answer; for a response, a model line
	// Judgement is the element-by-element verdict on a free response.
	Judgement *Judgement
	// Patience is the caller's patience before and after the answer.
	PatienceBefore, PatienceAfter int
}

// Feedback explains the last decision, in practice only: a test gives no
// clue until it is graded. What coaches the trainee (the verdict, the
// author's explanation) is in ui, the interface language; what belongs to
// the call (the customer's reply, the figure or line to say) is in lang,
// the call's.
func (s *Session) Feedback(ui, lang locales.Lang) (Feedback, bool) {
	if s.attempt.Mode == Test || s.run.last == nil {
		return Feedback{}, false
	}
	d := s.run.last
	f := Feedback{Turn: d.turn.ID, Mark: d.mark, Correct: d.mark >= 1, Reply: s.Text(lang, d.reply),
		PatienceBefore: d.patience, PatienceAfter: s.run.patience}
	if c := d.choice; c != nil {
		f.Choice, f.Grade = c.ID, c.Grade
		f.Text = s.Text(ui, c.Feedback)
		return f, true
	}
	tr := locales.New(ui)
	f.Expected, _ = s.expected(d.turn, lang)
	if r := d.turn.Response; r != nil {
		f.Judgement = d.judgement
		f.Correct = d.mark >= 1 && len(d.judgement.Blockers) == 0
		if f.Correct {
			f.Text = tr.S("training.sim.response_complete")
		} else {
			// The judgement's score as the report and agentctl print it
			// beside the lines (66.7, not 66): one answer, one number.
			f.Text = tr.D("training.sim.response_incomplete", map[string]any{"Score": calculators.FormatNumber(d.mark*100, 1, ui)})
		}
		if !r.Feedback.IsZero() {
			f.Text += " " + s.Text(ui, r.Feedback)
		}
		return f, true
	}
	e := d.turn.Entry
	switch {
	case e.Kind == EntryNote && f.Correct:
		f.Text = tr.S("training.sim.note_complete")
	case e.Kind == EntryNote:
		f.Text = tr.D("training.sim.note_incomplete", map[string]any{"Score": percent(d.mark), "Expected": f.Expected})
	case f.Correct:
		f.Text = tr.S("training.sim.entry_right")
	default:
		f.Text = tr.D("training.sim.entry_wrong", map[string]any{"Expected": f.Expected})
	}
	if !e.Feedback.IsZero() {
		f.Text += " " + s.Text(ui, e.Feedback)
	}
	return f, true
}

// Reply is what the customer said back to the last answer; shown in both
// modes, since it is part of the call rather than a clue.
func (s *Session) Reply(lang locales.Lang) string {
	if s.run.last == nil {
		return ""
	}
	return s.Text(lang, s.run.last.reply)
}

// Leave ends the call at the turn it is at, on the trainee's word: the
// leave event is in the attempt, and Grade makes the call one cut short
// (hung up, not passed, counted in a test). A call that is over cannot be
// left.
func (s *Session) Leave() error {
	t := s.run.turn()
	if t == nil {
		return ErrFinished
	}
	return s.record(Event{At: s.now(), Kind: EvLeave, Turn: t.ID})
}

// Retry takes back the last answered turn (practice only): its events stop
// counting, the call goes back to that turn with the caller's mood as it
// was, and the trainee answers it again. Calling it again walks further
// back.
func (s *Session) Retry() error {
	if s.attempt.Mode == Test {
		return ErrTestMode
	}
	if s.run.left {
		return ErrFinished // left is left: a leave is never taken back
	}
	live := LiveEvents(s.attempt.Events)
	for i := len(live) - 1; i >= 0; i-- {
		e := live[i]
		if e.Kind != EvChoice && e.Kind != EvEntry {
			continue
		}
		// Replayed on a copy, kept only if it replays: a retry the call
		// did not take is never in the record. Clip: the append must not
		// write into the session's own array.
		next := s.attempt
		next.Events = append(slices.Clip(s.attempt.Events), Event{At: s.now(), Kind: EvRetry, Turn: e.Turn})
		r, err := replay(s.env, next, s.judgeVer)
		if err != nil {
			// The history replayed before the retry; without the retried
			// answer it is a prefix of it, which replays too.
			return err
		}
		s.attempt.Events = next.Events
		s.run = r
		s.run.last = nil
		s.attempt.Finished, s.attempt.DurationMS = time.Time{}, 0
		return nil
	}
	return ErrNothingToUndo
}

// Elapsed is the time since the call started, frozen when it ends.
func (s *Session) Elapsed() time.Duration {
	if !s.attempt.Finished.IsZero() {
		return s.attempt.Finished.Sub(s.attempt.Started)
	}
	return s.now().Sub(s.attempt.Started)
}

// Attempt returns a copy of the attempt so far.
func (s *Session) Attempt() Attempt {
	a := s.attempt
	a.Events = make([]Event, len(s.attempt.Events))
	for i, e := range s.attempt.Events {
		if e.Redacted != nil {
			r := *e.Redacted
			e.Redacted = &r
		}
		e.Criteria = append([]string(nil), e.Criteria...)
		a.Events[i] = e
	}
	return a
}
