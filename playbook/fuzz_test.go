package playbook_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"agentdesk/locales"
	"agentdesk/playbook"
)

// Load reads any file a content author or a publisher can put beside a
// pack: it returns a pack or issues each at a file of the pack and a
// line, never panics, and every text of a pack it accepts renders in
// both languages. (The pack is fixed and small: the fuzzer minimizes
// every new input, which took minutes for a whole pack as an argument.)
func FuzzLoad(f *testing.F) {
	pack, err := os.ReadFile("testdata/minimal/pack.toml")
	if err != nil {
		f.Fatal(err)
	}
	flow, err := os.ReadFile("testdata/minimal/flow.toml")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"",
		"[[template]]\nid = \"t\"\ncategory = \"closing\"\ntitle = { es = \"T\", en = \"T\" }\ntext = { es = \"Hola {{customer_name}}\", en = \"Hi {{customer_name}}\" }\n",
		"[[compensation]]\nlevel = 1\nfixed = inf\nmin_role = \"agent\"\n",
		"\ufeff[[placeholder]]\r\nid = \"days\"\r\nkind = \"days\"\r\ndefault = \"1e300\"\r\n",
		"[[step]]\n[[step.script]]\nid = \"\"\n",
		"[meta]\nid = \"again\"\n",
		"[[authority]]\nrole = \"supervisor\"\nlimit = nan\n",
	} {
		f.Add(s)
	}
	ts := map[locales.Lang]*locales.T{locales.ES: locales.New(locales.ES), locales.EN: locales.New(locales.EN)}
	f.Fuzz(func(t *testing.T, extra string) {
		fsys := fstest.MapFS{"pack.toml": {Data: pack}, "flow.toml": {Data: flow}, "extra.toml": {Data: []byte(extra)}}
		pb, err := playbook.Load(fsys, "dir")
		if err != nil {
			var ve *playbook.ValidationError
			if !errors.As(err, &ve) || len(ve.Issues) == 0 {
				t.Fatalf("%v: not a list of issues", err)
			}
			for _, is := range ve.Issues {
				if is.File != "dir" && filepath.Dir(is.File) != "dir" || is.Line < 0 {
					t.Errorf("issue at %s:%d", is.File, is.Line)
				}
				for _, tr := range ts {
					if playbook.IssueText(tr, is) == "" {
						t.Errorf("%v: no text", is)
					}
				}
			}
			return
		}
		if pb == nil {
			t.Fatal("no pack and no error")
		}
		pb.EachText(func(x playbook.Text) {
			for l := range ts {
				pb.Render(l, x, nil, false).Display()
			}
		})
	})
}

// A custom templates file the editor reads back is one it can write again
// with nothing lost: the editor rewrites the whole file on every save, so
// what EncodeCustomTemplates drops of a file it accepted is gone.
func FuzzCustomTemplates(f *testing.F) {
	f.Add("[[template]]\nid = \"t\"\ncategory = \"closing\"\ntitle = { es = \"T\", en = \"T\" }\ntags = [\"a\"]\ntext = { es = \"Hola\", en = \"Hi\" }\n")
	f.Add("[[template]]\nid = \"o\"\ncategory = \"objection\"\nscope = \"team\"\nowner = \"x\"\n[[template.part]]\nstage = \"clarify\"\ntext = { es = \"a\\tb\", en = \"c\\u0001\" }\n")
	f.Add("[[call_type]]\nid = \"x\"\n")
	f.Fuzz(func(t *testing.T, file string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, playbook.CustomTemplatesFile), []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		list, err := playbook.ReadCustomTemplates(dir)
		if err != nil {
			var ve *playbook.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%v: not a list of issues", err)
			}
			return
		}
		if err := os.WriteFile(filepath.Join(dir, playbook.CustomTemplatesFile), playbook.EncodeCustomTemplates(list), 0o600); err != nil {
			t.Fatal(err)
		}
		again, err := playbook.ReadCustomTemplates(dir)
		if err != nil {
			t.Fatalf("the file written does not read: %v\n%s", err, playbook.EncodeCustomTemplates(list))
		}
		if !sameTemplates(list, again) {
			t.Errorf("written and read again:\n%#v\nwas\n%#v", again, list)
		}
	})
}

// sameTemplates compares what a file says of its templates (an empty
// list and none are the same file).
func sameTemplates(a, b []playbook.Template) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		for _, p := range []*[]string{&x.Tags, &x.CallTypes, &x.Steps, &x.Optional, &y.Tags, &y.CallTypes, &y.Steps, &y.Optional} {
			if len(*p) == 0 {
				*p = nil
			}
		}
		if len(x.Parts) == 0 {
			x.Parts = nil
		}
		if len(y.Parts) == 0 {
			y.Parts = nil
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// What an agent types in the template search is read as words, prefixes
// and plurals: any query answers hits of the pack, never a panic, and a
// limit holds.
func FuzzSearchTemplates(f *testing.F) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"", "cancelar", "cobro dupli", "CANCELACIONES ", "ñandú", "the a of", "\xff", "   "} {
		f.Add(q, 5)
	}
	f.Fuzz(func(t *testing.T, q string, limit int) {
		limit = max(0, limit%50)
		hits := pb.SearchTemplates(q, playbook.SearchOptions{Lang: locales.ES, Limit: limit})
		if limit > 0 && len(hits) > limit {
			t.Errorf("%d hits for a limit of %d", len(hits), limit)
		}
		for _, h := range hits {
			if h.Template == nil || pb.Template(h.Template.ID) == nil {
				t.Errorf("a hit not of the pack: %+v", h)
			}
		}
	})
}

// A text's {{placeholders}} are found and filled in any text, with any
// values: rendered, it says every piece of the text outside them, in
// order, and never panics.
func FuzzRenderString(f *testing.F) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"Hola, {{customer_name}}.", "{{ tenure_years }} y {{unknown}}", "{{{{x}}}}", "{{", "}}{{}}", "a{{b\nc}}d"} {
		f.Add(s, "3")
	}
	f.Fuzz(func(t *testing.T, s, val string) {
		// "{{}}" is a placeholder without a name, which no pack loads
		// (unknown_placeholder) and a segment cannot tell from text.
		if slices.Contains(playbook.PlaceholdersIn(s), "") {
			return
		}
		for _, l := range []locales.Lang{locales.ES, locales.EN} {
			r := pb.RenderString(l, s, func(string) (string, bool) { return val, true }, false)
			r.Display()
			rest := s
			for _, seg := range r {
				if seg.Name != "" {
					continue
				}
				i := strings.Index(rest, seg.Text)
				if i < 0 {
					t.Fatalf("%q rendered as %+v: %q is not in it in order", s, r, seg.Text)
				}
				rest = rest[i+len(seg.Text):]
			}
		}
	})
}
