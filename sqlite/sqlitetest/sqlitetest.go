// Package sqlitetest opens the desk's databases for tests: files in a
// temporary folder, closed when the test ends.
package sqlitetest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"agentdesk/sqlite"
)

// Open is a desk database of kind in dir, named as the app names it
// (agentdesk.db, training.db), or in a fresh temporary folder when dir is
// "". A new file starts as a copy of a freshly migrated one (see Fresh).
func Open(t testing.TB, dir string, kind sqlite.Kind) *sqlite.DB {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	name := "agentdesk.db"
	if kind == sqlite.Training {
		name = "training.db"
	}
	path := filepath.Join(dir, name)
	Fresh(t, path, string(kind), func(p string) (func() error, error) {
		db, err := sqlite.Open(context.Background(), p, kind)
		if err != nil {
			return nil, err
		}
		return db.Close, nil
	})
	db, err := sqlite.Open(context.Background(), path, kind)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var (
	mu        sync.Mutex
	templates = map[string][]byte{}
)

// Fresh writes at path, unless a file is already there, the bytes of a
// database that open created and migrated once for this test binary under
// name. Opening the copy finds every migration applied.
//
// Why: goose parses each pending migration line by line, and under the
// race detector (sync.Pool then drops a quarter of the 4 MiB buffers it
// parses with) that is 60 ms or so of CPU for every new database: a tenth
// of the app's race-tested suite. The migrations themselves are still run
// from nothing by each store's own tests and every program's.
func Fresh(t testing.TB, path, name string, open func(path string) (closeDB func() error, err error)) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	mu.Lock()
	b, ok := templates[name]
	if !ok {
		var err error
		if b, err = migrated(open); err != nil {
			mu.Unlock()
			t.Fatalf("sqlitetest: a migrated %s database: %v", name, err)
		}
		templates[name] = b
	}
	mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// migrated is the file open leaves behind in a folder of its own, once
// closed: SQLite folds the write-ahead log into it on the last close.
func migrated(open func(path string) (func() error, error)) ([]byte, error) {
	dir, err := os.MkdirTemp("", "sqlitetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	closeDB, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := closeDB(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, errors.New("the write-ahead log outlived the close")
	}
	return os.ReadFile(path)
}
