// Package sqlitetest opens the desk's databases for tests: files in a
// temporary folder, closed when the test ends.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"agentdesk/sqlite"
)

// Open is a desk database of kind in dir, named as the app names it
// (agentdesk.db, training.db), or in a fresh temporary folder when dir is
// "".
func Open(t testing.TB, dir string, kind sqlite.Kind) *sqlite.DB {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	name := "agentdesk.db"
	if kind == sqlite.Training {
		name = "training.db"
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, name), kind)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
