package training

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"agentdesk/locales"
)

// flow checks how a scenario's turns link: every next names a turn (or
// "end"), conditions name drawn bools, every turn can be reached, no path
// loops, and the call trains the expectations step and a spoken recap.
func (v *validator) flow(sc *Scenario, names map[string]string) {
	ids := map[string]int{}
	for i, t := range sc.Turns {
		ids[t.ID] = i
	}
	ref := func(p Pos, key, id string) {
		if id == "" || id == End {
			return
		}
		if _, ok := ids[id]; !ok {
			v.add(v.field(p, key), "dangling_ref", map[string]any{"Kind": "turn", "ID": id})
		}
	}
	pp := tablePos(v.fp(sc.File), "persona")
	if s := sc.Persona.Supervisor; s != "" {
		ref(pp, "supervisor_turn", s)
		if i, ok := ids[s]; ok && !sc.Turns[i].Branch {
			v.add(v.field(pp, "supervisor_turn"), "supervisor_not_branch", map[string]any{"ID": s})
		}
	}
	expectations, recap := false, false
	for i := range sc.Turns {
		t := &sc.Turns[i]
		ref(t.pos, "next", t.Next)
		for _, key := range []string{"when", "unless"} {
			name := t.When
			if key == "unless" {
				name = t.Unless
			}
			if name != "" {
				v.ref(t.pos, key, name, names, KindBool)
			}
		}
		for j := range t.Choices {
			ref(t.Choices[j].pos, "next", t.Choices[j].Next)
		}
		if r := t.Response; r != nil {
			ref(v.fp(sc.File).Field(r.pos, "poor"), "next", r.Poor.Next)
		}
		expectations = expectations || t.Step == "expectations"
		recap = recap || (t.Step == "summary" && t.Response != nil)
	}
	if !expectations {
		v.add(v.field(sc.pos, "id"), "no_expectations", nil)
	}
	if !recap {
		v.add(v.field(sc.pos, "id"), "no_spoken_recap", nil)
	}
	if len(sc.Turns) == 0 {
		return
	}

	// The links as a graph: the plain order (skipping branches), each
	// turn's next, each answer's next, and the supervisor detour.
	r := &run{env: &callEnv{sc: sc}}
	succ := func(i int) []int {
		t := &sc.Turns[i]
		out := []int{r.defaultNext(i)}
		for _, c := range t.Choices {
			if c.Next != "" {
				out = append(out, r.index(c.Next))
			}
		}
		if t.Response != nil && t.Response.Poor.Next != "" {
			out = append(out, r.index(t.Response.Poor.Next))
		}
		// A turn skipped by its condition leads on as well.
		if t.When != "" || t.Unless != "" {
			out = append(out, r.defaultNext(i))
		}
		return out
	}
	reached := map[int]bool{}
	var reach func(i int)
	reach = func(i int) {
		if i < 0 || reached[i] {
			return
		}
		reached[i] = true
		for _, n := range succ(i) {
			reach(n)
		}
	}
	reach(r.firstTurn())
	if i, ok := ids[sc.Persona.Supervisor]; ok {
		reach(i)
	}
	for i := range sc.Turns {
		if !reached[i] {
			v.add(v.field(sc.Turns[i].pos, "id"), "unreachable_turn", map[string]any{"ID": sc.Turns[i].ID})
		}
	}
	// A loop would let a call go on for ever: depth-first, grey marks the
	// path being walked.
	const white, grey, black = 0, 1, 2
	color := make([]int, len(sc.Turns))
	var visit func(i int) bool
	visit = func(i int) bool {
		color[i] = grey
		for _, n := range succ(i) {
			if n < 0 {
				continue
			}
			if color[n] == grey {
				v.add(v.field(sc.Turns[i].pos, "id"), "turn_cycle", map[string]any{"From": sc.Turns[i].ID, "To": sc.Turns[n].ID})
				return true
			}
			if color[n] == white && visit(n) {
				return true
			}
		}
		color[i] = black
		return false
	}
	for i := range sc.Turns {
		if color[i] == white && visit(i) {
			break
		}
	}
}

