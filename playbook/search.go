package playbook

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"weak"

	"agentdesk/locales"
)

// SearchOptions narrow and order a template search.
type SearchOptions struct {
	// Lang is the language the agent is working in: a hit in it ranks above
	// the same hit in the other language. Empty treats both alike.
	Lang     locales.Lang
	Category string // only this category
	Stage    string // only objection answers with a part for this COST stage
	// CallType and Step are the open call's; templates that fit them rank
	// higher. They never hide a template: an agent searching for
	// "cancelar" during a billing call still wants to find it.
	CallType string
	Step     string
	// Agent hides the personal templates of other agents.
	Agent string
	Limit int // 0: every hit
}

// TemplateHit is a search result; Score only orders hits of one search.
type TemplateHit struct {
	Template *Template
	Score    float64
}

// VisibleTo reports whether agent may use t: personal templates belong to
// their owner. An empty agent sees everything (content authors, the CLI).
// The owner is a name a supervisor typed and the agent one typed in the
// desk's settings, so case and surrounding spaces do not tell them apart.
func (t *Template) VisibleTo(agent string) bool {
	return agent == "" || t.Scope != "personal" || strings.EqualFold(strings.TrimSpace(t.Owner), strings.TrimSpace(agent))
}

// HasStage reports whether t has a COST part for stage.
func (t *Template) HasStage(stage string) bool {
	return slices.ContainsFunc(t.Parts, func(p TemplatePart) bool { return p.Stage == stage })
}

// Field weights: a word in the title or the tags says what a template is
// for; the same word in the body may be incidental.
const (
	wTitle    = 3.0
	wTag      = 2.5
	wCategory = 1.5
	wBody     = 1.0
	wID       = 0.5

	bm25K1 = 1.2
	bm25B  = 0.75

	// otherLang discounts a hit found only in the language the agent is
	// not working in: still shown, below the same hit in theirs.
	otherLang = 0.8
	// prefixHit discounts completions of the word being typed against an
	// exact word.
	prefixHit = 0.75
	// maxExpansions caps the completions of a one- or two-letter prefix,
	// which would otherwise touch most of a large library per keystroke.
	maxExpansions = 64
	maxQueryTerms = 16
)

const (
	langES = 0
	langEN = 1
)

// categoryWords are what agents call each category, folded, so "objecion"
// or "disculpa" finds the category even when no title says so.
var categoryWords = map[string][2]string{
	"opening":       {"apertura saludo inicio", "opening greeting"},
	"discovery":     {"descubrimiento preguntas", "discovery questions"},
	"value":         {"valor", "value"},
	"objection":     {"objecion objeciones", "objection objections"},
	"closing":       {"cierre", "closing close"},
	"follow_up":     {"seguimiento", "follow up followup"},
	"decision":      {"decision", "decision"},
	"apology":       {"disculpa disculpas", "apology apologies"},
	"hold_transfer": {"espera transferencia", "hold transfer"},
	"compliance":    {"cumplimiento normativa privacidad grabacion", "compliance privacy recording"},
	"care":          {"cuidado empatia vulnerable", "care empathy vulnerable"},
}

