// Package postgres is crmd's store on PostgreSQL, through pgx's database/sql
// driver: for a contact centre that runs several stateless crmd instances
// behind a load balancer on one database. It implements crm.Store with the
// same behaviour as sqlite.ServerDB; the shared contract tests in
// crm/crmtest hold both to it.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the driver, registered as "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/crmsql"
	"agentdesk/internal/dbsql"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is crmd's PostgreSQL store.
type DB struct {
	crmsql.Store // the logic both stores share
	sql          *sql.DB
	cases        *crm.CaseQueue // case writes, in groups (cases.go)
	committers   sync.WaitGroup
}

var _ crm.Store = (*DB)(nil)

// maxConns bounds one crmd's connections to PostgreSQL: several instances
// share the server's max_connections (100 by default).
const maxConns = 20

// Open connects with a postgres:// DSN and runs the migrations. Instances
// starting together take turns through an advisory lock, so only one
// migrates.
func Open(ctx context.Context, dsn string) (*DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// As many idle connections as open ones: under a burst the pool
	// would otherwise close every connection above the idle count as it
	// is released and open it again a moment later, each time through a
	// SCRAM handshake (thousands of hash rounds on both ends).
	sqldb.SetMaxOpenConns(maxConns)
	sqldb.SetMaxIdleConns(maxConns)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithTableName("crmd_goose_version"), goose.WithSessionLocker(locker))
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	db := &DB{Store: crmsql.NewStore(sqldb, dialect), sql: sqldb}
	db.startCommitter()
	return db, nil
}

// Close closes the pool.
func (db *DB) Close() error {
	db.stopCommitter()
	return db.sql.Close()
}

// SQL exposes the handle for tests.
func (db *DB) SQL() *sql.DB { return db.sql }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return dbsql.InTx(ctx, db.sql, "postgres", fn)
}

// PostgreSQL keeps microseconds; truncating first makes what is written
// and what a cursor carries the same instant.
func pt(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func nullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func readTime(src any) (time.Time, error) {
	switch t := src.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("postgres: %T in a time column", src)
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// dialect is crmd's PostgreSQL to crmsql: timestamptz, row locks, and
// pgx binding a []string as a text[].
var dialect = crmsql.Dialect{
	Name:     "postgres",
	Numbered: true,
	RowLocks: true,
	Arrays:   true,
	Time:     func(t time.Time) any { return pt(t) },
	ReadTime: readTime,
	IsUnique: isUnique,
	Page:     page,
}

// ---- users

// CreateUser stores a new account.
func (db *DB) CreateUser(ctx context.Context, u crm.UserRecord) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		u.Username, string(u.Role), u.PasswordHash, u.Disabled, pt(u.CreatedAt), pt(u.UpdatedAt))
	if isUnique(err) {
		return cases.Errorf(cases.EConflict, "user %s exists", u.Username)
	}
	return err
}

// GetUser returns an account.
func (db *DB) GetUser(ctx context.Context, username string) (*crm.UserRecord, error) {
	var u crm.UserRecord
	var role string
	err := db.sql.QueryRowContext(ctx, `SELECT username, role, password_hash, disabled, created_at, updated_at FROM users WHERE username = $1`, username).
		Scan(&u.Username, &role, &u.PasswordHash, &u.Disabled, &u.CreatedAt, &u.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "user %s", username)
	}
	if err != nil {
		return nil, err
	}
	u.Role = crm.Role(role)
	return &u, nil
}