// response checks a free-response turn: the prompt and model line, and
// every element's phrases, figure, blocker and weight.
func (v *validator) response(r *Response, names map[string]string) {
	p := r.pos
	v.text(p, "prompt", r.Prompt, false, names)
	v.text(p, "model", r.Model, false, names)
	v.text(p, "reply", r.Reply, true, names)
	v.text(p, "feedback", r.Feedback, true, names)
	pp := v.fp(p.File).Field(p, "poor")
	v.text(pp, "poor", r.Poor.Reply, true, names)
	if r.Poor.Mood < -3 || r.Poor.Mood > 2 {
		v.add(pp, "bad_value", map[string]any{"Key": "mood", "Value": r.Poor.Mood})
	}
	if math.IsNaN(r.PassAt) || r.PassAt < 0 || r.PassAt > 1 {
		v.add(v.field(p, "pass_at"), "bad_value", map[string]any{"Key": "pass_at", "Value": r.PassAt})
	}
	if math.IsNaN(r.RegisterWeight) || r.RegisterWeight < 0 || r.RegisterWeight > 10 {
		v.add(v.field(p, "register_weight"), "bad_value", map[string]any{"Key": "register_weight", "Value": r.RegisterWeight})
	}
	must := 0
	seen := map[string]bool{}
	for i := range r.Elements {
		e := &r.Elements[i]
		ep := e.pos
		v.id(ep, "element", e.ID, seen)
		if !v.oneOf(ep, "kind", e.kind(), []string{Must, MustNot}) {
			continue
		}
		if e.kind() == Must {
			must++
		}
		v.text(ep, "label", e.Label, false, names)
		if e.Figure == "" && (len(e.ES) == 0 || len(e.EN) == 0) {
			v.add(ep, "element_no_phrase", map[string]any{"ID": e.ID})
		}
		for _, ph := range append(slices.Clone(e.ES), e.EN...) {
			if len(compilePhrase(placeholderRE.ReplaceAllString(ph, "x"))) == 0 {
				v.add(v.fp(ep.File).LineWith(ep, ph), "bad_phrase", map[string]any{"Phrase": ph})
			}
			for _, n := range placeholdersIn(ph) {
				if _, ok := names[n]; !ok && !slices.Contains(Builtins, n) {
					v.add(v.fp(ep.File).LineWith(ep, "{{"), "unknown_placeholder", map[string]any{"Name": n})
				}
			}
		}
		if e.Figure != "" {
			v.ref(ep, "figure", e.Figure, names, KindMoney, KindDate, KindInt)
		}
		if e.Blocker != "" && (!slices.Contains(elementBlockers, e.Blocker) || e.kind() != MustNot) {
			v.add(v.field(ep, "blocker"), "bad_value", map[string]any{"Key": "blocker", "Value": e.Blocker})
		}
		if e.BeforeAuth && e.kind() != MustNot {
			v.add(v.field(ep, "before_auth"), "bad_value", map[string]any{"Key": "before_auth", "Value": e.kind()})
		}
		if math.IsNaN(e.Weight) || e.Weight < 0 || e.Weight > 10 {
			v.add(v.field(ep, "weight"), "bad_value", map[string]any{"Key": "weight", "Value": e.Weight})
		}
		if math.IsNaN(e.Tolerance) || e.Tolerance < 0 || e.Tolerance > 1e6 {
			v.add(v.field(ep, "tolerance"), "bad_value", map[string]any{"Key": "tolerance", "Value": e.Tolerance})
		}
	}
	if must == 0 {
		v.add(p, "no_must_element", nil)
	}
}

// ---------------------------------------------------------------- gender

// personaGenders are the grammatical genders the persona can be drawn with.
func personaGenders(sc *Scenario) map[string]bool {
	out := map[string]bool{}
	for _, x := range sc.Vars {
		if x.Name == sc.Persona.Name && x.Kind == KindPerson {
			out[Female] = len(x.Female) > 0
			out[Male] = len(x.Male) > 0
		}
	}
	return out
}

