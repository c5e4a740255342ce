package playbook

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"agentdesk/internal/atomicfile"
	"agentdesk/internal/tomlpos"
)

// CustomTemplatesFile is the one file of a custom playbook folder that the
// app writes (supervisors' own templates); everything else in the folder
// is the organisation's and is left alone.
const CustomTemplatesFile = "custom_templates.toml"

// MaxCustomFileSize bounds each file of a custom folder (the template
// editor's file and the organisation's files beside it). A file is read
// whole and parsed at every start and every save, its issues located
// line by line, and the editor's file is rewritten whole: one with no
// bound (a pasted log, a runaway copy, a file that is not content) would
// hold the app or exhaust its memory. The largest library the app is
// measured with, 10,000 bilingual templates (BenchmarkSearchTemplates10k),
// is 6.9 MB in one file; 16 MiB is over twice that.
const MaxCustomFileSize = 16 << 20

type customTemplatesDoc struct {
	Templates []Template `toml:"template"`
}

// ReadCustomTemplates reads the custom templates of the folder dir; none
// when the file is not there. The app rewrites the whole file on each save,
// so a file that holds anything it would not write back (a call type added
// by hand, a field of a newer release) is refused with an issue naming the
// line, rather than read in part and then overwritten without it.
func ReadCustomTemplates(dir string) ([]Template, error) {
	var d customTemplatesDoc
	path := filepath.Join(dir, CustomTemplatesFile)
	text, err := readBounded(os.DirFS(dir), CustomTemplatesFile, path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	md, err := toml.Decode(string(text), &d)
	if err != nil {
		// As the loader reports it: the editor lists pack issues in the
		// person's language with file and line, and takes any other error
		// for a file it could not write.
		line := 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line
		}
		return nil, &ValidationError{Issues: []Issue{{File: path, Line: line, Code: "syntax", Args: map[string]any{"Detail": firstLine(err.Error())}}}}
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		// One issue a foreign table or key, at its own line: the keys
		// inside a foreign table ("call_type.id") would be looked for from
		// the top and found in a template.
		foreign := map[string]bool{}
		for _, k := range extra {
			foreign[k.String()] = true
		}
		// The first MaxUnknownKeys are listed and the rest counted, as the
		// loader does: thousands of lines help no one, and locating and
		// showing each one held the template editor for minutes.
		p := tomlpos.New(path, string(text))
		var issues []Issue
		more := 0
		for _, k := range extra {
			if len(k) > 1 && foreign[k[:len(k)-1].String()] {
				continue
			}
			if len(issues) == tomlpos.MaxUnknownKeys {
				more++
				continue
			}
			issues = append(issues, Issue{File: path, Line: p.KeyLine(k[len(k)-1], 1, p.End(), 1), Code: "custom_file_foreign", Args: map[string]any{"Key": k.String()}})
		}
		if more > 0 {
			issues = append(issues, Issue{File: path, Line: 1, Code: "unknown_keys_more", Args: map[string]any{"Count": more}})
		}
		return nil, &ValidationError{Issues: issues}
	}
	return d.Templates, nil
}