// ListUsers returns every account by name.
func (db *DB) ListUsers(ctx context.Context) ([]crm.UserRecord, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT username, role, disabled, created_at, updated_at FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []crm.UserRecord
	for rows.Next() {
		var u crm.UserRecord
		var role string
		if err := rows.Scan(&u.Username, &role, &u.Disabled, &u.CreatedAt, &u.UpdatedAt); err != nil {
			return nil, err
		}
		u.Role = crm.Role(role)
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUserDisabled disables or enables an account; disabling ends every
// session of the user.
func (db *DB) SetUserDisabled(ctx context.Context, username string, disabled bool, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1, updated_at = $2 WHERE username = $3`, disabled, pt(now), username)
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
			SELECT access_jti, access_exp FROM refresh_tokens WHERE username = $1 AND access_exp > $2 AND revoked_at IS NULL
			ON CONFLICT (jti) DO NOTHING`, username, pt(now.Add(-crm.TokenLeeway))); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = $1 WHERE username = $2 AND revoked_at IS NULL`, pt(now), username)
		return err
	})
}

// ---- tokens

// SaveRefresh stores the first refresh token of a family.
func (db *DB) SaveRefresh(ctx context.Context, r crm.RefreshRecord) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := userEnabled(ctx, tx, r.Username); err != nil {
			return err
		}
		return insertRefresh(ctx, tx, r)
	})
}

// userEnabled is nil when username may hold tokens, ErrUserDisabled when
// the account is disabled or gone. It holds the user row FOR SHARE until
// the transaction ends, so a disable (which updates that row first) waits
// for the token to be written and then revokes it, or comes first and is
// seen here. Callers take it before any token row, the order the disable
// takes them in.
func userEnabled(ctx context.Context, tx *sql.Tx, username string) error {
	var disabled bool
	err := tx.QueryRowContext(ctx, `SELECT disabled FROM users WHERE username = $1 FOR SHARE`, username).Scan(&disabled)
	switch {
	case errors.Is(err, sql.ErrNoRows), err == nil && disabled:
		return crm.ErrUserDisabled
	}
	return err
}

type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

func insertRefresh(ctx context.Context, ex execer, r crm.RefreshRecord) error {
	_, err := ex.ExecContext(ctx, `INSERT INTO refresh_tokens (hash, family, username, access_jti, access_exp, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.Hash, r.Family, r.Username, r.AccessJTI, pt(r.AccessExp), pt(r.CreatedAt), pt(r.ExpiresAt))
	return err
}

// getRefresh reads a token and locks its row until the transaction ends:
// two refreshes with one token are decided one after the other.
func getRefresh(ctx context.Context, tx *sql.Tx, hash string) (crm.RefreshRecord, error) {
	r := crm.RefreshRecord{Hash: hash}
	var used, revoked sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT family, username, access_jti, access_exp, created_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = $1 FOR UPDATE`, hash).
		Scan(&r.Family, &r.Username, &r.AccessJTI, &r.AccessExp, &r.CreatedAt, &r.ExpiresAt, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return r, crm.ErrRefreshInvalid
	}
	r.UsedAt, r.RevokedAt = nullTime(used), nullTime(revoked)
	return r, err
}

func revokeFamily(ctx context.Context, tx *sql.Tx, family string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO revoked_jti (jti, expires_at)
		SELECT access_jti, access_exp FROM refresh_tokens WHERE family = $1 AND access_exp > $2
		ON CONFLICT (jti) DO NOTHING`, family, pt(now.Add(-crm.TokenLeeway))); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL`, pt(now), family)
	return err
}

// RotateRefresh consumes a refresh token and stores its successor.
func (db *DB) RotateRefresh(ctx context.Context, oldHash string, next crm.RefreshRecord, now time.Time) (crm.RefreshRecord, error) {
	var old crm.RefreshRecord
	var outcome error
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// The user row first, as a disable takes them: its username is
		// read without a lock (it never changes), then the row is held.
		var username string
		err := tx.QueryRowContext(ctx, `SELECT username FROM refresh_tokens WHERE hash = $1`, oldHash).Scan(&username)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.ErrRefreshInvalid
		} else if err != nil {
			return err
		}
		enabled := userEnabled(ctx, tx, username)
		if enabled != nil && !errors.Is(enabled, crm.ErrUserDisabled) {
			return enabled
		}
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
		case enabled != nil:
			outcome = enabled
			return revokeFamily(ctx, tx, old.Family, now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2`, pt(now), oldHash); err != nil {
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
func (db *DB) RevokeFamily(ctx context.Context, hash string, now time.Time) (crm.RefreshRecord, error) {
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
func (db *DB) RevokeJTI(ctx context.Context, jti string, expires time.Time) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO revoked_jti (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING`, jti, pt(expires))
	return err
}

// JTIRevoked reports whether an access token was revoked.
func (db *DB) JTIRevoked(ctx context.Context, jti string) (bool, error) {
	var one int
	err := db.sql.QueryRowContext(ctx, `SELECT 1 FROM revoked_jti WHERE jti = $1`, jti).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Purge deletes what expired before the given time.
func (db *DB) Purge(ctx context.Context, before time.Time) error {
	cut := pt(before)
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM revoked_jti WHERE expires_at < $1`, cut); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM refresh_tokens WHERE expires_at < $1`, cut)
		return err
	})
}

// ---- cases

// page is crmsql.Dialect.Page on PostgreSQL.
func page(k crmsql.Keyset, p crm.Page, owner string) (string, []any) {
	where := []string{"TRUE"}
	var args []any
	if !p.Since.IsZero() {
		where, args = append(where, k.At+" > ?"), append(args, pt(p.Since))
	}
	if owner != "" {
		where, args = append(where, k.Owner+" = ?"), append(args, owner)
	}
	if !p.AfterAt.IsZero() {
		where, args = append(where, "("+k.At+", "+k.ID+") > (?, ?)"), append(args, pt(p.AfterAt), p.AfterID)
	}
	return " WHERE " + strings.Join(where, " AND ") + " ORDER BY " + k.At + ", " + k.ID + " LIMIT ?", append(args, p.PageLimit())
}

// ---- customers

// UpsertCustomers writes every profile in one transaction.
func (db *DB) UpsertCustomers(ctx context.Context, list []*cases.Customer) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO customers (account, name, updated_at, body) VALUES ($1, $2, $3, $4)
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
			if _, err := st.ExecContext(ctx, rec.Account, rec.Name, pt(rec.UpdatedAt), string(body)); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetCustomer returns a profile.
func (db *DB) GetCustomer(ctx context.Context, account string) (*cases.Customer, error) {
	var body string
	err := db.sql.QueryRowContext(ctx, `SELECT body FROM customers WHERE account = $1`, account).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "customer")
	}
	if err != nil {
		return nil, err
	}
	var c cases.Customer
	return &c, json.Unmarshal([]byte(body), &c)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchCustomers finds profiles by account prefix or name, ignoring case
// as SQLite's LIKE does.
func (db *DB) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	q = escapeLike(strings.TrimSpace(q))
	return dbsql.JSONRows[cases.Customer](db.sql.QueryContext(ctx, `SELECT body FROM customers WHERE account ILIKE $1 ESCAPE '\' OR name ILIKE $2 ESCAPE '\' ORDER BY name, account LIMIT $3`,
		q+"%", "%"+q+"%", limit))
}

