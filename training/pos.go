package training

import (
	"agentdesk/internal/tomlpos"
	"agentdesk/playbook"
)

// Pos locates an element in its file: the line of its header and the line
// where the next header starts, so a field can be found inside it.
type Pos = tomlpos.Pos

var at = tomlpos.At

// assignScenario stores positions in a decoded scenario, read from its
// file's headers (tomlpos): the n-th [[turn]] is the n-th turn decoded,
// and a [[turn.choice]] belongs to the turn whose range holds it.
func assignScenario(p *tomlpos.File, sc *Scenario) {
	f := p.Name
	sc.pos = p.Top()
	file := wholeFile(p)
	place := func(path string, in Pos, n int, set func(i int, pos Pos)) {
		playbook.PlaceElements(p, path, in, n, set)
	}
	place("var", file, len(sc.Vars), func(i int, pos Pos) { sc.Vars[i].pos = pos })
	place("calc", file, len(sc.Calcs), func(i int, pos Pos) { sc.Calcs[i].pos = pos })
	place("fact", file, len(sc.Facts), func(i int, pos Pos) { sc.Facts[i].pos = pos })
	place("turn", file, len(sc.Turns), func(i int, pos Pos) {
		t := &sc.Turns[i]
		t.pos = pos
		place("turn.choice", pos, len(t.Choices), func(j int, pos Pos) { t.Choices[j].pos = pos })
		if r := t.Response; r != nil {
			r.pos = at(p.Elements("turn.response", t.pos.Line, t.pos.End), 0, f)
			place("turn.response.element", pos, len(r.Elements), func(j int, pos Pos) { r.Elements[j].pos = pos })
		}
		if t.Entry != nil {
			t.Entry.pos = at(p.Elements("turn.entry", t.pos.Line, t.pos.End), 0, f)
			if t.Entry.pos.Line == 1 && t.Entry.pos.End == 1<<30 {
				// entry = { ... } inline: the key's line inside the turn
				t.Entry.pos = p.Field(t.pos, "entry")
			}
		}
	})
}

// wholeFile is the range of every line of p.
func wholeFile(p *tomlpos.File) Pos { return Pos{File: p.Name, Line: 1, End: p.End()} }

// tablePos is the range of a single [table], or the whole file.
func tablePos(p *tomlpos.File, name string) Pos {
	ps := p.Elements(name, 1, p.End())
	if len(ps) == 0 {
		return Pos{File: p.Name, Line: p.KeyLine(name, 1, p.End(), 1), End: p.End()}
	}
	return ps[0]
}
