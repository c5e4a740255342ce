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
	HungUp          bool             `json:"hung_up,omitempty"` // the caller ended the call, or the trainee left it
	Stale           bool             `json:"stale,omitempty"`   // the scenario changed since the attempt
	DurationMS      int64            `json:"duration_ms"`
	Criteria        []CriterionScore `json:"criteria"`
	Blockers        []Blocker        `json:"blockers"`
	// Path is the turns the call went through, in order: branches show.
	Path []string `json:"path,omitempty"`
	// Responses are the free responses, judged element by element.
	Responses []Judgement `json:"responses,omitempty"`
	// Patience is the caller's patience at the end.
	Patience int `json:"patience"`
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

// MessageGrantedBeyondAuthority explains an over_authority blocker
// counted per case: its amount is what the call granted in all.
const MessageGrantedBeyondAuthority = "training.blocker.over_authority.case"

// MessageCardSaid explains a card_in_notes blocker that came from a card
// number in a spoken answer rather than in a note.
const MessageCardSaid = "training.blocker.card_in_notes.said"

// MessageAuthUnverified explains full marks for authentication on a call
// where nobody was verified, and nothing of the account was shared.
const MessageAuthUnverified = "training.criterion.authentication.full_unverified"

// MessageAuthNotVerified explains no marks for authentication on a call
// where the caller was never verified and nothing of the account was said
// (one cut short before, or gone on without it): the zero explanation says
// account details were shared, which the trainee had not done.
const MessageAuthNotVerified = "training.criterion.authentication.zero_unverified"

// MessagePromisedBeyondAuthority explains an over_authority blocker that
// came from what the trainee said (a must_not element), not from an
// amount granted.
const MessagePromisedBeyondAuthority = "training.blocker.over_authority.promise"

// Blocker is a compliance failure.
type Blocker struct {
	ID       string `json:"id"`
	Message  string `json:"message"` // message ID of the explanation
	Turn     string `json:"turn,omitempty"`
	Amount   int64  `json:"amount,omitempty"` // over_authority: what was granted (by then on the case, per case), minor units
	Limit    int64  `json:"limit,omitempty"`  // over_authority: the role's limit
	Currency string `json:"currency,omitempty"`
	Detail   string `json:"detail,omitempty"`
}

// Grade scores an attempt: a pure, deterministic function of the scenario,
// the attempt and the rubric it names. It replays what the trainee did
// (choices, typed answers, leaving the call) through the scenario and
// derives everything those caused: authentication, disclosures, amounts,
// the caller's mood, branches and a hang-up; a call the trainee left is
// cut short as a hang-up is (the hung_up blocker, MessageAbandoned). Nothing else a desk wrote in the attempt is
// believed. An attempt that names no rubric, names another one than r, or
// does not replay (another scenario, an unknown turn or choice, answers
// out of order) is refused with a *GradeError.
func Grade(sc *Scenario, a Attempt, rubric Rubric) (Report, error) {
	r, err := replayAttempt(sc, a, rubric)
	if err != nil {
		return Report{}, err
	}
	return grade(sc, a, rubric, r), nil
}

// replayAttempt is Grade's replay: the attempt's answers through its
// scenario, with the checks Grade makes first.
func replayAttempt(sc *Scenario, a Attempt, rubric Rubric) (*run, error) {
	switch {
	case a.RubricVersion == "":
		return nil, &GradeError{Code: ErrCodeNoRubric}
	case a.RubricVersion != rubric.Version:
		return nil, &GradeError{Code: ErrCodeRubricMismatch, Detail: a.RubricVersion + " ≠ " + rubric.Version}
	case a.Scenario != sc.ID:
		return nil, &GradeError{Code: ErrCodeScenario, Detail: a.Scenario + " ≠ " + sc.ID}
	}
	day, err := ParseDay(a.Day)
	if err != nil {
		return nil, &GradeError{Code: ErrCodeDay, Detail: a.Day}
	}
	vals, err := sc.Draw(a.Seed, day)
	if err != nil {
		return nil, &GradeError{Code: ErrCodeDay, Detail: err.Error()}
	}
	env := &callEnv{sc: sc, vals: vals, company: a.Company, agent: a.Trainee, seed: a.Seed, day: day, lang: a.Lang}
	r, err := replay(env, a, rubric.judge())
	if err != nil {
		return nil, err
	}
	return r, nil
}

