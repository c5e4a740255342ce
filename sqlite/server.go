package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/crmsql"
	"agentdesk/internal/dbsql"
)

// crmd on SQLite serves a single site. Its database is a file of its own,
// with its own migrations and its own goose table, so pointing crmd at a
// desktop's file fails at the first migration instead of mixing the two.

//go:embed migrations_server/*.sql
var serverMigrations embed.FS

// maxConns bounds crmd's connections to its SQLite file, and all of them
// stay open. database/sql keeps 2 idle by default: with 32 requests
// checking their tokens at once, connections were opened and closed
// without end, each open reading the schema again and losing its prepared
// statements (BenchmarkCaseUpsert: upserts at 0.39-0.44 of the no-op's
// rate, 0.45-0.47 with the pool kept). One writer (the committer) and
// readers that each hold a connection for one short query need no more.
const maxConns = 16

// ServerDB is crmd's SQLite store; it implements crm.Store.
type ServerDB struct {
	crmsql.Store // the logic both stores share
	sql          *sql.DB
	Path         string
	cases        *crm.CaseQueue // case writes, in groups (server_cases.go)
	gone         chan struct{}  // closed when the committer has stopped
}

var _ crm.Store = (*ServerDB)(nil)

// OpenServer opens (creating if needed) crmd's database at path and runs
// its migrations.
func OpenServer(ctx context.Context, path string) (*ServerDB, error) {
	// Every request checks its token against revoked_jti and every case
	// write runs the same handful of statements: kept prepared on each
	// connection, SQLite parses them once instead of on every call.
	sqldb, err := openFile(path, 10*time.Second, url.Values{"_stmt_cache_size": {"64"}})
	if err != nil {
		return nil, err
	}
	sqldb.SetMaxOpenConns(maxConns)
	sqldb.SetMaxIdleConns(maxConns)
	db := &ServerDB{Store: crmsql.NewStore(sqldb, dialect), sql: sqldb, Path: path}
	sub, err := fs.Sub(serverMigrations, "migrations_server")
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, sqldb, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithTableName("crmd_goose_version"))
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("sqlite: crmd migrations on %s: %w", path, err)
	}
	db.startCommitter()
	return db, nil
}

// Close stops the case writes, then closes the database.
func (db *ServerDB) Close() error {
	db.stopCommitter()
	return db.sql.Close()
}

// SQL exposes the handle for tests.
func (db *ServerDB) SQL() *sql.DB { return db.sql }

// Ping checks the database answers.
func (db *ServerDB) Ping(ctx context.Context) error {
	var one int
	return db.sql.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

func (db *ServerDB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return dbsql.InTx(ctx, db.sql, "sqlite", fn)
}

func us(t time.Time) int64 { return t.UnixMicro() }

func fromUS(n int64) time.Time { return time.UnixMicro(n).UTC() }

func nullUS(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromUS(n.Int64)
}

func readUS(src any) (time.Time, error) {
	switch n := src.(type) {
	case nil:
		return time.Time{}, nil
	case int64:
		return fromUS(n), nil
	}
	return time.Time{}, fmt.Errorf("sqlite: %T in a time column", src)
}

func isUnique(err error) bool { return err != nil && strings.Contains(err.Error(), "UNIQUE") }

// dialect is crmd's SQLite file to crmsql: times are integer microseconds,
// so comparisons and cursors are exact.
var dialect = crmsql.Dialect{
	Name:     "sqlite",
	Time:     func(t time.Time) any { return us(t) },
	ReadTime: readUS,
	IsUnique: isUnique,
	Page:     page,
}

// ---- users

// CreateUser stores a new account.
func (db *ServerDB) CreateUser(ctx context.Context, u crm.UserRecord) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Username, string(u.Role), u.PasswordHash, u.Disabled, us(u.CreatedAt), us(u.UpdatedAt))
		if isUnique(err) {
			return cases.Errorf(cases.EConflict, "user %s exists", u.Username)
		}
		return err
	})
}

// GetUser returns an account.
func (db *ServerDB) GetUser(ctx context.Context, username string) (*crm.UserRecord, error) {
	var u crm.UserRecord
	var role string
	var c, up int64
	err := db.sql.QueryRowContext(ctx, `SELECT username, role, password_hash, disabled, created_at, updated_at FROM users WHERE username = ?`, username).
		Scan(&u.Username, &role, &u.PasswordHash, &u.Disabled, &c, &up)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "user %s", username)
	}
	if err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt, u.UpdatedAt = crm.Role(role), fromUS(c), fromUS(up)
	return &u, nil
}

