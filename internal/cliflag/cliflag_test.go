package cliflag

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func newSet() (*flag.FlagSet, *string, *bool) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs, fs.String("lang", "", ""), fs.Bool("json", false, "")
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		pos  []string
		lang string
		json bool
		err  error
	}{
		{"none", nil, nil, "", false, nil},
		{"flags first", []string{"--lang", "es", "q"}, []string{"q"}, "es", false, nil},
		{"flags after", []string{"q", "--lang", "en", "--json"}, []string{"q"}, "en", true, nil},
		{"between", []string{"a", "--json", "b"}, []string{"a", "b"}, "", true, nil},
		{"after double dash", []string{"a", "--", "--json", "--lang", "es"}, []string{"a", "--json", "--lang", "es"}, "", false, nil},
		{"double dash first", []string{"--", "-h"}, []string{"-h"}, "", false, nil},
		{"flags before double dash", []string{"--json", "q", "--", "--lang"}, []string{"q", "--lang"}, "", true, nil},
		{"help", []string{"x", "-h"}, nil, "", false, flag.ErrHelp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, lang, json := newSet()
			pos, err := Parse(fs, tc.args)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if !slices.Equal(pos, tc.pos) || *lang != tc.lang || *json != tc.json {
				t.Errorf("got %q lang=%q json=%v, want %q lang=%q json=%v", pos, *lang, *json, tc.pos, tc.lang, tc.json)
			}
		})
	}
	fs, _, _ := newSet()
	if _, err := Parse(fs, []string{"q", "--nope"}); err == nil || errors.Is(err, flag.ErrHelp) {
		t.Errorf("unknown flag: err %v, want a flag error", err)
	}
}

// FuzzParse: whatever is typed, Parse ends, without panicking, and gives
// no more positionals than there were arguments.
func FuzzParse(f *testing.F) {
	f.Add("q\x00--lang\x00es")
	f.Add("--\x00-h\x00a")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		fs, _, _ := newSet()
		pos, err := Parse(fs, args)
		if err == nil && len(pos) > len(args) {
			t.Fatalf("%d positionals from %d arguments", len(pos), len(args))
		}
	})
}