// ---- playbook

// CurrentPlaybook returns the latest published pack.
func (db *DB) CurrentPlaybook(ctx context.Context) (*crm.PlaybookPack, error) {
	var p crm.PlaybookPack
	var files string
	err := db.sql.QueryRowContext(ctx, `SELECT version, sha256, files, published_by, published_at FROM playbooks ORDER BY version DESC LIMIT 1`).
		Scan(&p.Version, &p.SHA256, &files, &p.PublishedBy, &p.PublishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "no playbook published")
	}
	if err != nil {
		return nil, err
	}
	p.PublishedAt = p.PublishedAt.UTC()
	return &p, json.Unmarshal([]byte(files), &p.Files)
}

// PublishPlaybook stores the next version of the pack.
func (db *DB) PublishPlaybook(ctx context.Context, p crm.PlaybookPack) (int, error) {
	files, err := json.Marshal(p.Files)
	if err != nil {
		return 0, err
	}
	var v int
	err = db.sql.QueryRowContext(ctx, `INSERT INTO playbooks (sha256, files, published_by, published_at) VALUES ($1, $2, $3, $4) RETURNING version`,
		p.SHA256, string(files), p.PublishedBy, pt(p.PublishedAt)).Scan(&v)
	return v, err
}

// ---- training

// AddAttempt stores a graded attempt once.
func (db *DB) AddAttempt(ctx context.Context, a crm.TrainingAttempt, fingerprint string) (bool, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	res, err := db.sql.ExecContext(ctx, `INSERT INTO training_attempts (id, username, fingerprint, received_at, body) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO NOTHING`, a.ID, a.Username, fingerprint, pt(a.ReceivedAt), string(body))
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	var fp string
	if err := db.sql.QueryRowContext(ctx, `SELECT fingerprint FROM training_attempts WHERE id = $1`, a.ID).Scan(&fp); err != nil {
		return false, err
	}
	if fp != fingerprint {
		return false, crm.ErrIdempotencyReused
	}
	return false, nil
}
