package playbook

import (
	"regexp"
	"strings"
)

// Pos locates an element in its file: the line of its [[header]] and the
// line where the next header starts, so a field can be found inside it.
type Pos struct {
	File string
	Line int
	End  int
}

// positions keeps what the loader learned about where things are.
type positions struct {
	meta  Pos
	files map[string][]string
}

var headerRE = regexp.MustCompile(`^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]`)
var tableRE = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.]+)\s*\]`)

type header struct {
	path string
	line int // 1-based
}

// filePositions maps the elements of one file to lines. BurntSushi/toml keeps
// key positions private, so the loader reads the [[headers]] itself: the
// n-th [[call_type]] is the n-th call type decoded, and a nested
// [[call_type.question]] belongs to the call type whose range holds it.
type filePositions struct {
	file    string
	lines   []string
	headers []header
}

func newFilePositions(file, text string) *filePositions {
	p := &filePositions{file: file, lines: strings.Split(text, "\n")}
	for i, ln := range p.lines {
		if m := headerRE.FindStringSubmatch(ln); m != nil {
			p.headers = append(p.headers, header{m[1], i + 1})
		} else if m := tableRE.FindStringSubmatch(ln); m != nil {
			p.headers = append(p.headers, header{m[1], i + 1})
		}
	}
	return p
}

// keyLine finds the first line that sets key (or opens table key).
func (p *filePositions) keyLine(key string) int {
	return findKey(p.lines, key, 1, len(p.lines)+1, 1)
}

func findKey(lines []string, key string, from, to, fallback int) int {
	re := regexp.MustCompile(`^\s*(\[\[?\s*)?` + regexp.QuoteMeta(key) + `\s*(=|\.|\])`)
	for i := from; i < to && i <= len(lines); i++ {
		if i >= 1 && re.MatchString(lines[i-1]) {
			return i
		}
	}
	return fallback
}

// elements returns the positions of the elements of array path within
// [from, to): each runs from its header to the next header of the same or a
// shallower path.
func (p *filePositions) elements(path string, from, to int) []Pos {
	var out []Pos
	depth := strings.Count(path, ".")
	for i, h := range p.headers {
		if h.line < from || h.line >= to || h.path != path {
			continue
		}
		end := to
		for _, n := range p.headers[i+1:] {
			if n.path == path || strings.Count(n.path, ".") <= depth && !strings.HasPrefix(n.path, path+".") {
				end = n.line
				break
			}
		}
		out = append(out, Pos{File: p.file, Line: h.line, End: end})
	}
	return out
}

func at(ps []Pos, i int, file string) Pos {
	if i < len(ps) {
		return ps[i]
	}
	return Pos{File: file, Line: 1, End: 1 << 30}
}

// assign stores positions in the decoded elements of one file.
func (p *filePositions) assign(d *doc) {
	all := len(p.lines) + 1
	f := p.file
	steps := p.elements("step", 1, all)
	for i := range d.Steps {
		d.Steps[i].pos = at(steps, i, f)
		scripts := p.elements("step.script", d.Steps[i].pos.Line, d.Steps[i].pos.End)
		for j := range d.Steps[i].Scripts {
			d.Steps[i].Scripts[j].pos = at(scripts, j, f)
		}
	}
	cts := p.elements("call_type", 1, all)
	for i := range d.CallTypes {
		c := &d.CallTypes[i]
		c.pos = at(cts, i, f)
		qs := p.elements("call_type.question", c.pos.Line, c.pos.End)
		for j := range c.Questions {
			c.Questions[j].pos = at(qs, j, f)
		}
		cs := p.elements("call_type.check", c.pos.Line, c.pos.End)
		for j := range c.Checks {
			c.Checks[j].pos = at(cs, j, f)
		}
		ss := p.elements("call_type.script", c.pos.Line, c.pos.End)
		for j := range c.Scripts {
			c.Scripts[j].pos = at(ss, j, f)
		}
	}
	simple := func(path string, n int, set func(i int, p Pos)) {
		ps := p.elements(path, 1, all)
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
	tps := p.elements("template", 1, all)
	for i := range d.Templates {
		t := &d.Templates[i]
		t.pos = at(tps, i, f)
		parts := p.elements("template.part", t.pos.Line, t.pos.End)
		for j := range t.Parts {
			t.Parts[j].pos = at(parts, j, f)
		}
	}
}
