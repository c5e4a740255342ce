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

// Certificate says a trainee passed every scenario of a track in test mode
// without a blocker.
type Certificate struct {
	Trainee       string    `json:"trainee"`
	Track         string    `json:"track"`
	Date          time.Time `json:"date"`
	RubricVersion string    `json:"rubric_version"`
	// Attempts are the passing attempts it rests on, one per scenario.
	Attempts []string `json:"attempts"`
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
}

// NewMemStore returns an empty store.
func NewMemStore() *MemStore { return &MemStore{} }

// SaveAttempt implements Store.
func (m *MemStore) SaveAttempt(ctx context.Context, a Attempt, r Report) (string, error) {
	if a.Trainee == "" {
		return "", ErrNoTrainee
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a.Events = slices.Clone(a.Events)
	a.Redact()
	if a.ID == "" {
		m.seq++
		a.ID = "A-" + strconv.Itoa(m.seq)
	}
	m.records = append(m.records, Record{Attempt: a, Report: r})
	return a.ID, nil
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

// Counts reports whether a record counts towards a track: a complete test
// attempt without a blocker that reaches the track's pass mark (which may
// differ from the rubric's the report was graded with).
func (t *Track) Counts(r Record, rubricPass int) bool {
	pass := t.PassMark
	if pass == 0 {
		pass = rubricPass
	}
	return r.Attempt.Mode == Test && r.Report.Complete && len(r.Report.Blockers) == 0 &&
		r.Report.Total >= float64(pass) && r.Attempt.Scenario == r.Report.Scenario && t.Has(r.Report.Scenario)
}

// Certify checks a trainee against a track. It returns the certificate when
// every scenario has a counting attempt, else the scenarios still missing.
func (c *Content) Certify(trackID, trainee string, recs []Record, now time.Time) (*Certificate, []string, error) {
	t := c.Track(trackID)
	if t == nil {
		return nil, nil, errors.New("training: unknown track " + trackID)
	}
	if trainee == "" {
		return nil, nil, ErrNoTrainee
	}
	best := map[string]Record{}
	for _, r := range recs {
		if r.Attempt.Trainee != trainee || !t.Counts(r, c.CurrentRubric().PassMark) {
			continue
		}
		if old, ok := best[r.Report.Scenario]; !ok || r.Report.Total > old.Report.Total {
			best[r.Report.Scenario] = r
		}
	}
	var missing, ids []string
	version := ""
	for _, s := range t.Scenarios {
		r, ok := best[s]
		if !ok {
			missing = append(missing, s)
			continue
		}
		ids = append(ids, r.Attempt.ID)
		if r.Report.RubricVersion > version {
			version = r.Report.RubricVersion
		}
	}
	if len(missing) > 0 {
		return nil, missing, nil
	}
	return &Certificate{Trainee: trainee, Track: t.ID, Date: now, RubricVersion: version, Attempts: ids}, nil, nil
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

// TrackProgress is a trainee's standing in a track.
type TrackProgress struct {
	Track     string   `json:"track"`
	Passed    []string `json:"passed"`
	Remaining []string `json:"remaining"`
	Certified bool     `json:"certified"`
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
	passed := map[string]bool{}
	for i := range c.Tracks {
		t := &c.Tracks[i]
		tp := TrackProgress{Track: t.ID, Passed: []string{}, Remaining: []string{}, Certified: certified[t.ID]}
		for _, s := range t.Scenarios {
			ok := slices.ContainsFunc(mine, func(r Record) bool { return t.Counts(r, c.CurrentRubric().PassMark) && r.Report.Scenario == s })
			if ok {
				tp.Passed = append(tp.Passed, s)
				passed[s] = true
			} else {
				tp.Remaining = append(tp.Remaining, s)
			}
		}
		tp.Certified = tp.Certified || len(tp.Remaining) == 0
		p.Tracks = append(p.Tracks, tp)
	}
	p.Next = c.recommend(mine, p, passed)
	return p
}

// recommend picks what to practise next: a scenario whose last attempt hit
// a blocker comes first (compliance before points); then, in the first
// unfinished track, the scenario that exercises the most-missed criterion
// most; then simply the next scenario of that track.
func (c *Content) recommend(mine []Record, p Progress, passed map[string]bool) Recommendation {
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
