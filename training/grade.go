package training

import (
	"math"
	"slices"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// Report is a graded attempt.
type Report struct {
	Scenario        string           `json:"scenario"`
	ScenarioVersion int              `json:"scenario_version"`
	Seed            int64            `json:"seed"`
	Day             string           `json:"day"`
	Mode            Mode             `json:"mode"`
	Trainee         string           `json:"trainee,omitempty"`
	RubricVersion   string           `json:"rubric_version"`
	Total           float64          `json:"total"` // 0 to 100, one decimal
	PassMark        int              `json:"pass_mark"`
	Passed          bool             `json:"passed"`
	Complete        bool             `json:"complete"`
	Stale           bool             `json:"stale,omitempty"` // the scenario changed since the attempt
	DurationMS      int64            `json:"duration_ms"`
	Criteria        []CriterionScore `json:"criteria"`
	Blockers        []Blocker        `json:"blockers"`
}

// CriterionScore is one line of the report.
type CriterionScore struct {
	ID         string  `json:"id"`
	Weight     int     `json:"weight"`
	Applicable bool    `json:"applicable"` // a scenario without figures cannot lose them
	Score      float64 `json:"score"`      // 0 to 1
	Points     float64 `json:"points"`     // share of the total it earned
	Message    string  `json:"message"`    // message ID of the explanation
}

// Blocker is a compliance failure.
type Blocker struct {
	ID       string `json:"id"`
	Message  string `json:"message"` // message ID of the explanation
	Turn     string `json:"turn,omitempty"`
	Amount   int64  `json:"amount,omitempty"` // over_authority: what was granted, minor units
	Limit    int64  `json:"limit,omitempty"`  // over_authority: the role's limit
	Currency string `json:"currency,omitempty"`
	Detail   string `json:"detail,omitempty"` // invalid_attempt: what does not fit
}

// Grade scores an attempt: a pure, deterministic function of the scenario,
// the attempt and the rubric. It reads the attempt's events, not the
// scenario's effects, so an attempt recorded by another front end grades
// the same way; choices only supply the marks of the decisions.
func Grade(sc *Scenario, a Attempt, rubric Rubric) Report {
	rep := Report{
		Scenario: a.Scenario, ScenarioVersion: a.ScenarioVersion, Seed: a.Seed, Day: a.Day, Mode: a.Mode,
		Trainee: a.Trainee, RubricVersion: rubric.Version, PassMark: rubric.PassMark,
		Complete: a.Complete(), Stale: a.ScenarioVersion != sc.Version, DurationMS: a.DurationMS,
		Criteria: []CriterionScore{}, Blockers: []Blocker{},
	}
	if rep.PassMark == 0 {
		rep.PassMark = DefaultPassMark
	}
	block := func(b Blocker) {
		if slices.ContainsFunc(rep.Blockers, func(x Blocker) bool { return x.ID == b.ID }) {
			return // the first occurrence explains it; more add noise
		}
		b.Message = "training.blocker." + b.ID + ".explain"
		rep.Blockers = append(rep.Blockers, b)
	}
	invalid := func(detail string) { block(Blocker{ID: BlockerInvalidAttempt, Detail: detail}) }

	if a.Scenario != sc.ID {
		invalid("scenario " + a.Scenario)
	}
	var vals Values
	drawn := false
	if day, err := ParseDay(a.Day); err != nil {
		invalid("day " + a.Day)
	} else if v, err := sc.Draw(a.Seed, day); err != nil {
		invalid("draw")
	} else {
		vals, drawn = v, true
	}
	lang := a.Lang
	if lang != locales.EN {
		lang = locales.ES
	}

	evs := LiveEvents(a.Events)
	marks := map[string][]float64{}
	mark := func(c string, m float64) { marks[c] = append(marks[c], m) }

	// Decision marks: the last live answer of each turn; an unanswered turn
	// earns nothing.
	answers := map[string]Event{}
	for _, e := range evs {
		if e.Kind != EvChoice && e.Kind != EvEntry {
			continue
		}
		if sc.Turn(e.Turn) == nil {
			invalid("turn " + e.Turn)
			continue
		}
		answers[e.Turn] = e
	}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		e, ok := answers[t.ID]
		m := 0.0
		switch {
		case !ok:
		case e.Kind == EvChoice && t.Entry == nil:
			if c := t.choice(e.Choice); c != nil {
				m = gradePoints(c.Grade)
			} else {
				invalid("choice " + t.ID + "/" + e.Choice)
			}
		case e.Kind == EvEntry && t.Entry != nil && drawn:
			l := lang
			if e.Lang == locales.ES || e.Lang == locales.EN {
				l = e.Lang
			}
			m, _ = sc.entryMark(t.Entry, e.Value, l, vals)
		case e.Kind == EvEntry && t.Entry != nil:
		default:
			invalid("answer " + t.ID)
		}
		mark(t.criterion(), m)
	}

	// Event marks.
	var steps []int
	authAt, discAt := -1, -1
	var volunteered, skipped, escalated, summary bool
	asked, checked, acted := map[string]bool{}, map[string]bool{}, map[string]bool{}
	closeReason, pendingAmount := "", int64(0)
	for i, e := range evs {
		switch e.Kind {
		case EvStep:
			if x := flowIndex(e.Step); x >= 0 {
				steps = append(steps, x)
			}
			summary = summary || e.Step == "summary"
		case EvAuth:
			if authAt < 0 {
				authAt = i
			}
		case EvAuthSkipped:
			skipped = true
			if sc.env.authRequired {
				block(Blocker{ID: BlockerAuthSkipped, Turn: e.Turn})
			}
		case EvDisclose:
			if discAt < 0 {
				discAt = i
			}
			if sc.env.authRequired && authAt < 0 {
				block(Blocker{ID: BlockerDisclosedBeforeAuth, Turn: e.Turn})
			}
		case EvVolunteer:
			volunteered = true
			block(Blocker{ID: BlockerVolunteeredData, Turn: e.Turn})
		case EvQuestion:
			asked[e.Question] = true
		case EvCheck:
			checked[e.Check] = true
		case EvAction:
			acted[e.Action] = true
			if e.Pending {
				pendingAmount += e.Amount
			}
			if e.Amount > sc.env.limit && !e.Pending {
				block(Blocker{ID: BlockerOverAuthority, Turn: e.Turn, Amount: e.Amount, Limit: sc.env.limit, Currency: sc.env.currency})
			}
		case EvEscalate:
			escalated = true
		case EvNote, EvEntry:
			cards := 0
			if e.Redacted != nil {
				cards = e.Redacted.Cards
			}
			_, r1 := cases.Redact(e.Text)
			_, r2 := cases.Redact(e.Value)
			if cards+r1.Cards+r2.Cards > 0 {
				block(Blocker{ID: BlockerCardInNotes, Turn: e.Turn})
			}
		case EvClose:
			if closeReason == "" {
				closeReason = e.Reason
			}
		}
	}
	if rep.Complete && sc.env.authRequired && authAt < 0 {
		block(Blocker{ID: BlockerAuthSkipped})
	}

	// Steps in order: every move backwards costs a share.
	if len(steps) == 0 {
		mark("step_order", 0)
	} else if len(steps) == 1 {
		mark("step_order", 1)
	} else {
		back := 0
		for i := 1; i < len(steps); i++ {
			if steps[i] < steps[i-1] {
				back++
			}
		}
		mark("step_order", 1-float64(back)/float64(len(steps)-1))
	}
	authOK := !volunteered && !skipped
	if sc.env.authRequired {
		authOK = authOK && authAt >= 0 && (discAt < 0 || authAt < discAt)
	}
	mark("authentication", b2f(authOK))
	if q := sc.Expect.Questions; len(q) > 0 {
		mark("exploration", share(q, asked))
	}
	if c := sc.Expect.Checks; len(c) > 0 {
		mark("diagnosis", share(c, checked))
	}
	if ac := sc.Expect.Actions; len(ac) > 0 {
		mark("resolution", share(ac, acted))
	}
	mark("resolution", b2f(escalated == sc.Expect.Escalate))
	if pendingAmount > 0 && !escalated {
		mark("resolution", 0) // an amount waiting on nobody
	}
	mark("summary", b2f(summary))
	switch {
	case closeReason == "":
		mark("closing", 0)
	case slices.Contains(sc.Expect.ReasonCodes, closeReason):
		mark("closing", 1)
	case slices.Contains(sc.env.reasonCodes, closeReason):
		mark("closing", 0.5)
	default:
		mark("closing", 0.25)
	}
	if target := sc.Expect.Minutes * 60000; target > 0 {
		m := 0.0
		if rep.Complete {
			d := float64(a.DurationMS)
			switch {
			case d <= target:
				m = 1
			case d < 2*target:
				m = 2 - d/target
			}
		}
		mark("time", m)
	}

	// Weighted total over the criteria that apply.
	wsum := 0
	for _, c := range Criteria {
		if len(marks[c]) > 0 {
			wsum += rubric.Weights[c]
		}
	}
	total := 0.0
	for _, c := range Criteria {
		cs := CriterionScore{ID: c, Weight: rubric.Weights[c]}
		ms := marks[c]
		if len(ms) == 0 {
			cs.Message = "training.criterion." + c + ".na"
			rep.Criteria = append(rep.Criteria, cs)
			continue
		}
		cs.Applicable = true
		sum := 0.0
		for _, m := range ms {
			sum += m
		}
		cs.Score = round(sum/float64(len(ms)), 3)
		if wsum > 0 {
			cs.Points = round(float64(cs.Weight)*cs.Score*100/float64(wsum), 2)
			total += float64(cs.Weight) * cs.Score * 100 / float64(wsum)
		}
		switch {
		case cs.Score >= 1:
			cs.Message = "training.criterion." + c + ".full"
		case cs.Score <= 0:
			cs.Message = "training.criterion." + c + ".zero"
		default:
			cs.Message = "training.criterion." + c + ".partial"
		}
		rep.Criteria = append(rep.Criteria, cs)
	}
	rep.Total = round(total, 1)
	rep.Passed = rep.Complete && len(rep.Blockers) == 0 && rep.Total >= float64(rep.PassMark)
	return rep
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func share(want []string, got map[string]bool) float64 {
	n := 0
	for _, w := range want {
		if got[w] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

// round keeps reports stable to read and to compare: 99.99999 from float
// sums prints as 100.
func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// CriterionTitle is a criterion's name in t's language.
func CriterionTitle(t *locales.T, id string) string {
	return t.S("training.criterion." + id + ".title")
}

// Explain is the criterion's explanation in t's language.
func (c CriterionScore) Explain(t *locales.T) string {
	return t.D(c.Message, map[string]any{"Score": int(math.Round(c.Score * 100)), "Weight": c.Weight, "Points": c.Points})
}

// BlockerTitle is a blocker's name in t's language.
func BlockerTitle(t *locales.T, id string) string { return t.S("training.blocker." + id + ".title") }

// Explain is the blocker's explanation in t's language, amounts written the
// way that language writes them.
func (b Blocker) Explain(t *locales.T) string {
	data := map[string]any{"Turn": b.Turn, "Detail": b.Detail}
	if b.Currency != "" {
		data["Amount"] = calculators.FormatMoney(calculators.FromMinor(b.Amount, b.Currency), t.Lang)
		data["Limit"] = calculators.FormatMoney(calculators.FromMinor(b.Limit, b.Currency), t.Lang)
	}
	return t.D(b.Message, data)
}
