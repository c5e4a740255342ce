package tomlpos

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The patterns the loaders used before the plain scans; they stay here as
// the definition the scans must agree with.
var (
	headerRE = regexp.MustCompile(`^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]`)
	tableRE  = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.]+)\s*\]`)
)

func keyRE(key string) *regexp.Regexp {
	return regexp.MustCompile(`^\s*(\[\[?\s*)?` + regexp.QuoteMeta(key) + `\s*(=|\.|\])`)
}

func oldHeader(ln string) (string, bool) {
	if m := headerRE.FindStringSubmatch(ln); m != nil {
		return m[1], true
	}
	if m := tableRE.FindStringSubmatch(ln); m != nil {
		return m[1], true
	}
	return "", false
}

func TestSetsKey(t *testing.T) {
	for _, tc := range []struct {
		line, key string
		want      bool
	}{
		{`id = "x"`, "id", true},
		{`  id="x"`, "id", true},
		{"\tid\t= 1", "id", true},
		{`idx = 1`, "id", false},
		{`title.es = "Hola"`, "title", true},
		{`[persona]`, "persona", true},
		{`[[turn]]`, "turn", true},
		{`[[ turn ]]`, "turn", true},
		{`[turn.choice]`, "turn", true},
		{`# id = 1`, "id", false},
		{`"id" = 1`, "id", false},
		{`id`, "id", false},
		{`text = "id = 2"`, "id", false},
	} {
		if got := setsKey(tc.line, tc.key); got != tc.want {
			t.Errorf("setsKey(%q, %q) = %v, want %v", tc.line, tc.key, got, tc.want)
		}
		if got := keyRE(tc.key).MatchString(tc.line); got != tc.want {
			t.Errorf("the old pattern disagrees with the table on %q %q", tc.line, tc.key)
		}
	}
}

func TestElementsAndFields(t *testing.T) {
	f := New("flow.toml", `id = "pack"

[[step]]
id = "introduction"
[[step.script]]
id = "greet"
text.es = "Hola {{name}}"
[[step]]
id = "closing"
[meta]
currency = "USD"
`)
	steps := f.Elements("step", 1, f.End())
	if len(steps) != 2 || steps[0].Line != 3 || steps[0].End != 8 || steps[1].Line != 8 || steps[1].End != 10 {
		t.Fatalf("steps: %+v", steps)
	}
	scripts := f.Elements("step.script", steps[0].Line, steps[0].End)
	if len(scripts) != 1 || scripts[0].Line != 5 {
		t.Fatalf("scripts: %+v", scripts)
	}
	if p := f.Field(scripts[0], "text"); p.Line != 7 {
		t.Errorf("text at %d, want 7", p.Line)
	}
	if p := f.Field(steps[1], "missing"); p.Line != 8 {
		t.Errorf("a missing key keeps the element's line: %d", p.Line)
	}
	if p := f.LineWith(steps[0], "{{"); p.Line != 7 {
		t.Errorf("placeholder at %d, want 7", p.Line)
	}
	if top := f.Top(); top.End != 3 {
		t.Errorf("top: %+v", top)
	}
	if p := At(steps, 5, "flow.toml"); p.Line != 1 {
		t.Errorf("past the end: %+v", p)
	}
}

// FuzzScans checks the plain scans against the patterns they replaced.
func FuzzScans(f *testing.F) {
	for _, s := range []string{`[[step.script]]`, ` [ meta ] # c`, `id = 1`, `[[a]`, `[a]]`, "\v[x]", `[[ é ]]`, `title.es="x"`} {
		f.Add(s, "id")
	}
	f.Fuzz(func(t *testing.T, line, key string) {
		gp, gok := headerPath(line)
		wp, wok := oldHeader(line)
		if gp != wp || gok != wok {
			t.Fatalf("header %q: got %q %v, the pattern %q %v", line, gp, gok, wp, wok)
		}
		if key == "" || !utf8.ValidString(key) {
			return // keys come from decoded TOML: never empty, always UTF-8
		}
		if got, want := setsKey(line, key), keyRE(key).MatchString(line); got != want {
			t.Fatalf("setsKey(%q, %q) = %v, the pattern %v", line, key, got, want)
		}
	})
}

func TestIssueString(t *testing.T) {
	i := Issue{File: "flow.toml", Line: 16, Code: "duplicate_id", Args: map[string]any{"Kind": "script", "ID": "greet"}}
	if got, want := i.String(), "flow.toml:16: duplicate_id ID=greet Kind=script"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A lookup over the whole file (the index) finds the line a scan finds,
// for any text and any key.
func FuzzKeyLineIndexMatchesTheScan(f *testing.F) {
	for _, s := range []string{"a = 1\n[b]\nc.d = 2\n[[e]]\n", "\"k1\"=1\nk1 = 2\n", "x =\n  [ y ]\nab = 1\na = 2", ""} {
		f.Add(s, "a")
		f.Add(s, "k1")
		f.Add(s, "y")
	}
	f.Fuzz(func(t *testing.T, text, key string) {
		file := New("f.toml", text)
		want := 1
		for i, ln := range file.Lines {
			if setsKey(ln, key) {
				want = i + 1
				break
			}
		}
		if got := file.KeyLine(key, 1, file.End(), 1); got != want {
			t.Errorf("KeyLine(%q) = %d, a scan finds %d in %q", key, got, want, text)
		}
	})
}

// Many keys looked up over the whole file cost a pass, not a pass each.
func BenchmarkKeyLineManyKeys(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "\"k%d\"=1\n", i)
	}
	text := sb.String()
	for b.Loop() {
		f := New("f.toml", text)
		for i := range 20000 {
			f.KeyLine(fmt.Sprintf("k%d", i), 1, f.End(), 1)
		}
	}
}

// Comments are found where TOML has them, and not inside strings.
func TestComments(t *testing.T) {
	text := "# top\nid = \"a#b\" # after\ntext = '''\nnot # a comment\n''' # real\ns = \"esc \\\" # still\" # yes\nx = 'lit#' #z"
	var got []string
	for _, c := range New("f.toml", text).Comments() {
		got = append(got, fmt.Sprintf("%d:%s", c.Line, strings.TrimSpace(c.Text)))
	}
	want := "1:top 2:after 5:real 6:yes 7:z"
	if strings.Join(got, " ") != want {
		t.Errorf("%q, want %q", strings.Join(got, " "), want)
	}
}

// A multi-line string that ends in one or two quotes of its own kind
// closes at the end of the run, and a comment after it is one.
func TestCommentsAfterAMultiLineStringEndingInQuotes(t *testing.T) {
	for _, text := range []string{"a = \"\"\"say \"hi\"\"\"\" # after\n", "b = '''it'''' # after\n", "c = '''x''''' # after\n"} {
		cs := New("f.toml", text).Comments()
		if len(cs) != 1 || strings.TrimSpace(cs[0].Text) != "after" {
			t.Errorf("%q: %+v", text, cs)
		}
	}
}

// Any text: each comment found is the end of its line after a "#".
func FuzzComments(f *testing.F) {
	for _, s := range []string{"a = 1 # x", "s = \"#\" # y", "t = '''\n#\n''' # z", "u = \"\"\"a\\\"\"\"\" #w", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		file := New("f.toml", text)
		for _, c := range file.Comments() {
			if c.Line < 1 || c.Line > len(file.Lines) || !strings.HasSuffix(file.Lines[c.Line-1], "#"+c.Text) {
				t.Errorf("%q: comment %+v", text, c)
			}
		}
	})
}