// ListUsers returns every account by name.
func (db *ServerDB) ListUsers(ctx context.Context) ([]crm.UserRecord, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT username, role, disabled, created_at, updated_at FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []crm.UserRecord
	for rows.Next() {
		var u crm.UserRecord
		var role string
		var c, up int64
		if err := rows.Scan(&u.Username, &role, &u.Disabled, &c, &up); err != nil {
			return nil, err
		}
		u.Role, u.CreatedAt, u.UpdatedAt = crm.Role(role), fromUS(c), fromUS(up)
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUserDisabled disables or enables an account; disabling ends every
// session of the user.
func (db *ServerDB) SetUserDisabled(ctx context.Context, username string, disabled bool, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE username = ?`, disabled, us(now), username)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return cases.Errorf(cases.ENotFound, "user %s", username)
		}
		if !disabled {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO revoked_jti (jti, expires_at)
			SELECT access_jti, access_exp FROM refresh_tokens WHERE username = ? AND access_exp > ? AND revoked_at IS NULL
			ON CONFLICT (jti) DO NOTHING`, username, us(now.Add(-crm.TokenLeeway))); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL`, us(now), username)
		return err
	})
}

// ---- tokens

// SaveRefresh stores the first refresh token of a family.
func (db *ServerDB) SaveRefresh(ctx context.Context, r crm.RefreshRecord) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := userEnabled(ctx, tx, r.Username); err != nil {
			return err
		}
		return insertRefresh(ctx, tx, r)
	})
}

// userEnabled is nil when username may hold tokens, ErrUserDisabled when
// the account is disabled or gone. In the token's own transaction: a login
// checks the account before its password hash, tens of milliseconds
// earlier, and a disable may have come in between.
func userEnabled(ctx context.Context, tx *sql.Tx, username string) error {
	var disabled bool
	err := tx.QueryRowContext(ctx, `SELECT disabled FROM users WHERE username = ?`, username).Scan(&disabled)
	switch {
	case errors.Is(err, sql.ErrNoRows), err == nil && disabled:
		return crm.ErrUserDisabled
	}
	return err
}

func insertRefresh(ctx context.Context, tx *sql.Tx, r crm.RefreshRecord) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO refresh_tokens (hash, family, username, access_jti, access_exp, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Hash, r.Family, r.Username, r.AccessJTI, us(r.AccessExp), us(r.CreatedAt), us(r.ExpiresAt))
	return err
}

func getRefresh(ctx context.Context, tx *sql.Tx, hash string) (crm.RefreshRecord, error) {
	r := crm.RefreshRecord{Hash: hash}
	var ae, c, e int64
	var used, revoked sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT family, username, access_jti, access_exp, created_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = ?`, hash).
		Scan(&r.Family, &r.Username, &r.AccessJTI, &ae, &c, &e, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return r, crm.ErrRefreshInvalid
	}
	r.AccessExp, r.CreatedAt, r.ExpiresAt, r.UsedAt, r.RevokedAt = fromUS(ae), fromUS(c), fromUS(e), nullUS(used), nullUS(revoked)
	return r, err
}

func revokeFamily(ctx context.Context, tx *sql.Tx, family string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO revoked_jti (jti, expires_at)
		SELECT access_jti, access_exp FROM refresh_tokens WHERE family = ? AND access_exp > ?
		ON CONFLICT (jti) DO NOTHING`, family, us(now.Add(-crm.TokenLeeway))); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL`, us(now), family)
	return err
}

// RotateRefresh consumes a refresh token and stores its successor.
func (db *ServerDB) RotateRefresh(ctx context.Context, oldHash string, next crm.RefreshRecord, now time.Time) (crm.RefreshRecord, error) {
	var old crm.RefreshRecord
	var outcome error
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		old, err = getRefresh(ctx, tx, oldHash)
		if err != nil {
			return err
		}
		switch {
		case !old.RevokedAt.IsZero(), !now.Before(old.ExpiresAt):
			outcome = crm.ErrRefreshInvalid
			return nil
		case !old.UsedAt.IsZero():
			// Committed, not rolled back: the revocation must stick.
			outcome = crm.ErrRefreshReused
			return revokeFamily(ctx, tx, old.Family, now)
		}
		if err := userEnabled(ctx, tx, old.Username); errors.Is(err, crm.ErrUserDisabled) {
			outcome = err
			return revokeFamily(ctx, tx, old.Family, now)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL`, us(now), oldHash); err != nil {
			return err
		}
		next.Family, next.Username = old.Family, old.Username
		return insertRefresh(ctx, tx, next)
	})
	if err != nil {
		return old, err
	}
	return old, outcome
}

// RevokeFamily revokes the family of a refresh token.
func (db *ServerDB) RevokeFamily(ctx context.Context, hash string, now time.Time) (crm.RefreshRecord, error) {
	var r crm.RefreshRecord
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = getRefresh(ctx, tx, hash); err != nil {
			return err
		}
		return revokeFamily(ctx, tx, r.Family, now)
	})
	return r, err
}

// RevokeJTI refuses an access token from now until it expires.
func (db *ServerDB) RevokeJTI(ctx context.Context, jti string, expires time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO revoked_jti (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING`, jti, us(expires))
		return err
	})
}

