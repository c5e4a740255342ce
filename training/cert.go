package training

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Record is an attempt with the report it was given.
type Record struct {
	Attempt Attempt `json:"attempt"`
	Report  Report  `json:"report"`
}

// Certificate says a trainee met a track's rule in test mode without a
// blocker.
type Certificate struct {
	Trainee       string    `json:"trainee"`
	Track         string    `json:"track"`
	Date          time.Time `json:"date"`
	RubricVersion string    `json:"rubric_version"`
	// Attempts are the test calls it rests on, most recent first.
	Attempts []string `json:"attempts"`
	// Rule and PassMark are the rule it was earned under, so a printed
	// certificate says what it certifies even after the rule changes.
	Rule     *TrackRule `json:"rule,omitempty"`
	PassMark int        `json:"pass_mark,omitempty"`
	// Calls are those attempts with their scenarios and scores: the
	// certificate explains itself without the training database.
	Calls []CountedCall `json:"calls,omitempty"`
}

// Store keeps attempts and certificates. The desktop app implements it on
// its training SQLite file, which never syncs; MemStore serves tests.
type Store interface {
	// SaveAttempt stores a graded attempt (redacted first) and returns its ID.
	SaveAttempt(ctx context.Context, a Attempt, r Report) (string, error)
	// Attempts returns a trainee's attempts, oldest first.
	Attempts(ctx context.Context, trainee string) ([]Record, error)
	// SaveCertificate keeps one certificate per trainee and track: a newer
	// one (after a rubric change, say) replaces the older.
	SaveCertificate(ctx context.Context, c Certificate) error
	// Certificates returns a trainee's certificates, oldest first.
	Certificates(ctx context.Context, trainee string) ([]Certificate, error)
}

// ErrNoTrainee: attempts and certificates belong to someone.
var ErrNoTrainee = errors.New("training: trainee is required")

// MemStore is an in-memory Store.
type MemStore struct {
	mu      sync.Mutex
	seq     int
	records []Record
	certs   []Certificate
	open    []Attempt
}

// NewMemStore returns an empty store.
func NewMemStore() *MemStore { return &MemStore{} }

// toSave is a as either save keeps it: redacted on a copy of its events
// (the caller's stay as they are), with an ID. Called with m.mu held.
func (m *MemStore) toSave(a Attempt) Attempt {
	a.Events = slices.Clone(a.Events)
	a.Redact()
	if a.ID == "" {
		m.seq++
		a.ID = "A-" + strconv.Itoa(m.seq)
	}
	return a
}

