package main

import (
	"context"

	"agentdesk/sqlite"
)

// openDB opens --db, or the app's own file when none is given.
func (m *Main) openDB(ctx context.Context) (*sqlite.DB, error) {
	return m.openKind(ctx, sqlite.DefaultPath, sqlite.Production)
}

// openTrainingDB opens --db as a training database, or the app's training
// file when none is given. The kind is checked on open, so a production
// file named by mistake is refused instead of read.
func (m *Main) openTrainingDB(ctx context.Context) (*sqlite.DB, error) {
	return m.openKind(ctx, sqlite.TrainingPath, sqlite.Training)
}

// openKind opens --db, or the file defaultPath names, as a database of kind.
func (m *Main) openKind(ctx context.Context, defaultPath func() (string, error), kind sqlite.Kind) (*sqlite.DB, error) {
	path := m.DBPath
	if path == "" {
		p, err := defaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return sqlite.Open(ctx, path, kind)
}
