package sqlite

import (
	"context"

	"agentdesk/cases"
	"agentdesk/crm"
)

// crmd's reads, marked crm.ErrBusy as its writes are (crmsql's tx) when
// SQLite gives them up after the busy timeout: WAL lets a read past a
// writer, not past a program that holds the whole file (a second crmd in
// exclusive locking mode, a restore). Unmarked, such a read was answered
// 500 where a write in the same moment was answered 503 with Retry-After.

func (db *ServerDB) GetUser(ctx context.Context, username string) (*crm.UserRecord, error) {
	return busy(db.Store.GetUser(ctx, username))
}

func (db *ServerDB) ListUsers(ctx context.Context, q crm.UserQuery) ([]crm.UserRecord, error) {
	return busy(db.Store.ListUsers(ctx, q))
}

func (db *ServerDB) JTIRevoked(ctx context.Context, jti string) (bool, error) {
	return busy(db.Store.JTIRevoked(ctx, jti))
}

func (db *ServerDB) GetCase(ctx context.Context, id string) (*crm.StoredCase, error) {
	return busy(db.Store.GetCase(ctx, id))
}

func (db *ServerDB) ListCases(ctx context.Context, q crm.CaseQuery) ([]crm.StoredCase, error) {
	return busy(db.Store.ListCases(ctx, q))
}

func (db *ServerDB) ListEscalations(ctx context.Context, q crm.EscalationQuery) ([]crm.EscalationStatus, error) {
	return busy(db.Store.ListEscalations(ctx, q))
}

func (db *ServerDB) ListTeam(ctx context.Context, q crm.TeamQuery) ([]crm.TeamEscalation, error) {
	return busy(db.Store.ListTeam(ctx, q))
}

func (db *ServerDB) GetCustomer(ctx context.Context, account string) (*cases.Customer, error) {
	return busy(db.Store.GetCustomer(ctx, account))
}

func (db *ServerDB) CurrentPlaybook(ctx context.Context) (*crm.PlaybookPack, error) {
	return busy(db.Store.CurrentPlaybook(ctx))
}

func (db *ServerDB) CurrentPlaybookSHA(ctx context.Context) (string, error) {
	return busy(db.Store.CurrentPlaybookSHA(ctx))
}

func (db *ServerDB) ListAttempts(ctx context.Context, q crm.AttemptQuery) ([]crm.TrainingAttempt, error) {
	return busy(db.Store.ListAttempts(ctx, q))
}

func busy[T any](v T, err error) (T, error) { return v, dialect.Busy(err) }
