package playbook

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"agentdesk/assets"
	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
)

// Glossary is the product's vocabulary in both languages: for each concept,
// the term to use and the variants to avoid (assets/glossary.toml). It
// keeps one voice across the playbook, the scenarios and the interface:
// neutral Latin-American Spanish and US English, one word per concept.
type Glossary struct {
	Terms []GlossaryTerm `toml:"term"`

	match map[locales.Lang][]matcher
}

// GlossaryTerm is one concept of the glossary.
type GlossaryTerm struct {
	ID      string `toml:"id"`
	Concept string `toml:"concept"`
	ES      string `toml:"es"`
	EN      string `toml:"en"`
	// Avoid lists words or phrases of whole words; a "*" ending the last
	// word matches any ending.
	AvoidES []string `toml:"avoid_es"`
	AvoidEN []string `toml:"avoid_en"`
	// Except lists phrases that contain an avoided variant and are right
	// ("vale la pena").
	ExceptES []string `toml:"except_es"`
	ExceptEN []string `toml:"except_en"`
}

// Use is the term to use in lang.
func (t *GlossaryTerm) Use(l locales.Lang) string {
	if l == locales.EN {
		return t.EN
	}
	return t.ES
}

// GlossaryHit is one avoided variant found in a text.
type GlossaryHit struct {
	Found, Use string
	Offset     int
}

// glossPhrase is a glossary entry as folded words; prefix lets the last word
// match any word that starts with it.
type glossPhrase struct {
	words  []string
	prefix bool
}

type matcher struct {
	term    *GlossaryTerm
	avoid   glossPhrase
	excepts []glossPhrase
	// fix is the variant's own correction ("apologis* -> apologiz*");
	// empty: the term's.
	fix string
}

// use is what to write instead of found: the variant's fix, its prefix
// swapped into the word found ("apologised" → "apologized"), or the term.
func (m matcher) use(lang locales.Lang, found string) string {
	if m.fix == "" {
		return m.term.Use(lang)
	}
	if !strings.HasSuffix(m.fix, "*") || !m.avoid.prefix {
		return m.fix
	}
	stem := strings.TrimSuffix(m.fix, "*")
	last := m.avoid.words[len(m.avoid.words)-1]
	ws := words(found)
	if len(ws) == 0 {
		return stem
	}
	lw := ws[len(ws)-1]
	orig := found[lw.start:lw.end]
	// Skip as many of the word's runes as make up the variant's prefix,
	// folded, and keep the rest as written.
	cut, n := 0, 0
	for i, r := range orig {
		if n >= len(last) {
			cut = i
			break
		}
		n += len(Fold(string(r)))
		cut = len(orig)
	}
	if first, _ := utf8.DecodeRuneInString(orig); unicode.IsUpper(first) {
		r, size := utf8.DecodeRuneInString(stem)
		stem = string(unicode.ToUpper(r)) + stem[size:]
	}
	return found[:lw.start] + stem + orig[cut:]
}

var defaultGlossary = sync.OnceValues(func() (*Glossary, error) {
	return ParseGlossary(assets.GlossaryFile, assets.Glossary())
})

// DefaultGlossary returns the embedded glossary.
func DefaultGlossary() (*Glossary, error) { return defaultGlossary() }

