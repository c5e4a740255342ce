package training

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Errors of the simulator.
var (
	ErrFinished      = errors.New("training: the call is over")
	ErrNotChoice     = errors.New("training: this decision is typed, not chosen")
	ErrNotEntry      = errors.New("training: this decision is chosen, not typed")
	ErrUnknownChoice = errors.New("training: no such choice")
	ErrTestMode      = errors.New("training: not available in test mode")
	ErrNothingToUndo = errors.New("training: nothing to retry yet")
)

// EntryError is a typed answer that could not be read; nothing is recorded
// and the trainee types it again. Code selects training.sim.bad_<kind>.
type EntryError struct {
	Kind  string
	Value string
	Err   error
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("training: %q is not a valid %s answer: %v", e.Value, e.Kind, e.Err)
}
func (e *EntryError) Unwrap() error { return e.Err }

// MessageID is the translated explanation.
func (e *EntryError) MessageID() string { return "training.sim.bad_" + e.Kind }

// Option configures a session.
type Option func(*Session)

// WithClock injects the time source, so tests and the grader's time
// criterion do not depend on the wall clock.
func WithClock(now func() time.Time) Option { return func(s *Session) { s.clock = now } }

// WithTrainee records who takes the attempt.
func WithTrainee(name string) Option { return func(s *Session) { s.attempt.Trainee = name } }

// WithLang is the call language: the one typed figures are read in.
func WithLang(l locales.Lang) Option { return func(s *Session) { s.lang = l } }

// WithCompany is the company name scenarios say ({{company}}), a setting.
func WithCompany(name string) Option { return func(s *Session) { s.company = name } }

// WithRubricVersion records the rubric the attempt will be graded with.
func WithRubricVersion(v string) Option { return func(s *Session) { s.attempt.RubricVersion = v } }

// Session plays one scenario: a pure state machine over the scenario, the
// seed and the clock. It builds the Attempt as it goes.
type Session struct {
	sc      *Scenario
	clock   func() time.Time
	lang    locales.Lang
	company string
	vals    Values
	day     time.Time
	attempt Attempt
	pos     int
	last    *decision
}

// decision remembers the last answer for feedback.
type decision struct {
	turn   *Turn
	choice *Choice
	value  string
	mark   float64
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
	started := s.clock()
	s.day = civil(started)
	vals, err := sc.Draw(seed, s.day)
	if err != nil {
		return nil, err
	}
	s.vals = vals
	a := &s.attempt
	a.Format, a.Scenario, a.ScenarioVersion = AttemptFormat, sc.ID, sc.Version
	a.Seed, a.Day, a.Mode, a.Lang, a.Started = seed, s.day.Format(time.DateOnly), mode, s.lang, started
	if a.RubricVersion == "" {
		if rs, err := defaultRubrics(); err == nil && len(rs) > 0 {
			a.RubricVersion = rs[len(rs)-1].Version
		}
	}
	a.Events = []Event{}
	return s, nil
}

// Scenario is the scenario being played.
func (s *Session) Scenario() *Scenario { return s.sc }

// Mode is practice or test.
func (s *Session) Mode() Mode { return s.attempt.Mode }

// Values are the drawn facts. Front ends show them through Account; tests
// and authoring tools read them to know the expected answers.
func (s *Session) Values() Values { return s.vals }

// Done reports whether every turn has been answered.
func (s *Session) Done() bool { return s.pos >= len(s.sc.Turns) }

// Position is the current turn's index and the number of turns.
func (s *Session) Position() (int, int) { return s.pos, len(s.sc.Turns) }

func (s *Session) turn() *Turn {
	if s.Done() {
		return nil
	}
	return &s.sc.Turns[s.pos]
}

// Turn is the current turn, or nil when the call is over.
func (s *Session) Turn() *Turn { return s.turn() }

