package playbook

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"agentdesk/assets"
	"agentdesk/locales"
)

// The shipped playbook.gob must be what the TOML beside it compiles to;
// otherwise every start parses the TOML again.
func TestCompiledPackIsCurrent(t *testing.T) {
	want, err := Compile(assets.Playbook(), assets.PlaybookDir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(assets.CompiledPlaybook(), want) {
		t.Fatal("assets/playbook.gob is not what assets/playbook/*.toml compiles to: run go generate ./playbook")
	}
}

// The compiled pack says every text as the TOML pack does, in both
// languages and under the same message IDs, and holds the same content.
func TestCompiledPackEqualsTheTOML(t *testing.T) {
	fromTOML, err := Load(assets.Playbook(), assets.PlaybookDir)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := LoadCompiled(assets.CompiledPlaybook(), assets.Playbook())
	if err != nil {
		t.Fatal(err)
	}
	var a, b []Text
	fromTOML.texts(func(t *Text) { a = append(a, *t) })
	compiled.texts(func(t *Text) { b = append(b, *t) })
	if len(a) != len(b) || len(a) < 500 {
		t.Fatalf("texts: %d from the TOML, %d compiled", len(a), len(b))
	}
	for i := range a {
		if a[i].ID() != b[i].ID() {
			t.Fatalf("text %d: ID %q from the TOML, %q compiled", i, a[i].ID(), b[i].ID())
		}
		for _, l := range []locales.Lang{locales.ES, locales.EN} {
			if x, y := fromTOML.Say(l, a[i]), compiled.Say(l, b[i]); x != y {
				t.Errorf("%s in %s: %q from the TOML, %q compiled", a[i].ID(), l, x, y)
			}
		}
	}
	// Everything else exported, field by field, through the same encoding.
	var zero [32]byte
	x, err := fromTOML.encode(zero)
	if err != nil {
		t.Fatal(err)
	}
	y, err := compiled.encode(zero)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x, y) {
		t.Error("the compiled pack's content differs from the TOML's")
	}
}

// A compiled pack made from other files is refused, so LoadDefault falls
// back to the TOML rather than show stale content; so is a damaged one.
func TestLoadCompiledRefusesAStaleOrDamagedPack(t *testing.T) {
	changed := fstest.MapFS{}
	err := fs.WalkDir(assets.Playbook(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assets.Playbook(), p)
		changed[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	changed["flow.toml"].Data = append(append([]byte{}, changed["flow.toml"].Data...), "\n# edited\n"...)
	if _, err := LoadCompiled(assets.CompiledPlaybook(), changed); !errors.Is(err, errStale) {
		t.Errorf("edited TOML: err = %v, want errStale", err)
	}
	data := assets.CompiledPlaybook()
	for _, bad := range [][]byte{nil, []byte("not gob"), data[:len(data)/2]} {
		if pb, err := LoadCompiled(bad, assets.Playbook()); err == nil || pb != nil {
			t.Errorf("%d damaged bytes: pack %v, err %v", len(bad), pb != nil, err)
		}
	}
}

// LoadCompiled reads bytes: whatever they are, it returns an error or a
// pack, and never panics.
func FuzzLoadCompiled(f *testing.F) {
	data := assets.CompiledPlaybook()
	f.Add(data)
	f.Add(data[:200])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		pb, err := LoadCompiled(b, assets.Playbook())
		if err == nil && pb == nil {
			t.Fatal("no pack and no error")
		}
	})
}

func BenchmarkLoadDefault(b *testing.B) {
	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			if _, err := LoadCompiled(assets.CompiledPlaybook(), assets.Playbook()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("toml", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(assets.Playbook(), assets.PlaybookDir); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A pack of a megabyte of keys the loader does not know (what crmd checks
// before it publishes an upload) is refused in time linear in its size:
// each unknown key was looked up from the first line, 76 s for 64,000.
func BenchmarkLoadManyUnknownKeys(b *testing.B) {
	// Bare keys are found in an index; quoted ones, with a space or a
	// dot in them, by a scan, of which a file gets MaxUnknownKeys.
	for name, form := range map[string]string{"quoted": "\"k%d\"=1\n", "spaced": "\"k %d\"=1\n", "dotted": "\"k.%d\"=1\n"} {
		b.Run(name, func(b *testing.B) {
			var sb strings.Builder
			for i := range 64000 {
				fmt.Fprintf(&sb, form, i)
			}
			mem := fstest.MapFS{"a.toml": &fstest.MapFile{Data: []byte(sb.String())}}
			for b.Loop() {
				if _, err := Load(mem, "upload"); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
