package training

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

// Each blocker fails an attempt that would otherwise score full marks.
func TestDrillGradeBlockers(t *testing.T) {
	sc := scenario(t, "prorated_plan_change")
	base := bot(t, sc, 1, Test, locales.ES, nil)
	if r := Grade(sc, base, rubric(t)); !r.Passed || r.Total != 100 {
		t.Fatalf("the best path must pass with 100: %+v", r)
	}
	at := base.Events[0].At
	card := Value{Kind: KindCard, Card: testCard(9, "x")}.Format(locales.ES, "")
	tests := []struct {
		name    string
		edit    func([]Event) []Event
		scen    string // another scenario ID
		blocker string
	}{
		{"disclosure before authentication", func(evs []Event) []Event {
			return append([]Event{{At: at, Kind: EvDisclose, Turn: "reason"}}, evs...)
		}, "", BlockerDisclosedBeforeAuth},
		{"data volunteered, even after authentication", func(evs []Event) []Event {
			return append(evs, Event{At: at, Kind: EvVolunteer, Turn: "explain"})
		}, "", BlockerVolunteeredData},
		{"authentication skipped", func(evs []Event) []Event {
			i := indexOf(evs, EvAuth)
			evs[i] = Event{At: at, Kind: EvAuthSkipped, Turn: evs[i].Turn}
			return evs
		}, "", BlockerAuthSkipped},
		{"finished without authenticating", without(EvAuth), "", BlockerAuthSkipped},
		{"grant beyond the agent's authority", func(evs []Event) []Event {
			return append(evs, Event{At: at, Kind: EvAction, Turn: "explain", Action: "adjustment", Amount: 5001})
		}, "", BlockerOverAuthority},
		{"card number written in a note", func(evs []Event) []Event {
			return append(evs, Event{At: at, Kind: EvNote, Turn: "recap", Text: "tarjeta " + card})
		}, "", BlockerCardInNotes},
		{"card number recorded as redacted", func(evs []Event) []Event {
			return append(evs, Event{At: at, Kind: EvNote, Turn: "recap", Text: "tarjeta •••• 1234", Redacted: &Redaction{Cards: 1}})
		}, "", BlockerCardInNotes},
		{"unknown choice", func(evs []Event) []Event {
			i := indexOf(evs, EvChoice)
			evs[i].Choice = "made_up"
			return evs
		}, "", BlockerInvalidAttempt},
		{"another scenario's attempt", nil, "promo_expired", BlockerInvalidAttempt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, target := base, sc
			if tt.edit != nil {
				a = edit(base, tt.edit)
			}
			if tt.scen != "" {
				target = scenario(t, tt.scen)
			}
			r := Grade(target, a, rubric(t))
			if !hasBlocker(r, tt.blocker) {
				t.Fatalf("no %s blocker: %+v", tt.blocker, r.Blockers)
			}
			if r.Passed {
				t.Errorf("passed with a blocker (total %v)", r.Total)
			}
			for _, b := range r.Blockers {
				if !strings.HasPrefix(b.Message, "training.blocker.") {
					t.Errorf("blocker message ID %q", b.Message)
				}
			}
		})
	}
	// An amount above authority that waits on an escalation is the right
	// move, not a blocker.
	a := edit(base, func(evs []Event) []Event {
		return append(evs, Event{At: at, Kind: EvAction, Action: "adjustment", Amount: 9000, Pending: true},
			Event{At: at, Kind: EvEscalate, Criteria: []string{"exceeds_authority"}})
	})
	if r := Grade(sc, a, rubric(t)); hasBlocker(r, BlockerOverAuthority) {
		t.Errorf("a pending, escalated amount is not over authority: %+v", r.Blockers)
	}
}

// The trainee's authority comes from the playbook (0): in the trainee's
// seat any grant at all is beyond it.
func TestDrillGradeTraineeAuthority(t *testing.T) {
	data, err := os.ReadFile("../assets/training/prorated_plan_change.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "difficulty = 3", "difficulty = 3\nrole = \"trainee\"", 1)
	pb := defaultPlaybook(t)
	sc, err := LoadScenario([]byte(text), "trainee.toml", pb)
	if err != nil {
		t.Fatal(err)
	}
	if sc.AuthorityLimit() != pb.AuthorityMinor("trainee") || sc.AuthorityLimit() != 0 {
		t.Fatalf("trainee limit = %d", sc.AuthorityLimit())
	}
	a := bot(t, sc, 1, Test, locales.ES, map[string]string{"explain": "waive"})
	r := Grade(sc, a, rubric(t))
	if !hasBlocker(r, BlockerOverAuthority) {
		t.Fatalf("a trainee granting an adjustment must be blocked: %+v", r.Blockers)
	}
	agent := scenario(t, "prorated_plan_change")
	a = bot(t, agent, 1, Test, locales.ES, map[string]string{"explain": "waive"})
	if r := Grade(agent, a, rubric(t)); hasBlocker(r, BlockerOverAuthority) {
		t.Fatalf("the same small adjustment is within an agent's authority: %+v", r.Blockers)
	}
}

