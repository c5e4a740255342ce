package main

import (
	"context"

	"agentdesk/sqlite"
)

// openDB opens --db, or the app's own file when none is given.
func (m *Main) openDB(ctx context.Context) (*sqlite.DB, error) {
	path := m.DBPath
	if path == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return sqlite.Open(ctx, path, sqlite.Production)
}