// SaveCustomTemplate adds tp to the custom templates of dir (or replaces
// the one whose ID is replacing), validates the folder as a whole on top of
// the base pack, the way the programs load it, and only then writes the
// file. A template that does not validate never reaches the folder, and a
// crash mid-write leaves the previous file whole. It returns the playbook
// reloaded with the change and the file written.
func SaveCustomTemplate(base fs.FS, baseDir, dir string, tp Template, replacing string) (*Playbook, string, error) {
	list, err := ReadCustomTemplates(dir)
	if err != nil {
		return nil, "", err
	}
	if i := slices.IndexFunc(list, func(t Template) bool { return replacing != "" && t.ID == replacing }); i >= 0 {
		list[i] = tp
	} else {
		list = append(list, tp)
	}
	// A template of the file under the same ID, kept while it is set
	// aside (it names what the pack dropped), is a duplicate: written
	// beside it, the folder would hold the ID twice once the pack names
	// that again, and not load at all.
	if n := len(slices.DeleteFunc(slices.Clone(list), func(t Template) bool { return t.ID != tp.ID })); n > 1 {
		path := filepath.Join(dir, CustomTemplatesFile)
		at := Pos{File: path, Line: 1}
		if text, err := readBounded(os.DirFS(dir), CustomTemplatesFile, path); err == nil {
			f := tomlpos.New(path, string(text))
			at = f.LineWith(Pos{File: path, Line: 1, End: f.End()}, "id = "+tomlString(tp.ID))
		}
		first := at.File + ":" + strconv.Itoa(at.Line)
		return nil, "", &ValidationError{Issues: []Issue{{File: at.File, Line: at.Line, Code: "duplicate_id",
			Args: map[string]any{"Kind": "template", "ID": tp.ID, "First": first}}}}
	}
	return writeCustomTemplates(base, baseDir, dir, list, func(pb *Playbook) error {
		// The loader sets a clashing template aside so that a later
		// publish costs no one their folder; the one being saved now is
		// refused instead, or it would be written and never shown.
		for _, is := range pb.SetAside() {
			if is.Args["ID"] != tp.ID {
				continue
			}
			switch {
			case is.Code == "template_set_aside_ref" && is.Args["Kind"] == "placeholder":
				return &ValidationError{Issues: []Issue{{File: is.File, Line: is.Line, Code: "unknown_placeholder",
					Args: map[string]any{"Name": is.Args["Ref"]}}}}
			case is.Code == "template_set_aside_ref":
				return &ValidationError{Issues: []Issue{{File: is.File, Line: is.Line, Code: "dangling_ref",
					Args: map[string]any{"Kind": is.Args["Kind"], "ID": is.Args["Ref"]}}}}
			case is.Code == "template_set_aside":
				return &ValidationError{Issues: []Issue{{File: is.File, Line: is.Line, Code: "duplicate_id",
					Args: map[string]any{"Kind": "template", "ID": tp.ID, "First": is.Args["First"]}}}}
			}
		}
		return nil
	})
}

// ErrNotCustomTemplate: the custom templates file holds no template of
// that ID (the organisation's and the default pack's are not deleted here).
var ErrNotCustomTemplate = errors.New("playbook: no custom template of that ID")

// DeleteCustomTemplate takes the template id out of the custom templates
// of dir, as SaveCustomTemplate writes: the folder validated without it
// first, then the file replaced whole. It returns the playbook reloaded
// without it and the file written.
func DeleteCustomTemplate(base fs.FS, baseDir, dir, id string) (*Playbook, string, error) {
	list, err := ReadCustomTemplates(dir)
	if err != nil {
		return nil, "", err
	}
	n := len(list)
	list = slices.DeleteFunc(list, func(t Template) bool { return t.ID == id })
	if id == "" || len(list) == n {
		return nil, "", ErrNotCustomTemplate
	}
	return writeCustomTemplates(base, baseDir, dir, list, nil)
}

