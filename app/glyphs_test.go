package app

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"

	"agentdesk/assets"
	"agentdesk/locales"
)

// Every character a person may read must be in Fyne's text fonts: the app
// is built without the emoji font (app/marks.go), so a tick, arrow or
// emoji typed into a message would show as an empty box, or depend on
// what the system happens to have. Marks are icons instead.
func TestTextsUseOnlyTheTextFontsGlyphs(t *testing.T) {
	var faces []*font.Face
	for _, r := range [][]byte{theme.DefaultTextFont().Content(), theme.DefaultTextBoldFont().Content()} {
		f, err := font.ParseTTF(bytes.NewReader(r))
		if err != nil {
			t.Fatal(err)
		}
		faces = append(faces, f)
	}
	check := func(name string, data []byte) {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if trim := strings.TrimSpace(line); strings.HasPrefix(trim, "#") || strings.HasPrefix(trim, "//") {
				continue // a comment nobody sees
			}
			for _, r := range line {
				if r < 0x80 {
					continue
				}
				for _, f := range faces {
					if _, ok := f.NominalGlyph(r); !ok {
						t.Errorf("%s:%d: %q (U+%04X) is not in the text font", name, n, r, r)
						break
					}
				}
			}
		}
	}
	for _, names := range locales.Files() {
		for _, name := range names {
			b, err := locales.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			check("locales/"+name, b)
		}
	}
	// Text the screens put together themselves ("•", " — ").
	for name, b := range appSources(t) {
		check("app/"+name, b)
	}
	for dir, fsys := range map[string]fs.FS{assets.PlaybookDir: assets.Playbook(), assets.TrainingDir: assets.Training()} {
		names, _ := fs.Glob(fsys, "*.toml")
		for _, name := range names {
			b, _ := fs.ReadFile(fsys, name)
			check(dir+"/"+name, b)
		}
	}
}

// The screens draw text in two styles, regular and bold. Fyne loads a face
// per style the first time it measures text in it, with the system's
// fallback face for the language beside it: an italic label on the start
// screen cost ~70 ms of CPU before the first frame and ~9 MB of heap for
// the whole shift (make bench-app; heap profile of the desk after the
// tour). Hints are told apart by colour (LowImportance) and place instead.
func TestScreensUseOnlyRegularAndBoldText(t *testing.T) {
	other := regexp.MustCompile(`\b(Italic|Monospace|Symbol)\b|RichTextStyle(Emphasis|CodeInline|CodeBlock|Blockquote)|FromMarkdown|ParseMarkdown`)
	for name, b := range appSources(t) {
		for n, line := range strings.Split(string(b), "\n") {
			if trim := strings.TrimSpace(line); strings.HasPrefix(trim, "//") {
				continue
			}
			if m := other.FindString(line); m != "" {
				t.Errorf("app/%s:%d: %s loads another font face; use regular or bold text", name, n+1, m)
			}
		}
	}
}

// appSources is the package's non-test Go files, by name.
func appSources(t *testing.T) map[string][]byte {
	t.Helper()
	src, _ := filepath.Glob("*.go")
	out := map[string][]byte{}
	for _, name := range src {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}
