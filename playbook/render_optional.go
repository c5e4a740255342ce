package playbook

import (
	"slices"
	"strings"
	"unicode"

	"agentdesk/locales"
)

// RenderedPart is one COST stage of a rendered template; Stage is empty for
// a template that is a single text.
type RenderedPart struct {
	Stage    string
	Rendered Rendered
}

// RenderTemplateParts renders t in lang part by part (one part for a
// single-text template). An optional placeholder without a value takes its
// sentence with it, so the text reads as if it had never been there and
// neither blocks the copy nor leaves a gap; required placeholders still do.
// A part left empty by that is omitted.
func (pb *Playbook) RenderTemplateParts(lang locales.Lang, t *Template, vals Values, authenticated bool) []RenderedPart {
	if len(t.Parts) == 0 {
		r := dropOptional(pb.Render(lang, t.Text, vals, authenticated), t.Optional, pb.noValue(vals))
		return []RenderedPart{{Rendered: r}}
	}
	var out []RenderedPart
	for _, p := range t.Parts {
		r := dropOptional(pb.Render(lang, p.Text, vals, authenticated), t.Optional, pb.noValue(vals))
		if !r.blank() {
			out = append(out, RenderedPart{Stage: p.Stage, Rendered: r})
		}
	}
	return out
}

// RenderTemplate renders t in lang as one text: the text itself, or the
// COST parts one paragraph each, in the order the playbook gives them.
// Optional placeholders are handled as RenderTemplateParts does.
func (pb *Playbook) RenderTemplate(lang locales.Lang, t *Template, vals Values, authenticated bool) Rendered {
	var out Rendered
	for i, p := range pb.RenderTemplateParts(lang, t, vals, authenticated) {
		if i > 0 {
			out = append(out, Segment{Text: "\n\n"})
		}
		out = append(out, p.Rendered...)
	}
	return out
}

// noValue reports whether a placeholder has neither a value in vals nor
// a default, as RenderString decides what to show.
func (pb *Playbook) noValue(vals Values) func(name string) bool {
	return func(name string) bool {
		if vals != nil {
			if v, ok := vals(name); ok && strings.TrimSpace(v) != "" {
				return false
			}
		}
		ph := pb.Placeholder(name)
		return ph == nil || ph.Default == ""
	}
}

func (r Rendered) blank() bool {
	for _, s := range r {
		if s.Name != "" || strings.TrimSpace(s.Text) != "" {
			return false
		}
	}
	return true
}

// dropOptional removes, one at a time, the sentence around each optional
// placeholder that has no value. Masked values are not dropped: they exist
// and appear once the customer is authenticated. A sensitive placeholder
// is masked before authentication whether or not it has a value, so
// noValue tells the two apart: a mask over nothing would otherwise show
// "•••" and block the copy for a sentence authentication would drop.
func dropOptional(r Rendered, optional []string, noValue func(name string) bool) Rendered {
	if len(optional) == 0 {
		return r
	}
	absent := func(s Segment) bool {
		return (s.Missing || s.Masked && noValue(s.Name)) && slices.Contains(optional, s.Name)
	}
	for {
		i := slices.IndexFunc(r, absent)
		if i < 0 {
			return r
		}
		r = dropAround(r, i)
	}
}

// Placeholders are stood in for by one private-use rune each while the
// text is cut, so sentence boundaries are never looked for inside a value
// or a label, and each comes back as the segment it was.
const sentinel = 0xF0000

func dropAround(r Rendered, target int) Rendered {
	var rs []rune
	at := -1
	for i, s := range r {
		if s.Name != "" {
			if i == target {
				at = len(rs)
			}
			rs = append(rs, rune(sentinel+i))
		} else {
			rs = append(rs, []rune(s.Text)...)
		}
	}
	start, end := sentenceStart(rs, at), sentenceEnd(rs, at+1)
	out := slices.Concat(rs[:start], rs[end:])
	if start == 0 {
		out = trimLeft(out)
	}
	if blankRunes(out) {
		// The placeholder is in the only sentence: cut its clause instead,
		// and the whole sentence only when it has no other clause.
		out = dropClause(rs, at, start, end)
	} else {
		out = tidyJoin(out, start)
	}
	return unflatten(out, r)
}

func isTerminator(c rune) bool { return c == '.' || c == '?' || c == '!' || c == '…' }
func isCloser(c rune) bool {
	return c == '"' || c == '\'' || c == ')' || c == '»' || c == '”' || c == '’'
}
func isClauseMark(c rune) bool {
	return c == ',' || c == ';' || c == ':' || c == '—' || c == '–'
}
func isSpace(c rune) bool { return c < sentinel && unicode.IsSpace(c) }

