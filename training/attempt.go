package training

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// Mode is how an attempt is taken.
type Mode string

const (
	// Practice shows hints and feedback and lets the trainee retry a step.
	Practice Mode = "practice"
	// Test shows neither, never goes back, and is what certification counts.
	Test Mode = "test"
)

// AttemptFormat is the version of the attempt JSON (docs/training-attempt-format.md).
// Version 2 records only what the trainee did (choices, typed answers,
// hints, retries, leaving the call); the grader derives everything those cause from the
// scenario. Version 1 files still parse: their derived events are ignored.
const AttemptFormat = 2

// Event kinds of an attempt.
const (
	EvStep        = "step"         // the trainee is now in Step
	EvAuth        = "auth"         // authenticated with Method
	EvAuthSkipped = "auth_skipped" // went on without authenticating
	EvDisclose    = "disclose"     // gave account details
	EvVolunteer   = "volunteer"    // offered customer data nobody asked for
	EvQuestion    = "question"     // asked exploration Question
	EvCheck       = "check"        // performed diagnosis Check
	EvChoice      = "choice"       // picked Choice at Turn
	EvEntry       = "entry"        // typed Value at Turn
	EvAction      = "action"       // recorded Action, with Amount (minor units) and Pending
	EvEscalate    = "escalate"     // escalated with Criteria
	EvRetention   = "retention"    // transferred to the retention team
	EvNote        = "note"         // wrote Text in the notes (redacted)
	EvClose       = "close"        // closed with Reason
	EvHint        = "hint"         // asked for a hint (practice)
	EvRetry       = "retry"        // took Turn back (practice): its earlier events no longer count
	EvLeave       = "leave"        // left the call at Turn: the trainee ended it, a call cut short

	// Derived only: the grader's timeline, never read from an attempt.
	EvAuthFailed = "auth_failed"  // tried Method and the caller could not pass it
	EvMood       = "mood"         // the caller's patience is now Patience
	EvHangup     = "hangup"       // the caller hung up: the call is over
	EvSupervisor = "supervisor"   // the caller demanded a supervisor
	EvPromise    = "over_promise" // said a promise beyond the role's authority
)

// inputKinds are what a version 2 attempt holds: what the trainee did.
var inputKinds = []string{EvChoice, EvEntry, EvHint, EvRetry, EvLeave}

// v1Kinds are the kinds a version 1 attempt could hold.
var v1Kinds = []string{EvStep, EvAuth, EvAuthSkipped, EvDisclose, EvVolunteer, EvQuestion, EvCheck,
	EvChoice, EvEntry, EvAction, EvEscalate, EvRetention, EvNote, EvClose, EvHint, EvRetry}

// Attempt is one go at a scenario, as the app stores it.
type Attempt struct {
	Format          int          `json:"format"`
	ID              string       `json:"id,omitempty"` // set by the store
	Scenario        string       `json:"scenario"`
	ScenarioVersion int          `json:"scenario_version"`
	Seed            int64        `json:"seed"`
	Day             string       `json:"day"` // the call's calendar day; with Seed it fixes every drawn value
	Mode            Mode         `json:"mode"`
	Trainee         string       `json:"trainee"`
	Lang            locales.Lang `json:"lang"`
	// Company is the company name the call used ({{company}}): a greeting
	// is judged on naming it, so a replay needs it.
	Company       string `json:"company,omitempty"`
	RubricVersion string `json:"rubric_version"`
	// Track is the track the call was played for, when one: its pass mark
	// is the one the call is graded against, on the desk and on crmd alike
	// (each from its own content; see Content.PassMarkFor).
	Track string `json:"track,omitempty"`
	// CRMUser is the crmd user logged in on the desk when the call was
	// played ("" when nobody was): on a desk several trainees share, an
	// attempt is uploaded only under its own trainee's login.
	CRMUser    string    `json:"crm_user,omitempty"`
	Started    time.Time `json:"started"`
	Finished   time.Time `json:"finished,omitzero"`
	DurationMS int64     `json:"duration_ms"`
	Events     []Event   `json:"events"`
}

// Complete reports whether every turn was answered.
func (a *Attempt) Complete() bool { return !a.Finished.IsZero() }

// Redaction counts what was removed from a note before it was recorded.
type Redaction struct {
	Cards         int `json:"cards,omitempty"`
	SecurityCodes int `json:"security_codes,omitempty"`
	PINs          int `json:"pins,omitempty"`
}

// Event is one thing that happened in an attempt. Fields are set according
// to Kind; Turn ties it to the decision that caused it.
type Event struct {
	At       time.Time    `json:"at"`
	Kind     string       `json:"kind"`
	Turn     string       `json:"turn,omitempty"`
	Step     string       `json:"step,omitempty"`
	Choice   string       `json:"choice,omitempty"`
	Value    string       `json:"value,omitempty"`
	Lang     locales.Lang `json:"lang,omitempty"`
	Method   string       `json:"method,omitempty"`
	Fact     string       `json:"fact,omitempty"`
	Question string       `json:"question,omitempty"`
	Check    string       `json:"check,omitempty"`
	Action   string       `json:"action,omitempty"`
	Amount   int64        `json:"amount,omitempty"`
	Pending  bool         `json:"pending,omitempty"`
	Criteria []string     `json:"criteria,omitempty"`
	Text     string       `json:"text,omitempty"`
	Redacted *Redaction   `json:"redacted,omitempty"`
	Reason   string       `json:"reason_code,omitempty"`
	Patience int          `json:"patience,omitempty"` // mood: the caller's patience after the turn
}