// Each criterion reacts to its own evidence and only to it.
func TestDrillGradeCriteria(t *testing.T) {
	sc := scenario(t, "prorated_plan_change")
	base := bot(t, sc, 1, Test, locales.ES, nil)
	at := base.Events[0].At
	tests := []struct {
		criterion string
		want      float64 // the criterion's score after the edit
		attempt   func() Attempt
	}{
		{"step_order", 0.969, func() Attempt { // (3 turns + 7/8 in order) / 4
			return edit(base, func(evs []Event) []Event {
				// back to the introduction after the closing: one
				// backward move among the step changes
				return append(evs, Event{At: at, Kind: EvStep, Step: "introduction"})
			})
		}},
		{"step_order", 0.813, func() Attempt { return bot(t, sc, 1, Test, locales.ES, map[string]string{"greeting": "account_first"}) }},
		{"authentication", 0.5, func() Attempt { // the PIN turn was right, the order was not
			return edit(base, func(evs []Event) []Event {
				i := indexOf(evs, EvAuth)
				auth := evs[i]
				evs = append(evs[:i], evs[i+1:]...)
				return append(evs, auth) // authenticated only after disclosing
			})
		}},
		{"exploration", 0.5, func() Attempt { return edit(base, without(EvQuestion)) }},
		{"diagnosis", 0.5, func() Attempt { return edit(base, without(EvCheck)) }},
		{"figures", 0, func() Attempt {
			return edit(base, func(evs []Event) []Event {
				for i := range evs {
					if evs[i].Kind == EvEntry && evs[i].Turn == "prorated_amount" {
						evs[i].Value = "999,99"
					}
				}
				return evs
			})
		}},
		{"resolution", 0.667, func() Attempt { return edit(base, without(EvAction)) }}, // turn, actions, escalation
		{"summary", 0.5, func() Attempt {
			return edit(base, func(evs []Event) []Event {
				for i := range evs {
					if evs[i].Kind == EvEntry && evs[i].Turn == "recap" {
						evs[i].Value = "ok"
					}
				}
				return evs
			})
		}},
		{"closing", 0.75, func() Attempt {
			return edit(base, func(evs []Event) []Event {
				evs[indexOf(evs, EvClose)].Reason = "billing.service_change" // of the call type, not the best
				return evs
			})
		}},
		{"time", 0.5, func() Attempt {
			a := base
			a.DurationMS = int64(sc.Expect.Minutes * 60000 * 1.5)
			return a
		}},
		{"time", 0, func() Attempt {
			a := base
			a.Finished, a.DurationMS = time.Time{}, 0
			return a
		}},
	}
	for _, tt := range tests {
		t.Run(tt.criterion, func(t *testing.T) {
			a := tt.attempt()
			r := Grade(sc, a, rubric(t))
			if got := criterion(r, tt.criterion).Score; got != tt.want {
				t.Fatalf("%s = %v, want %v", tt.criterion, got, tt.want)
			}
			for _, c := range r.Criteria {
				if c.ID == tt.criterion || !c.Applicable {
					continue
				}
				// Withholding authentication also voids the authentication
				// criterion's partner blocker; an unfinished call loses its
				// unanswered turns only.
				if c.Score != 1 && tt.criterion != "authentication" && a.Complete() {
					t.Errorf("%s moved to %v as well", c.ID, c.Score)
				}
			}
			if r.Total >= 100 {
				t.Errorf("total %v did not drop", r.Total)
			}
		})
	}
}

// Weights scale over the criteria a scenario exercises: a scenario with no
// figures is marked out of the other criteria.
func TestDrillGradeNotApplicable(t *testing.T) {
	sc := scenario(t, "tech_restart")
	r := Grade(sc, bot(t, sc, 3, Test, locales.EN, nil), rubric(t))
	f := criterion(r, "figures")
	if f.Applicable || f.Message != "training.criterion.figures.na" {
		t.Fatalf("figures = %+v", f)
	}
	if r.Total != 100 || !r.Passed {
		t.Fatalf("total %v passed %v", r.Total, r.Passed)
	}
	sum := 0.0
	for _, c := range r.Criteria {
		sum += c.Points
	}
	if sum < 99.9 || sum > 100.1 {
		t.Errorf("points add up to %v", sum)
	}
}

// The grader is a pure function: the same attempt, graded twice or after a
// trip through JSON, gets the same report.
func TestDrillGradeDeterministic(t *testing.T) {
	c := content(t)
	for _, sc := range c.Scenarios {
		a := bot(t, sc, 42, Practice, locales.EN, nil)
		r1 := Grade(sc, a, c.CurrentRubric())
		r2 := Grade(sc, a, c.CurrentRubric())
		if !reflect.DeepEqual(r1, r2) {
			t.Fatalf("%s: two grades differ", sc.ID)
		}
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseAttempt(data)
		if err != nil {
			t.Fatal(err)
		}
		r3 := Grade(sc, back, c.CurrentRubric())
		j1, _ := json.Marshal(r1)
		j3, _ := json.Marshal(r3)
		if string(j1) != string(j3) {
			t.Fatalf("%s: grade changed after a JSON round trip\n%s\n%s", sc.ID, j1, j3)
		}
	}
}

