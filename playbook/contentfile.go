package playbook

import (
	"errors"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"agentdesk/internal/tomlpos"
)

// The playbook and training loaders read their TOML files the same way:
// the same syntax and unknown-key issues, the same file:line order, the
// same mapping of headers to decoded elements. Training imports playbook,
// so the one copy lives here.

// DecodeFile decodes one content file into v. A syntax error is a single
// issue at its line, and the File is nil; otherwise every key v has no
// field for is an issue at the line that sets it (the first
// tomlpos.MaxUnknownKeys by name, then a count).
func DecodeFile(file, text string, v any) (*tomlpos.File, []Issue) {
	md, err := toml.Decode(text, v)
	if err != nil {
		line := 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line
		}
		return nil, []Issue{{File: file, Line: line, Code: "syntax", Args: map[string]any{"Detail": firstLine(err.Error())}}}
	}
	p := tomlpos.New(file, text)
	var issues []Issue
	unknown := md.Undecoded()
	for i, k := range unknown {
		if i == tomlpos.MaxUnknownKeys {
			issues = append(issues, Issue{File: file, Line: 1, Code: "unknown_keys_more", Args: map[string]any{"Count": len(unknown) - i}})
			break
		}
		issues = append(issues, Issue{File: file, Line: p.KeyLine(k[len(k)-1], 1, p.End(), 1), Code: "unknown_key", Args: map[string]any{"Key": k.String()}})
	}
	return p, issues
}

// SortIssues puts issues in file and line order; issues on one line keep
// the order they were found in.
func SortIssues(issues []Issue) {
	sort.SliceStable(issues, func(i, j int) bool {
		a, b := issues[i], issues[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// PlaceElements gives each of the n decoded elements of path inside in its
// position: the i-th [[path]] header in that range is the i-th element
// (tomlpos.At when the headers and the decoded elements disagree).
func PlaceElements(p *tomlpos.File, path string, in Pos, n int, set func(i int, at Pos)) {
	ps := p.Elements(path, in.Line, in.End)
	for i := range n {
		set(i, tomlpos.At(ps, i, p.Name))
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