// writeCustomTemplates writes list as the custom templates file of dir
// once the folder loads with it on top of the base pack (and check, when
// given, passes the loaded playbook); the file is replaced whole, so a
// crash mid-write leaves the previous one.
func writeCustomTemplates(base fs.FS, baseDir, dir string, list []Template, check func(*Playbook) error) (*Playbook, string, error) {
	data := EncodeCustomTemplates(list)
	if len(data) > MaxCustomFileSize {
		return nil, "", &ValidationError{Issues: []Issue{{File: filepath.Join(dir, CustomTemplatesFile), Line: 1,
			Code: "file_would_be_too_large", Args: sizeArgs(int64(len(data)))}}}
	}

	// Validate in a scratch copy of the folder, so the real one is never
	// left broken, while issues name the real file.
	tmp, err := os.MkdirTemp("", "agentdesk-playbook-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(tmp)
	// The folder is listed, not globbed: its path is a name, and one with
	// "[" in it ("team[1]") would be read as a pattern. Only what the
	// loader reads is copied: a hidden file (an editor's lock, a link to
	// nowhere) stopped the save, when the folder loads without it.
	others, err := PackFiles(os.DirFS(dir))
	if err != nil {
		return nil, "", err
	}
	for _, name := range others {
		if name == CustomTemplatesFile {
			continue
		}
		// Streamed: a file past MaxCustomFileSize is copied for the
		// loader to set aside, not read into memory here.
		if err := copyFile(filepath.Join(dir, name), filepath.Join(tmp, name)); err != nil {
			return nil, "", err
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, CustomTemplatesFile), data, 0o600); err != nil {
		return nil, "", err
	}
	pb, err := LoadWithOverlay(base, baseDir, os.DirFS(tmp), dir)
	if err != nil {
		return nil, "", err
	}
	if check != nil {
		if err := check(pb); err != nil {
			return nil, "", err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, CustomTemplatesFile)
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return nil, "", err
	}
	return pb, path, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// readBounded reads name from fsys, or refuses it with a file_too_large
// issue at shown when it is past MaxCustomFileSize; it never reads more
// than the limit and a byte, whatever the file claims its size is.
func readBounded(fsys fs.FS, name, shown string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxCustomFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxCustomFileSize {
		size := int64(len(data))
		if fi, err := f.Stat(); err == nil && fi.Size() > size {
			size = fi.Size()
		}
		return nil, &ValidationError{Issues: []Issue{{File: shown, Line: 1, Code: "file_too_large", Args: sizeArgs(size)}}}
	}
	return data, nil
}

// sizeArgs are a size issue's arguments, in whole kilobytes (rounded up,
// so a file just past the limit does not read as at it).
func sizeArgs(size int64) map[string]any {
	return map[string]any{"SizeKB": float64((size + 1023) / 1024), "LimitKB": float64(MaxCustomFileSize / 1024)}
}

// EncodeCustomTemplates writes templates in the style of the default pack (inline
// bilingual tables, one [[template.part]] per COST stage), so a person
// can read and diff the file.
func EncodeCustomTemplates(list []Template) []byte {
	var b strings.Builder
	b.WriteString("# Custom templates written by AgentDesk (templates screen).\n# Plantillas propias escritas por AgentDesk (pantalla de plantillas).\n")
	str := func(xs []string) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = tomlString(x)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	text := func(t Text) string {
		return "{ es = " + tomlString(t.ES) + ", en = " + tomlString(t.EN) + " }"
	}
	for _, tp := range list {
		fmt.Fprintf(&b, "\n[[template]]\nid = %s\ncategory = %s\n", tomlString(tp.ID), tomlString(tp.Category))
		if tp.Scope != "" {
			fmt.Fprintf(&b, "scope = %s\n", tomlString(tp.Scope))
		}
		if tp.Owner != "" {
			fmt.Fprintf(&b, "owner = %s\n", tomlString(tp.Owner))
		}
		fmt.Fprintf(&b, "title = %s\n", text(tp.Title))
		fmt.Fprintf(&b, "tags = %s\n", str(tp.Tags))
		if len(tp.CallTypes) > 0 {
			fmt.Fprintf(&b, "call_types = %s\n", str(tp.CallTypes))
		}
		if len(tp.Steps) > 0 {
			fmt.Fprintf(&b, "steps = %s\n", str(tp.Steps))
		}
		if len(tp.Optional) > 0 {
			fmt.Fprintf(&b, "optional = %s\n", str(tp.Optional))
		}
		if len(tp.Parts) == 0 || tp.Text.ES != "" || tp.Text.EN != "" {
			fmt.Fprintf(&b, "text = %s\n", text(tp.Text))
		}
		for _, p := range tp.Parts {
			fmt.Fprintf(&b, "\n[[template.part]]\nstage = %s\ntext = %s\n", tomlString(p.Stage), text(p.Text))
		}
	}
	return []byte(b.String())
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