// stopwords carry no meaning for a search and appear in nearly every
// template; leaving them out keeps posting lists short. "no" stays: "no
// tengo presupuesto" is an objection of its own.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`de la el los las un una unos unas y o a e en que por para con su sus lo le les se
		del al es me mi mis nos este esta esto ese esa como pero si mas ya muy tu te
		the an and or of to in on for with your you is it its be we my our that this at as are by from
		have has was so can will would me us i`) {
		m[w] = true
	}
	return m
}()

type posting struct {
	doc int32
	tf  [2]float32 // weighted term frequency in Spanish and English
}

// templateIndex is an inverted index over a playbook's templates. It is
// immutable once built, so any number of searches may read it at once.
type templateIndex struct {
	docs     []*Template
	stages   []uint8 // bit i: has a part for Stages[i]
	terms    map[string]int32
	vocab    []string // sorted terms, for prefix completion
	vocabID  []int32
	postings [][]posting
	length   [][2]float32
	// norm is BM25's length normalisation per template and language,
	// computed once so scoring a posting is a multiply and a divide.
	norm [][2]float32
	// phrases holds each template's folded titles and tags, one per line
	// and space-padded, to reward a query typed as a whole phrase
	// ("demasiado caro"); the last word may still be incomplete.
	phrases []string
	scratch sync.Pool
}

// scratch is per-search working memory, pooled so a keystroke allocates
// almost nothing on a large library.
type scratch struct {
	acc     [2][]float32
	mask    []uint32
	touched []int32
}

// lazyIndex builds a playbook's index on the first search.
type lazyIndex struct {
	once sync.Once
	idx  *templateIndex
}

// indexes maps a playbook to its index. The key is weak and a cleanup
// drops the entry, so playbooks replaced by a reload (a supervisor saving a
// custom template) do not pile up for the life of the app.
var indexes sync.Map // weak.Pointer[Playbook] → *lazyIndex

func (pb *Playbook) templateIndex() *templateIndex {
	key := weak.Make(pb)
	v, ok := indexes.Load(key)
	if !ok {
		var loaded bool
		v, loaded = indexes.LoadOrStore(key, &lazyIndex{})
		if !loaded {
			runtime.AddCleanup(pb, func(k weak.Pointer[Playbook]) { indexes.Delete(k) }, key)
		}
	}
	li := v.(*lazyIndex)
	li.once.Do(func() { li.idx = buildTemplateIndex(pb) })
	return li.idx
}

// tokens splits folded text into words of at least two characters (or a
// digit), without stopwords.
func tokens(folded string, keepStop bool) []string {
	var out []string
	start := -1
	emit := func(end int) {
		w := folded[start:end]
		start = -1
		if len(w) < 2 && !(len(w) == 1 && w[0] >= '0' && w[0] <= '9') {
			return
		}
		if !keepStop && stopwords[w] {
			return
		}
		out = append(out, w)
	}
	for i, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			emit(i)
		}
	}
	if start >= 0 {
		emit(len(folded))
	}
	return out
}

// stem folds the plural most Spanish and English words take, so "cargos"
// finds "cargo" and "charges" finds "charge".
func stem(w string) string {
	if len(w) >= 4 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		return w[:len(w)-1]
	}
	return w
}

// spanishSingular is the singular of a Spanish plural in -es after a
// consonant: "cancelaciones" → "cancelacion", "luces" → "luz".
func spanishSingular(w string) (string, bool) {
	base, ok := strings.CutSuffix(w, "es")
	if !ok || len(base) < 3 || strings.ContainsAny(base[len(base)-1:], "aeiou") {
		return "", false
	}
	if c, ok := strings.CutSuffix(base, "c"); ok {
		return c + "z", true
	}
	return base, true
}

// otherNumber lists the index terms the singular or plural of the folded
// word w may have, besides stem(w).
func otherNumber(w string) []string {
	var out []string
	if sing, ok := spanishSingular(w); ok {
		out = append(out, sing)
	}
	if base, ok := strings.CutSuffix(w, "ies"); ok && len(base) >= 2 {
		out = append(out, base+"y") // companies → company
	}
	if len(w) >= 2 {
		last := w[len(w)-1]
		switch {
		case last == 'y':
			out = append(out, stem(w[:len(w)-1]+"ies")) // company → companie(s)
		case !strings.ContainsRune("aeiou", rune(last)) && last >= 'a' && last <= 'z':
			out = append(out, stem(w+"es")) // mes → mese(s), cancelacion → cancelacione(s)
		}
	}
	return out
}

func buildTemplateIndex(pb *Playbook) *templateIndex {
	idx := &templateIndex{terms: map[string]int32{}}
	n := len(pb.Templates)
	var avg [2]float32
	idx.docs = make([]*Template, n)
	idx.stages = make([]uint8, n)
	idx.length = make([][2]float32, n)
	idx.phrases = make([]string, n)

	// Placeholders read as their label, so "{{monthly_saving}}" is found
	// as "ahorro mensual" and its ID's English words stay out of Spanish.
	labels := map[string][2]string{}
	for _, p := range pb.Placeholders {
		labels[p.ID] = [2]string{p.Label.ES, p.Label.EN}
	}
	body := func(s string, l int) string {
		return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
			return labels[placeholderRE.FindStringSubmatch(m)[1]][l]
		})
	}

	for d := range pb.Templates {
		t := &pb.Templates[d]
		idx.docs[d] = t
		for i, s := range Stages {
			if t.HasStage(s) {
				idx.stages[d] |= 1 << i
			}
		}
		tf := map[string]*[2]float32{}
		add := func(text string, l int, w float32) {
			for _, tok := range tokens(Fold(text), false) {
				tok = stem(tok)
				f := tf[tok]
				if f == nil {
					f = new([2]float32)
					tf[tok] = f
				}
				// l < 0: the words belong to both languages (tags are
				// mixed, IDs and categories are shared).
				if l < 0 {
					f[langES] += w
					f[langEN] += w
					idx.length[d][langES] += w
					idx.length[d][langEN] += w
				} else {
					f[l] += w
					idx.length[d][l] += w
				}
			}
		}
		add(t.Title.ES, langES, wTitle)
		add(t.Title.EN, langEN, wTitle)
		add(strings.Join(t.Tags, " "), -1, wTag)
		if cw, ok := categoryWords[t.Category]; ok {
			add(cw[langES], langES, wCategory)
			add(cw[langEN], langEN, wCategory)
		} else {
			add(t.Category, -1, wCategory)
		}
		add(strings.NewReplacer(".", " ", "_", " ").Replace(t.ID), -1, wID)
		add(body(t.Text.ES, langES), langES, wBody)
		add(body(t.Text.EN, langEN), langEN, wBody)
		for _, p := range t.Parts {
			add(body(p.Text.ES, langES), langES, wBody)
			add(body(p.Text.EN, langEN), langEN, wBody)
		}
		for term, f := range tf {
			id, ok := idx.terms[term]
			if !ok {
				id = int32(len(idx.postings))
				idx.terms[term] = id
				idx.postings = append(idx.postings, nil)
			}
			idx.postings[id] = append(idx.postings[id], posting{doc: int32(d), tf: *f})
		}
		avg[langES] += idx.length[d][langES]
		avg[langEN] += idx.length[d][langEN]

		phr := []string{phrase(t.Title.ES), phrase(t.Title.EN)}
		for _, tag := range t.Tags {
			phr = append(phr, phrase(tag))
		}
		idx.phrases[d] = " " + strings.Join(phr, " \n ") + " "
	}
	idx.norm = make([][2]float32, n)
	for l := range 2 {
		if n == 0 || avg[l] == 0 {
			continue
		}
		avg[l] /= float32(n)
		for d := range n {
			idx.norm[d][l] = bm25K1 * (1 - bm25B + bm25B*idx.length[d][l]/avg[l])
		}
	}
	idx.vocab = make([]string, 0, len(idx.terms))
	for term := range idx.terms {
		idx.vocab = append(idx.vocab, term)
	}
	sort.Strings(idx.vocab)
	idx.vocabID = make([]int32, len(idx.vocab))
	for i, term := range idx.vocab {
		idx.vocabID[i] = idx.terms[term]
	}
	idx.scratch.New = func() any {
		return &scratch{acc: [2][]float32{make([]float32, n), make([]float32, n)}, mask: make([]uint32, n)}
	}
	return idx
}

// phrase is text folded to its words, stopwords kept, one space apart.
func phrase(s string) string { return strings.Join(tokens(Fold(s), true), " ") }

// queryTerm is one word of the query with the index terms it matches.
type queryTerm struct {
	ids     []int32
	weights []float32
}

// parseQuery turns what the agent typed into terms. The last word, unless
// followed by a space, is still being typed and also matches as a prefix.
func (idx *templateIndex) parseQuery(q string) []queryTerm {
	folded := Fold(q)
	words := tokens(folded, true)
	typing := len(words) > 0 && !strings.HasSuffix(q, " ") && strings.HasSuffix(folded, words[len(words)-1])
	var out []queryTerm
	for i, w := range words {
		last := typing && i == len(words)-1
		if stopwords[w] && !last {
			continue
		}
		var qt queryTerm
		if id, ok := idx.terms[stem(w)]; ok {
			qt.ids, qt.weights = append(qt.ids, id), append(qt.weights, 1)
		}
		// The other number of the word, which stem does not fold: Spanish
		// plurals in -es ("cancelaciones", "meses", "luces") and English
		// ones in -ies ("companies"), and from a singular the index term of
		// its plural ("mes" → "meses"). Looked up on the query's side, so
		// English "charges" keeps its stem. A guess ("bienes" is not the
		// plural of "bien"): it weighs as a prefix does, below the word
		// itself.
		for _, alt := range otherNumber(w) {
			if id, ok := idx.terms[alt]; ok && !slices.Contains(qt.ids, id) {
				qt.ids, qt.weights = append(qt.ids, id), append(qt.weights, prefixHit)
			}
		}
		if last {
			j := sort.SearchStrings(idx.vocab, w)
			for n := 0; j < len(idx.vocab) && strings.HasPrefix(idx.vocab[j], w) && n < maxExpansions; j++ {
				id := idx.vocabID[j]
				if !slices.Contains(qt.ids, id) {
					qt.ids, qt.weights = append(qt.ids, id), append(qt.weights, prefixHit)
					n++
				}
			}
		}
		// A word that matches nothing still counts against coverage: a
		// template that has only half of what was asked ranks lower.
		out = append(out, qt)
		if len(out) == maxQueryTerms {
			break
		}
	}
	return out
}

// SearchTemplates finds templates by what an agent types: words of the
// title, text, tags or category in either language, without regard to case
// or accents, the last word matching as a prefix while it is typed. Hits
// are ranked by BM25 over the fields (title and tags above the body), with
// a bonus for the query found as a phrase in a title or tag and for
// templates that fit the call. An empty query lists every template that
// passes the filters, those fitting the call first. The index is built on
// the first search and then shared: a playbook is read-only once loaded.
func (pb *Playbook) SearchTemplates(q string, opt SearchOptions) []TemplateHit {
	idx := pb.templateIndex()
	terms := idx.parseQuery(q)
	if len(terms) == 0 {
		return idx.browse(opt)
	}
	sc := idx.scratch.Get().(*scratch)
	defer func() {
		for _, d := range sc.touched {
			sc.acc[0][d], sc.acc[1][d], sc.mask[d] = 0, 0, 0
		}
		sc.touched = sc.touched[:0]
		idx.scratch.Put(sc)
	}()

	n := float64(len(idx.docs))
	for qi, qt := range terms {
		for k, id := range qt.ids {
			list := idx.postings[id]
			idf := float32(math.Log(1 + (n-float64(len(list))+0.5)/(float64(len(list))+0.5)))
			w := idf * qt.weights[k]
			for _, p := range list {
				d := p.doc
				if sc.mask[d] == 0 {
					sc.touched = append(sc.touched, d)
				}
				sc.mask[d] |= 1 << qi
				for l := 0; l < 2; l++ {
					if tf := p.tf[l]; tf > 0 {
						sc.acc[l][d] += w * tf * (bm25K1 + 1) / (tf + idx.norm[d][l])
					}
				}
			}
		}
	}

	pref, other := langES, langEN
	if opt.Lang == locales.EN {
		pref, other = langEN, langES
	}
	nq := float64(len(terms))
	type scored struct {
		d int32
		s float64
	}
	// With a limit, only the best 3×limit (at least 30, for the phrase
	// re-rank below) are kept, in a heap: a broad query on a large library
	// touches thousands of templates, and sorting them all on every
	// keystroke would be most of the cost.
	keep := len(sc.touched)
	if opt.Limit > 0 {
		keep = min(keep, max(opt.Limit*3, 30))
	}
	byScore := func(a, b scored) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return int(a.d - b.d)
	}
	hits := make([]scored, 0, keep)
	for _, d := range sc.touched {
		if !idx.passes(d, opt) {
			continue
		}
		s := float64(sc.acc[pref][d])
		if o := float64(sc.acc[other][d]); opt.Lang == "" {
			s = max(s, o)
		} else {
			s = max(s, otherLang*o)
		}
		cov := 0.5 + 0.5*float64(popcount(sc.mask[d]))/nq
		h := scored{d, s * cov * cov * fit(idx.docs[d], opt.CallType, opt.Step)}
		switch {
		case len(hits) < keep:
			hits = append(hits, h)
			heapUp(hits, len(hits)-1, byScore)
		case byScore(h, hits[0]) < 0:
			hits[0] = h
			heapDown(hits, 0, byScore)
		}
	}
	slices.SortFunc(hits, byScore)

	// The phrase bonus needs string comparisons, so it re-ranks only the
	// head of the list, which is all anyone reads.
	if ph := phrase(q); strings.Contains(ph, " ") {
		head := hits[:min(len(hits), max(opt.Limit*3, 30))]
		for i := range head {
			if strings.Contains(idx.phrases[head[i].d], " "+ph) {
				head[i].s *= 1.5
			}
		}
		slices.SortFunc(head, byScore)
	}
	if opt.Limit > 0 && len(hits) > opt.Limit {
		hits = hits[:opt.Limit]
	}
	out := make([]TemplateHit, len(hits))
	for i, h := range hits {
		out[i] = TemplateHit{Template: idx.docs[h.d], Score: h.s}
	}
	return out
}

// heapUp and heapDown keep h a heap whose root is its worst hit under cmp
// (cmp < 0: a is better), the one a better hit replaces.
func heapUp[T any](h []T, i int, cmp func(a, b T) int) {
	for i > 0 {
		parent := (i - 1) / 2
		if cmp(h[i], h[parent]) <= 0 {
			return
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

func heapDown[T any](h []T, i int, cmp func(a, b T) int) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && cmp(h[l], h[worst]) > 0 {
			worst = l
		}
		if r < len(h) && cmp(h[r], h[worst]) > 0 {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

func popcount(x uint32) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func (idx *templateIndex) passes(d int32, opt SearchOptions) bool {
	t := idx.docs[d]
	if opt.Category != "" && t.Category != opt.Category {
		return false
	}
	if opt.Stage != "" {
		i := slices.Index(Stages, opt.Stage)
		if i < 0 || idx.stages[d]&(1<<i) == 0 {
			return false
		}
	}
	return t.VisibleTo(opt.Agent)
}

// browse lists the templates that pass the filters, those fitting the
// call first, in playbook order otherwise.
func (idx *templateIndex) browse(opt SearchOptions) []TemplateHit {
	var hits []TemplateHit
	for d, t := range idx.docs {
		if idx.passes(int32(d), opt) {
			hits = append(hits, TemplateHit{Template: t, Score: fit(t, opt.CallType, opt.Step)})
		}
	}
	if opt.CallType != "" || opt.Step != "" {
		slices.SortStableFunc(hits, func(a, b TemplateHit) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			}
			return 0
		})
	}
	if opt.Limit > 0 && len(hits) > opt.Limit {
		hits = hits[:opt.Limit]
	}
	return hits
}

// fit scales a score by how well t fits the call: a template written for
// this call type or step ranks above a generic one, and a generic one
// above one written for other calls.
func fit(t *Template, callType, step string) float64 {
	f := 1.0
	if callType != "" && len(t.CallTypes) > 0 {
		if slices.Contains(t.CallTypes, callType) {
			f *= 1.25
		} else {
			f *= 0.85
		}
	}
	if step != "" && len(t.Steps) > 0 {
		if slices.Contains(t.Steps, step) {
			f *= 1.15
		} else {
			f *= 0.9
		}
	}
	return f
}

// SuggestTemplates returns the templates that fit a call of callType at
// step, best first: written for both the call type and the step, then for
// one of them, then generic ones. A template written only for other call
// types or other steps does not fit. Among equals, the one written for
// fewer call types is the more specific. limit 0 returns all.
func (pb *Playbook) SuggestTemplates(callType, step string, limit int) []*Template {
	type cand struct {
		t     *Template
		score int
		width int
		order int
	}
	var cs []cand
	for i := range pb.Templates {
		t := &pb.Templates[i]
		score := 0
		switch {
		case len(t.CallTypes) == 0:
			score += 1
		case slices.Contains(t.CallTypes, callType):
			score += 4
		default:
			continue
		}
		switch {
		case len(t.Steps) == 0:
			score += 1
		case slices.Contains(t.Steps, step):
			score += 3
		default:
			continue
		}
		cs = append(cs, cand{t, score, len(t.CallTypes) + len(t.Steps), i})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if a.width != b.width {
			return a.width - b.width
		}
		return a.order - b.order
	})
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	out := make([]*Template, len(cs))
	for i, c := range cs {
		out[i] = c.t
	}
	return out
}
