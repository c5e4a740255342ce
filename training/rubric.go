package training

import (
	"errors"
	"fmt"
	"slices"
)

// Criteria are what the grader scores, in report order.
var Criteria = []string{
	"step_order",     // the eight steps in order
	"authentication", // authenticated before any account detail was given
	"exploration",    // the questions that find the root cause
	"diagnosis",      // the checks the call type needs
	"figures",        // the amounts and dates given are right
	"resolution",     // resolved at first line, or escalated when it must be
	"spoken",         // what the trainee said in their own words, element by element
	"summary",        // recap and case note
	"closing",        // goodbye and the right reason code
	"time",           // handling time against the scenario's target
}

// Blockers fail an attempt whatever its score.
const (
	BlockerDisclosedBeforeAuth = "disclosed_before_auth"
	BlockerVolunteeredData     = "volunteered_data"
	BlockerAuthSkipped         = "auth_skipped"
	BlockerOverAuthority       = "over_authority"
	BlockerCardInNotes         = "card_in_notes"
	// BlockerHungUp: the caller ended the call; an attempt cut short cannot
	// pass however well it started.
	BlockerHungUp = "hung_up"
	// BlockerInvalidAttempt: the attempt does not belong to the scenario
	// (another ID, an unknown turn or choice, an unreadable day); it cannot
	// be graded fairly, so it cannot pass.
	BlockerInvalidAttempt = "invalid_attempt"
)

// BlockerIDs lists every blocker, for documentation and message checks.
var BlockerIDs = []string{BlockerDisclosedBeforeAuth, BlockerVolunteeredData, BlockerAuthSkipped,
	BlockerOverAuthority, BlockerCardInNotes, BlockerHungUp, BlockerInvalidAttempt}

// elementBlockers are the blockers a free response's must_not element may
// bring.
var elementBlockers = []string{BlockerDisclosedBeforeAuth, BlockerVolunteeredData, BlockerOverAuthority}

// Rubric weighs the criteria. Its version is stored in every attempt and
// report: rubric.toml keeps old versions, so an old grade can be explained
// with the weights it was given under.
type Rubric struct {
	Version  string         `toml:"version" json:"version"`
	PassMark int            `toml:"pass_mark" json:"pass_mark"`
	Weights  map[string]int `toml:"weights" json:"weights"` // criterion → weight; they sum to 100
	// Judge is the version of the free-response judge the rubric grades
	// with (default 1): a change to how answers are read is a new rubric.
	Judge int `toml:"judge" json:"judge,omitempty"`
	// Authority is how the over_authority blocker counts the amounts a
	// call grants without an escalation: "amount" (each on its own, the
	// default) or "case" (all together, as the desk and crmd count them).
	Authority string `toml:"authority" json:"authority,omitempty"`
	pos       Pos
}

// Authority counts.
const (
	AuthorityPerAmount = "amount"
	AuthorityPerCase   = "case"
)

func (r Rubric) perCase() bool { return r.Authority == AuthorityPerCase }

func (r Rubric) judge() int {
	if r.Judge == 0 {
		return 1
	}
	return r.Judge
}

// WithPassMark returns the rubric with a track's pass mark (0 keeps it).
func (r Rubric) WithPassMark(p int) Rubric {
	if p > 0 {
		r.PassMark = p
	}
	return r
}

// DefaultPassMark applies when a rubric or track does not set one.
const DefaultPassMark = 80

// Track is a certification path: a set of scenarios and the rule a
// trainee's test calls on them must meet, as a contact centre runs it.
type Track struct {
	ID        string   `toml:"id" json:"id"`
	Title     Text     `toml:"title" json:"title"`
	PassMark  int      `toml:"pass_mark" json:"pass_mark"`
	Scenarios []string `toml:"scenarios" json:"scenarios"`
	// Rule is how many test calls count and how many must pass; without
	// one, every scenario must be passed once.
	Rule *TrackRule `toml:"rule" json:"rule,omitempty"`
	pos  Pos
}

// TrackRule is a certification rule: of the trainee's latest Calls test
// calls on the track, each from a different scenario, at least Passes
// reach the pass mark, and none has a blocker.
type TrackRule struct {
	Calls  int `toml:"calls" json:"calls"`
	Passes int `toml:"passes" json:"passes"`
}

// Rule is the track's rule, the default one filled in.
func (t *Track) rule() TrackRule {
	if t.Rule != nil {
		return *t.Rule
	}
	return TrackRule{Calls: len(t.Scenarios), Passes: len(t.Scenarios)}
}

// Requirement is the track's rule as it applies: Rule, or every scenario
// once.
func (t *Track) Requirement() TrackRule { return t.rule() }

// Has reports whether the track includes a scenario.
func (t *Track) Has(id string) bool { return slices.Contains(t.Scenarios, id) }

// Validate checks a rubric built in code (a supervisor's setting, a test):
// every criterion weighed, nothing unknown, weights adding up to 100 and a
// pass mark between 1 and 100. Rubrics loaded from TOML get the same checks
// with file:line.
func (r Rubric) Validate() error {
	if r.Version == "" {
		return errors.New("training: rubric: version is required")
	}
	sum := 0
	for c, w := range r.Weights {
		if !slices.Contains(Criteria, c) {
			return fmt.Errorf("training: rubric %s: unknown criterion %q", r.Version, c)
		}
		if w < 0 {
			return fmt.Errorf("training: rubric %s: negative weight for %s", r.Version, c)
		}
		sum += w
	}
	for _, c := range Criteria {
		if _, ok := r.Weights[c]; !ok {
			return fmt.Errorf("training: rubric %s: no weight for %s", r.Version, c)
		}
	}
	if sum != 100 {
		return fmt.Errorf("training: rubric %s: weights add up to %d, not 100", r.Version, sum)
	}
	if r.PassMark < 1 || r.PassMark > 100 {
		return fmt.Errorf("training: rubric %s: pass mark %d", r.Version, r.PassMark)
	}
	if r.judge() < 1 || r.judge() > JudgeVersion {
		return fmt.Errorf("training: rubric %s: judge version %d", r.Version, r.judge())
	}
	if r.Authority != "" && r.Authority != AuthorityPerAmount && r.Authority != AuthorityPerCase {
		return fmt.Errorf("training: rubric %s: authority %q (amount or case)", r.Version, r.Authority)
	}
	return nil
}
