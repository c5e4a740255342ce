package locales

import (
	"bytes"
	"errors"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// The shipped compiled/<lang>.gob must be what the TOML compiles to;
// otherwise every start parses the TOML again.
func TestCompiledMessagesAreCurrent(t *testing.T) {
	for _, l := range Langs {
		want, err := Compile(l)
		if err != nil {
			t.Fatal(err)
		}
		got, err := compiledFS.ReadFile("compiled/" + string(l) + ".gob")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("locales/compiled/%s.gob is not what the %s message files compile to (%v): run go generate ./locales", l, l, err)
		}
	}
}

// A bundle from the compiled messages says every message, in every plural
// form, exactly as one parsed from the TOML.
func TestCompiledMessagesSayWhatTheTOMLSays(t *testing.T) {
	for _, l := range Langs {
		fromTOML, err := parse(l)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := compiledFS.ReadFile("compiled/" + string(l) + ".gob")
		msgs, err := compiledMessages(l, data)
		if err != nil {
			t.Fatal(err)
		}
		compiled := i18n.NewBundle(l.Tag())
		if err := compiled.AddMessages(l.Tag(), msgs...); err != nil {
			t.Fatal(err)
		}
		a, b := i18n.NewLocalizer(fromTOML, string(l)), i18n.NewLocalizer(compiled, string(l))
		data2 := map[string]any{"Count": 2, "Name": "Ana", "N": 3}
		for _, m := range msgs {
			for _, n := range []int{1, 2} {
				cfg := func() *i18n.LocalizeConfig {
					return &i18n.LocalizeConfig{MessageID: m.ID, PluralCount: n, TemplateData: data2}
				}
				x, errA := a.Localize(cfg())
				y, errB := b.Localize(cfg())
				if x != y || (errA == nil) != (errB == nil) {
					t.Errorf("%s %s (%d): %q/%v from the TOML, %q/%v compiled", l, m.ID, n, x, errA, y, errB)
				}
			}
		}
		if len(msgs) < 500 {
			t.Errorf("%s: only %d messages", l, len(msgs))
		}
	}
}

// Compiled messages that do not match the embedded TOML, or are damaged,
// are refused, and load parses the TOML instead.
func TestCompiledMessagesRefusedWhenStaleOrDamaged(t *testing.T) {
	es, _ := compiledFS.ReadFile("compiled/es.gob")
	en, _ := compiledFS.ReadFile("compiled/en.gob")
	if _, err := compiledMessages(ES, en); !errors.Is(err, errStale) {
		t.Errorf("English messages as Spanish: err = %v, want errStale", err)
	}
	for _, bad := range [][]byte{nil, []byte("not gob"), es[:len(es)/2]} {
		if msgs, err := compiledMessages(ES, bad); err == nil || msgs != nil {
			t.Errorf("%d damaged bytes: %d messages, err %v", len(bad), len(msgs), err)
		}
	}
}

// compiledMessages reads bytes: an error or messages, never a panic.
func FuzzCompiledMessages(f *testing.F) {
	es, _ := compiledFS.ReadFile("compiled/es.gob")
	f.Add(es)
	f.Add(es[:100])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = compiledMessages(ES, b)
	})
}

func BenchmarkBundle(b *testing.B) {
	data, _ := compiledFS.ReadFile("compiled/es.gob")
	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			msgs, err := compiledMessages(ES, data)
			if err != nil {
				b.Fatal(err)
			}
			if err := i18n.NewBundle(ES.Tag()).AddMessages(ES.Tag(), msgs...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("toml", func(b *testing.B) {
		for b.Loop() {
			if _, err := parse(ES); err != nil {
				b.Fatal(err)
			}
		}
	})
}