// ParseGlossary reads a glossary file; name locates its issues. Every term
// needs an id and both languages' terms, and every variant at least one
// word.
func ParseGlossary(name string, data []byte) (*Glossary, error) {
	text := string(data)
	if !utf8.ValidString(text) {
		return nil, &ValidationError{Issues: []Issue{{File: name, Line: 1, Code: "syntax", Args: map[string]any{"Detail": "not UTF-8"}}}}
	}
	var g Glossary
	f, issues := DecodeFile(name, text, &g)
	if f == nil {
		return nil, &ValidationError{Issues: issues}
	}
	pos := f.Elements("term", 1, f.End())
	seen := map[string]int{}
	g.match = map[locales.Lang][]matcher{}
	for i := range g.Terms {
		t := &g.Terms[i]
		p := tomlpos.At(pos, i, name)
		if strings.TrimSpace(t.ID) == "" {
			issues = append(issues, Issue{File: name, Line: p.Line, Code: "missing_id", Args: map[string]any{"Kind": "term"}})
		} else if first, dup := seen[t.ID]; dup {
			issues = append(issues, Issue{File: name, Line: f.Field(p, "id").Line, Code: "duplicate_id",
				Args: map[string]any{"Kind": "term", "ID": t.ID, "First": name + ":" + itoa(first)}})
		} else {
			seen[t.ID] = f.Field(p, "id").Line
		}
		for _, l := range locales.Langs {
			use, avoid, except := t.ES, t.AvoidES, t.ExceptES
			if l == locales.EN {
				use, avoid, except = t.EN, t.AvoidEN, t.ExceptEN
			}
			if strings.TrimSpace(use) == "" {
				issues = append(issues, Issue{File: name, Line: p.Line, Code: "missing_text", Args: map[string]any{"Key": string(l), "Lang": string(l)}})
			}
			var ex []glossPhrase
			for _, e := range except {
				ph, ok := parseGlossPhrase(e)
				if !ok {
					issues = append(issues, Issue{File: name, Line: f.Field(p, "except_"+string(l)).Line, Code: "bad_value", Args: map[string]any{"Key": "except_" + string(l), "Value": e}})
					continue
				}
				ex = append(ex, ph)
			}
			for _, a := range avoid {
				variant, fix, _ := strings.Cut(a, "->")
				ph, ok := parseGlossPhrase(variant)
				fix = strings.TrimSpace(fix)
				if !ok || strings.HasSuffix(fix, "*") && !ph.prefix {
					issues = append(issues, Issue{File: name, Line: f.Field(p, "avoid_"+string(l)).Line, Code: "bad_value", Args: map[string]any{"Key": "avoid_" + string(l), "Value": a}})
					continue
				}
				g.match[l] = append(g.match[l], matcher{term: t, avoid: ph, excepts: ex, fix: fix})
			}
		}
	}
	if len(issues) > 0 {
		return nil, &ValidationError{Issues: issues}
	}
	return &g, nil
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// parseGlossPhrase folds a variant into words. A "*" may only end it.
func parseGlossPhrase(s string) (glossPhrase, bool) {
	s = strings.TrimSpace(s)
	var p glossPhrase
	if strings.HasSuffix(s, "*") {
		p.prefix = true
		s = strings.TrimSuffix(s, "*")
	}
	if strings.Contains(s, "*") {
		return glossPhrase{}, false
	}
	for _, w := range words(s) {
		if w.placeholder != "" {
			return glossPhrase{}, false
		}
		p.words = append(p.words, w.folded)
	}
	return p, len(p.words) > 0
}

// word is a word of a text, or a {{placeholder}}, with its byte range.
type word struct {
	folded      string
	placeholder string
	start, end  int
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// words splits s into words (letters and digits, with an apostrophe, a
// dot or an underscore inside a word kept: "you're", "playbook.dir") and
// placeholders. Everything else separates words.
func words(s string) []word {
	var out []word
	i := 0
	for i < len(s) {
		if strings.HasPrefix(s[i:], "{{") {
			if loc := placeholderRE.FindStringSubmatchIndex(s[i:]); loc != nil && loc[0] == 0 {
				out = append(out, word{placeholder: s[i+loc[2] : i+loc[3]], start: i, end: i + loc[1]})
				i += loc[1]
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				i += n
				continue
			}
			// An apostrophe inside a word ("you're") keeps it whole, and so
			// do the dots and underscores of an identifier ("playbook.dir",
			// a settings key named in a message), which is no prose.
			if r == '\'' || r == '’' || r == '.' || r == '_' {
				if r2, _ := utf8.DecodeRuneInString(s[i+n:]); i+n < len(s) && isWordRune(r2) {
					i += n
					continue
				}
			}
			break
		}
		out = append(out, word{folded: strings.ReplaceAll(Fold(s[start:i]), "’", "'"), start: start, end: i})
	}
	return out
}

// at reports whether p matches ws from i.
func (p glossPhrase) at(ws []word, i int) bool {
	if i < 0 || i+len(p.words) > len(ws) {
		return false
	}
	for k, pw := range p.words {
		w := ws[i+k]
		if w.placeholder != "" {
			return false
		}
		last := k == len(p.words)-1
		if last && p.prefix {
			if !strings.HasPrefix(w.folded, pw) {
				return false
			}
		} else if w.folded != pw {
			return false
		}
	}
	return true
}

// Check lists the avoided variants in text (whole words, accent- and
// case-insensitive), in order. Found is the variant as the text writes it;
// Use is the glossary's term; Offset is in bytes.
func (g *Glossary) Check(lang locales.Lang, text string) []GlossaryHit {
	if g == nil || len(g.match[lang]) == 0 {
		return nil
	}
	ws := words(text)
	var hits []GlossaryHit
	for _, m := range g.match[lang] {
		n := len(m.avoid.words)
		for i := range ws {
			if !m.avoid.at(ws, i) || excepted(m.excepts, ws, i, n) {
				continue
			}
			found := text[ws[i].start:ws[i+n-1].end]
			hits = append(hits, GlossaryHit{Found: found, Use: m.use(lang, found), Offset: ws[i].start})
		}
	}
	// One hit per place: the longest variant found there ("cuota mensual"
	// rather than "cuota"), and none inside another ("have a lovely day"
	// is one mistake, not two).
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Offset != hits[j].Offset {
			return hits[i].Offset < hits[j].Offset
		}
		return len(hits[i].Found) > len(hits[j].Found)
	})
	out, end := hits[:0], -1
	for _, h := range hits {
		if h.Offset < end {
			continue
		}
		out = append(out, h)
		end = h.Offset + len(h.Found)
	}
	return out
}

