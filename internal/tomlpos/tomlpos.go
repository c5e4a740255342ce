// Package tomlpos maps decoded TOML elements back to the lines they came
// from, so content errors can say file:line. BurntSushi/toml keeps key
// positions private, so the loaders read the headers themselves: the n-th
// [[step]] is the n-th step decoded, and a nested [[step.script]] belongs
// to the step whose range holds it. The playbook and training loaders
// share it.
package tomlpos

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Pos locates an element in its file: the line of its header and the line
// where the next header starts, so a field can be found inside it.
type Pos struct {
	File string
	Line int
	End  int
}

// Issue is one problem in a content file: where, a code that selects the
// translated message in the loader's namespace, and what fills it.
type Issue struct {
	File string
	Line int
	Code string
	Args map[string]any
}

// String is file:line: code, then the arguments by name, for logs and
// tests.
func (i Issue) String() string {
	keys := make([]string, 0, len(i.Args))
	for k := range i.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s", i.File, i.Line, i.Code)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, i.Args[k])
	}
	return b.String()
}

// Describe is a list of issues on one line, after the package's name:
// the Error of a loader's ValidationError.
func Describe(pkg string, issues []Issue) string {
	lines := make([]string, len(issues))
	for i, is := range issues {
		lines[i] = is.String()
	}
	return pkg + ": " + strings.Join(lines, "; ")
}

type header struct {
	path string
	line int // 1-based
}

// File is one content file split into lines, with its [table] and
// [[array]] headers.
type File struct {
	Name    string
	Lines   []string
	headers []header
	// keys maps the key each line sets or opens to the first line that
	// does, for lookups over the whole file: a file of many unknown keys
	// looked each one up from line 1, which made crmd's check of a
	// published pack quadratic in its size. Built on first use.
	keysOnce sync.Once
	keys     map[string]int
}

// New reads the headers of a file.
func New(name, text string) *File {
	// A byte-order mark (Notepad's UTF-8) is no part of the first line,
	// as the TOML decoder reads it: left in, it hid the first header, and
	// every element of the file took the next one's line.
	text = strings.TrimPrefix(text, "\ufeff")
	f := &File{Name: name, Lines: strings.Split(text, "\n")}
	for i, ln := range f.Lines {
		if path, ok := headerPath(ln); ok {
			f.headers = append(f.headers, header{path, i + 1})
		}
	}
	return f
}

const space = " \t\n\f\r" // what a regexp's \s matches

// headerPath reads "[[a.b]]" or "[a.b]" at the start of a line (after
// blanks); the path is letters, digits, '_' and '.'.
func headerPath(ln string) (string, bool) {
	s := strings.TrimLeft(ln, space)
	if !strings.HasPrefix(s, "[") {
		return "", false
	}
	double := strings.HasPrefix(s, "[[")
	if double {
		s = s[2:]
	} else {
		s = s[1:]
	}
	s = strings.TrimLeft(s, space)
	n := 0
	for n < len(s) && isPathByte(s[n]) {
		n++
	}
	if n == 0 {
		return "", false
	}
	path, rest := s[:n], strings.TrimLeft(s[n:], space)
	if double && strings.HasPrefix(rest, "]]") || !double && strings.HasPrefix(rest, "]") {
		return path, true
	}
	return "", false
}

func isPathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
}

// End is one past the last line.
func (f *File) End() int { return len(f.Lines) + 1 }

// Top is the part of the file before the first header.
func (f *File) Top() Pos {
	end := f.End()
	if len(f.headers) > 0 {
		end = f.headers[0].line
	}
	return Pos{File: f.Name, Line: 1, End: end}
}

// Elements returns the ranges of the elements of path within [from, to):
// each runs from its header to the next header of the same or a shallower
// path.
func (f *File) Elements(path string, from, to int) []Pos {
	var out []Pos
	depth := strings.Count(path, ".")
	for i, h := range f.headers {
		if h.line < from || h.line >= to || h.path != path {
			continue
		}
		end := to
		for _, n := range f.headers[i+1:] {
			if n.path == path || strings.Count(n.path, ".") <= depth && !strings.HasPrefix(n.path, path+".") {
				end = n.line
				break
			}
		}
		out = append(out, Pos{File: f.Name, Line: h.line, End: end})
	}
	return out
}

// At is the i-th position, or the whole file when the headers and the
// decoded elements disagree (a header the reader did not recognise).
func At(ps []Pos, i int, file string) Pos {
	if i < len(ps) {
		return ps[i]
	}
	return Pos{File: file, Line: 1, End: 1 << 30}
}

