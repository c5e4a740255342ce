package playbook_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"agentdesk/locales"
	"agentdesk/playbook"
)

// The COST method is explained to the agent, one section per stage, so a
// screen can show it beside the objection templates and each part.
func TestCOSTGuide(t *testing.T) {
	pb := defaultPack(t)
	g := pb.Guide(playbook.GuideCOST)
	if g == nil {
		t.Fatal("no COST guide")
	}
	found := false
	for _, x := range pb.GuidesFor("objection") {
		found = found || x.ID == playbook.GuideCOST
	}
	if !found {
		t.Error("the COST guide is not shown beside the objection templates")
	}
	for _, stage := range playbook.Stages {
		s := pb.StageGuide(stage)
		if s == nil {
			t.Errorf("no COST section for %s", stage)
			continue
		}
		for _, l := range locales.Langs {
			if pb.Say(l, s.Title) == "" || len(pb.Say(l, s.Text)) < 80 || pb.Say(l, s.Example) == "" {
				t.Errorf("%s (%s): title %q, text %q, example %q", stage, l, pb.Say(l, s.Title), pb.Say(l, s.Text), pb.Say(l, s.Example))
			}
		}
	}
	if pb.StageGuide("persuade") != nil {
		t.Error("a section for a stage that does not exist")
	}
	if got := pb.Say(locales.ES, pb.StageGuide("clarify").Title); !strings.HasPrefix(got, "Clarificar") {
		t.Errorf("clarify title es = %q", got)
	}
	for _, id := range []string{"deescalation", "vulnerable"} {
		ok := false
		for _, x := range pb.GuidesFor("care") {
			ok = ok || x.ID == id
		}
		if !ok {
			t.Errorf("guide %s not beside the care templates", id)
		}
	}
	if len(pb.GuidesFor("compliance")) == 0 {
		t.Error("no guide beside the compliance templates")
	}
}

func TestGuideValidation(t *testing.T) {
	base := minimalFS(t)
	for _, c := range []struct {
		name, guide, code string
	}{
		{"bad stage", "[[guide]]\nid = \"g\"\ntitle = { es = \"T\", en = \"T\" }\nsummary = { es = \"S\", en = \"S\" }\n\n[[guide.section]]\nid = \"a\"\nstage = \"persuade\"\ntitle = { es = \"T\", en = \"T\" }\ntext = { es = \"X\", en = \"X\" }\n", "bad_value"},
		{"bad category", "[[guide]]\nid = \"g\"\ncategories = [\"sales\"]\ntitle = { es = \"T\", en = \"T\" }\nsummary = { es = \"S\", en = \"S\" }\n", "bad_value"},
		{"missing text", "[[guide]]\nid = \"g\"\ntitle = { es = \"T\", en = \"T\" }\nsummary = { es = \"S\", en = \"\" }\n", "missing_text"},
		{"duplicate section", "[[guide]]\nid = \"g\"\ntitle = { es = \"T\", en = \"T\" }\nsummary = { es = \"S\", en = \"S\" }\n\n[[guide.section]]\nid = \"a\"\ntitle = { es = \"T\", en = \"T\" }\ntext = { es = \"X\", en = \"X\" }\n\n[[guide.section]]\nid = \"a\"\ntitle = { es = \"T\", en = \"T\" }\ntext = { es = \"X\", en = \"X\" }\n", "duplicate_id"},
	} {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["guides.toml"] = &fstest.MapFile{Data: []byte(c.guide)}
		_, err := playbook.Load(fsys, "x")
		var ve *playbook.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v", c.name, err)
			continue
		}
		ok := false
		for _, is := range ve.Issues {
			ok = ok || is.Code == c.code && is.File == "x/guides.toml" && is.Line > 0
		}
		if !ok {
			t.Errorf("%s: no %s in guides.toml in %v", c.name, c.code, ve.Issues)
		}
	}
}

// minimalFS is the minimal pack as an in-memory folder, to add files to.
func minimalFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"pack.toml", "flow.toml"} {
		data, err := os.ReadFile("testdata/minimal/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}