// excepted reports whether the n words from i sit inside an exception.
func excepted(ex []glossPhrase, ws []word, i, n int) bool {
	for _, e := range ex {
		for j := i + n - len(e.words); j <= i; j++ {
			if e.at(ws, j) {
				return true
			}
		}
	}
	return false
}

// Words whose grammatical number is written out. Beside a count they are
// right for some values and wrong for others ("1 años", "your 1 years").
var (
	countNouns = map[locales.Lang][]string{
		locales.ES: {"año", "años", "mes", "meses", "día", "días", "semana", "semanas", "hora", "horas", "minuto", "minutos",
			"segundo", "segundos", "pago", "pagos", "cuota", "cuotas", "mensualidad", "mensualidades", "vez", "veces",
			"línea", "líneas", "equipo", "equipos", "cargo", "cargos", "factura", "facturas", "ciclo", "ciclos",
			"visita", "visitas", "dispositivo", "dispositivos", "canal", "canales", "intento", "intentos",
			"llamada", "llamadas", "periodo", "periodos", "caso", "casos", "servicio", "servicios"},
		locales.EN: {"year", "years", "month", "months", "day", "days", "week", "weeks", "hour", "hours", "minute", "minutes",
			"second", "seconds", "payment", "payments", "installment", "installments", "time", "times",
			"line", "lines", "box", "boxes", "device", "devices", "charge", "charges", "bill", "bills", "cycle", "cycles",
			"visit", "visits", "channel", "channels", "attempt", "attempts", "call", "calls", "period", "periods",
			"case", "cases", "service", "services"},
	}
	// countLinks join a count to what follows without qualifying a noun
	// ("{{n}} with us", "{{n}} de los cargos"); any other single word may be
	// an adjective before the noun ("5 business days", "3 nuevas líneas").
	countLinks = map[string]bool{"y": true, "o": true, "de": true, "del": true, "con": true, "por": true, "para": true,
		"en": true, "a": true, "al": true, "que": true, "and": true, "or": true, "of": true, "with": true, "for": true,
		"in": true, "on": true, "to": true, "at": true, "from": true, "by": true, "that": true}
	// countDeterminers fix the number before a count ("estos 3 años").
	countDeterminers = map[locales.Lang][]string{
		locales.ES: {"estos", "estas", "esos", "esas", "aquellos", "los", "las", "sus", "unos", "unas", "varios", "varias", "muchos", "muchas", "nuestros"},
		locales.EN: {"these", "those", "several", "many"},
	}
	foldedOnce = sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for l, ws := range countNouns {
			for _, w := range ws {
				m[string(l)+":n:"+Fold(w)] = true
			}
		}
		for l, ws := range countDeterminers {
			for _, w := range ws {
				m[string(l)+":d:"+Fold(w)] = true
			}
		}
		return m
	})
)

// FixedPlurals lists the places where a number placeholder ({{name}} whose
// value is a count) sits next to a fixed plural word ("{{tenure_years}}
// años", "your {{n}} years"): a noun written after it, or a plural
// determiner before it, whose number cannot follow the count. One word
// may stand between the count and the noun ("5 business days"). Each place
// is returned as the text shows it. Counts render with their unit
// (Placeholder.Kind), so the fix is to drop the word or reword.
func FixedPlurals(lang locales.Lang, text string, isCount func(placeholder string) bool) []string {
	known := foldedOnce()
	ws := words(text)
	spaced := func(a, b word) bool { return strings.TrimSpace(text[a.end:b.start]) == "" }
	var out []string
	for i, w := range ws {
		if w.placeholder == "" || isCount == nil || !isCount(w.placeholder) {
			continue
		}
		if i > 0 && ws[i-1].placeholder == "" && spaced(ws[i-1], w) && known[string(lang)+":d:"+ws[i-1].folded] {
			out = append(out, text[ws[i-1].start:w.end])
		}
		if i+1 >= len(ws) || ws[i+1].placeholder != "" || !spaced(w, ws[i+1]) {
			continue
		}
		next := ws[i+1]
		switch {
		case known[string(lang)+":n:"+next.folded]:
			out = append(out, text[w.start:next.end])
		case !countLinks[next.folded] && i+2 < len(ws) &&
			ws[i+2].placeholder == "" && spaced(next, ws[i+2]) && known[string(lang)+":n:"+ws[i+2].folded]:
			out = append(out, text[w.start:ws[i+2].end])
		}
	}
	return out
}
