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

// assign stores positions in the decoded elements of one file.
func assign(p *tomlpos.File, d *doc) {
	file := Pos{File: p.Name, Line: 1, End: p.End()}
	place := func(path string, in Pos, n int, set func(i int, pos Pos)) { PlaceElements(p, path, in, n, set) }
	place("step", file, len(d.Steps), func(i int, pos Pos) {
		s := &d.Steps[i]
		s.pos = pos
		place("step.script", pos, len(s.Scripts), func(j int, pos Pos) { s.Scripts[j].pos = pos })
	})
	place("call_type", file, len(d.CallTypes), func(i int, pos Pos) {
		c := &d.CallTypes[i]
		c.pos = pos
		place("call_type.question", pos, len(c.Questions), func(j int, pos Pos) { c.Questions[j].pos = pos })
		place("call_type.check", pos, len(c.Checks), func(j int, pos Pos) { c.Checks[j].pos = pos })
		place("call_type.script", pos, len(c.Scripts), func(j int, pos Pos) { c.Scripts[j].pos = pos })
	})
	place("action", file, len(d.Actions), func(i int, pos Pos) { d.Actions[i].pos = pos })
	place("reason_code", file, len(d.ReasonCodes), func(i int, pos Pos) { d.ReasonCodes[i].pos = pos })
	place("escalation_criterion", file, len(d.Criteria), func(i int, pos Pos) { d.Criteria[i].pos = pos })
	place("priority", file, len(d.Priorities), func(i int, pos Pos) { d.Priorities[i].pos = pos })
	place("authority", file, len(d.Authority), func(i int, pos Pos) { d.Authority[i].pos = pos })
	place("compensation", file, len(d.Compensation), func(i int, pos Pos) { d.Compensation[i].pos = pos })
	place("placeholder", file, len(d.Placeholders), func(i int, pos Pos) { d.Placeholders[i].pos = pos })
	place("guide", file, len(d.Guides), func(i int, pos Pos) {
		g := &d.Guides[i]
		g.pos = pos
		place("guide.section", pos, len(g.Sections), func(j int, pos Pos) { g.Sections[j].pos = pos })
	})
	place("template", file, len(d.Templates), func(i int, pos Pos) {
		t := &d.Templates[i]
		t.pos = pos
		place("template.part", pos, len(t.Parts), func(j int, pos Pos) { t.Parts[j].pos = pos })
	})
}