// SaveAttempt implements Store.
func (m *MemStore) SaveAttempt(ctx context.Context, a Attempt, r Report) (string, error) {
	if a.Trainee == "" {
		return "", ErrNoTrainee
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a = m.toSave(a)
	m.records = append(m.records, Record{Attempt: a, Report: r})
	m.open = slices.DeleteFunc(m.open, func(o Attempt) bool { return o.ID == a.ID })
	return a.ID, nil
}

// SaveOpenAttempt implements OpenStore.
func (m *MemStore) SaveOpenAttempt(ctx context.Context, a Attempt) (string, error) {
	if a.Trainee == "" {
		return "", ErrNoTrainee
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a = m.toSave(a)
	if i := slices.IndexFunc(m.open, func(o Attempt) bool { return o.ID == a.ID }); i >= 0 {
		m.open[i] = a
	} else {
		m.open = append(m.open, a)
	}
	return a.ID, nil
}

// OpenAttempts implements OpenStore.
func (m *MemStore) OpenAttempts(ctx context.Context, trainee string) ([]Attempt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Attempt
	for _, a := range m.open {
		if a.Trainee == trainee {
			out = append(out, a)
		}
	}
	return out, nil
}

// DropOpenAttempt implements OpenStore.
func (m *MemStore) DropOpenAttempt(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open = slices.DeleteFunc(m.open, func(o Attempt) bool { return o.ID == id })
	return nil
}

// Attempts implements Store.
func (m *MemStore) Attempts(ctx context.Context, trainee string) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Record
	for _, r := range m.records {
		if r.Attempt.Trainee == trainee {
			out = append(out, r)
		}
	}
	return out, nil
}

// SaveCertificate implements Store.
func (m *MemStore) SaveCertificate(ctx context.Context, c Certificate) error {
	if c.Trainee == "" {
		return ErrNoTrainee
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.certs {
		if m.certs[i].Trainee == c.Trainee && m.certs[i].Track == c.Track {
			m.certs[i] = c
			return nil
		}
	}
	m.certs = append(m.certs, c)
	return nil
}

// Certificates implements Store.
func (m *MemStore) Certificates(ctx context.Context, trainee string) ([]Certificate, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Certificate
	for _, c := range m.certs {
		if c.Trainee == trainee {
			out = append(out, c)
		}
	}
	return out, nil
}

// TrackFor is the track a call of scenario played for track counts
// towards and is graded for: that track when it holds the scenario, else
// the one the content puts the scenario in (TrackOf), as crmd decides for
// a call that names none; nil when no track holds it.
func (c *Content) TrackFor(track, scenario string) *Track {
	if t := c.Track(track); t != nil && t.Has(scenario) {
		return t
	}
	return c.TrackOf(scenario)
}

// PassMarkFor is the pass mark a call of scenario played for track is
// graded against: the own mark of TrackFor's track when it has one, else 0
// (the rubric's applies, Rubric.WithPassMark). The desk, agentctl and crmd
// all grade with it, so they agree on "passed".
func (c *Content) PassMarkFor(track, scenario string) int {
	if t := c.TrackFor(track, scenario); t != nil {
		return t.PassMark
	}
	return 0
}

// TrackOf is the track the content puts scenario in, for a call that
// names none: the only track holding it, or, when several do, the one
// with the highest pass mark (the first of them in tracks.toml on a tie),
// so leaving the track out never grades a call against a lower mark than
// a track it could have been played for. Nil when no track holds it (the
// rubric's pass mark applies).
func (c *Content) TrackOf(scenario string) *Track {
	var best *Track
	for i := range c.Tracks {
		t := &c.Tracks[i]
		if t.Has(scenario) && (best == nil || c.passMark(t) > c.passMark(best)) {
			best = t
		}
	}
	return best
}

func (c *Content) passMark(t *Track) int {
	if t.PassMark > 0 {
		return t.PassMark
	}
	return c.CurrentRubric().PassMark
}

// TrackProgress is a trainee's standing in a track under its rule: the one
// function the training screen, the PDF and the CLI all read, so they
// never disagree on "3 of 4".
type TrackProgress struct {
	Track string `json:"track"`
	// Passed is how many of the calls that count reach the pass mark;
	// Needed is how many the rule asks for.
	Passed int `json:"passed"`
	Needed int `json:"needed"`
	// Calls is how many test calls the rule looks at; Counted are the ones
	// that count now (the latest per scenario, most recent first).
	Calls   int           `json:"calls"`
	Counted []CountedCall `json:"counted"`
	// PassedScenarios are the scenarios with a passing call among Counted;
	// Remaining are the track's scenarios without one.
	PassedScenarios []string `json:"passed_scenarios"`
	Remaining       []string `json:"remaining"`
	// Blocked: a call that counts has a blocker, which no score makes up for.
	Blocked bool `json:"blocked"`
	// Certified: the calls meet the rule, or (Progress) a certificate was
	// earned. HasCertificate (Progress only): one is in the store, to be
	// printed; a rule met whose certificate could not be saved is
	// Certified without it, and is not shown as certified.
	Certified      bool   `json:"certified"`
	HasCertificate bool   `json:"certificate"`
	PassMark       int    `json:"pass_mark"`
	RubricVersion  string `json:"rubric_version"`
}

// CountedCall is a test call that counts towards a track.
type CountedCall struct {
	Attempt  string  `json:"attempt"`
	Scenario string  `json:"scenario"`
	Total    float64 `json:"total"`
	Passed   bool    `json:"passed"`
	Blocker  bool    `json:"blocker"`
}

// Standing applies a track's rule to a trainee's records: of their latest
// test calls graded with the current rubric, one per scenario of the track
// and at most Calls of them, how many reach the pass mark and whether any
// has a blocker. A retake of a scenario replaces its earlier call. A call
// the simulated customer hung up on is a call that ended, and counts (as
// failed, with its blockers), as does a test call the trainee left (its
// leave event: through the screen, or recorded by CloseAbandoned for a
// desk closed or stopped mid-call). A record that is neither finished
// nor left (made before the leave event) does not.
func (c *Content) Standing(t *Track, trainee string, recs []Record) TrackProgress {
	rule := t.rule()
	version := c.CurrentRubric().Version
	tp := TrackProgress{Track: t.ID, Needed: rule.Passes, Calls: rule.Calls, PassMark: c.passMark(t), RubricVersion: version,
		Counted: []CountedCall{}, PassedScenarios: []string{}, Remaining: []string{}}
	var mine []Record
	for _, r := range recs {
		if r.Attempt.Trainee == trainee && r.Attempt.Mode == Test && (r.Report.Complete || r.Report.HungUp) && r.Report.RubricVersion == version &&
			r.Attempt.Scenario == r.Report.Scenario && t.Has(r.Report.Scenario) {
			mine = append(mine, r)
		}
	}
	// Most recent first; the latest call of a scenario is the one that counts.
	// The order is total, so of calls that end at the same time the
	// order the store lists them in never picks the older one.
	sort.SliceStable(mine, func(i, j int) bool { return madeAfter(mine[i], mine[j]) })
	seen := map[string]bool{}
	for _, r := range mine {
		if seen[r.Report.Scenario] || len(tp.Counted) >= rule.Calls {
			continue
		}
		seen[r.Report.Scenario] = true
		cc := CountedCall{Attempt: r.Attempt.ID, Scenario: r.Report.Scenario, Total: r.Report.Total,
			Blocker: len(r.Report.Blockers) > 0}
		cc.Passed = !cc.Blocker && r.Report.Total >= float64(tp.PassMark)
		tp.Counted = append(tp.Counted, cc)
		if cc.Passed {
			tp.Passed++
			tp.PassedScenarios = append(tp.PassedScenarios, cc.Scenario)
		}
		tp.Blocked = tp.Blocked || cc.Blocker
	}
	for _, s := range t.Scenarios {
		if !slices.Contains(tp.PassedScenarios, s) {
			tp.Remaining = append(tp.Remaining, s)
		}
	}
	tp.Certified = len(tp.Counted) >= rule.Calls && tp.Passed >= rule.Passes && !tp.Blocked
	return tp
}

// madeAfter says whether a was made after b: by the time it ended, then
// the time it started, then its ID. IDs are compared shorter first, so a
// store's sequence reads in the order it was given out.
func madeAfter(a, b Record) bool {
	if c := callTime(a).Compare(callTime(b)); c != 0 {
		return c > 0
	}
	if c := a.Attempt.Started.Compare(b.Attempt.Started); c != 0 {
		return c > 0
	}
	x, y := a.Attempt.ID, b.Attempt.ID
	if len(x) != len(y) {
		return len(x) > len(y)
	}
	return x > y
}

func callTime(r Record) time.Time {
	if !r.Attempt.Finished.IsZero() {
		return r.Attempt.Finished
	}
	return r.Attempt.Started
}

// Certify checks a trainee against a track. It returns the certificate
// when the track's rule is met, else nil and the standing that says what
// is missing.
func (c *Content) Certify(trackID, trainee string, recs []Record, now time.Time) (*Certificate, TrackProgress, error) {
	t := c.Track(trackID)
	if t == nil {
		return nil, TrackProgress{}, errors.New("training: unknown track " + trackID)
	}
	if trainee == "" {
		return nil, TrackProgress{}, ErrNoTrainee
	}
	tp := c.Standing(t, trainee, recs)
	if !tp.Certified {
		return nil, tp, nil
	}
	rule := t.rule()
	cert := &Certificate{Trainee: trainee, Track: t.ID, Date: now, RubricVersion: tp.RubricVersion, Rule: &rule, PassMark: tp.PassMark,
		Calls: slices.Clone(tp.Counted)}
	for _, cc := range tp.Counted {
		cert.Attempts = append(cert.Attempts, cc.Attempt)
	}
	return cert, tp, nil
}

// Progress is a trainee's standing.
type Progress struct {
	Trainee string          `json:"trainee"`
	History []HistoryItem   `json:"history"`
	Missed  []Miss          `json:"missed"` // most missed first
	Tracks  []TrackProgress `json:"tracks"`
	Next    Recommendation  `json:"next"`
}

// HistoryItem is one attempt in the history.
type HistoryItem struct {
	Attempt  string    `json:"attempt"`
	Scenario string    `json:"scenario"`
	Mode     Mode      `json:"mode"`
	Finished time.Time `json:"finished"`
	Total    float64   `json:"total"`
	Passed   bool      `json:"passed"`
	Blockers []string  `json:"blockers,omitempty"`
}

// Miss counts how often a criterion fell short.
type Miss struct {
	Criterion string  `json:"criterion"`
	Missed    int     `json:"missed"`  // attempts where it scored below full
	Graded    int     `json:"graded"`  // attempts where it applied
	Average   float64 `json:"average"` // mean score, 0 to 1
	Message   string  `json:"message"` // the criterion's title message ID
}

// Recommendation is what to practise next and why (message ID
// training.next.<reason>).
type Recommendation struct {
	Scenario  string `json:"scenario,omitempty"`
	Track     string `json:"track,omitempty"`
	Criterion string `json:"criterion,omitempty"`
	Reason    string `json:"reason"`
}

// Progress builds a trainee's history, most missed criteria, track standing
// and a recommendation from their records and certificates.
func (c *Content) Progress(trainee string, recs []Record, certs []Certificate) Progress {
	p := Progress{Trainee: trainee, History: []HistoryItem{}, Missed: []Miss{}, Tracks: []TrackProgress{}}
	mine := make([]Record, 0, len(recs))
	for _, r := range recs {
		if r.Attempt.Trainee == trainee {
			mine = append(mine, r)
		}
	}
	sort.SliceStable(mine, func(i, j int) bool { return mine[i].Attempt.Started.Before(mine[j].Attempt.Started) })
	misses := map[string]*Miss{}
	for _, r := range mine {
		h := HistoryItem{Attempt: r.Attempt.ID, Scenario: r.Report.Scenario, Mode: r.Attempt.Mode,
			Finished: r.Attempt.Finished, Total: r.Report.Total, Passed: r.Report.Passed}
		for _, b := range r.Report.Blockers {
			h.Blockers = append(h.Blockers, b.ID)
		}
		p.History = append(p.History, h)
		for _, cs := range r.Report.Criteria {
			if !cs.Applicable {
				continue
			}
			m := misses[cs.ID]
			if m == nil {
				m = &Miss{Criterion: cs.ID, Message: "training.criterion." + cs.ID + ".title"}
				misses[cs.ID] = m
			}
			m.Average = (m.Average*float64(m.Graded) + cs.Score) / float64(m.Graded+1)
			m.Graded++
			if cs.Score < 1 {
				m.Missed++
			}
		}
	}
	for _, id := range Criteria {
		if m := misses[id]; m != nil && m.Missed > 0 {
			m.Average = round(m.Average, 3)
			p.Missed = append(p.Missed, *m)
		}
	}
	sort.SliceStable(p.Missed, func(i, j int) bool {
		a, b := p.Missed[i], p.Missed[j]
		if a.Missed != b.Missed {
			return a.Missed > b.Missed
		}
		return a.Average < b.Average
	})

	certified := map[string]bool{}
	for _, ct := range certs {
		if ct.Trainee == trainee {
			certified[ct.Track] = true
		}
	}
	for i := range c.Tracks {
		tp := c.Standing(&c.Tracks[i], trainee, mine)
		// A certificate once earned stays: a later failed call does not
		// take it back.
		tp.HasCertificate = certified[tp.Track]
		tp.Certified = tp.Certified || tp.HasCertificate
		p.Tracks = append(p.Tracks, tp)
	}
	p.Next = c.recommend(mine, p)
	return p
}

// recommend picks what to practise next: a scenario whose last attempt hit
// a blocker comes first (compliance before points); then, in the first
// unfinished track, the scenario that exercises the most-missed criterion
// most; then simply the next scenario of that track.
func (c *Content) recommend(mine []Record, p Progress) Recommendation {
	if n := len(mine); n > 0 {
		last := mine[n-1]
		if len(last.Report.Blockers) > 0 && c.Scenario(last.Report.Scenario) != nil {
			return Recommendation{Scenario: last.Report.Scenario, Reason: "blocker", Criterion: last.Report.Blockers[0].ID}
		}
	}
	weak := ""
	if len(p.Missed) > 0 {
		weak = p.Missed[0].Criterion
	}
	for _, tp := range p.Tracks {
		if tp.Certified || len(tp.Remaining) == 0 {
			continue
		}
		if weak != "" {
			bestID, bestN := "", 0
			for _, id := range tp.Remaining {
				sc := c.Scenario(id)
				if sc == nil {
					continue
				}
				if n := sc.exercises(weak); n > bestN {
					bestID, bestN = id, n
				}
			}
			if bestID != "" {
				return Recommendation{Scenario: bestID, Track: tp.Track, Criterion: weak, Reason: "weakest"}
			}
		}
		return Recommendation{Scenario: tp.Remaining[0], Track: tp.Track, Reason: "continue"}
	}
	return Recommendation{Reason: "done"}
}

// exercises counts the decisions and expectations of the scenario that
// bear on a criterion.
func (sc *Scenario) exercises(criterion string) int {
	n := 0
	for i := range sc.Turns {
		if sc.Turns[i].criterion() == criterion {
			n++
		}
	}
	switch criterion {
	case "exploration":
		n += len(sc.Expect.Questions)
	case "diagnosis":
		n += len(sc.Expect.Checks)
	case "resolution":
		n += len(sc.Expect.Actions)
	case "time":
		n += len(sc.Turns)
	}
	return n
}

// PassMarks are the pass marks recs were graded against, lowest first,
// each once; an attempt graded before reports carried one counts as
// fallback (the rubric's). Charts draw a line for each.
func PassMarks(recs []Record, fallback int) []int {
	var out []int
	for _, r := range recs {
		pm := r.Report.PassMark
		if pm == 0 {
			pm = fallback
		}
		if !slices.Contains(out, pm) {
			out = append(out, pm)
		}
	}
	if len(out) == 0 {
		out = append(out, fallback)
	}
	slices.Sort(out)
	return out
}