// genderedWords are Spanish words said of a person that agree with their
// gender: the masculine form and the feminine one. A scenario must say them
// through {{masculine|feminine}} whenever the persona can be the other
// gender. Words that also describe things ("un pago seguro") are matched
// only in a context that makes them about a person (genderedContext).
var genderedWords = [][2]string{
	{"tranquilo", "tranquila"}, {"molesto", "molesta"}, {"preocupado", "preocupada"}, {"enfadado", "enfadada"},
	{"enojado", "enojada"}, {"apurado", "apurada"}, {"cansado", "cansada"}, {"confundido", "confundida"},
	{"decepcionado", "decepcionada"}, {"satisfecho", "satisfecha"}, {"contento", "contenta"},
	{"interesado", "interesada"}, {"dispuesto", "dispuesta"},
	{"desconfiado", "desconfiada"}, {"indignado", "indignada"}, {"frustrado", "frustrada"}, {"harto", "harta"},
	{"nervioso", "nerviosa"}, {"sorprendido", "sorprendida"}, {"agradecido", "agradecida"},
	{"convencido", "convencida"}, {"encantado", "encantada"}, {"loco", "loca"},
	{"asustado", "asustada"}, {"ocupado", "ocupada"}, {"perdido", "perdida"}, {"feliz", "feliz"},
	{"señor", "señora"}, {"el cliente", "la clienta"}, {"un cliente", "una clienta"}, {"el señor", "clienta"},
}

// contextual are gendered words that also name or describe things ("un
// pago seguro", the "Bienvenida" promotion): they count only after a verb
// of state ("estoy seguro", "¿está segura?") or before "de" or "a"
// ("seguro de que", "¡Bienvenido a…!").
var contextual = [][2]string{{"seguro", "segura"}, {"bienvenido", "bienvenida"}, {"equivocado", "equivocada"}}

// cliticRE ends a text with an object pronoun: the gendered-looking word
// after it is a verb ("me molesta", "le preocupa").
var cliticRE = regexp.MustCompile(`(?i)(^|\s)(me|te|le|les|nos|se)\s+$`)

var stateVerbRE = regexp.MustCompile(`(?i)\b(estoy|está|esta|estaba|estuve|quedo|queda|quedó|siento|siente|sigo|sigue|soy|es)\s+(?:(?:muy|más|mas|bastante|tan|algo|un poco|completamente|totalmente)\s+)?$`)

// personaBound says whether a text key speaks about or to the persona.
// Feedback, hints and element labels speak to the trainee about "el
// cliente" as a role, which is not an agreement with the drawn person.
func personaBound(key string) bool {
	switch key {
	case "feedback", "hint", "terms", "unit":
		return false
	}
	return true
}

// thirdPerson are the keys that speak about the persona in English, where
// a pronoun shows the gender.
var thirdPerson = map[string]bool{"brief": true, "description": true, "mood": true, "options": true, "title": true}

var pronounRE = map[string]*regexp.Regexp{
	Male:   regexp.MustCompile(`\b(he|him|his|himself)\b`),
	Female: regexp.MustCompile(`\b(she|her|hers|herself)\b`),
}

// genderCheck reports a Spanish word that agrees with only one gender in a
// text about or to the persona, when the persona can be drawn with the
// other one.
func (v *validator) genderCheck(sc *Scenario, genders map[string]bool, p Pos, key string, t Text) {
	if !personaBound(key) {
		return
	}
	// Words inside {{masculine|feminine}} forms agree by construction.
	es := placeholderRE.ReplaceAllString(t.ES, " ")
	en := ""
	if thirdPerson[key] {
		en = placeholderRE.ReplaceAllString(t.EN, " ")
	}
	if word, other := disagreeing(es, en, genders); word != "" {
		v.add(v.fp(p.File).LineWith(p, word), "persona_gender", map[string]any{"Word": word, "Gender": other})
	}
}

