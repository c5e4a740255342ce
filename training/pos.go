package training

import "agentdesk/internal/tomlpos"

// Pos locates an element in its file: the line of its header and the line
// where the next header starts, so a field can be found inside it.
type Pos = tomlpos.Pos

var at = tomlpos.At

// assignScenario stores positions in a decoded scenario, read from its
// file's headers (tomlpos): the n-th [[turn]] is the n-th turn decoded,
// and a [[turn.choice]] belongs to the turn whose range holds it.
func assignScenario(p *tomlpos.File, sc *Scenario) {
	all := p.End()
	f := p.Name
	sc.pos = p.Top()
	vars := p.Elements("var", 1, all)
	for i := range sc.Vars {
		sc.Vars[i].pos = at(vars, i, f)
	}
	calcs := p.Elements("calc", 1, all)
	for i := range sc.Calcs {
		sc.Calcs[i].pos = at(calcs, i, f)
	}
	facts := p.Elements("fact", 1, all)
	for i := range sc.Facts {
		sc.Facts[i].pos = at(facts, i, f)
	}
	turns := p.Elements("turn", 1, all)
	for i := range sc.Turns {
		t := &sc.Turns[i]
		t.pos = at(turns, i, f)
		cs := p.Elements("turn.choice", t.pos.Line, t.pos.End)
		for j := range t.Choices {
			t.Choices[j].pos = at(cs, j, f)
		}
		if r := t.Response; r != nil {
			r.pos = at(p.Elements("turn.response", t.pos.Line, t.pos.End), 0, f)
			es := p.Elements("turn.response.element", t.pos.Line, t.pos.End)
			for j := range r.Elements {
				r.Elements[j].pos = at(es, j, f)
			}
		}
		if t.Entry != nil {
			t.Entry.pos = at(p.Elements("turn.entry", t.pos.Line, t.pos.End), 0, f)
			if t.Entry.pos.Line == 1 && t.Entry.pos.End == 1<<30 {
				// entry = { ... } inline: the key's line inside the turn
				t.Entry.pos = p.Field(t.pos, "entry")
			}
		}
	}
}

// tablePos is the range of a single [table], or the whole file.
func tablePos(p *tomlpos.File, name string) Pos {
	ps := p.Elements(name, 1, p.End())
	if len(ps) == 0 {
		return Pos{File: p.Name, Line: p.KeyLine(name, 1, p.End(), 1), End: p.End()}
	}
	return ps[0]
}
