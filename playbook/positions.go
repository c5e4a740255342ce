package playbook

import "agentdesk/internal/tomlpos"

// Pos locates an element in its file: the line of its [[header]] and the
// line where the next header starts, so a field can be found inside it.
type Pos = tomlpos.Pos

// positions keeps what the loader learned about where things are.
type positions struct {
	meta  Pos
	files map[string]*tomlpos.File
}

var at = tomlpos.At

// assign stores positions in the decoded elements of one file.
func assign(p *tomlpos.File, d *doc) {
	all := p.End()
	f := p.Name
	steps := p.Elements("step", 1, all)
	for i := range d.Steps {
		d.Steps[i].pos = at(steps, i, f)
		scripts := p.Elements("step.script", d.Steps[i].pos.Line, d.Steps[i].pos.End)
		for j := range d.Steps[i].Scripts {
			d.Steps[i].Scripts[j].pos = at(scripts, j, f)
		}
	}
	cts := p.Elements("call_type", 1, all)
	for i := range d.CallTypes {
		c := &d.CallTypes[i]
		c.pos = at(cts, i, f)
		qs := p.Elements("call_type.question", c.pos.Line, c.pos.End)
		for j := range c.Questions {
			c.Questions[j].pos = at(qs, j, f)
		}
		cs := p.Elements("call_type.check", c.pos.Line, c.pos.End)
		for j := range c.Checks {
			c.Checks[j].pos = at(cs, j, f)
		}
		ss := p.Elements("call_type.script", c.pos.Line, c.pos.End)
		for j := range c.Scripts {
			c.Scripts[j].pos = at(ss, j, f)
		}
	}
	simple := func(path string, n int, set func(i int, p Pos)) {
		ps := p.Elements(path, 1, all)
		for i := 0; i < n; i++ {
			set(i, at(ps, i, f))
		}
	}
	simple("action", len(d.Actions), func(i int, p Pos) { d.Actions[i].pos = p })
	simple("reason_code", len(d.ReasonCodes), func(i int, p Pos) { d.ReasonCodes[i].pos = p })
	simple("escalation_criterion", len(d.Criteria), func(i int, p Pos) { d.Criteria[i].pos = p })
	simple("priority", len(d.Priorities), func(i int, p Pos) { d.Priorities[i].pos = p })
	simple("authority", len(d.Authority), func(i int, p Pos) { d.Authority[i].pos = p })
	simple("compensation", len(d.Compensation), func(i int, p Pos) { d.Compensation[i].pos = p })
	simple("placeholder", len(d.Placeholders), func(i int, p Pos) { d.Placeholders[i].pos = p })
	gs := p.Elements("guide", 1, all)
	for i := range d.Guides {
		g := &d.Guides[i]
		g.pos = at(gs, i, f)
		secs := p.Elements("guide.section", g.pos.Line, g.pos.End)
		for j := range g.Sections {
			g.Sections[j].pos = at(secs, j, f)
		}
	}
	tps := p.Elements("template", 1, all)
	for i := range d.Templates {
		t := &d.Templates[i]
		t.pos = at(tps, i, f)
		parts := p.Elements("template.part", t.pos.Line, t.pos.End)
		for j := range t.Parts {
			t.Parts[j].pos = at(parts, j, f)
		}
	}
}