// KeyLine is the first line in [from, to) that sets key or opens a table
// named key; fallback when there is none.
func (f *File) KeyLine(key string, from, to, fallback int) int {
	if from <= 1 && to > len(f.Lines) && key != "" && !strings.ContainsAny(key, keyStop) {
		f.keysOnce.Do(f.indexKeys)
		if n, ok := f.keys[key]; ok {
			return n
		}
		return fallback
	}
	for i := max(from, 1); i < to && i <= len(f.Lines); i++ {
		if setsKey(f.Lines[i-1], key) {
			return i
		}
	}
	return fallback
}

// MaxUnknownKeys is how many keys a decoder did not know a loader reports
// one by one, each with its line, per file; the rest are counted in one
// more issue. Each is located with a look through the file, and an upload
// of a megabyte of unknown keys must not take minutes of a server's CPU
// (quoted keys, with spaces or dots in them, are looked up by scanning).
const MaxUnknownKeys = 100

// keyStop are the characters that end a line's first key: a key that
// holds one is looked up by scanning (setsKey) rather than in the index.
const keyStop = space + "=.]"

// indexKeys records, for each line that sets a key or opens a table, the
// first line of its first key: exactly the key for which setsKey holds.
func (f *File) indexKeys() {
	f.keys = map[string]int{}
	for i, ln := range f.Lines {
		if k, ok := lineKey(ln); ok {
			if _, seen := f.keys[k]; !seen {
				f.keys[k] = i + 1
			}
		}
	}
}

// lineKey is the key a line sets or opens, read as setsKey reads it.
func lineKey(ln string) (string, bool) {
	s := strings.TrimLeft(ln, space)
	if strings.HasPrefix(s, "[") {
		s = strings.TrimPrefix(s[1:], "[")
		s = strings.TrimLeft(s, space)
	}
	end := strings.IndexAny(s, keyStop)
	if end <= 0 {
		return "", false
	}
	rest := strings.TrimLeft(s[end:], space)
	return s[:end], rest != "" && (rest[0] == '=' || rest[0] == '.' || rest[0] == ']')
}

// setsKey says whether a line is `key =`, `key.sub =`, `[key]` or
// `[[key]]`, blanks allowed around. It runs for every field of every
// element the validators report on, so it is a plain scan: compiling a
// pattern per key took a quarter of the desktop's content loading.
func setsKey(ln, key string) bool {
	s := strings.TrimLeft(ln, space)
	if strings.HasPrefix(s, "[") {
		s = strings.TrimPrefix(s[1:], "[")
		s = strings.TrimLeft(s, space)
	}
	if !strings.HasPrefix(s, key) {
		return false
	}
	s = strings.TrimLeft(s[len(key):], space)
	return s != "" && (s[0] == '=' || s[0] == '.' || s[0] == ']')
}

// Field narrows a position to the line that sets key inside it, or keeps
// the element's own line.
func (f *File) Field(in Pos, key string) Pos {
	end := in.End
	if end == 0 || end > f.End() {
		end = f.End()
	}
	return Pos{File: in.File, Line: f.KeyLine(key, in.Line, end, in.Line), End: in.End}
}

// LineWith moves to the first line of the element that contains s, for an
// error about a piece of text rather than a key.
func (f *File) LineWith(in Pos, s string) Pos {
	end := in.End
	if end == 0 || end > f.End() {
		end = f.End()
	}
	for i := max(in.Line, 1); i < end && i <= len(f.Lines); i++ {
		if strings.Contains(f.Lines[i-1], s) {
			return Pos{File: in.File, Line: i, End: in.End}
		}
	}
	return in
}

// Comment is the text after a "#" that starts a TOML comment, with its line.
type Comment struct {
	Line int
	Text string
}

// Comments lists the file's comments: a "#" outside a string, to the end
// of its line. Strings are followed as TOML writes them (basic with
// escapes, literal, and both multi-line forms), so a "#" inside one is
// text, not a comment.
func (f *File) Comments() []Comment {
	var out []Comment
	quote := "" // the open string's delimiter, "" outside one
	for i, ln := range f.Lines {
		for j := 0; j < len(ln); j++ {
			switch {
			case quote == "" && ln[j] == '#':
				out = append(out, Comment{Line: i + 1, Text: ln[j+1:]})
				j = len(ln)
			case quote == "":
				for _, q := range []string{`"""`, `'''`, `"`, `'`} {
					if strings.HasPrefix(ln[j:], q) {
						quote, j = q, j+len(q)-1
						break
					}
				}
			case (quote == `"` || quote == `"""`) && ln[j] == '\\':
				j++ // an escaped character, a quote among them
			case strings.HasPrefix(ln[j:], quote):
				// A multi-line string may hold up to two quotes just before
				// its closing three: it closes at the end of the run, not at
				// its first three.
				run := len(quote)
				if len(quote) == 3 {
					for run < 5 && j+run < len(ln) && ln[j+run] == quote[0] {
						run++
					}
				}
				j += run - 1
				quote = ""
			}
		}
		if quote == `"` || quote == `'` {
			quote = "" // single-line strings end with their line
		}
	}
	return out
}
