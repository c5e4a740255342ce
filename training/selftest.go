package training

import (
	"errors"
	"maps"
	"slices"
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
	before := len(v.l.issues)
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
	// Every model line earns its elements in both languages, wherever the
	// turn sits: a branch the best path never visits is checked too.
	vals, _ := sc.Draw(1, selfTestDays[0])
	env := &callEnv{sc: sc, vals: vals, company: "Robot Co", agent: "robot", seed: 1, day: selfTestDays[0]}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		if t.Response == nil {
			continue
		}
		for _, lang := range locales.Langs {
			j := judge(t.ID, t.Response, env.text(lang, t.Response.Model), judgeEnv{ver: JudgeVersion, lang: lang, vals: vals, lookup: env.lookup(lang), authed: true, currency: sc.env.currency})
			for _, e := range j.Elements {
				if e.Found != (e.Kind == Must) && !e.Waived {
					v.add(v.fp(sc.File).Field(t.Response.pos, "model"), "model_misses_element", map[string]any{"Element": e.ID, "Lang": string(lang)})
				}
			}
			if j.Register != nil && !j.Register.OK {
				v.add(v.fp(sc.File).Field(t.Response.pos, "model"), "model_not_usted", map[string]any{"Words": strings.Join(j.Register.TuForms, ", ")})
			}
		}
	}
	if len(v.l.issues) > before {
		return // the robot would only repeat it
	}
	// Several seeds: a draw decides the persona's gender and the turns
	// that depend on a chance, and the best path must hold on each.
	for seed := int64(1); seed <= robotSeeds; seed++ {
		for _, lang := range locales.Langs {
			rep, err := robot(sc, seed, lang, rubric, nil)
			if err != nil {
				v.add(sc.pos, "robot_failed", map[string]any{"Detail": err.Error(), "Seed": seed})
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
				for _, j := range rep.Responses {
					for _, e := range j.Elements {
						if e.Found != (e.Kind == Must) && !e.Waived {
							short = append(short, j.Turn+"/"+e.ID)
						}
					}
					if j.Register != nil && !j.Register.OK {
						short = append(short, j.Turn+"/usted:"+strings.Join(j.Register.TuForms, ","))
					}
				}
				v.add(v.field(sc.pos, "id"), "best_path_short", map[string]any{"Total": rep.Total, "Criteria": strings.Join(short, ",") + " (" + string(lang) + ")"})
				return
			}
		}
	}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		for j := range t.Choices {
			c := &t.Choices[j]
			if c.Grade == Best {
				continue
			}
			rep, ok, err := robotAt(sc, rubric, t.ID, c.ID)
			switch {
			case err != nil:
				v.add(v.field(c.pos, "id"), "robot_failed", map[string]any{"Detail": err.Error(), "Seed": 0})
			case !ok:
				// Behind a chance none of the robot's seeds draws: the
				// static checks cover its links.
			case c.Grade == Violation && len(rep.Blockers) == 0:
				v.add(v.field(c.pos, "grade"), "violation_without_blocker", map[string]any{"Choice": c.ID})
			case rep.Total >= 100 && len(rep.Blockers) == 0:
				v.add(v.field(c.pos, "grade"), "poor_costs_nothing", map[string]any{"Choice": c.ID})
			}
		}
		if t.Response != nil {
			// A poor line must cost something and lead somewhere that ends.
			rep, ok, err := robotAt(sc, rubric, t.ID, poorLine)
			switch {
			case err != nil:
				v.add(t.Response.pos, "robot_failed", map[string]any{"Detail": err.Error(), "Seed": 0})
			case ok && rep.Total >= 100 && len(rep.Blockers) == 0:
				v.add(t.Response.pos, "poor_costs_nothing", map[string]any{"Choice": t.ID})
			}
		}
	}
}

// poorLine is what the robot says to test a poor free response.
const poorLine = "mm"

// robotAt plays a route to a turn and answers it with pick there (a choice
// ID, or a line to say), best everywhere else; ok is false when none of the
// robot's seeds reaches the turn.
func robotAt(sc *Scenario, rubric Rubric, turn, pick string) (Report, bool, error) {
	route := routeTo(sc, turn)
	if route == nil && turn == sc.Persona.Supervisor {
		route = angryRoute(sc)
	}
	if route == nil {
		return Report{}, false, nil
	}
	route[turn] = pick
	for seed := int64(1); seed <= robotSeeds; seed++ {
		rep, err := robot(sc, seed, locales.ES, rubric, route)
		if err != nil {
			return rep, false, err
		}
		if slices.Contains(rep.Path, turn) {
			return rep, true, nil
		}
	}
	return Report{}, false, nil
}