// disagreeing finds a word of es (Spanish) or en (English, third person)
// that agrees with one gender when the persona can be the other: the word
// and the gender it fails. The validator runs it on raw texts, the tests
// on every rendered line.
func disagreeing(es, en string, canBe map[string]bool) (word, other string) {
	low := strings.ToLower(es)
	check := func(w string, gender string, contextOnly bool) (string, string) {
		for _, loc := range wordIndexes(low, w) {
			if cliticRE.MatchString(low[:loc]) {
				continue // a verb, not an adjective: "lo que me molesta"
			}
			if contextOnly {
				before := low[:loc]
				if strings.HasSuffix(before, "la ") || strings.HasSuffix(before, "una ") {
					continue // a noun with its article: "darle la bienvenida a"
				}
				afterW := strings.TrimSpace(low[loc+len(w):])
				if !stateVerbRE.MatchString(before) && !strings.HasPrefix(afterW, "de ") && !strings.HasPrefix(afterW, "a ") {
					continue
				}
			}
			o := Male
			if gender == Male {
				o = Female
			}
			if canBe[o] {
				return es[loc : loc+len(w)], o
			}
		}
		return "", ""
	}
	for _, pair := range genderedWords {
		if pair[0] == pair[1] {
			continue // invariable: listed so nobody adds it as gendered
		}
		if w, o := check(pair[0], Male, false); w != "" {
			return w, o
		}
		if w, o := check(pair[1], Female, false); w != "" {
			return w, o
		}
	}
	for _, pair := range contextual {
		if w, o := check(pair[0], Male, true); w != "" {
			return w, o
		}
		if w, o := check(pair[1], Female, true); w != "" {
			return w, o
		}
	}
	enLow := strings.ToLower(en)
	for g, o := range map[string]string{Male: Female, Female: Male} {
		if m := pronounRE[g].FindString(enLow); m != "" && canBe[o] {
			return m, o
		}
	}
	return "", ""
}

// wordIndexes finds w in s as whole words (letters on neither side).
func wordIndexes(s, w string) []int {
	var out []int
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return out
		}
		i += from
		end := i + len(w)
		beforeOK := i == 0 || !isLetterBefore(s, i)
		afterOK := end == len(s) || !isLetterAt(s, end)
		if beforeOK && afterOK {
			out = append(out, i)
		}
		from = i + 1
	}
}

func isLetterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// ---------------------------------------------------------------- choices

// MaxBestLongest is the share of choice turns of a pack in which the best
// option may be the longest: above it, length gives the answer away.
const MaxBestLongest = 0.40

// bestLongest refuses a pack whose best options are the longest in more
// than MaxBestLongest of its choice turns, and then lists those turns so
// the author knows where to rewrite.
func (v *validator) bestLongest(scenarios []*Scenario) {
	hits, total := bestLongestTurns(scenarios)
	if total == 0 || float64(len(hits)) <= MaxBestLongest*float64(total) {
		return
	}
	share := fmt.Sprintf("%.0f", 100*float64(len(hits))/float64(total))
	v.add(Pos{File: v.l.dir, Line: 0}, "best_longest_pack", map[string]any{"Count": len(hits), "Total": total, "Share": share, "Max": int(MaxBestLongest * 100)})
	for _, t := range hits {
		v.add(v.field(t.pos, "id"), "best_longest", map[string]any{"Turn": t.ID})
	}
}

// bestLongestTurns counts the choice turns (two options or more) of
// scenarios and returns those whose best option is the longest in either
// language.
func bestLongestTurns(scenarios []*Scenario) (hits []*Turn, total int) {
	for _, sc := range scenarios {
		for i := range sc.Turns {
			t := &sc.Turns[i]
			if len(t.Choices) < 2 {
				continue
			}
			total++
			if bestIsLongest(t, locales.ES) || bestIsLongest(t, locales.EN) {
				hits = append(hits, t)
			}
		}
	}
	return hits, total
}

// bestIsLongest says whether a best option is strictly longer than every
// other option of the turn in l.
func bestIsLongest(t *Turn, l locales.Lang) bool {
	best, other := 0, 0
	for _, c := range t.Choices {
		n := utf8.RuneCountInString(c.Label.Raw(l))
		if c.Grade == Best {
			best = max(best, n)
		} else {
			other = max(other, n)
		}
	}
	return best > other
}

// BestLongestShare is the share of a content's choice turns in which the
// best option is the longest, for reports and tests.
func (c *Content) BestLongestShare() (longest, total int) {
	hits, total := bestLongestTurns(c.Scenarios)
	return len(hits), total
}
