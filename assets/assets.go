// Package assets embeds what the programs ship: the default playbook, the
// training scenarios, the icon and the PDF font.
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