// LiveEvents applies retries: a retry of a turn withdraws every earlier
// event of that turn, and the retry itself is dropped. The session and the
// grader read the same live history.
func LiveEvents(evs []Event) []Event {
	out := make([]Event, 0, len(evs))
	for _, e := range evs {
		if e.Kind == EvRetry {
			out = slices.DeleteFunc(out, func(x Event) bool { return x.Turn == e.Turn })
			continue
		}
		out = append(out, e)
	}
	return out
}

// live is the attempt's live history: in practice, LiveEvents; a test
// never goes back, so a retry in a test record (made by hand, or by a
// front end that let it through) withdraws nothing, and an answer given
// again after it is out of order.
func (a *Attempt) live() []Event {
	if a.Mode == Test {
		return a.Events
	}
	return LiveEvents(a.Events)
}

// MaxEvents bounds an attempt: a call has tens of events, and a file with a
// million is an attack or a bug, not a call.
const MaxEvents = 10000

// ParseAttempt reads and checks an attempt's JSON. Unknown fields are
// refused so a typo in a hand-made attempt is not silently ignored.
func ParseAttempt(data []byte) (Attempt, error) {
	var a Attempt
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Attempt{}, fmt.Errorf("training: attempt: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Attempt{}, errors.New("training: attempt: data after the JSON object")
	}
	if err := a.Validate(); err != nil {
		return Attempt{}, err
	}
	return a, nil
}

// MaxDuration bounds a drill's length. A drill left open overnight, or on
// a desk whose clock jumped, is still the trainee's and is graded; one
// counted in centuries is not a time at all (it overflows a Duration).
const MaxDuration = 366 * 24 * time.Hour

// plausible says whether t can be written back as JSON once in UTC: a
// desk's clock may be wrong (1999 after a reset) and its attempt still
// counts, but 9999-12-31T20:00-05:00 is year 10000 in UTC, which crmd
// could not store.
func plausible(t time.Time) bool {
	u := t.UTC()
	return !t.IsZero() && u.Year() >= 1 && u.Year() <= 9999
}

// within says whether t falls in the drill: from a minute before its
// start (two clocks read a moment apart) to MaxDuration after it. The
// grader measures the drill to its last event, so an event centuries off
// would make its length overflow.
func (a *Attempt) within(t time.Time) bool {
	d := t.Sub(a.Started)
	return d >= -time.Minute && d <= MaxDuration
}

// Validate checks the shape of an attempt; whether it fits its scenario is
// the grader's business.
func (a *Attempt) Validate() error {
	bad := func(f string, args ...any) error { return fmt.Errorf("training: attempt: "+f, args...) }
	switch {
	case a.Format != 1 && a.Format != AttemptFormat:
		return bad("format %d, want %d", a.Format, AttemptFormat)
	case a.Scenario == "":
		return bad("scenario is required")
	case a.Mode != Practice && a.Mode != Test:
		return bad("mode %q: practice|test", a.Mode)
	case a.Lang != locales.ES && a.Lang != locales.EN:
		return bad("lang %q: es|en", a.Lang)
	case a.DurationMS < 0 || a.DurationMS > MaxDuration.Milliseconds():
		return bad("duration %d ms, at most %s", a.DurationMS, MaxDuration)
	case !plausible(a.Started) || !a.Finished.IsZero() && (!plausible(a.Finished) || !a.within(a.Finished)) ||
		!plausible(a.Started.Add(time.Duration(a.DurationMS)*time.Millisecond)):
		return bad("started %s, finished %s, %d ms: out of range", a.Started, a.Finished, a.DurationMS)
	case len(a.Events) > MaxEvents:
		return bad("%d events, at most %d", len(a.Events), MaxEvents)
	}
	if _, err := ParseDay(a.Day); err != nil {
		return bad("day %q: want YYYY-MM-DD", a.Day)
	}
	kinds := inputKinds
	if a.Format == 1 {
		kinds = v1Kinds
	}
	for i, e := range a.Events {
		if !slices.Contains(kinds, e.Kind) {
			return bad("event %d: unknown kind %q", i, e.Kind)
		}
		// A desk in a test shows no hint and never goes back (Session
		// refuses both), so a test record holding one was not made by a
		// desk: refused here, by the desk and crmd alike, not graded as
		// if the grader's ignoring it made it a test.
		if a.Mode == Test && (e.Kind == EvHint || e.Kind == EvRetry) {
			return bad("event %d: a %s in a test: practice only", i, e.Kind)
		}
		if e.Lang != "" && e.Lang != locales.ES && e.Lang != locales.EN {
			return bad("event %d: lang %q", i, e.Lang)
		}
		if !e.At.IsZero() && !a.within(e.At) {
			return bad("event %d: time %s is not within the drill", i, e.At)
		}
	}
	return nil
}

// Redact cleans every note and typed value in place and records what it
// removed, so a card a front end let through is never stored; the counts
// keep the evidence the grader needs for the card_in_notes blocker.
func (a *Attempt) Redact() {
	for i := range a.Events {
		e := &a.Events[i]
		if e.Kind != EvNote && e.Kind != EvEntry {
			continue
		}
		t, r1 := cases.Redact(e.Text)
		v, r2 := cases.Redact(e.Value)
		if !r1.Any() && !r2.Any() {
			continue
		}
		e.Text, e.Value = t, v
		// New counts, not the old ones added to: a store redacts a copy
		// of the caller's events, which still points at the caller's.
		var n Redaction
		if e.Redacted != nil {
			n = *e.Redacted
		}
		n.Cards += r1.Cards + r2.Cards
		n.SecurityCodes += r1.SecurityCodes + r2.SecurityCodes
		n.PINs += r1.PINs + r2.PINs
		e.Redacted = &n
	}
}
