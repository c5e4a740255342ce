package precompiled

import (
	"testing"
	"testing/fstest"
)

type v1 struct {
	ID   string `toml:"id"`
	Text struct{ ES, EN string }
	Next *v1
}

type v2 struct { // v1 with a field added
	ID   string `toml:"id"`
	Text struct{ ES, EN string }
	Next *v2
	Tags []string
}

type v3 struct { // v1 with a tag renamed
	ID   string `toml:"key"`
	Text struct{ ES, EN string }
	Next *v3
}

func TestDigestChangesWithTheFilesAndTheShape(t *testing.T) {
	fsys := fstest.MapFS{"a.toml": {Data: []byte("x = 1")}, "b.toml": {Data: []byte("y = 2")}}
	sum := func(fsys fstest.MapFS, names []string, format any) [32]byte {
		t.Helper()
		s, err := Digest(fsys, names, format)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := sum(fsys, []string{"a.toml", "b.toml"}, v1{})
	if again := sum(fsys, []string{"a.toml", "b.toml"}, v1{}); again != base {
		t.Fatal("the same files and type give another digest")
	}
	edited := fstest.MapFS{"a.toml": {Data: []byte("x = 2")}, "b.toml": fsys["b.toml"]}
	for name, s := range map[string][32]byte{
		"an edited file":       sum(edited, []string{"a.toml", "b.toml"}, v1{}),
		"files in other order": sum(fsys, []string{"b.toml", "a.toml"}, v1{}),
		"one file fewer":       sum(fsys, []string{"a.toml"}, v1{}),
		"a field added":        sum(fsys, []string{"a.toml", "b.toml"}, v2{}),
		"a tag renamed":        sum(fsys, []string{"a.toml", "b.toml"}, v3{}),
	} {
		if s == base {
			t.Errorf("%s: same digest", name)
		}
	}
	if _, err := Digest(fsys, []string{"missing.toml"}, v1{}); err == nil {
		t.Error("no error for a missing file")
	}
}