func grade(sc *Scenario, a Attempt, rubric Rubric, r *run) Report {
	rep := Report{
		Scenario: a.Scenario, ScenarioVersion: a.ScenarioVersion, Seed: a.Seed, Day: a.Day, Mode: a.Mode,
		Trainee: a.Trainee, RubricVersion: rubric.Version, PassMark: rubric.PassMark,
		Complete: r.complete(), HungUp: r.hungUp, Stale: a.ScenarioVersion != sc.Version,
		Criteria: []CriterionScore{}, Blockers: []Blocker{}, Responses: r.judged, Patience: r.patience,
	}
	for _, i := range r.path {
		rep.Path = append(rep.Path, sc.Turns[i].ID)
	}
	if rep.PassMark == 0 {
		rep.PassMark = DefaultPassMark
	}
	// Duration: what the desk's clock says, bounded by the answers' own
	// times, so an attempt cannot claim to be shorter than its answers.
	live := a.live()
	rep.DurationMS = a.DurationMS
	if n := len(live); n > 0 && !a.Started.IsZero() {
		rep.DurationMS = max(rep.DurationMS, live[n-1].At.Sub(a.Started).Milliseconds())
	}
	block := func(b Blocker) {
		if slices.ContainsFunc(rep.Blockers, func(x Blocker) bool { return x.ID == b.ID }) {
			return // the first occurrence explains it; more add noise
		}
		if b.Message == "" {
			b.Message = "training.blocker." + b.ID + ".explain"
		}
		rep.Blockers = append(rep.Blockers, b)
	}

	marks := map[string][]float64{}
	mark := func(c string, m float64) { marks[c] = append(marks[c], m) }

	// Decision marks: every turn on the path the call took; a turn the
	// call reached but the trainee never answered earns nothing.
	for _, m := range r.marks {
		mark(m.criterion, m.mark)
	}
	if t := r.turn(); t != nil {
		mark(t.criterion(), 0)
	}

	// A card typed or said: the redaction counts are the evidence left.
	for _, e := range live {
		if e.Kind != EvEntry {
			continue
		}
		_, red := cases.Redact(e.Value)
		if (e.Redacted == nil || e.Redacted.Cards == 0) && red.Cards == 0 {
			continue
		}
		b := Blocker{ID: BlockerCardInNotes, Turn: e.Turn}
		if t := sc.Turn(e.Turn); t != nil && t.Response != nil {
			// Said in an answer, not written in a note: the explanation
			// says what happened.
			b.Message = MessageCardSaid
		}
		block(b)
	}

	// Event marks, from the derived timeline.
	var steps []int
	authAt, discAt := -1, -1
	var volunteered, skipped, escalated, summary, authFailed bool
	asked, checked, acted := map[string]bool{}, map[string]bool{}, map[string]bool{}
	closeReason, pendingAmount, granted := "", int64(0), int64(0)
	for i, e := range r.events {
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
		case EvAuthFailed:
			authFailed = true
		case EvAuthSkipped:
			skipped = true
			if sc.env.authRequired {
				block(Blocker{ID: BlockerAuthSkipped, Turn: e.Turn})
			}
		case EvDisclose:
			if discAt < 0 {
				discAt = i
			}
			// Even where a call type needs no authentication, account
			// details go only to someone verified: a third party who is
			// told the balance has been told too much.
			if authAt < 0 {
				block(Blocker{ID: BlockerDisclosedBeforeAuth, Turn: e.Turn})
			}
		case EvVolunteer:
			volunteered = true
			block(Blocker{ID: BlockerVolunteeredData, Turn: e.Turn})
		case EvPromise:
			// Said, not granted: the explanation of an amount granted
			// would read "0.00 was granted".
			block(Blocker{ID: BlockerOverAuthority, Message: MessagePromisedBeyondAuthority, Turn: e.Turn, Limit: sc.env.limit, Currency: sc.env.currency})
		case EvQuestion:
			asked[e.Question] = true
		case EvCheck:
			checked[e.Check] = true
		case EvAction:
			acted[e.Action] = true
			if e.Pending {
				pendingAmount += e.Amount
			}
			if e.Amount > 0 && !e.Pending {
				// Per case (rubric 2026.3 on), the amounts granted without
				// an escalation count together, as on the call screen.
				over := e.Amount
				if rubric.perCase() {
					granted += e.Amount
					over = granted
				}
				if over > sc.env.limit {
					b := Blocker{ID: BlockerOverAuthority, Turn: e.Turn, Amount: over, Limit: sc.env.limit, Currency: sc.env.currency}
					if rubric.perCase() {
						b.Message = MessageGrantedBeyondAuthority // the amount is the case's total
					}
					block(b)
				}
			}
		case EvEscalate:
			escalated = true
		case EvNote:
			if e.Redacted != nil && e.Redacted.Cards > 0 {
				block(Blocker{ID: BlockerCardInNotes, Turn: e.Turn})
			}
		case EvClose:
			if closeReason == "" {
				closeReason = e.Reason
			}
		case EvHangup:
			block(Blocker{ID: BlockerHungUp, Turn: e.Turn})
		case EvLeave:
			block(Blocker{ID: BlockerHungUp, Message: MessageAbandoned, Turn: e.Turn})
		}
	}
	// Going on without authenticating is a blocker; trying and being
	// refused by the caller's answers is not, as long as nothing of the
	// account was said.
	if rep.Complete && sc.env.authRequired && authAt < 0 && !authFailed {
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
	authOK := !volunteered && !skipped && (discAt < 0 || authAt >= 0 && authAt < discAt)
	if sc.env.authRequired {
		passed := authAt >= 0 && (discAt < 0 || authAt < discAt)
		refused := authAt < 0 && authFailed && discAt < 0
		authOK = authOK && (passed || refused)
	}
	mark("authentication", b2f(authOK))
	// A caller who could not pass authentication, and was told nothing of
	// the account, was handled right: the account work the scenario
	// expects could not be done, so it is not counted against the trainee.
	refused := sc.env.authRequired && authAt < 0 && authFailed && discAt < 0 && rep.Complete
	if !refused {
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
	}
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
			d := float64(rep.DurationMS)
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
		case cs.Score >= 1 && c == "authentication" && authAt < 0:
			// Right, and nobody was authenticated: "you authenticated the
			// customer" would not be what happened.
			cs.Message = MessageAuthUnverified
		case cs.Score >= 1:
			cs.Message = "training.criterion." + c + ".full"
		case cs.Score <= 0 && c == "authentication" && authAt < 0 && discAt < 0 && !volunteered:
			cs.Message = MessageAuthNotVerified
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

// Score is the total as a whole number out of 100, for what keeps no
// decimals (crmd's stored score). It is rounded down and kept within 0 to
// 100: a total of 84.9 rounded to 85 would read "85, not passed" on a track
// that passes at 85, so a whole score never reaches a pass mark the total
// did not.
func (r Report) Score() int { return int(math.Floor(min(max(r.Total, 0), 100))) }

// MaxPoints is the most a criterion of r could earn: its weight's share of
// the weights that apply (a scenario without figures spreads that
// criterion's weight over the others), so Points are read against it.
func (r Report) MaxPoints(c CriterionScore) float64 {
	if !c.Applicable {
		return 0
	}
	wsum := 0
	for _, x := range r.Criteria {
		if x.Applicable {
			wsum += x.Weight
		}
	}
	if wsum == 0 {
		return 0
	}
	return round(float64(c.Weight)*100/float64(wsum), 2)
}

// CriterionTitle is a criterion's name in t's language.
func CriterionTitle(t *locales.T, id string) string {
	return t.S("training.criterion." + id + ".title")
}

// Explain is the criterion's explanation in t's language.
func (c CriterionScore) Explain(t *locales.T) string {
	return t.D(c.Message, map[string]any{"Score": percent(c.Score), "Weight": c.Weight, "Points": c.Points})
}

// percent is a share from 0 to 1 as the whole percentage a person reads
// beside a verdict chosen from the share itself. Rounded to the nearest,
// 0.996 of the time mark would read "Over the target time (100%)" and
// 0.004 "(0%)"; rounded down and kept within 1 and 99, a share that is
// partial always reads as partial. The small allowance keeps 0.29, which
// floats hold as 0.28999…, at 29.
func percent(share float64) int {
	p := int(math.Floor(share*100 + 1e-9))
	if share > 0 && share < 1 {
		return min(max(p, 1), 99)
	}
	return min(max(p, 0), 100)
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
	msg := b.Message
	if b.ID == BlockerOverAuthority && b.Amount == 0 && msg == "training.blocker."+b.ID+".explain" {
		// A report graded before the promise had a message of its own: an
		// over_authority blocker with no amount came from what was said.
		msg = MessagePromisedBeyondAuthority
	}
	return t.D(msg, data)
}
