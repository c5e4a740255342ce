// Package assets embeds what the programs ship: the default playbook and
// the glossary its texts follow, the training scenarios, the icon and the
// PDF font.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed playbook/*.toml
var playbookFS embed.FS

// PlaybookDir is how issue locations name the embedded pack.
const PlaybookDir = "assets/playbook"

// Playbook is the default pack, as a folder of TOML files.
func Playbook() fs.FS {
	sub, err := fs.Sub(playbookFS, "playbook")
	if err != nil {
		panic(err) // the path is a constant; caught by any test
	}
	return sub
}

//go:embed playbook.gob
var compiledPlaybook []byte

// CompiledPlaybook is the default pack decoded and validated ahead of time
// (go generate ./playbook), for playbook.LoadCompiled.
func CompiledPlaybook() []byte { return compiledPlaybook }

//go:embed glossary.toml
var glossary []byte

// GlossaryFile is how issue locations name the embedded glossary.
const GlossaryFile = "assets/glossary.toml"

// Glossary is the product's two-language glossary (assets/glossary.toml):
// the term to use for each concept and the variants to avoid.
func Glossary() []byte { return glossary }

//go:embed fonts/*.ttf
var fontFS embed.FS

// Font returns an embedded TrueType font by file name ("DejaVuSans.ttf",
// "DejaVuSans-Bold.ttf"), or nil. PDFs embed it so accents, ñ, ¿ ¡ and €
// print the same on every machine and stay searchable.
func Font(name string) []byte {
	b, err := fontFS.ReadFile("fonts/" + name)
	if err != nil {
		return nil
	}
	return b
}