// angryRoute picks, at every turn, the answer that costs the most
// patience without ending the call: the way to the supervisor demand.
func angryRoute(sc *Scenario) map[string]string {
	picks := map[string]string{}
	for _, t := range sc.Turns {
		worst, id := 0, ""
		for _, c := range t.Choices {
			if c.Mood < worst && !c.HangsUp && c.Grade != Violation {
				worst, id = c.Mood, c.ID
			}
		}
		if id != "" {
			picks[t.ID] = id
		}
	}
	return picks
}

// routeTo finds picks that lead from the first turn to target along the
// scenario's links (the best answer where any will do), or nil.
func routeTo(sc *Scenario, target string) map[string]string {
	r := &run{env: &callEnv{sc: sc}}
	seen := map[int]bool{}
	var walk func(i int, picks map[string]string) map[string]string
	walk = func(i int, picks map[string]string) map[string]string {
		if i < 0 || seen[i] {
			return nil
		}
		t := &sc.Turns[i]
		if t.ID == target {
			return picks
		}
		seen[i] = true
		defer delete(seen, i)
		type edge struct{ pick, next string }
		var edges []edge
		switch {
		case len(t.Choices) > 0:
			// The best choice first, so the route is the best path where
			// it can be.
			for _, c := range t.Choices {
				if c.Grade == Best {
					edges = append(edges, edge{c.ID, c.Next})
				}
			}
			for _, c := range t.Choices {
				if c.Grade != Best && c.Next != "" && !c.HangsUp {
					edges = append(edges, edge{c.ID, c.Next})
				}
			}
		case t.Response != nil:
			edges = append(edges, edge{"", ""})
			if t.Response.Poor.Next != "" {
				edges = append(edges, edge{poorLine, t.Response.Poor.Next})
			}
		default:
			edges = append(edges, edge{"", ""})
		}
		for _, e := range edges {
			next := r.defaultNext(i)
			if e.next != "" {
				next = r.index(e.next)
			}
			p := maps.Clone(picks)
			if e.pick != "" {
				p[t.ID] = e.pick
			}
			if out := walk(next, p); out != nil {
				return out
			}
		}
		return nil
	}
	return walk(r.firstTurn(), map[string]string{})
}

// robotSeeds are the seeds the robot plays the best path with.
const robotSeeds = 8

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
// everywhere (or the one picks names for a turn), the expected answer in
// every entry and the model line in every free response (or the line picks
// names), then grades the attempt.
func robot(sc *Scenario, seed int64, lang locales.Lang, rubric Rubric, picks map[string]string) (Report, error) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s, err := NewSession(sc, seed, Test, WithClock(func() time.Time { return at }), WithLang(lang), WithTrainee("robot"),
		WithRubric(rubric))
	if err != nil {
		return Report{}, err
	}
	a, err := playBest(s, lang, picks)
	if err != nil {
		return Report{}, err
	}
	return Grade(sc, a, rubric)
}

// playBest answers every turn: picks[turn] is the choice to make or the
// line to say there; otherwise the best choice, the expected figure or the
// model line.
func playBest(s *Session, lang locales.Lang, picks map[string]string) (Attempt, error) {
	if err := playUntil(s, lang, picks, ""); err != nil {
		return Attempt{}, err
	}
	return s.Attempt(), nil
}

// playUntil plays as playBest does and stops at the turn stop, or at the
// end of the call.
func playUntil(s *Session, lang locales.Lang, picks map[string]string, stop string) error {
	for n := 0; !s.Done(); n++ {
		if n > 10*len(s.sc.Turns)+10 {
			return errors.New("training: the call does not end")
		}
		t := s.Turn()
		if t.ID == stop {
			return nil
		}
		pick, picked := picks[t.ID]
		switch {
		case t.Response != nil:
			if !picked {
				pick, _ = s.Expected(lang)
			}
			if err := s.Respond(pick); err != nil {
				return err
			}
		case t.Entry != nil:
			if !picked {
				pick, _ = s.Expected(lang)
			}
			if err := s.Enter(pick); err != nil {
				return err
			}
		default:
			if !picked {
				for _, c := range t.Choices {
					if c.Grade == Best {
						pick = c.ID
						break
					}
				}
			}
			if err := s.Choose(pick); err != nil {
				return err
			}
		}
	}
	return nil
}
