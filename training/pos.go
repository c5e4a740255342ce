package training

import (
	"regexp"
	"strings"
)

// Pos locates an element in its file: the line of its header and the line
// where the next header starts, so a field can be found inside it.
type Pos struct {
	File string
	Line int
	End  int
}

var (
	headerRE = regexp.MustCompile(`^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]`)
	tableRE  = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.]+)\s*\]`)
)

type header struct {
	path string
	line int
}

// filePos maps decoded elements to lines. BurntSushi/toml keeps key
// positions private, so, like the playbook loader, this reads the headers
// itself: the n-th [[turn]] is the n-th turn decoded, and a [[turn.choice]]
// belongs to the turn whose range holds it.
type filePos struct {
	file    string
	lines   []string
	headers []header
}

func newFilePos(file, text string) *filePos {
	p := &filePos{file: file, lines: strings.Split(text, "\n")}
	for i, ln := range p.lines {
		if m := headerRE.FindStringSubmatch(ln); m != nil {
			p.headers = append(p.headers, header{m[1], i + 1})
		} else if m := tableRE.FindStringSubmatch(ln); m != nil {
			p.headers = append(p.headers, header{m[1], i + 1})
		}
	}
	return p
}

// top is the part of the file before the first header, where a scenario's
// own keys live.
func (p *filePos) top() Pos {
	end := len(p.lines) + 1
	if len(p.headers) > 0 {
		end = p.headers[0].line
	}
	return Pos{File: p.file, Line: 1, End: end}
}

// elements returns the ranges of the elements of path within [from, to):
// each runs from its header to the next header of the same or a shallower
// path.
func (p *filePos) elements(path string, from, to int) []Pos {
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

// field narrows a position to the line that sets key inside it, or keeps
// the element's own line.
func (p *filePos) field(in Pos, key string) Pos {
	end := in.End
	if end == 0 || end > len(p.lines)+1 {
		end = len(p.lines) + 1
	}
	return Pos{File: in.File, Line: findKey(p.lines, key, in.Line, end, in.Line), End: in.End}
}

// lineWith moves to the first line of the element that contains s.
func (p *filePos) lineWith(in Pos, s string) Pos {
	end := in.End
	if end == 0 || end > len(p.lines)+1 {
		end = len(p.lines) + 1
	}
	for i := max(in.Line, 1); i < end && i <= len(p.lines); i++ {
		if strings.Contains(p.lines[i-1], s) {
			return Pos{File: in.File, Line: i, End: in.End}
		}
	}
	return in
}

func findKey(lines []string, key string, from, to, fallback int) int {
	re := regexp.MustCompile(`^\s*(\[\[?\s*)?` + regexp.QuoteMeta(key) + `\s*(=|\.|\])`)
	for i := max(from, 1); i < to && i <= len(lines); i++ {
		if re.MatchString(lines[i-1]) {
			return i
		}
	}
	return fallback
}

// assignScenario stores positions in a decoded scenario.
func (p *filePos) assignScenario(sc *Scenario) {
	all := len(p.lines) + 1
	f := p.file
	sc.pos = p.top()
	vars := p.elements("var", 1, all)
	for i := range sc.Vars {
		sc.Vars[i].pos = at(vars, i, f)
	}
	calcs := p.elements("calc", 1, all)
	for i := range sc.Calcs {
		sc.Calcs[i].pos = at(calcs, i, f)
	}
	facts := p.elements("fact", 1, all)
	for i := range sc.Facts {
		sc.Facts[i].pos = at(facts, i, f)
	}
	turns := p.elements("turn", 1, all)
	for i := range sc.Turns {
		t := &sc.Turns[i]
		t.pos = at(turns, i, f)
		cs := p.elements("turn.choice", t.pos.Line, t.pos.End)
		for j := range t.Choices {
			t.Choices[j].pos = at(cs, j, f)
		}
		if t.Entry != nil {
			t.Entry.pos = at(p.elements("turn.entry", t.pos.Line, t.pos.End), 0, f)
			if t.Entry.pos.Line == 1 && t.Entry.pos.End == 1<<30 {
				// entry = { ... } inline: the key's line inside the turn
				t.Entry.pos = p.field(t.pos, "entry")
			}
		}
	}
}

// tablePos is the range of a single [table], or the whole file.
func (p *filePos) tablePos(name string) Pos {
	ps := p.elements(name, 1, len(p.lines)+1)
	if len(ps) == 0 {
		return Pos{File: p.file, Line: findKey(p.lines, name, 1, len(p.lines)+1, 1), End: len(p.lines) + 1}
	}
	return ps[0]
}