// lookup fills placeholders: drawn values, then the builtins.
func (s *Session) lookup(lang locales.Lang) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := s.vals.Format(name, lang); ok {
			return v, true
		}
		switch name {
		case "company":
			if s.company != "" {
				return s.company, true
			}
			return locales.New(lang).S("training.sim.company"), true
		case "agent_name":
			if s.attempt.Trainee != "" {
				return s.attempt.Trainee, true
			}
			return locales.New(lang).S("training.sim.agent"), true
		case "ticket":
			return cases.TicketNumber(s.day, 1000+absMod(s.attempt.Seed, 9000)), true
		}
		return "", false
	}
}

func absMod(x, m int64) int64 {
	r := x % m
	if r < 0 {
		r += m
	}
	return r
}

// Text renders a scenario text in lang with this call's values.
func (s *Session) Text(lang locales.Lang, t Text) string {
	return fill(s.sc.Say(lang, t), s.lookup(lang))
}

// Line is what the customer says at the current turn, in lang.
func (s *Session) Line(lang locales.Lang) string {
	t := s.turn()
	if t == nil {
		return ""
	}
	return s.Text(lang, t.Say)
}

// PersonaView is the simulated customer as the trainee sees them.
type PersonaView struct {
	Name, Description, Mood string
	Tenure                  int
	VIP                     bool
}

// Persona describes the caller in lang.
func (s *Session) Persona(lang locales.Lang) PersonaView {
	p := s.sc.Persona
	v := PersonaView{Description: s.Text(lang, p.Description), Mood: s.Text(lang, p.Mood), VIP: p.VIP}
	v.Name, _ = s.vals.Format(p.Name, lang)
	if x, ok := s.vals.Get(p.Tenure); ok {
		v.Tenure = int(x.N)
	}
	return v
}

// FactLine is one line of the simulated account screen.
type FactLine struct {
	Kind, Label, Value string
	Masked             bool
}

// Account is the simulated account screen in lang. Sensitive lines stay
// masked until the customer is authenticated, as on the live call screen.
func (s *Session) Account(lang locales.Lang) []FactLine {
	authed := s.authenticated()
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
			l.Value, _ = s.vals.Format(f.Value, lang)
		}
		out = append(out, l)
	}
	return out
}

