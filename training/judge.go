package training

import (
	"errors"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// JudgeVersion is the newest version of the free-response judge. A rubric
// names the version its grades were made with (Rubric.Judge), so a later
// change to the word lists below never re-grades an old attempt: a new
// judge ships with a new rubric version.
const JudgeVersion = 5

// Judge versions. Every one this build has stays: an attempt is judged
// with the version of the rubric it names, so an old grade is what it was.
//
//	1: the judge of rubric 2026.2.
//	2: a figure a must_not element with the over_authority blocker
//	   forbids, said in a refusal ("I can't promise you $80.00"), is not
//	   the promise; a count is never read from the digits of a date (a
//	   range of days, "5-7 días", is not a date), and a number followed by
//	   a unit of time ("7 business days") is never heard as a wrong amount.
//	3: the judge of rubric 2026.4. Usted's present tense is not the tú
//	   imperative it is spelled like: mira, oye and perdona are tú only
//	   where they open a clause and no clitic, pronoun, "si" or "usted"
//	   comes before them ("¿Me oye bien?", "si mira su cuenta" are usted).
//	   A numeric date is read in the call language's order (es day/month,
//	   en month/day), the other order only when that one is no date, as a
//	   typed date is. "No solo…", like "not only…", negates nothing. The
//	   articles un, una, uno and one are a count only before a unit of
//	   time ("un día hábil"; not "de una vez").
//	4: the judge of rubric 2026.5. An answer said in the other language
//	   than the call's earns nothing: the customer would not have
//	   understood it. Judge 3 still found its figures and gave it the
//	   usted register (an English line has no tú forms), so an English
//	   answer passed most turns of a Spanish call. What it says that it
//	   must not still counts against it. The usted register earns the
//	   share of the must elements said, not its whole weight: "Buenos
//	   días" earned a quarter of a greeting, and "Algo más" passed a
//	   recap that asks for the amount too.
//	5: the judge of rubric 2026.6. Key words strung together are not an
//	   answer: judge 4 scored "refund $22.50 5 business days 11/30/2026",
//	   each must element's words typed one after another, as the full
//	   sentence, so a trainee could pass by reading the rubric back. An
//	   answer whose other words hold no word that makes a sentence (an
//	   article, a pronoun, a preposition, a verb such as "es" or "will";
//	   "thank you", "gracias" are courtesies, not structure), or that has
//	   fewer distinct other words than runs of key words less one, earns
//	   nothing of what it had to say; what it says that it must not still
//	   counts. Key things said one right after another are as many items
//	   as matches (a key phrase with a verb is a clause, and joins
//	   itself), a figure the turn does not ask for joins nothing, and one
//	   article, preposition or pronoun alone among key words makes no
//	   sentence: "$22.50 5 business days 11/30/2026 the" is a list. A
//	   word shaped like a verb (a participle, "refunded", "reembolsados";
//	   a Spanish preterite or future with its accent) makes a sentence of
//	   a terse line: "$22.50 refunded. Anything else?" is one. A tú form
//	   typed without its accent ("podras", "¿estas de acuerdo?") is a tú
//	   form; "estas fechas" and "de veras" are not. A question that
//	   echoes the ask, answered by a refusal ("¿Que le reembolse...? Eso
//	   es imposible."), is a refusal of what it asked. A must element in
//	   the reach of the refusal the turn asks for ("no puedo darle datos
//	   por seguridad") is said, unless "o"/"ni"/"or" carries the refusal
//	   over to it. A must_not phrase said only inside a must element's
//	   words ("if it's approved" holds "it's approved") is not said. An
//	   answer that reads back two of the turn's element labels
//	   ("Confirms the refund..., says how long it takes...") earns
//	   nothing (ShapeRubric). A refusal carries over "or"/"o" in its
//	   clause ("I can't give you the balance or reset your PIN").
//	   Hesitations made of sentence words ("o sea", "este", "you know",
//	   "I mean") make no sentence of a list.
//	   A must element said and denied alike ("I can't refund you, I'll
//	   refund you"), the denial naming nothing the saying does not, is
//	   not said, and its weight counts against the answer. A refusal said
//	   through a verb chain ("I'm not going to be able to refund you", "no
//	   va a ser posible que le reembolse") negates what follows it. A must
//	   element said only in the negative ("I won't refund you") is the
//	   opposite of what the turn asks: its weight counts against the
//	   answer, where judge 4 only left it unearned. An answer of more
//	   words than three times the model line's (40 at least) earns
//	   nothing either: a ramble that says every phrase a rubric might
//	   hold is no line a customer can follow.
const (
	judgeInContext = 2
	judgeByUsage   = 3
	judgeLanguage  = 4
	judgeShape     = 5
)

// ErrJudgeVersion: the rubric asks for a judge this build does not have.
var ErrJudgeVersion = errors.New("training: unknown judge version")

// Judgement is a free response, judged element by element: what a trainer
// reads to see why an answer earned what it did.
type Judgement struct {
	Turn     string          `json:"turn"`
	Lang     locales.Lang    `json:"lang"`
	Mark     float64         `json:"mark"` // 0 to 1
	Poor     bool            `json:"poor"` // below the turn's pass_at: the caller reacts to it
	Elements []ElementResult `json:"elements"`
	Register *RegisterResult `json:"register,omitempty"`
	Blockers []string        `json:"blockers,omitempty"`
	// OtherLanguage: the answer was said in the other language than the
	// call's (judge 4 on), so none of its must elements counts.
	OtherLanguage bool `json:"other_language,omitempty"`
	// Shape (judge 5 on): the answer holds key words but is not said as a
	// sentence to a customer (ShapeList, ShapeKeywords), so none of its
	// must elements counts; Keywords are the words it strung together.
	Shape    string   `json:"shape,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
	// Length and MaxLength are the words of a ShapeLong answer and the most
	// the turn allows.
	Length    int `json:"length,omitempty"`
	MaxLength int `json:"max_length,omitempty"`
}

// Shapes of an answer that earns nothing of what it had to say.
const (
	// ShapeList: the words around the key words make no sentence.
	ShapeList = "list"
	// ShapeKeywords: fewer distinct other words than runs of key words
	// less one.
	ShapeKeywords = "keywords"
	// ShapeLong: more words than a customer follows in one turn: three
	// times the model line's, and never fewer than minMaxLength.
	ShapeLong = "long"
	// ShapeRubric: the answer reads back what the turn is marked on, two
	// element labels or more ("confirms the refund, says the amount...").
	ShapeRubric = "rubric"
)

// minMaxLength is the fewest words the length bound allows, so a turn
// with a short model line still takes a natural sentence or two.
const minMaxLength = 40

// ElementResult is one element of a judged answer.
type ElementResult struct {
	ID     string  `json:"id"`
	Kind   string  `json:"kind"` // must or must_not
	Weight float64 `json:"weight"`
	// Found: a must element was said, or a must_not element was (a fault).
	Found bool `json:"found"`
	// Matched are the words of the answer that matched, as typed. A must
	// element with Matched yet not Found was only listed, or lost in a
	// ramble (Judgement.Shape), or Contradicted.
	Matched []string `json:"matched,omitempty"`
	// Negated are matches a negation cancelled ("no le puedo ofrecer…").
	Negated []string `json:"negated,omitempty"`
	// Heard are the figures read in the answer when the one expected was
	// not among them: the evidence of a wrong figure.
	Heard []string `json:"heard,omitempty"`
	// Waived: a before_auth element answered after authentication.
	Waived bool `json:"waived,omitempty"`
	// Contradicted (judge 5 on): a must element said (Matched) and denied
	// (Negated) alike, the denial adding nothing the saying does not
	// repeat; not Found, and its weight counts against the answer.
	Contradicted bool `json:"contradicted,omitempty"`
	// Denied (judge 5 on): a must element said only in the negative; its
	// weight counts against the answer.
	Denied bool `json:"denied,omitempty"`
}

// RegisterResult is the Spanish register check.
type RegisterResult struct {
	OK      bool     `json:"ok"`
	Weight  float64  `json:"weight"`
	TuForms []string `json:"tu_forms,omitempty"` // the tú forms found, as typed
}

// judgeEnv is what a judgement depends on besides the answer: the call's
// values and placeholders, and whether the caller is authenticated yet.
type judgeEnv struct {
	ver      int // judge version
	lang     locales.Lang
	vals     Values
	lookup   func(string) (string, bool)
	authed   bool
	currency string
}

// judge scores a free response. It is a pure function of the response's
// elements, the answer and the environment: the session's feedback, the
// grader and `agentctl drill judge` all call it.
func judge(turn string, r *Response, text string, env judgeEnv) Judgement {
	j := Judgement{Turn: turn, Lang: env.lang, Elements: []ElementResult{}}
	ans := analyse(text)
	ans.ver, ans.lang = env.ver, env.lang
	j.OtherLanguage = env.ver >= judgeLanguage && ans.otherLanguage(env.lang)
	var want, got, lost float64
	// Every match, said or negated: the answer's key words, as spans and
	// as the words that matched (a "..." gap's words are the trainee's).
	var keys [][2]int
	keyWords := map[int]bool{}
	// Per element: where the negations that cancelled its matches start,
	// and the matches said of the must elements, to tell whose refusal a
	// negation is.
	negAt := make([][]int, len(r.Elements))
	negOf := make([][][2]int, len(r.Elements)) // the matches negAt cancelled
	saidAt := make([][][2]int, len(r.Elements))
	for i := range r.Elements {
		e := &r.Elements[i]
		res := ElementResult{ID: e.ID, Kind: e.kind(), Weight: e.weight()}
		if e.kind() == MustNot && e.BeforeAuth && env.authed {
			res.Waived = true
			j.Elements = append(j.Elements, res)
			continue
		}
		if e.kind() == Must && j.OtherLanguage {
			want += res.Weight // said, it was not said to this customer
			j.Elements = append(j.Elements, res)
			continue
		}
		langs := []locales.Lang{env.lang}
		if e.kind() == MustNot {
			// Saying it in the other language is saying it.
			langs = append(langs, env.lang.Other())
		}
		var affirmed, denied [][2]int
		for _, l := range langs {
			for _, p := range e.phrases(l) {
				ph := compilePhrase(fill(p, env.lookup))
				for _, m := range ans.find(ph) {
					keys = append(keys, m)
					for _, k := range ans.wordsAt(ph, m[0]) {
						keyWords[k] = true
					}
					if n := ans.negatorAt(m); e.negation() && n >= 0 {
						res.Negated = appendNew(res.Negated, ans.span(m))
						denied = append(denied, m)
						negAt[i] = append(negAt[i], n)
						negOf[i] = append(negOf[i], m)
					} else {
						res.Matched = appendNew(res.Matched, ans.span(m))
						affirmed = append(affirmed, m)
					}
				}
			}
		}
		if env.ver >= judgeShape && e.kind() == Must {
			res.Contradicted = ans.contradicts(denied, affirmed, env.lang)
		}
		if env.ver >= judgeShape {
			saidAt[i] = affirmed
		}
		if e.Figure != "" {
			if v, ok := env.vals.Get(e.Figure); ok {
				found, heard := ans.figure(v, e.Tolerance, env.ver >= judgeInContext)
				for _, m := range found {
					// A figure's unit ("US$", "días hábiles") is part of
					// saying it, not a word around it.
					key := m
					for key[1] < len(ans.toks) && figureUnits[ans.toks[key[1]].w] {
						key[1]++
					}
					keys = append(keys, key)
					for k := key[0]; k < key[1]; k++ {
						keyWords[k] = true
					}
					// A figure a promise forbids, said in a refusal ("I
					// can't promise you $80.00"), is not the promise. A
					// figure that must not be disclosed is disclosed all the
					// same in "you don't have to pay the $48.00 today".
					if env.ver >= judgeInContext && e.kind() == MustNot && e.Blocker == BlockerOverAuthority && e.negation() && ans.negated(m) {
						res.Negated = appendNew(res.Negated, ans.span(m))
						continue
					}
					res.Matched = appendNew(res.Matched, ans.span(m))
				}
				if len(found) == 0 {
					for _, m := range heard {
						res.Heard = appendNew(res.Heard, ans.span(m))
					}
				}
			}
		}
		res.Found = len(res.Matched) > 0 && !res.Contradicted
		switch {
		case e.kind() == Must:
			want += res.Weight
			if res.Found {
				got += res.Weight
			}
			if res.Contradicted {
				// The customer heard it and its opposite: the answer
				// leaves them worse off than silence would.
				lost += res.Weight
			}
		case res.Found:
			lost += res.Weight
			if e.Blocker != "" {
				j.Blockers = appendNew(j.Blockers, e.Blocker)
			}
		}
		j.Elements = append(j.Elements, res)
	}
	if env.ver >= judgeShape {
		// Said only in the negative: the customer heard the opposite of
		// what the turn asks ("I won't refund you"), unless the negation
		// is another must element said, the refusal the turn asks for
		// ("no puedo darle datos por seguridad" refuses the data, it does
		// not deny the reason).
		// A must_not phrase said only inside a must element's words is
		// that element said ("if it's approved" holds "it's approved"):
		// the customer heard the condition, not the promise.
		for i := range j.Elements {
			res := &j.Elements[i]
			if res.Kind != MustNot || !res.Found || r.Elements[i].Figure != "" || len(saidAt[i]) == 0 {
				continue
			}
			inside := func(m [2]int) bool {
				for k, spans := range saidAt {
					if j.Elements[k].Kind == Must && j.Elements[k].Found &&
						slices.ContainsFunc(spans, func(s [2]int) bool { return s[0] <= m[0] && m[1] <= s[1] && s != m }) {
						return true
					}
				}
				return false
			}
			if !slices.ContainsFunc(saidAt[i], func(m [2]int) bool { return !inside(m) }) {
				res.Found, res.Matched = false, nil
				lost -= res.Weight
			}
		}
		j.Blockers = nil
		for i, e := range j.Elements {
			if e.Kind == MustNot && e.Found && r.Elements[i].Blocker != "" {
				j.Blockers = appendNew(j.Blockers, r.Elements[i].Blocker)
			}
		}
		saidWith := func(n, self int) ([2]int, bool) {
			for k, spans := range saidAt {
				if k == self || j.Elements[k].Kind != Must || !j.Elements[k].Found {
					continue
				}
				if i := slices.IndexFunc(spans, func(m [2]int) bool { return n >= m[0] && n < m[1] }); i >= 0 {
					return spans[i], true
				}
			}
			return [2]int{}, false
		}
		inSaid := func(n, self int) bool { _, ok := saidWith(n, self); return ok }
		for i := range j.Elements {
			res := &j.Elements[i]
			// Said within the reach of the refusal the turn asks for, and
			// not joined to it by "or"/"ni": the refusal's reason or
			// subject ("no puedo darle datos por seguridad", "I can't
			// share that for security reasons") is said, not refused.
			if res.Kind == Must && !res.Found && !res.Contradicted && len(negAt[i]) > 0 &&
				!slices.ContainsFunc(negAt[i], func(n int) bool { return !inSaid(n, i) }) {
				reason := true
				for x, n := range negAt[i] {
					refusal, _ := saidWith(n, i)
					for k := refusal[1]; k < negOf[i][x][0]; k++ {
						reason = reason && !coordinators[ans.toks[k].w] && !isNegator(ans.toks[k].w)
					}
				}
				if reason {
					res.Found, res.Matched, res.Negated = true, res.Negated, nil
					got += res.Weight
					continue
				}
			}
			if res.Kind == Must && !res.Found && !res.Contradicted && slices.ContainsFunc(negAt[i], func(n int) bool { return !inSaid(n, i) }) {
				res.Denied = true
				lost += res.Weight
			}
		}
	}
	said := 0
	for _, e := range j.Elements {
		if e.Kind == Must && e.Found {
			said++
		}
	}
	// A list has two items at least: one element said in a word or two
	// ("Algo más") earns its share, as before.
	if env.ver >= judgeShape && !j.OtherLanguage && said >= 1 {
		bound := max(minMaxLength, 3*len(analyse(fill(r.Model.Raw(env.lang), env.lookup)).toks))
		readBack := ans.readBack(r, env)
		switch {
		case len(ans.toks) > bound:
			j.Shape, j.Length, j.MaxLength = ShapeLong, len(ans.toks), bound
		case len(readBack) >= 2:
			j.Shape = ShapeRubric
		case said >= 2:
			j.Shape = ans.shape(keys, keyWords, env.lang)
		}
		if j.Shape != "" {
			// Listed is not said: the must elements keep their words, to
			// show the trainee what was listed, and earn nothing.
			got = 0
			for i := range j.Elements {
				if e := &j.Elements[i]; e.Kind == Must && e.Found {
					e.Found = false
				}
			}
			switch j.Shape {
			case ShapeRubric:
				j.Keywords = readBack
			case ShapeList, ShapeKeywords:
				j.Keywords = ans.keywords(keys)
			}
		}
	}
	if env.lang == locales.ES && r.usted() && !j.OtherLanguage && j.Shape == "" {
		reg := &RegisterResult{Weight: r.registerWeight(), TuForms: ans.tuForms()}
		reg.OK = len(reg.TuForms) == 0
		// From judge 4 usted earns the share of the must elements said:
		// a line with no tú form is not yet a line well said ("Buenos
		// días" earned a quarter of the greeting, "Algo más" passed the
		// recap). A tú form costs its weight as before.
		share := 1.0
		if env.ver >= judgeLanguage && want > 0 {
			share = got / want
		}
		want += reg.Weight
		if reg.OK {
			got += reg.Weight * share
		}
		j.Register = reg
	}
	switch {
	case len(ans.toks) == 0 || j.OtherLanguage || j.Shape != "":
		j.Mark = 0
	case want == 0:
		j.Mark = b2f(lost == 0)
	default:
		j.Mark = round(math.Max(0, math.Min(1, (got-lost)/want)), 3)
	}
	j.Poor = j.Mark < r.passAt() || len(j.Blockers) > 0
	return j
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// ---------------------------------------------------------------- words

// token is a word of an answer: folded for matching, with where it sits in
// the text (to quote it back) and its clause (negation does not cross a
// comma or a "pero").
type token struct {
	w          string
	start, end int
	clause     int
}

type answer struct {
	text string
	toks []token
	// ver and lang are the judge version and the call language the answer
	// is read with; from judgeByUsage on they decide the tú forms, the
	// order of a numeric date, the idioms and the articles. An answer
	// analysed on its own (ver 0) reads as judge 1 and 2 did.
	ver  int
	lang locales.Lang
	// the dates said, found once
	datesAt   []dateAt
	datesDone bool
}

// clauseWords open a new clause, as punctuation does.
var clauseWords = map[string]bool{"pero": true, "sino": true, "aunque": true, "but": true, "however": true, "although": true}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
}

// analyse splits an answer into folded words. Digits joined by a point or
// a comma stay one word (12,50 is an amount, not a clause break), and so do
// words joined by a hyphen (twenty-one, e-mail).
func analyse(text string) answer {
	a := answer{text: text}
	clause := 0
	// Runes and their byte offsets in the text as it is: an invalid byte
	// is one rune of width one, so a quote never cuts a character apart.
	var rs []rune
	var offs []int
	for i, r := range text {
		rs = append(rs, r)
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	for i := 0; i < len(rs); {
		r := rs[i]
		if !isWordRune(r) {
			if strings.ContainsRune(".,;:!?¿¡()[]\"«»“”\n", r) {
				clause++
			}
			i++
			continue
		}
		j := i
		for j < len(rs) {
			if isWordRune(rs[j]) {
				j++
				continue
			}
			if j+1 < len(rs) && (rs[j] == '.' || rs[j] == ',') && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]) {
				j++
				continue
			}
			if j+1 < len(rs) && rs[j] == '-' && unicode.IsLetter(rs[j-1]) && unicode.IsLetter(rs[j+1]) {
				j++
				continue
			}
			break
		}
		w := fold(string(rs[i:j]))
		w = strings.Trim(w, "'")
		if w != "" {
			if clauseWords[w] {
				clause++
			}
			a.toks = append(a.toks, token{w: w, start: offs[i], end: offs[j], clause: clause})
		}
		i = j
	}
	return a
}

// fold is playbook.Fold with one apostrophe, so "can’t" and "can't" match.
func fold(s string) string { return strings.ReplaceAll(playbook.Fold(s), "’", "'") }

// span is the text a match covers, as the trainee typed it.
func (a *answer) span(m [2]int) string {
	return strings.TrimSpace(a.text[a.toks[m[0]].start:a.toks[m[1]-1].end])
}

// phrase is a compiled element phrase.
type phrase []pword

type pword struct {
	w      string
	prefix bool // ended in *: inflections match
	gap    bool // "...": up to maxGap words
}

const maxGap = 3

func compilePhrase(p string) phrase {
	var out phrase
	for _, chunk := range strings.Fields(p) {
		if chunk == "..." || chunk == "…" {
			if len(out) > 0 && !out[len(out)-1].gap {
				out = append(out, pword{gap: true})
			}
			continue
		}
		star := strings.HasSuffix(chunk, "*")
		chunk = strings.TrimRight(chunk, "*")
		ws := analyse(chunk).toks
		for i, t := range ws {
			out = append(out, pword{w: t.w, prefix: star && i == len(ws)-1})
		}
	}
	for len(out) > 0 && out[len(out)-1].gap {
		out = out[:len(out)-1]
	}
	return out
}

func (w pword) matches(t string) bool {
	if w.prefix {
		return strings.HasPrefix(t, w.w)
	}
	return t == w.w
}

// find returns every [start, end) span of tokens the phrase matches; at a
// given start the shortest match wins.
func (a *answer) find(p phrase) [][2]int {
	if len(p) == 0 {
		return nil
	}
	var out [][2]int
	for i := range a.toks {
		if end, ok := a.matchAt(p, 0, i); ok {
			out = append(out, [2]int{i, end})
		}
	}
	return out
}

func (a *answer) matchAt(p phrase, k, i int) (int, bool) {
	if k == len(p) {
		return i, true
	}
	if p[k].gap {
		for skip := 0; skip <= maxGap && i+skip <= len(a.toks); skip++ {
			if end, ok := a.matchAt(p, k+1, i+skip); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i >= len(a.toks) || !p[k].matches(a.toks[i].w) {
		return 0, false
	}
	return a.matchAt(p, k+1, i+1)
}

// ---------------------------------------------------------------- negation

var negators = map[string]bool{
	"no": true, "nunca": true, "jamas": true, "tampoco": true, "ni": true, "sin": true, "nadie": true,
	"ningun": true, "ninguna": true, "ninguno": true, "nada": true,
	"not": true, "never": true, "cannot": true, "nor": true, "without": true, "none": true, "nobody": true,
	"nothing": true, "unable": true, "cant": true, "wont": true, "dont": true, "didnt": true, "doesnt": true,
	"isnt": true, "arent": true, "wasnt": true, "couldnt": true, "shouldnt": true, "wouldnt": true,
}

func isNegator(w string) bool { return negators[w] || strings.HasSuffix(w, "n't") }

// idioms start with a negator yet negate nothing that follows: "no se
// preocupe, le hago el reembolso" offers the refund.
var idioms = [][]string{
	{"no", "se", "preocupe"}, {"no", "se", "preocupen"}, {"no", "hay", "problema"}, {"no", "olvide"},
	{"no", "dude"}, {"sin", "problema"}, {"sin", "duda"}, {"no", "problem"}, {"no", "worries"},
	{"don't", "worry"}, {"dont", "worry"}, {"not", "worry"}, {"not", "only"}, {"don't", "hesitate"},
	{"not", "hesitate"}, {"no", "doubt"}, {"don't", "forget"}, {"not", "forget"},
}

// idiomsByUsage are idioms from judgeByUsage on: "no solo le reembolso el
// cargo, sino…" offers the refund, as "not only" does in English.
var idiomsByUsage = [][]string{{"no", "solo"}, {"no", "solamente"}, {"no", "unicamente"}}

// after are what negates a phrase from behind: "el reembolso no es
// posible", "a refund isn't possible".
var after = [][]string{
	{"no", "es", "posible"}, {"no", "seria", "posible"}, {"no", "procede"}, {"no", "aplica"},
	{"no", "se", "puede"}, {"no", "esta", "disponible"},
	{"is", "not", "possible"}, {"isn't", "possible"}, {"is", "not", "available"}, {"isn't", "available"},
	{"not", "possible"}, {"can't", "be"}, {"cannot", "be"}, {"won't", "be"}, {"wouldn't", "be"},
	{"doesn't", "apply"}, {"does", "not", "apply"}, {"is", "not", "an", "option"}, {"isn't", "an", "option"},
}

const negationReach = 5

// refusals (judge 5 on) are verb chains that refuse what follows them
// within maxGap words, however long the chain: "no estoy en condiciones de
// hacerle el reembolso", "I refuse to refund you".
var refusals = [][]string{
	{"no", "voy", "a", "poder"}, {"no", "vamos", "a", "poder"}, {"no", "va", "a", "ser", "posible"},
	{"no", "sera", "posible"}, {"no", "seria", "posible"}, {"no", "me", "es", "posible"}, {"no", "nos", "es", "posible"},
	{"no", "estoy", "en", "condiciones"}, {"no", "estamos", "en", "condiciones"}, {"me", "niego", "a"}, {"nos", "negamos", "a"},
	{"no", "hay", "forma"}, {"no", "hay", "manera"}, {"de", "ninguna", "manera"}, {"imposible"},
	{"not", "going", "to", "be", "able"}, {"not", "be", "able"}, {"won't", "be", "able"}, {"wouldn't", "be", "able"},
	{"not", "able"}, {"not", "in", "a", "position"}, {"refuse", "to"}, {"decline", "to"}, {"no", "way"}, {"impossible"},
}

// coordinators carry a refusal over to what follows them: "I can't give
// you the balance or reset your PIN" refuses the reset too. "y" and "and"
// do not: "no tiene costo y conserva su plan" keeps the plan.
var coordinators = setOf("o", "u", "ni", "or", "nor")

// echoRefusals answer a question the agent echoes: what opens the clause
// after it refuses what the question asked.
var echoRefusals = [][]string{
	{"imposible"}, {"es", "imposible"}, {"eso", "es", "imposible"}, {"no", "es", "posible"}, {"eso", "no", "es", "posible"},
	{"no", "se", "puede"}, {"no", "puedo"}, {"no", "podemos"}, {"de", "ninguna", "manera"}, {"para", "nada"},
	{"impossible"}, {"that's", "impossible"}, {"that", "is", "impossible"}, {"not", "possible"}, {"that's", "not", "possible"},
	{"no", "way"}, {"i", "can't"}, {"i", "cannot"}, {"we", "can't"}, {"we", "cannot"}, {"not", "a", "chance"},
}

// clauseEnd is the first token after the clause of token i.
func (a *answer) clauseEnd(i int) int {
	k := i + 1
	for k < len(a.toks) && a.toks[k].clause == a.toks[i].clause {
		k++
	}
	return k
}

func (a *answer) startsWith(i int, seq []string) bool {
	if i+len(seq) > len(a.toks) {
		return false
	}
	for k, w := range seq {
		if a.toks[i+k].w != w || a.toks[i+k].clause != a.toks[i].clause {
			return false
		}
	}
	return true
}

// negated reports whether a negation in the same clause cancels a match:
// a negator up to five words before it (not one of the idioms), or a
// negating predicate up to three words after it.
func (a *answer) negated(m [2]int) bool { return a.negatorAt(m) >= 0 }

// negatorAt is the token where the negation that cancels a match starts,
// as negated finds it, or -1.
func (a *answer) negatorAt(m [2]int) int {
	c := a.toks[m[0]].clause
	if j := a.negatorBefore(m[0], negationReach); j >= 0 {
		return j
	}
	// A refusal carries over "or" to what it joins, in its clause: "I
	// can't give you the balance or reset your PIN", "no puedo darle el
	// saldo de su cuenta o restablecer su PIN" refuse the reset too,
	// however far the negator sits from it.
	if a.ver >= judgeShape {
		for k := m[0] - 1; k >= 0 && k >= m[0]-negationReach && a.toks[k].clause == c; k-- {
			if orWords[a.toks[k].w] {
				if j := a.negatorBefore(k, k); j >= 0 {
					return j
				}
			}
		}
	}
	// A refusal said through a verb chain ("I'm not going to be able to
	// refund you", "no va a ser posible que le reembolse") puts its negator
	// past the reach above; the chain ends at most maxGap words before.
	if a.ver >= judgeShape {
		for j := m[0] - 1; j >= 0 && a.toks[j].clause == c; j-- {
			for _, seq := range refusals {
				if end := j + len(seq); end <= m[0] && m[0]-end <= maxGap && a.startsWith(j, seq) {
					return j
				}
			}
		}
	}
	// A question that echoes the customer's ask, answered by a refusal
	// ("¿Que le reembolse 22,50 US$? Eso es imposible.", "Refund you?
	// No way."): the refusal opens the next clause.
	if a.ver >= judgeShape {
		if k := a.clauseEnd(m[1] - 1); k < len(a.toks) && strings.Contains(a.text[a.toks[k-1].end:a.toks[k].start], "?") &&
			slices.ContainsFunc(echoRefusals, func(seq []string) bool { return a.startsWith(k, seq) }) {
			return k
		}
	}
	// Behind it, after at most a few words of the same clause: "a refund
	// of $20 isn't possible".
	for k := m[1]; k < len(a.toks) && k <= m[1]+3 && a.toks[k].clause == a.toks[m[1]-1].clause; k++ {
		for _, seq := range after {
			if a.startsWith(k, seq) {
				return k
			}
		}
	}
	return -1
}

// negatorBefore is the negator up to reach words before token i, in its
// clause and not one of the idioms, or -1.
func (a *answer) negatorBefore(i, reach int) int {
	c := a.toks[i].clause
	for j := i - 1; j >= 0 && j >= i-reach && a.toks[j].clause == c; j-- {
		if !isNegator(a.toks[j].w) {
			continue
		}
		starts := func(seq []string) bool { return a.startsWith(j, seq) }
		idiom := slices.ContainsFunc(idioms, starts) || a.ver >= judgeByUsage && slices.ContainsFunc(idiomsByUsage, starts)
		if !idiom {
			return j
		}
	}
	return -1
}

// orWords join an alternative to what a refusal refuses (judge 5 on).
var orWords = setOf("or", "o", "u")

// negationWords are the words of a negation itself, what a refusal says
// beyond its subject: negators and the words of the predicates in after.
var negationWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range negators {
		m[w] = true
	}
	for _, seq := range after {
		for _, w := range seq {
			m[w] = true
		}
	}
	return m
}()

// contradicts reports whether a denial of an element takes back a saying
// of it in another clause: the denial's clause says nothing beyond the element, the negation
// and the words that make a sentence, or nothing the saying's clause does
// not say too. "I can't refund you, I'll refund you $22.50" contradicts
// itself; "I can't refund you in cash, but I'll refund you to your card"
// narrows the refusal to cash.
func (a *answer) contradicts(denied, affirmed [][2]int, lang locales.Lang) bool {
	wordsOf := func(c int) map[string]bool {
		m := map[string]bool{}
		for _, t := range a.toks {
			if t.clause == c {
				m[t.w] = true
			}
		}
		return m
	}
	for _, d := range denied {
		c := a.toks[d[0]].clause
		var extra []string
		for i, t := range a.toks {
			if t.clause != c || (i >= d[0] && i < d[1]) || isNegator(t.w) || negationWords[t.w] || structureWords[lang][t.w] {
				continue
			}
			extra = append(extra, t.w)
		}
		for _, m := range affirmed {
			if a.toks[m[0]].clause == c {
				continue // one saying read two ways, not a saying and its denial
			}
			said := wordsOf(a.toks[m[0]].clause)
			if !slices.ContainsFunc(extra, func(w string) bool { return !said[w] }) {
				return true
			}
		}
	}
	return false
}

// ---------------------------------------------------------------- language

// functionWords are the short words every sentence of a language is made
// of and the other language does not use (folded; words both share, such
// as "a", "no", "me" or "has", are left out): what tells an answer's
// language, whatever its subject.
var functionWords = map[locales.Lang]map[string]bool{
	locales.ES: setOf("el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "su", "sus", "le", "les",
		"lo", "se", "por", "para", "con", "es", "esta", "estan", "son", "al", "muy", "pero", "como", "mas", "ya", "hay",
		"usted", "ustedes", "nuestro", "nuestra", "gracias", "puede", "sin", "hasta", "cuando", "donde", "tambien",
		"porque", "este", "ese", "esa", "eso", "algo", "ha", "si", "ni", "o", "e"),
	locales.EN: setOf("the", "and", "to", "of", "you", "your", "is", "are", "was", "for", "it", "in", "on", "we",
		"our", "that", "this", "with", "be", "will", "can", "have", "at", "by", "from", "an", "as", "it's", "i'm",
		"i'll", "i've", "you'll", "you're", "there", "thank", "thanks", "please", "would", "any", "anything", "else",
		"help", "what", "if", "or", "i", "my", "all", "which", "just", "today"),
}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// otherLanguage reports whether the answer is said in the other language
// than lang: more of its words are the other language's function words
// than lang's, and at least two. An answer of figures and names alone,
// or with a borrowed word or two ("su email"), stays in the call's.
func (a *answer) otherLanguage(lang locales.Lang) bool {
	own, other := 0, 0
	for _, t := range a.toks {
		if functionWords[lang][t.w] {
			own++
		}
		if functionWords[lang.Other()][t.w] {
			other++
		}
	}
	return other >= 2 && other > own
}

// ---------------------------------------------------------------- shape

// structureWords make a sentence of key words: articles, pronouns and
// clitics, prepositions, conjunctions and the commonest verbs (folded).
// Courtesies ("gracias", "thank you", "please"), the words of a question
// tag ("algo más", "anything else") and fillers ("ok", "so", "bueno") are
// not among them: a list holds them as easily as a sentence does.
var structureWords = map[locales.Lang]map[string]bool{
	locales.ES: setOf("el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "le", "les", "se", "me", "nos",
		"mi", "su", "sus", "usted", "ustedes", "yo", "de", "del", "al", "a", "en", "con", "por", "para", "desde",
		"hasta", "sobre", "entre", "sin", "que", "y", "e", "o", "u", "si", "como", "cuando", "donde", "porque",
		"es", "son", "esta", "estan", "estoy", "fue", "era", "ser", "estar", "ha", "han", "he", "hemos", "hay",
		"puede", "puedo", "podemos", "voy", "va", "vamos", "van", "tiene", "tengo", "tenemos", "queda", "quedo",
		"este", "esa", "ese", "eso", "esto", "nuestro", "nuestra",
		// the verbs of a short line: "habla Ana", "soy Ana", "lo verá"
		"habla", "hablo", "soy", "atiende", "atiendo", "saluda", "saludo", "llamo", "veo", "vera", "recibira",
		"hago", "hacemos", "reviso", "revisamos", "confirmo", "ayudo", "necesita", "desea", "quiere", "sera",
		"paga", "pague", "pagaria", "pagar", "llame", "llamar", "cuesta", "viene", "funciona"),
	locales.EN: setOf("the", "a", "an", "to", "of", "for", "in", "on", "at", "with", "from", "by", "about", "into",
		"and", "or", "but", "if", "that", "this", "these", "those", "which", "who", "what", "when", "where",
		"i", "i'm", "i'll", "i've", "i'd", "me", "my", "we", "we'll", "we're", "we've", "us", "our", "you",
		"you're", "you'll", "you've", "your", "it", "it's", "its", "they", "their", "them", "there", "is", "are",
		"was", "were", "be", "been", "will", "would", "can", "could", "should", "have", "has", "had", "do", "does",
		"did", "let", "let's", "as", "than",
		// the verbs of a short line: "Ana speaking", "I'm Ana", "you'll see it"
		"speaking", "am", "see", "get", "check", "look", "send", "give", "take", "need", "want", "know",
		"pay", "paid", "call", "go", "make", "keep", "cost", "costs", "come", "work", "works",
		"you'd", "we'd", "they'd", "that's", "there's", "here's", "it'll", "that'll"),
}

// shape tells whether an answer with key words is said as a sentence:
// "" when it is, ShapeList when none of its other words makes a sentence,
// ShapeKeywords when it has fewer distinct other words than items of key
// words less one ("the refund the $22.50 the 5 business days the 11/30",
// "$22.50 5 business days 11/30 the"). keys are the matches' spans
// (overlapping ones make one item, touching ones two), words the tokens
// that matched a phrase word or a figure.
func (a *answer) shape(keys [][2]int, words map[int]bool, lang locales.Lang) string {
	// Key things said one right after another are as many items as there
	// are matches that do not overlap: "$22.50 5 business days 11/30/2026"
	// is three, so a sentence word typed at either end ("... the") joins
	// none of them.
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(x, y [2]int) int { return x[0] - y[0] })
	var spans [][2]int
	for _, m := range keys {
		if n := len(spans); n > 0 && m[0] < spans[n-1][1] {
			spans[n-1][1] = max(spans[n-1][1], m[1])
			continue
		}
		spans = append(spans, m)
	}
	items := len(spans)
	// A key phrase that is a clause of its own ("¿con quién tengo el
	// gusto?", "won't be charged again": three words or more, one of them
	// a verb) joins itself to what comes before it; "gracias por su
	// paciencia" is a courtesy, and no clause.
	clauses := 0
	for _, m := range spans {
		n, verb := 0, false
		for k := m[0]; k < m[1]; k++ {
			if words[k] {
				n++
				verb = verb || verbWords[lang][a.toks[k].w]
			}
		}
		if n >= 3 && verb {
			clauses++
		}
	}
	// One key phrase asked as a question of its own ("Telco Norte, habla
	// Ana. ¿Su nombre?", "Your name?") is a clause too: the question mark
	// says it to someone. Only one: "refund? $22.50? 5 days?" is a list.
	if slices.ContainsFunc(spans, a.ownQuestion) {
		clauses++
	}
	filler := a.fillers()
	other, structure := map[string]bool{}, false
	for i, t := range a.toks {
		// A figure the turn does not ask for ("... 10/19/2026") is one
		// more thing listed, not a word that joins the others.
		if words[i] || unicode.IsDigit(rune(t.w[0])) {
			continue
		}
		other[t.w] = true
		if filler[i] {
			continue
		}
		// "Thank you" is a courtesy; its "you" addresses no one.
		if structureWords[lang][t.w] && !(t.w == "you" && i > 0 && a.toks[i-1].w == "thank") ||
			verbForm(a.text[t.start:t.end], t.w, lang) {
			structure = true
		}
	}
	switch {
	case !structure:
		return ShapeList
	case len(other)+clauses < items-1:
		// A word between each two items but one: "Telco Norte, habla
		// Ana, ¿con quién tengo el gusto?" is a greeting; "the refund the
		// $22.50 the 5 days the 11/30" is a list.
		return ShapeKeywords
	case items > 1 && len(other) == 1 && joinNothing[lang][t1(other)]:
		// One article, preposition, conjunction or pronoun typed among
		// key words ("$22.50 the anything else") joins none of them; one
		// verb does ("$22.50 refunded. Anything else?").
		return ShapeKeywords
	}
	return ""
}

// fillerPhrases are hesitations made of words that otherwise make a
// sentence ("o sea", "you know", "I mean"); fillerWords are the fillers a
// hesitant "este" sits among ("bueno, este, pues...").
var (
	fillerPhrases = [][]string{{"o", "sea"}, {"you", "know"}, {"i", "mean"}}
	fillerWords   = setOf("bueno", "pues", "eh", "em", "mm", "mmm", "ok", "okay", "vale", "este", "so", "um", "uh",
		"like", "well", "yeah")
)

// fillers marks the tokens of filler phrases, and "este" said as a
// hesitation: next to another filler or at the end of its clause ("este
// cargo" is a demonstrative).
func (a *answer) fillers() []bool {
	out := make([]bool, len(a.toks))
	for i, t := range a.toks {
		for _, seq := range fillerPhrases {
			if a.startsWith(i, seq) {
				for k := range seq {
					out[i+k] = true
				}
			}
		}
		if t.w == "este" {
			end := i+1 >= len(a.toks) || a.toks[i+1].clause != t.clause
			out[i] = end || fillerWords[a.toks[i+1].w] || i > 0 && a.toks[i-1].clause == t.clause && fillerWords[a.toks[i-1].w]
		}
	}
	return out
}

// ownQuestion reports whether a key phrase's match is the whole of its
// clause, a question (it ends in "?"), and no figure.
func (a *answer) ownQuestion(m [2]int) bool {
	c := a.toks[m[0]].clause
	if unicode.IsDigit(rune(a.toks[m[0]].w[0])) || m[0] > 0 && a.toks[m[0]-1].clause == c {
		return false
	}
	end := a.clauseEnd(m[1] - 1)
	if end != m[1] {
		return false
	}
	rest := a.text[a.toks[m[1]-1].end:]
	if end < len(a.toks) {
		rest = a.text[a.toks[m[1]-1].end:a.toks[end].start]
	}
	return strings.Contains(rest, "?")
}

// verbWords are the verbs among structureWords, and a few a key phrase
// holds ("won't be charged again").
var verbWords = map[locales.Lang]map[string]bool{
	locales.ES: setOf("es", "son", "esta", "estan", "estoy", "fue", "era", "ser", "estar", "ha", "han", "he", "hemos",
		"hay", "puede", "puedo", "podemos", "voy", "va", "vamos", "van", "tiene", "tengo", "tenemos", "queda", "quedo",
		"habla", "hablo", "soy", "atiende", "atiendo", "saluda", "saludo", "llamo", "llama", "veo", "vera", "recibira",
		"hago", "hacemos", "reviso", "revisamos", "confirmo", "ayudo", "necesita", "desea", "quiere", "sera", "paga",
		"pague", "pagaria", "pagar", "llame", "llamar", "cuesta", "viene", "funciona", "volvera", "cobrara"),
	locales.EN: setOf("i'm", "i'll", "i've", "i'd", "we'll", "we're", "we've", "you're", "you'll", "you've", "it's",
		"is", "are", "was", "were", "be", "been", "will", "would", "can", "could", "should", "have", "has", "had",
		"do", "does", "did", "let", "let's", "am", "speaking", "see", "get", "check", "look", "send", "give", "take",
		"need", "want", "know", "pay", "paid", "call", "go", "make", "keep", "cost", "costs", "come", "work", "works",
		"you'd", "we'd", "they'd", "that's", "there's", "here's", "it'll", "that'll", "won't", "can't", "don't",
		"isn't", "calling"),
}

// verbForm reports whether a word is shaped like a verb, so a terse line
// joined by it is a sentence ("$22.50 refunded. Anything else?", "22,50
// US$ reembolsados", "Refund processed"): a participle (or an English
// gerund), or in Spanish a preterite or future typed with its accent ("apliqué",
// "quedó", "verá"). raw is the word as typed, w folded. Nouns of the
// same shape that a call is full of are left out.
func verbForm(raw, w string, lang locales.Lang) bool {
	if notVerbs[w] {
		return false
	}
	if lang == locales.EN {
		return len(w) >= 5 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") ||
			len(w) >= 6 && strings.HasSuffix(w, "ing") && !strings.HasSuffix(w, "thing")
	}
	if r, _ := utf8.DecodeLastRuneInString(raw); utf8.RuneCountInString(raw) >= 4 && strings.ContainsRune("éóáÉÓÁ", r) {
		return true
	}
	if len(w) < 6 {
		return false
	}
	// Not the gerund: "entiendo", "atiendo" end alike, and a list of
	// what a call covers ("lamento entiendo verificar...") holds them.
	for _, suf := range []string{"ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// notVerbs are nouns and adverbs shaped like verbForm's verbs (folded).
var notVerbs = setOf("morning", "evening", "during", "ceiling", "llamada", "llamadas", "pedido", "pedidos",
	"apellido", "mercado", "entrada", "salida", "medida", "partida", "partido", "sonido", "pasado", "cuidado",
	"hundred", "speed", "kindred")

// t1 is the one word of a set of one.
func t1(set map[string]bool) string {
	for w := range set {
		return w
	}
	return ""
}

// joinNothing are the words of structureWords that make no sentence on
// their own among key words: articles, prepositions, conjunctions and the
// pronouns that need a verb (folded). A clitic ("le", "lo") stays out: it
// belongs to the verb a key word is ("le reembolso").
var joinNothing = map[locales.Lang]map[string]bool{
	locales.ES: setOf("el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "a", "en", "con",
		"por", "para", "desde", "hasta", "sobre", "entre", "sin", "que", "y", "e", "o", "u", "si", "como", "cuando",
		"donde", "porque", "mi", "su", "sus", "usted", "ustedes", "yo", "este", "esa", "ese", "eso", "esto"),
	locales.EN: setOf("the", "a", "an", "to", "of", "for", "in", "on", "at", "with", "from", "by", "about", "into",
		"and", "or", "but", "if", "that", "this", "these", "those", "which", "who", "what", "when", "where", "i",
		"me", "my", "we", "us", "our", "you", "your", "it", "its", "they", "their", "them", "there", "as", "than"),
}

// readBack are the element labels of the turn the answer says word for
// word, as typed: "Confirms the refund", "dice el monto". A trainee
// speaks to the customer in the first person; the labels describe what
// the trainee does in the third, so no real answer says two of them.
func (a *answer) readBack(r *Response, env judgeEnv) []string {
	var out []string
	for _, e := range r.Elements {
		label := e.Label.Raw(env.lang)
		if env.lookup != nil {
			label = fill(label, env.lookup)
		}
		if ms := a.find(compilePhrase(label)); len(ms) > 0 {
			out = appendNew(out, a.span(ms[0]))
		}
	}
	return out
}

// figureUnits are the words said right after a figure as its unit: a
// currency or a unit of time.
var figureUnits = setOf(append([]string{"us", "usd", "dolar", "dolares", "dollar", "dollars", "peso", "pesos",
	"euro", "euros", "eur", "mbps", "gbps", "kbps", "megas", "ghz"}, timeUnits...)...)

// wordsAt are the tokens a phrase's words match at start (not the words a
// "..." skips), the shortest match as find takes it.
func (a *answer) wordsAt(p phrase, start int) []int {
	var out []int
	var walk func(k, i int) bool
	walk = func(k, i int) bool {
		if k == len(p) {
			return true
		}
		if p[k].gap {
			for skip := 0; skip <= maxGap && i+skip <= len(a.toks); skip++ {
				if walk(k+1, i+skip) {
					return true
				}
			}
			return false
		}
		if i >= len(a.toks) || !p[k].matches(a.toks[i].w) {
			return false
		}
		out = append(out, i)
		if walk(k+1, i+1) {
			return true
		}
		out = out[:len(out)-1]
		return false
	}
	walk(0, start)
	return out
}

// keywords are the key words of an answer, as typed, in the order said.
func (a *answer) keywords(keys [][2]int) []string {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(x, y [2]int) int { return x[0] - y[0] })
	var out []string
	for _, m := range keys {
		w := a.span(m)
		// A currency sign after the words is part of the figure ("US$").
		for end := a.toks[m[1]-1].end; end < len(a.text); {
			r, n := utf8.DecodeRuneInString(a.text[end:])
			if !strings.ContainsRune("$€£", r) {
				break
			}
			w += a.text[end : end+n]
			end += n
		}
		out = appendNew(out, w)
	}
	return out
}

// ---------------------------------------------------------------- register

// tuWords are tú forms that cannot be anything else once accents are gone.
var tuWords = map[string]bool{
	"tu": true, "tus": true, "te": true, "ti": true, "contigo": true, "tuyo": true, "tuya": true, "tuyos": true,
	"tuyas": true, "vos": true,
	"tienes": true, "puedes": true, "quieres": true, "necesitas": true, "sabes": true, "eres": true, "vienes": true,
	"dices": true, "haces": true, "vas": true, "has": true, "llamas": true, "pagas": true, "debes": true,
	"hiciste": true, "recibiste": true, "pudiste": true, "quisiste": true, "dijiste": true, "tuviste": true,
	"pediste": true, "fuiste": true, "estuviste": true, "escribiste": true,
	"dime": true, "dame": true, "mira": true, "oye": true, "perdona": true, "dejame": true, "permiteme": true,
	"cuentame": true, "llamanos": true, "confirmame": true, "avisame": true, "escribeme": true, "fijate": true,
	"espérame": true, "esperame": true, "preocupes": true, "olvides": true, "dudes": true,
	"podrias": true, "querrias": true, "tendrias": true, "deberias": true,
	"quieras": true, "puedas": true, "tengas": true, "necesites": true, "hayas": true,
}

// tuAccented are tú forms told from other words only by their accent
// ("estás" / "estas", "tú" / "tu" is in tuWords already).
var tuAccented = map[string]bool{
	"estás": true, "podrás": true, "tendrás": true, "recibirás": true, "verás": true, "harás": true,
	"pagarás": true, "querrás": true, "deberás": true, "sabías": true, "llamarás": true,
}

// tuBare are tuAccented typed without the accent, as a trainee in a hurry
// types them (judge 5 on): no other word is spelled so, but for "estas"
// (these) and "veras" (in "de veras"), which tuUnaccented reads in context.
var tuBare = map[string]bool{
	"podras": true, "tendras": true, "recibiras": true, "haras": true, "pagaras": true, "querras": true,
	"deberas": true, "sabias": true, "llamaras": true,
}

// afterEstar are words that follow the verb "estás" and never the
// demonstrative "estas" ("¿estas de acuerdo?", "estas en buenas manos";
// "estas compras" is no tú). Adverbs that start a clause ("ya", "aún")
// and "a" follow both: "estas ya quedaron aplicadas".
var afterEstar = setOf("de", "en", "con", "bien", "mal", "seguro", "segura", "listo", "lista", "aqui", "ahi",
	"alli", "conforme", "ocupado", "ocupada", "tranquilo", "tranquila")

// tuUnaccented reports whether token i, typed in lower case as low, is a
// tú form written without its accent.
func (a *answer) tuUnaccented(i int, low string) bool {
	w := a.toks[i].w
	if low != w { // typed with an accent: tuAccented's to tell
		return false
	}
	switch w {
	case "veras":
		return i == 0 || a.toks[i-1].w != "de"
	case "estas":
		// Last of its clause ("¿cómo estas?"), or followed by what only
		// the verb takes: a preposition, an adverb or adjective of
		// state, a participle or a gerund in the singular.
		if i+1 >= len(a.toks) || a.toks[i+1].clause != a.toks[i].clause {
			return true
		}
		n := a.toks[i+1].w
		if afterEstar[n] {
			return true
		}
		for _, suf := range []string{"ado", "ada", "ido", "ida", "ando", "iendo"} {
			if strings.HasSuffix(n, suf) && len(n) > len(suf)+1 {
				return true
			}
		}
		return false
	}
	return tuBare[w]
}

// notPreterite end in -aste without being a tú preterite.
var notPreterite = map[string]bool{"contraste": true, "desgaste": true, "engaste": true, "traste": true, "baste": true}

// usageTu are the tú imperatives of tuWords that usted's present tense
// spells alike: "¡Mira!" speaks to tú, "si mira su cuenta" to usted.
var usageTu = map[string]bool{"mira": true, "oye": true, "perdona": true}

// leadIns may open a clause before an imperative: "y mira", "pues oye".
var leadIns = map[string]bool{"y": true, "e": true, "o": true, "pues": true, "bueno": true, "entonces": true,
	"ahora": true, "pero": true, "sino": true, "aunque": true, "ah": true, "ay": true, "ya": true}

// beforeIndicative, right before the verb, make it the present tense: a
// clitic ("¿me oye?"), a subject pronoun ("usted mira"), a relative or the
// "si" of a condition ("si me perdona"). Matched as typed, in lower case,
// so "sí, mira" (yes, look) stays an imperative.
var beforeIndicative = map[string]bool{"me": true, "se": true, "le": true, "les": true, "lo": true, "la": true,
	"los": true, "las": true, "nos": true, "usted": true, "ustedes": true, "él": true, "ella": true, "ellos": true,
	"ellas": true, "si": true, "que": true, "quien": true}

// imperativeAt reports whether token i, one of usageTu, is said as an
// imperative: it opens its clause (lead-ins aside) and nothing that makes
// it the present tense comes right before it.
func (a *answer) imperativeAt(i int) bool {
	c := a.toks[i].clause
	for j := i - 1; j >= 0 && a.toks[j].clause == c; j-- {
		if !leadIns[a.toks[j].w] {
			return false
		}
	}
	if i > 0 {
		p := a.toks[i-1]
		return !beforeIndicative[strings.ToLower(a.text[p.start:p.end])]
	}
	return true
}

// tuForms lists the tú forms of an answer, as typed.
func (a *answer) tuForms() []string {
	var out []string
	for i, t := range a.toks {
		raw := a.text[t.start:t.end]
		low := strings.ToLower(raw)
		if a.ver >= judgeByUsage && usageTu[t.w] && !a.imperativeAt(i) {
			continue
		}
		if tuWords[t.w] || tuAccented[low] || (len(t.w) >= 6 && strings.HasSuffix(t.w, "aste") && !notPreterite[t.w]) ||
			a.ver >= judgeShape && a.tuUnaccented(i, low) {
			out = appendNew(out, raw)
		}
	}
	return out
}

// ---------------------------------------------------------------- figures

var numberRE = regexp.MustCompile(`\d[\d.,]*\d|\d`)

// numberWords are the figures people spell out when they speak: "cinco
// días hábiles", "five business days".
var numberWords = map[string]int64{
	"cero": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
	"nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
	"diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiun": 21,
	"veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27,
	"veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
	"noventa": 90, "cien": 100,
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty-two": 22,
	"twenty-three": 23, "twenty-four": 24, "twenty-five": 25, "twenty-six": 26, "twenty-seven": 27,
	"twenty-eight": 28, "twenty-nine": 29, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
	"hundred": 100,
}

var months = map[string]time.Month{
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"ene": 1, "abr": 4, "ago": 8, "dic": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
	"nov": 11, "dec": 12,
}

// amount reads digits with a thousands and a decimal separator, strictly:
// 1.234,56 is an amount in Spanish, 1,234.56 in English.
func amount(s string, thousands, decimal byte) (int64, bool) {
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, decimal); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if len(frac) < 1 || len(frac) > 2 {
			return 0, false
		}
	}
	if strings.IndexByte(intPart, thousands) >= 0 {
		groups := strings.Split(intPart, string(thousands))
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" || strings.IndexFunc(intPart+frac, func(r rune) bool { return r < '0' || r > '9' }) >= 0 || len(intPart) > 12 {
		return 0, false
	}
	n, _ := strconv.ParseInt(intPart, 10, 64)
	minor := n * 100
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
		minor += f
	}
	return minor, true
}

// amounts reads an amount both ways; an amount readable only one way is
// read that way (a trainee on an English call may type 12,50).
func amounts(s string) []int64 {
	var out []int64
	for _, sep := range [][2]byte{{'.', ','}, {',', '.'}} {
		if m, ok := amount(s, sep[0], sep[1]); ok && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// dateAt is a date said at tokens [start, end).
type dateAt struct {
	start, end int
	day        int
	month      time.Month
	year       int // 0 when not said
}

// dates finds the dates an answer says: numeric (27/11/2026, 11/27; read
// both ways before judgeByUsage, in the call's order from it) and spelled
// (27 de noviembre, November 27th, 27 November 2026).
func (a *answer) dates() []dateAt {
	if a.datesDone {
		return a.datesAt
	}
	a.datesDone = true
	a.datesAt = a.findDates()
	return a.datesAt
}

func (a *answer) findDates() []dateAt {
	var out []dateAt
	day := func(i int) int {
		if i < 0 || i >= len(a.toks) {
			return 0
		}
		w := a.toks[i].w
		if w == "primero" || w == "first" {
			return 1
		}
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			w = strings.TrimSuffix(w, suf)
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 31 || len(w) > 2 {
			return 0
		}
		return n
	}
	year := func(i int) (int, int) { // year and tokens used after the month
		k := i
		if k < len(a.toks) && (a.toks[k].w == "de" || a.toks[k].w == "del") {
			k++
		}
		if k < len(a.toks) && len(a.toks[k].w) == 4 {
			if y, err := strconv.Atoi(a.toks[k].w); err == nil && y > 1900 && y < 2200 {
				return y, k + 1 - i
			}
		}
		return 0, 0
	}
	for i, t := range a.toks {
		// Numeric: the tokenizer leaves 27/11/2026 as three words; a date
		// starts at a number not itself the tail of one (11/2026).
		if t.w[0] >= '0' && t.w[0] <= '9' && (t.start == 0 || !strings.ContainsRune("/-.", rune(a.text[t.start-1]))) {
			var order locales.Lang // both readings, as judges 1 and 2 read them
			if a.ver >= judgeByUsage {
				order = a.lang
			}
			if d, n := numericDate(a.text[t.start:min(len(a.text), t.start+11)], order); d != nil {
				end := i + 1
				for end < len(a.toks) && a.toks[end].start < t.start+n {
					end++
				}
				for _, x := range d {
					out = append(out, dateAt{start: i, end: end, day: x.day, month: x.month, year: x.year})
				}
			}
		}
		m, ok := months[t.w]
		if !ok {
			continue
		}
		// day (de|of|the) month
		b := i - 1
		if b >= 0 && (a.toks[b].w == "de" || a.toks[b].w == "of") {
			b--
		}
		if d := day(b); d > 0 {
			y, n := year(i + 1)
			out = append(out, dateAt{start: b, end: i + 1 + n, day: d, month: m, year: y})
			continue
		}
		// month day(th) (, year)
		if d := day(i + 1); d > 0 {
			y, n := year(i + 2)
			out = append(out, dateAt{start: i, end: i + 2 + n, day: d, month: m, year: y})
		}
	}
	return out
}

var numericDateRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})\b|^(\d{1,2})([/.-])(\d{1,2})(?:([/.-])(\d{4}|\d{2}))?\b`)

// numericDate reads 27/11/2026 and 2026-11-27; n is the length read. With
// points a year is required: 10.25 is an amount. Without a language it
// reads both ways (27 November, or 11th of the 27th month, which is no
// date); in a language, the way that language writes it, and the other
// way only when that is no date, as a typed date is read (parseDate).
func numericDate(s string, lang locales.Lang) (out []dateAt, n int) {
	m := numericDateRE.FindStringSubmatch(s)
	if m == nil {
		return nil, 0
	}
	n = len(m[0])
	if m[1] != "" {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return []dateAt{{day: d, month: time.Month(mo), year: y}}, n
	}
	if (m[7] != "" && m[7] != m[5]) || (m[5] == "." && m[8] == "") {
		return nil, 0
	}
	a, _ := strconv.Atoi(m[4])
	b, _ := strconv.Atoi(m[6])
	y := 0
	if m[8] != "" {
		y, _ = strconv.Atoi(m[8])
		if y < 100 {
			y += 2000
		}
	}
	if lang != "" {
		dm, md := dateAt{day: a, month: time.Month(b), year: y}, dateAt{day: b, month: time.Month(a), year: y}
		if lang == locales.EN {
			dm, md = md, dm
		}
		for _, d := range []dateAt{dm, md} {
			if d.real() {
				return []dateAt{d}, n
			}
		}
		return nil, 0
	}
	if b >= 1 && b <= 12 && a >= 1 && a <= 31 {
		out = append(out, dateAt{day: a, month: time.Month(b), year: y})
	}
	if a >= 1 && a <= 12 && b >= 1 && b <= 31 && a != b {
		out = append(out, dateAt{day: b, month: time.Month(a), year: y})
	}
	return out, n
}

// real reports whether the day is in the month: 31/11 is no date. Without
// a year, the 29th of February is (a leap year is assumed).
func (d dateAt) real() bool {
	y := d.year
	if y == 0 {
		y = 2024
	}
	return d.month >= 1 && d.month <= 12 && d.day >= 1 && time.Date(y, d.month, d.day, 0, 0, 0, 0, time.UTC).Day() == d.day
}

// figure looks for a drawn value in the answer: found are the words that
// state it; heard are the figures of its kind that were said instead
// (token ranges, at most five heard). A number that is part of a date is
// never an amount; inContext (judge version 2) also keeps it from being a
// count, and a number followed by a unit of time ("7 business days") from
// being heard as an amount.
func (a *answer) figure(v Value, tol float64, inContext bool) (found, heard [][2]int) {
	add := func(list [][2]int, m [2]int) [][2]int {
		if slices.ContainsFunc(list, func(x [2]int) bool { return a.span(x) == a.span(m) }) {
			return list
		}
		return append(list, m)
	}
	switch v.Kind {
	case KindDate:
		for _, d := range a.dates() {
			y := d.year
			if y == 0 {
				y = v.Date.Year()
			}
			at := time.Date(y, d.month, d.day, 0, 0, 0, 0, time.UTC)
			if at.Month() != d.month { // 31 November
				continue
			}
			said := [2]int{d.start, d.end}
			if math.Abs(at.Sub(v.Date).Hours()/24) <= tol+1e-9 {
				found = add(found, said)
			} else {
				heard = add(heard, said)
			}
		}
	case KindMoney:
		tolMinor := int64(math.Round(tol * 100))
		if tol == 0 {
			tolMinor = 1 // a cent either way, unless the scenario says otherwise
		}
		inDate := a.dateTokens()
		for i, t := range a.toks {
			if inDate[i] || !numberRE.MatchString(t.w) || numberRE.FindString(t.w) != t.w {
				continue
			}
			ok := false
			for _, m := range amounts(t.w) {
				if abs64(m-v.Minor) <= tolMinor {
					ok = true
				}
			}
			said := [2]int{i, i + 1}
			switch {
			case ok:
				found = add(found, said)
			case !inContext || !a.unitAfter(i):
				heard = add(heard, said)
			}
		}
	case KindInt:
		inDate := a.dateTokens()
		if inContext {
			// "5-7 días hábiles" reads as the 5th of July; followed by a
			// unit of time it is a range of days.
			for _, d := range a.dates() {
				if a.unitAfter(d.end-1) && dayRangeRE.MatchString(a.span([2]int{d.start, d.end})) {
					for i := d.start; i < d.end; i++ {
						delete(inDate, i)
					}
				}
			}
		}
		for i, t := range a.toks {
			if inContext && inDate[i] {
				continue // the 5 of "05/10/2026" is not five days
			}
			n, isWord := numberWords[t.w]
			if a.ver >= judgeByUsage && articles[t.w] {
				// "de una vez" says no number; "un día hábil" does.
				if !a.unitAfter(i) {
					continue
				}
				n, isWord = 1, true
			}
			if !isWord {
				x, err := strconv.ParseInt(t.w, 10, 64)
				if err != nil {
					continue
				}
				n = x
			}
			said := [2]int{i, i + 1}
			if math.Abs(float64(n-v.N)) <= tol+1e-9 {
				found = add(found, said)
			} else {
				heard = add(heard, said)
			}
		}
	}
	if len(heard) > 5 {
		heard = heard[:5]
	}
	return found, heard
}

// articles read as a count of one only before a unit of time (from
// judgeByUsage on).
var articles = map[string]bool{"un": true, "una": true, "uno": true, "one": true}

// dayRangeRE is a range of days as a date reads it: two numbers and a
// dash, no year, no month name ("5-7 días"; not "05/11/2026 días", not "5
// de noviembre, día").
var dayRangeRE = regexp.MustCompile(`^\d{1,2}\s*[-–]\s*\d{1,2}$`)

// timeUnits are the words after a number that make it a duration.
var timeUnits = []string{"dia", "dias", "day", "days", "hora", "horas", "hour", "hours", "semana", "semanas",
	"week", "weeks", "mes", "meses", "month", "months", "ano", "anos", "year", "years", "minuto", "minutos",
	"minute", "minutes", "habil", "habiles", "business", "working"}

// unitAfter reports whether the word after token i, in the same clause,
// is a unit of time ("5-7 días"; not "el 05-11, días antes").
func (a *answer) unitAfter(i int) bool {
	return i+1 < len(a.toks) && a.toks[i+1].clause == a.toks[i].clause && slices.Contains(timeUnits, a.toks[i+1].w)
}

// dateTokens marks the tokens that belong to a date, so the 27 of "27 de
// noviembre" is not heard as an amount.
func (a *answer) dateTokens() map[int]bool {
	in := map[int]bool{}
	for _, d := range a.dates() {
		for i := d.start; i < d.end; i++ {
			in[i] = true
		}
	}
	return in
}

// JudgeOptions is the call a single answer is judged in: its language, the
// draw (seed and day) that fixes the figures, the names said, and the
// rubric whose judge version applies.
type JudgeOptions struct {
	Lang    locales.Lang
	Seed    int64
	Day     time.Time
	Company string
	Agent   string
	Rubric  Rubric
}

// ErrNotReached: with this seed the call never gets to the turn (it sits
// behind a chance or a branch the best path does not take).
var ErrNotReached = errors.New("training: the call does not reach this turn with this seed")

// Judge grades one free response the way an attempt's would be graded:
// the call is played along the best route to the turn (so whether the
// caller is authenticated there is what it would be), then the answer is
// judged. `agentctl drill judge` calls it.
func Judge(sc *Scenario, turnID, text string, o JudgeOptions) (Judgement, error) {
	t := sc.Turn(turnID)
	if t == nil {
		return Judgement{}, &GradeError{Code: ErrCodeUnknownTurn, Turn: turnID}
	}
	if t.Response == nil {
		return Judgement{}, ErrNotResponse
	}
	if o.Rubric.judge() < 1 || o.Rubric.judge() > JudgeVersion {
		return Judgement{}, ErrJudgeVersion
	}
	if o.Lang != locales.EN {
		o.Lang = locales.ES
	}
	day := civil(o.Day)
	s, err := NewSession(sc, o.Seed, Practice, WithClock(func() time.Time { return day }), WithLang(o.Lang),
		WithTrainee(o.Agent), WithCompany(o.Company), WithRubric(o.Rubric))
	if err != nil {
		return Judgement{}, err
	}
	picks := routeTo(sc, turnID)
	if picks == nil && turnID == sc.Persona.Supervisor {
		picks = angryRoute(sc)
	}
	if err := playUntil(s, o.Lang, picks, turnID); err != nil {
		return Judgement{}, err
	}
	if cur := s.Turn(); cur == nil || cur.ID != turnID {
		return Judgement{}, ErrNotReached
	}
	clean, _ := cases.Redact(strings.TrimSpace(text))
	if tooLong(clean) {
		// The session refuses it as typed and an attempt holding it does
		// not replay: a mark for it is one no call could earn.
		return Judgement{}, &EntryError{Kind: "long", Err: ErrTooLong}
	}
	return judge(t.ID, t.Response, clean, judgeEnv{ver: o.Rubric.judge(), lang: o.Lang, vals: s.env.vals, lookup: s.env.lookup(o.Lang),
		authed: s.run.authed, currency: sc.env.currency}), nil
}

// ElementLabel is what an element checks, in l, for reports.
func (sc *Scenario) ElementLabel(l locales.Lang, turn, id string) string {
	t := sc.Turn(turn)
	if t == nil || t.Response == nil {
		return id
	}
	for _, e := range t.Response.Elements {
		if e.ID == id {
			return sc.Say(l, e.Label)
		}
	}
	return id
}

// JudgementLine is one line of an explained judgement.
type JudgementLine struct {
	OK   bool
	Text string
}

// ExplainJudgement turns a judgement into lines a trainer can trust: each
// element with what it checks, found or missed, and the words that decided
// it; then the register; then any blocker. The screen, the CLI and the
// reports all print these lines.
func ExplainJudgement(t *locales.T, sc *Scenario, j Judgement) []JudgementLine {
	quote := func(ws []string) string { return "«" + strings.Join(ws, "», «") + "»" }
	if t.Lang == locales.EN {
		quote = func(ws []string) string { return "\"" + strings.Join(ws, "\", \"") + "\"" }
	}
	var out []JudgementLine
	if j.OtherLanguage {
		out = append(out, JudgementLine{Text: t.S("training.judge.other_language." + string(j.Lang))})
	}
	if j.Shape != "" {
		out = append(out, JudgementLine{Text: t.D("training.judge.shape."+j.Shape, map[string]any{"Words": quote(j.Keywords),
			"Length": j.Length, "Max": j.MaxLength})})
	}
	for _, e := range j.Elements {
		data := map[string]any{"Label": sc.ElementLabel(t.Lang, j.Turn, e.ID)}
		var id string
		ok := e.Found == (e.Kind == Must)
		switch {
		case e.Waived:
			id, ok = "training.judge.waived", true
		case e.Kind == Must && e.Found:
			id, data["Words"] = "training.judge.found", quote(e.Matched)
		case e.Denied:
			id, data["Words"] = "training.judge.denied", quote(e.Negated)
		case e.Contradicted:
			id, data["Words"], data["Negated"] = "training.judge.contradicted", quote(e.Matched), quote(e.Negated)
		case e.Kind == Must && len(e.Matched) > 0 && j.Shape == ShapeLong:
			id, data["Words"] = "training.judge.lost", quote(e.Matched)
		case e.Kind == Must && len(e.Matched) > 0:
			id, data["Words"] = "training.judge.listed", quote(e.Matched)
		case e.Kind == Must && len(e.Heard) > 0:
			id, data["Words"] = "training.judge.wrong_figure", quote(e.Heard)
		case e.Kind == Must && len(e.Negated) > 0:
			id, data["Words"] = "training.judge.negated", quote(e.Negated)
		case e.Kind == Must:
			id = "training.judge.missed"
		case e.Found:
			id, data["Words"] = "training.judge.said", quote(e.Matched)
		case len(e.Negated) > 0:
			id, data["Words"] = "training.judge.not_said_negated", quote(e.Negated)
		default:
			id = "training.judge.not_said"
		}
		out = append(out, JudgementLine{OK: ok, Text: t.D(id, data)})
	}
	if r := j.Register; r != nil {
		if r.OK {
			out = append(out, JudgementLine{OK: true, Text: t.S("training.judge.usted_ok")})
		} else {
			out = append(out, JudgementLine{Text: t.D("training.judge.usted_tu", map[string]any{"Words": quote(r.TuForms)})})
		}
	}
	for _, b := range j.Blockers {
		out = append(out, JudgementLine{Text: t.D("training.judge.blocker", map[string]any{"Blocker": BlockerTitle(t, b)})})
	}
	return out
}

// JudgeMessages are the message IDs ExplainJudgement uses, for checks.
var JudgeMessages = []string{"training.judge.waived", "training.judge.found", "training.judge.wrong_figure",
	"training.judge.negated", "training.judge.missed", "training.judge.said", "training.judge.not_said_negated",
	"training.judge.not_said", "training.judge.usted_ok", "training.judge.usted_tu", "training.judge.blocker",
	"training.judge.other_language.es", "training.judge.other_language.en", "training.judge.shape.list",
	"training.judge.shape.keywords", "training.judge.shape.long", "training.judge.shape.rubric", "training.judge.listed", "training.judge.lost", "training.judge.contradicted",
	"training.judge.denied"}
