package crmsql

import (
	"context"

	"agentdesk/crm"
	"agentdesk/internal/dbsql"
)

// ---- training

// ListAttempts returns attempts received after q.Since, oldest first.
func (s *Store) ListAttempts(ctx context.Context, q crm.AttemptQuery) ([]crm.TrainingAttempt, error) {
	page, args := s.d.Page(Keyset{At: "received_at", ID: "id", Owner: "username"}, q.Page, q.Username)
	rows, err := s.conn().query(ctx, `SELECT body FROM training_attempts`+page, args...)
	return dbsql.JSONValues[crm.TrainingAttempt](rows, err)
}