// Another seed draws other figures, and the grader follows the draw: the
// answer right for seed 1 is wrong for seed 2.
func TestDrillGradeFollowsSeed(t *testing.T) {
	sc := scenario(t, "prorated_plan_change")
	v1, err := sc.Draw(1, testDay)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := sc.Draw(2, testDay)
	if err != nil {
		t.Fatal(err)
	}
	p1, _ := v1.Get("prorated")
	p2, _ := v2.Get("prorated")
	if p1.Minor == p2.Minor {
		t.Fatalf("seeds 1 and 2 draw the same prorated amount %d", p1.Minor)
	}
	// The expected amount is the proration calculator's, not a number in
	// the file: recompute it by hand for seed 1.
	start, _ := v1.Get("cycle_start")
	end, _ := v1.Get("cycle_end")
	change, _ := v1.Get("change_date")
	oldP, _ := v1.Get("old_price")
	newP, _ := v1.Get("new_price")
	cycle := int64(end.Date.Sub(start.Date).Hours() / 24)
	days := int64(end.Date.Sub(change.Date).Hours() / 24)
	hand := roundDiv(newP.Minor*days, cycle) - roundDiv(oldP.Minor*days, cycle)
	if hand != p1.Minor {
		t.Errorf("prorated = %d, by hand %d", p1.Minor, hand)
	}

	seed1Answer, _ := v1.Format("prorated", locales.ES)
	a := bot(t, sc, 2, Test, locales.ES, nil)
	right := Grade(sc, a, rubric(t))
	if criterion(right, "figures").Score != 1 {
		t.Fatalf("seed 2's own answer is not right: %+v", criterion(right, "figures"))
	}
	wrong := edit(a, func(evs []Event) []Event {
		for i := range evs {
			if evs[i].Kind == EvEntry && evs[i].Turn == "prorated_amount" {
				evs[i].Value = seed1Answer
			}
		}
		return evs
	})
	if got := criterion(Grade(sc, wrong, rubric(t)), "figures").Score; got != 0 {
		t.Fatalf("seed 1's answer %s accepted for seed 2 (score %v)", seed1Answer, got)
	}
}

func roundDiv(n, d int64) int64 {
	if n >= 0 {
		return (2*n + d) / (2 * d)
	}
	return -((-2*n + d) / (2 * d))
}

// The report records the rubric version, and the content can bring that
// rubric back to re-explain an old grade.
func TestDrillRubricVersion(t *testing.T) {
	c := content(t)
	sc := c.Scenarios[0]
	a := bot(t, sc, 5, Test, locales.ES, nil)
	if a.RubricVersion != c.CurrentRubric().Version {
		t.Fatalf("attempt rubric %q, current %q", a.RubricVersion, c.CurrentRubric().Version)
	}
	r, ok := c.Rubric(a.RubricVersion)
	if !ok {
		t.Fatal("rubric version not found")
	}
	rep := Grade(sc, a, r)
	if rep.RubricVersion != r.Version {
		t.Fatalf("report rubric %q", rep.RubricVersion)
	}
	sum := 0
	for _, id := range Criteria {
		sum += r.Weights[id]
	}
	if sum != 100 || r.PassMark != 80 {
		t.Errorf("weights %d, pass mark %d", sum, r.PassMark)
	}
	// A track's pass mark replaces the rubric's.
	if got := r.WithPassMark(c.Track("escalation_retention").PassMark).PassMark; got != 85 {
		t.Errorf("track pass mark = %d", got)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("the current rubric: %v", err)
	}
	bad := r
	bad.Weights = map[string]int{}
	for k, v := range r.Weights {
		bad.Weights[k] = v
	}
	bad.Weights["time"] += 5
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "105") {
		t.Errorf("weights adding up to 105: %v", err)
	}
	if _, ok := c.Rubric("1999.1"); ok {
		t.Error("an unknown version was found")
	}
}

// Explanations exist in both languages for every message a report can
// carry, and amounts follow the language.
func TestDrillExplanations(t *testing.T) {
	b := Blocker{ID: BlockerOverAuthority, Message: "training.blocker.over_authority.explain", Amount: 12000, Limit: 5000, Currency: "USD"}
	en := b.Explain(locales.New(locales.EN))
	es := b.Explain(locales.New(locales.ES))
	if !strings.Contains(en, "$120.00") || !strings.Contains(en, "$50.00") {
		t.Errorf("en: %s", en)
	}
	if !strings.Contains(es, "120,00") || !strings.Contains(es, "50,00") {
		t.Errorf("es: %s", es)
	}
	c := CriterionScore{ID: "figures", Score: 0.5, Message: "training.criterion.figures.partial"}
	if got := c.Explain(locales.New(locales.EN)); !strings.Contains(got, "50%") {
		t.Errorf("criterion explanation %q", got)
	}
}
