package training

import (
	"strings"
	"time"

	"agentdesk/locales"
)

// selfTestDays cover month ends and a leap day, where cycle arithmetic
// breaks first.
var selfTestDays = []time.Time{
	time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
	time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC),
	time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
}

const selfTestSeeds = 12

// selfTest plays the scenario as the validator's robot: every seed must
// draw, the best path must earn full marks without a blocker, and every
// violation must bring a blocker. Content that fails here would mislead a
// trainee, so it is refused like a syntax error.
func (v *validator) selfTest(sc *Scenario) {
	for _, day := range selfTestDays {
		for seed := int64(1); seed <= selfTestSeeds; seed++ {
			if _, err := sc.Draw(seed, day); err != nil {
				v.add(v.drawPos(sc, err.Error()), "draw_failed", map[string]any{"Detail": err.Error(), "Seed": seed, "Day": day.Format(time.DateOnly)})
				return
			}
		}
	}
	if len(v.l.rubrics) == 0 {
		return
	}
	rubric := v.l.rubrics[len(v.l.rubrics)-1]
	for _, lang := range locales.Langs {
		rep, err := robot(sc, 1, lang, rubric, nil)
		if err != nil {
			v.add(sc.pos, "draw_failed", map[string]any{"Detail": err.Error(), "Seed": 1, "Day": ""})
			return
		}
		if rep.Total < 100 || len(rep.Blockers) > 0 || !rep.Passed {
			var short []string
			for _, c := range rep.Criteria {
				if c.Applicable && c.Score < 1 {
					short = append(short, c.ID)
				}
			}
			for _, b := range rep.Blockers {
				short = append(short, b.ID)
			}
			v.add(v.field(sc.pos, "id"), "best_path_short", map[string]any{"Total": rep.Total, "Criteria": strings.Join(short, ",")})
			return
		}
	}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		for j := range t.Choices {
			c := &t.Choices[j]
			if c.Grade != Violation {
				continue
			}
			rep, err := robot(sc, 1, locales.ES, rubric, map[string]string{t.ID: c.ID})
			if err == nil && len(rep.Blockers) == 0 {
				v.add(v.field(c.pos, "grade"), "violation_without_blocker", map[string]any{"Choice": c.ID})
			}
		}
	}
}

// drawPos finds the var or calc a draw error names ("name: detail").
func (v *validator) drawPos(sc *Scenario, msg string) Pos {
	name, _, _ := strings.Cut(msg, ":")
	for _, c := range sc.Calcs {
		if c.Name == name {
			return c.pos
		}
	}
	for _, x := range sc.Vars {
		if x.Name == name {
			return x.pos
		}
	}
	return sc.pos
}

// robot plays a scenario in test mode with a frozen clock: the best choice
// everywhere (or the one picks names for a turn) and the expected answer
// in every entry, then grades the attempt.
func robot(sc *Scenario, seed int64, lang locales.Lang, rubric Rubric, picks map[string]string) (Report, error) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s, err := NewSession(sc, seed, Test, WithClock(func() time.Time { return at }), WithLang(lang), WithTrainee("robot"))
	if err != nil {
		return Report{}, err
	}
	a, err := playBest(s, lang, picks)
	if err != nil {
		return Report{}, err
	}
	return Grade(sc, a, rubric), nil
}

func playBest(s *Session, lang locales.Lang, picks map[string]string) (Attempt, error) {
	for !s.Done() {
		t := s.Turn()
		if t.Entry != nil {
			want, _ := s.Expected(lang)
			if err := s.Enter(want); err != nil {
				return Attempt{}, err
			}
			continue
		}
		id := picks[t.ID]
		if id == "" {
			for _, c := range t.Choices {
				if c.Grade == Best {
					id = c.ID
					break
				}
			}
		}
		if err := s.Choose(id); err != nil {
			return Attempt{}, err
		}
	}
	return s.Attempt(), nil
}
