package assets

import (
	"embed"
	"io/fs"
)

//go:embed training/*.toml
var trainingFS embed.FS

// TrainingDir is how issue locations name the embedded training content.
const TrainingDir = "assets/training"

// Training is the default training content: one scenario per file, plus
// tracks.toml and rubric.toml.
func Training() fs.FS {
	sub, err := fs.Sub(trainingFS, "training")
	if err != nil {
		panic(err) // the path is a constant; caught by any test
	}
	return sub
}