// Decision is what the trainee must do at the current turn.
type Decision struct {
	Turn    string
	Step    string
	Choices []ChoiceView // display order; empty for an entry
	Entry   *EntryView
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

// Decision returns the current decision in lang; false when the call is
// over. Choices are shuffled by the seed so the best one is not always
// first, yet the same attempt always shows them in the same order.
func (s *Session) Decision(lang locales.Lang) (Decision, bool) {
	t := s.turn()
	if t == nil {
		return Decision{}, false
	}
	d := Decision{Turn: t.ID, Step: t.Step}
	if t.Entry != nil {
		d.Entry = &EntryView{Kind: t.Entry.Kind, Prompt: s.Text(lang, t.Entry.Prompt)}
		return d, true
	}
	for _, i := range s.order(t) {
		c := &t.Choices[i]
		d.Choices = append(d.Choices, ChoiceView{ID: c.ID, Label: s.Text(lang, c.Label)})
	}
	return d, true
}

func (s *Session) order(t *Turn) []int {
	idx := make([]int, len(t.Choices))
	for i := range idx {
		idx[i] = i
	}
	for i := len(idx) - 1; i > 0; i-- {
		j := pick(s.attempt.Seed, "order:"+t.ID+":"+strconv.Itoa(i), i+1)
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx
}

func (s *Session) now() time.Time { return s.clock() }

func (s *Session) add(e Event) {
	if e.At.IsZero() {
		e.At = s.now()
	}
	s.attempt.Events = append(s.attempt.Events, e)
}

// authenticated and currentStep read the live history rather than keeping
// flags, so a retry that withdraws an event also withdraws its effect.
func (s *Session) authenticated() bool {
	for _, e := range LiveEvents(s.attempt.Events) {
		if e.Kind == EvAuth {
			return true
		}
	}
	return false
}

func (s *Session) currentStep() string {
	step := ""
	for _, e := range LiveEvents(s.attempt.Events) {
		if e.Kind == EvStep {
			step = e.Step
		}
	}
	return step
}

// begin records the move into the turn's step, tagged with the turn so a
// retry withdraws it too.
func (s *Session) begin(t *Turn, now time.Time) {
	if s.currentStep() != t.Step {
		s.add(Event{At: now, Kind: EvStep, Turn: t.ID, Step: t.Step})
	}
}

// Choose answers the current turn with a choice.
func (s *Session) Choose(id string) error {
	t := s.turn()
	if t == nil {
		return ErrFinished
	}
	if t.Entry != nil {
		return ErrNotChoice
	}
	c := t.choice(id)
	if c == nil {
		return ErrUnknownChoice
	}
	now := s.now()
	s.begin(t, now)
	s.add(Event{At: now, Kind: EvChoice, Turn: t.ID, Choice: c.ID})
	s.apply(t, c, now)
	s.last = &decision{turn: t, choice: c, mark: gradePoints(c.Grade)}
	s.advance(now)
	return nil
}

// apply turns a choice's effects into events.
func (s *Session) apply(t *Turn, c *Choice, now time.Time) {
	ev := func(e Event) {
		e.At, e.Turn = now, t.ID
		s.add(e)
	}
	if c.Step != "" && c.Step != s.currentStep() {
		ev(Event{Kind: EvStep, Step: c.Step})
	}
	if c.Auth != "" {
		ev(Event{Kind: EvAuth, Method: c.Auth})
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
			e.Amount = s.minor(amt)
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
		ev(s.note(s.Text(s.lang, c.Note)))
	}
	if c.WritesCard {
		ev(s.note(locales.New(s.lang).D("training.sim.card_note", map[string]any{"Card": s.card()})))
	}
	if c.Closes != "" {
		ev(Event{Kind: EvClose, Reason: c.Closes})
	}
}

func (s *Session) minor(r Ref) int64 {
	if r.Name != "" {
		v, _ := s.vals.Get(r.Name)
		return v.Minor
	}
	return int64(math.Round(r.Major * 100))
}

// card is the number the customer reads out in the notes trap: the
// scenario's own card value when it has one.
func (s *Session) card() string {
	for _, v := range s.sc.Vars {
		if v.Kind == KindCard {
			x, _ := s.vals.Get(v.Name)
			return x.Format(s.lang, "")
		}
	}
	return Value{Kind: KindCard, Card: testCard(s.attempt.Seed, "card")}.Format(s.lang, "")
}

// note redacts before recording: a card never reaches the attempt, only
// the count that proves one was written.
func (s *Session) note(text string) Event {
	clean, r := cases.Redact(text)
	e := Event{Kind: EvNote, Text: clean}
	if r.Any() {
		e.Redacted = &Redaction{Cards: r.Cards, SecurityCodes: r.SecurityCodes, PINs: r.PINs}
	}
	return e
}

// Enter answers the current turn with a typed value. A value that cannot be
// read is an *EntryError and changes nothing.
func (s *Session) Enter(value string) error {
	t := s.turn()
	if t == nil {
		return ErrFinished
	}
	if t.Entry == nil {
		return ErrNotEntry
	}
	value = strings.TrimSpace(value)
	mark, err := s.sc.entryMark(t.Entry, value, s.lang, s.vals)
	if err != nil {
		return &EntryError{Kind: t.Entry.Kind, Value: value, Err: err}
	}
	now := s.now()
	s.begin(t, now)
	clean, r := cases.Redact(value)
	e := Event{At: now, Kind: EvEntry, Turn: t.ID, Value: clean, Lang: s.lang}
	if r.Any() {
		e.Redacted = &Redaction{Cards: r.Cards, SecurityCodes: r.SecurityCodes, PINs: r.PINs}
	}
	s.add(e)
	if t.Entry.Kind == EntryNote {
		n := s.note(value)
		n.At, n.Turn = now, t.ID
		s.add(n)
	}
	s.last = &decision{turn: t, value: clean, mark: mark}
	s.advance(now)
	return nil
}

func (s *Session) advance(now time.Time) {
	s.pos++
	if s.Done() {
		s.attempt.Finished = now
		s.attempt.DurationMS = now.Sub(s.attempt.Started).Milliseconds()
	}
}

// Expected is the answer the current entry expects, in lang; for the test
// robot and authoring tools. A front end in test mode must not show it.
func (s *Session) Expected(lang locales.Lang) (string, bool) {
	t := s.turn()
	if t == nil || t.Entry == nil {
		return "", false
	}
	return s.expected(t.Entry, lang)
}

func (s *Session) expected(e *Entry, lang locales.Lang) (string, bool) {
	if e.Kind == EntryNote {
		return s.Text(lang, e.Model), true
	}
	return s.vals.Format(e.Expect, lang)
}

// Hint helps with the current turn (practice only): the author's hint, or
// the goal of the step from the playbook.
func (s *Session) Hint(lang locales.Lang) (string, error) {
	if s.attempt.Mode == Test {
		return "", ErrTestMode
	}
	t := s.turn()
	if t == nil {
		return "", ErrFinished
	}
	s.add(Event{Kind: EvHint, Turn: t.ID})
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
	Expected string  // for an entry, the right answer
}

// Feedback explains the last decision, in practice only: a test gives no
// clue until it is graded.
func (s *Session) Feedback(lang locales.Lang) (Feedback, bool) {
	if s.attempt.Mode == Test || s.last == nil {
		return Feedback{}, false
	}
	d := s.last
	f := Feedback{Turn: d.turn.ID, Mark: d.mark, Correct: d.mark >= 1}
	if c := d.choice; c != nil {
		f.Choice, f.Grade = c.ID, c.Grade
		f.Text = s.Text(lang, c.Feedback)
		f.Reply = s.Text(lang, c.Reply)
		return f, true
	}
	e := d.turn.Entry
	f.Expected, _ = s.expected(e, lang)
	tr := locales.New(lang)
	switch {
	case e.Kind == EntryNote && f.Correct:
		f.Text = tr.S("training.sim.note_complete")
	case e.Kind == EntryNote:
		f.Text = tr.D("training.sim.note_incomplete", map[string]any{"Score": int(math.Round(d.mark * 100)), "Expected": f.Expected})
	case f.Correct:
		f.Text = tr.S("training.sim.entry_right")
	default:
		f.Text = tr.D("training.sim.entry_wrong", map[string]any{"Expected": f.Expected})
	}
	if !e.Feedback.IsZero() {
		f.Text += " " + s.Text(lang, e.Feedback)
	}
	return f, true
}

// Reply is what the customer said back to the last choice; shown in both
// modes, since it is part of the call rather than a clue.
func (s *Session) Reply(lang locales.Lang) string {
	if s.last == nil || s.last.choice == nil {
		return ""
	}
	return s.Text(lang, s.last.choice.Reply)
}

// Retry takes back the last answered turn (practice only): its events stop
// counting, and the trainee answers it again. Calling it again walks
// further back.
func (s *Session) Retry() error {
	if s.attempt.Mode == Test {
		return ErrTestMode
	}
	live := LiveEvents(s.attempt.Events)
	for i := len(live) - 1; i >= 0; i-- {
		e := live[i]
		if e.Kind != EvChoice && e.Kind != EvEntry {
			continue
		}
		for j := range s.sc.Turns {
			if s.sc.Turns[j].ID == e.Turn {
				s.add(Event{Kind: EvRetry, Turn: e.Turn})
				s.pos = j
				s.last = nil
				s.attempt.Finished, s.attempt.DurationMS = time.Time{}, 0
				return nil
			}
		}
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