// JTIRevoked reports whether an access token was revoked.
func (db *ServerDB) JTIRevoked(ctx context.Context, jti string) (bool, error) {
	var one int
	err := db.sql.QueryRowContext(ctx, `SELECT 1 FROM revoked_jti WHERE jti = ?`, jti).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Purge deletes what expired before the given time.
func (db *ServerDB) Purge(ctx context.Context, before time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM revoked_jti WHERE expires_at < ?`, us(before)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM refresh_tokens WHERE expires_at < ?`, us(before))
		return err
	})
}

// ---- cases

// page is crmsql.Dialect.Page on SQLite.
func page(k crmsql.Keyset, p crm.Page, owner string) (string, []any) {
	where := []string{k.At + " > ?"}
	args := []any{int64(-1)}
	if !p.Since.IsZero() {
		args[0] = us(p.Since)
	}
	if owner != "" {
		where, args = append(where, k.Owner+" = ?"), append(args, owner)
	}
	if !p.AfterAt.IsZero() {
		where = append(where, "("+k.At+" > ? OR ("+k.At+" = ? AND "+k.ID+" > ?))")
		args = append(args, us(p.AfterAt), us(p.AfterAt), p.AfterID)
	}
	return " WHERE " + strings.Join(where, " AND ") + " ORDER BY " + k.At + ", " + k.ID + " LIMIT ?", append(args, p.PageLimit())
}

// ---- customers

// UpsertCustomers writes every profile in one transaction.
func (db *ServerDB) UpsertCustomers(ctx context.Context, list []*cases.Customer) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO customers (account, name, updated_at, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (account) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, body = excluded.body`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, c := range list {
			rec, body, err := crm.CustomerRecord(c, time.Now())
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, rec.Account, rec.Name, us(rec.UpdatedAt), string(body)); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetCustomer returns a profile.
func (db *ServerDB) GetCustomer(ctx context.Context, account string) (*cases.Customer, error) {
	var body string
	err := db.sql.QueryRowContext(ctx, `SELECT body FROM customers WHERE account = ?`, account).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "customer")
	}
	if err != nil {
		return nil, err
	}
	var c cases.Customer
	return &c, json.Unmarshal([]byte(body), &c)
}

// SearchCustomers finds profiles by account prefix or name.
func (db *ServerDB) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	q = strings.TrimSpace(q)
	return dbsql.JSONRows[cases.Customer](db.sql.QueryContext(ctx, `SELECT body FROM customers WHERE account LIKE ? ESCAPE '\' OR fold(name) LIKE ? ESCAPE '\' ORDER BY name, account LIMIT ?`,
		escapeLike(q)+"%", "%"+escapeLike(fold(q))+"%", limit))
}

// ---- playbook

// CurrentPlaybook returns the latest published pack.
func (db *ServerDB) CurrentPlaybook(ctx context.Context) (*crm.PlaybookPack, error) {
	var p crm.PlaybookPack
	var files string
	var at int64
	err := db.sql.QueryRowContext(ctx, `SELECT version, sha256, files, published_by, published_at FROM playbooks ORDER BY version DESC LIMIT 1`).
		Scan(&p.Version, &p.SHA256, &files, &p.PublishedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "no playbook published")
	}
	if err != nil {
		return nil, err
	}
	p.PublishedAt = fromUS(at)
	return &p, json.Unmarshal([]byte(files), &p.Files)
}

// PublishPlaybook stores the next version of the pack.
func (db *ServerDB) PublishPlaybook(ctx context.Context, p crm.PlaybookPack) (int, error) {
	files, err := json.Marshal(p.Files)
	if err != nil {
		return 0, err
	}
	var v int
	err = db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO playbooks (sha256, files, published_by, published_at) VALUES (?, ?, ?, ?) RETURNING version`,
			p.SHA256, string(files), p.PublishedBy, us(p.PublishedAt)).Scan(&v)
	})
	return v, err
}

// ---- training

// AddAttempt stores a graded attempt once.
func (db *ServerDB) AddAttempt(ctx context.Context, a crm.TrainingAttempt, fingerprint string) (bool, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	created := false
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var fp string
		err := tx.QueryRowContext(ctx, `SELECT fingerprint FROM training_attempts WHERE id = ?`, a.ID).Scan(&fp)
		if err == nil {
			if fp != fingerprint {
				return crm.ErrIdempotencyReused
			}
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		created = true
		_, err = tx.ExecContext(ctx, `INSERT INTO training_attempts (id, username, fingerprint, received_at, body) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.Username, fingerprint, us(a.ReceivedAt), string(body))
		return err
	})
	return created, err
}