// sentenceStart is where the sentence holding rs[at] begins, counting the
// space that separates it from the previous one (removed with it).
func sentenceStart(rs []rune, at int) int {
	for j := at - 1; j >= 0; j-- {
		if rs[j] == '\n' {
			return j + 1
		}
		if isSpace(rs[j]) && endsSentence(rs, j) {
			return j
		}
	}
	return 0
}

// endsSentence reports whether the text before rs[j] ends a sentence.
func endsSentence(rs []rune, j int) bool {
	i := j - 1
	for i >= 0 && isCloser(rs[i]) {
		i--
	}
	return i >= 0 && isTerminator(rs[i])
}

// sentenceEnd is just past the terminator (and closing quotes) of the
// sentence that goes on at rs[from]. A full stop inside a number ("2.5")
// is not followed by a space, so it does not end anything.
func sentenceEnd(rs []rune, from int) int {
	for j := from; j < len(rs); j++ {
		if rs[j] == '\n' {
			return j
		}
		if isTerminator(rs[j]) {
			k := j + 1
			for k < len(rs) && (isCloser(rs[k]) || isTerminator(rs[k])) {
				k++
			}
			if k == len(rs) || isSpace(rs[k]) {
				return k
			}
		}
	}
	return len(rs)
}

// dropClause cuts the clause around rs[at] from the sentence rs[start:end]:
// a clause between two commas goes with both ("Gracias, X, por llamar"
// → "Gracias por llamar"); a last clause goes with the mark before it; a
// first clause with the mark after it, and the next word is capitalised.
func dropClause(rs []rune, at, start, end int) []rune {
	for start < end && isSpace(rs[start]) {
		start++
	}
	body := end
	for body > start && (isTerminator(rs[body-1]) || isCloser(rs[body-1])) {
		body--
	}
	before, after := -1, -1
	for j := at - 1; j >= start; j-- {
		if isClauseMark(rs[j]) {
			before = j
			break
		}
	}
	for j := at + 1; j < body; j++ {
		if isClauseMark(rs[j]) {
			after = j
			break
		}
	}
	var out []rune
	switch {
	case before >= 0 && after >= 0:
		cut := after
		if rs[before] == ',' && rs[after] == ',' {
			cut = after + 1
		}
		out = slices.Concat(rs[:before], rs[cut:])
		return tidyJoin(out, before)
	case before >= 0:
		out = slices.Concat(rs[:before], rs[body:])
		return tidyJoin(out, before)
	case after >= 0:
		lead := start
		// An opening ¿ or ¡ belongs to the sentence, not to the clause.
		if rs[lead] == '¿' || rs[lead] == '¡' {
			lead++
		}
		k := after + 1
		for k < len(rs) && isSpace(rs[k]) {
			k++
		}
		out = slices.Concat(rs[:lead], rs[k:])
		if lead < len(out) {
			out[lead] = unicode.ToUpper(out[lead])
		}
		return out
	}
	return nil
}

// tidyJoin mends the seam left at i by a cut: no doubled space, no space
// before punctuation.
func tidyJoin(rs []rune, i int) []rune {
	if i <= 0 || i >= len(rs) {
		return rs
	}
	if isSpace(rs[i-1]) && (isSpace(rs[i]) || isTerminator(rs[i]) || isClauseMark(rs[i])) {
		return slices.Delete(rs, i-1, i)
	}
	if !isSpace(rs[i-1]) && !isSpace(rs[i]) && !isTerminator(rs[i]) && !isClauseMark(rs[i]) && !isCloser(rs[i]) {
		return slices.Insert(rs, i, ' ')
	}
	return rs
}

func trimLeft(rs []rune) []rune {
	for len(rs) > 0 && isSpace(rs[0]) {
		rs = rs[1:]
	}
	return rs
}

func blankRunes(rs []rune) bool {
	for _, c := range rs {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// unflatten turns runes back into segments, each sentinel into the
// placeholder segment it stood for.
func unflatten(rs []rune, orig Rendered) Rendered {
	var out Rendered
	var lit []rune
	flush := func() {
		if len(lit) > 0 {
			out = append(out, Segment{Text: string(lit)})
			lit = lit[:0]
		}
	}
	for _, c := range rs {
		if c >= sentinel && int(c-sentinel) < len(orig) {
			flush()
			out = append(out, orig[c-sentinel])
			continue
		}
		lit = append(lit, c)
	}
	flush()
	return out
}
