package crmsql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/dbsql"
)

// ---- users

// CreateUser stores a new account.
func (s *Store) CreateUser(ctx context.Context, u crm.UserRecord) error {
	return s.tx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Username, string(u.Role), u.PasswordHash, u.Disabled, tx.Time(u.CreatedAt), tx.Time(u.UpdatedAt))
		if tx.IsUnique(err) {
			return cases.Errorf(cases.EConflict, "user %s exists", u.Username)
		}
		return err
	})
}

// GetUser returns an account.
func (s *Store) GetUser(ctx context.Context, username string) (_ *crm.UserRecord, err error) {
	defer s.d.mark(&err)
	db := s.conn()
	var u crm.UserRecord
	var role string
	err = db.row(ctx, `SELECT username, role, password_hash, disabled, created_at, updated_at FROM users WHERE username = ?`, username).
		Scan(&u.Username, &role, &u.PasswordHash, &u.Disabled, db.at(&u.CreatedAt), db.at(&u.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "user %s", username)
	}
	if err != nil {
		return nil, err
	}
	u.Role = crm.Role(role)
	return &u, nil
}

// ListUsers returns a page of accounts in the order crmd last changed them.
func (s *Store) ListUsers(ctx context.Context, q crm.UserQuery) (_ []crm.UserRecord, err error) {
	defer s.d.mark(&err)
	db := s.conn()
	page, args := s.d.Page(Keyset{At: "updated_at", ID: "username"}, q.Page, "")
	rows, err := db.query(ctx, `SELECT username, role, disabled, created_at, updated_at FROM users`+page, args...)
	return dbsql.Rows(rows, err, func(scan func(...any) error) (crm.UserRecord, error) {
		var u crm.UserRecord
		var role string
		err := scan(&u.Username, &role, &u.Disabled, db.at(&u.CreatedAt), db.at(&u.UpdatedAt))
		u.Role = crm.Role(role)
		return u, err
	})
}

// SetUserDisabled disables or enables an account; disabling ends every
// session of the user. The last enabled admin is not disabled (EConflict):
// enabling an account is an admin's route, so none would be left to undo it.
func (s *Store) SetUserDisabled(ctx context.Context, username string, disabled bool, now time.Time) error {
	return s.tx(ctx, func(tx conn) error {
		if disabled {
			if err := tx.keepAnAdmin(ctx, username); err != nil {
				return err
			}
		}
		res, err := tx.exec(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE username = ?`, disabled, tx.Time(now), username)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return cases.Errorf(cases.ENotFound, "user %s", username)
		}
		if !disabled {
			return nil
		}
		return tx.revokeUser(ctx, username, now)
	})
}

// SetUserPassword replaces an account's password hash and ends every
// session of the user, in one transaction.
func (s *Store) SetUserPassword(ctx context.Context, username, hash string, now time.Time) error {
	return s.tx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?`, hash, tx.Time(now), username)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return cases.Errorf(cases.ENotFound, "user %s", username)
		}
		return tx.revokeUser(ctx, username, now)
	})
}

// SetUserRole changes an account's role and ends every session of the
// user, in one transaction; the last enabled admin keeps theirs, as on a
// disable.
func (s *Store) SetUserRole(ctx context.Context, username string, role crm.Role, now time.Time) error {
	return s.tx(ctx, func(tx conn) error {
		if role != crm.RoleAdmin {
			if err := tx.keepAnAdmin(ctx, username); err != nil {
				return err
			}
		}
		res, err := tx.exec(ctx, `UPDATE users SET role = ?, updated_at = ? WHERE username = ?`, string(role), tx.Time(now), username)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return cases.Errorf(cases.ENotFound, "user %s", username)
		}
		return tx.revokeUser(ctx, username, now)
	})
}

// revokeUser ends every session of username: its live access tokens are
// refused from now, its refresh tokens no longer rotate.
func (c conn) revokeUser(ctx context.Context, username string, now time.Time) error {
	if _, err := c.exec(ctx, `INSERT INTO revoked_jti (jti, expires_at)
		SELECT access_jti, access_exp FROM refresh_tokens WHERE username = ? AND access_exp > ? AND revoked_at IS NULL
		ON CONFLICT (jti) DO NOTHING`, username, c.Time(now.Add(-crm.TokenLeeway))); err != nil {
		return err
	}
	_, err := c.exec(ctx, `UPDATE refresh_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL`, c.Time(now), username)
	return err
}

// keepAnAdmin refuses to disable username when it is the only enabled
// admin. Where rows are locked the enabled admins' rows are held until the
// transaction ends, so two admins disabling each other at the same moment
// are decided one after the other and the second sees the first's disable.
func (c conn) keepAnAdmin(ctx context.Context, username string) error {
	rows, err := c.query(ctx, `SELECT username FROM users WHERE role = ? AND disabled = ? ORDER BY username`+c.lock(` FOR UPDATE`),
		string(crm.RoleAdmin), false)
	admins, err := dbsql.Rows(rows, err, func(scan func(...any) error) (string, error) {
		var name string
		return name, scan(&name)
	})
	if err != nil {
		return err
	}
	if len(admins) == 1 && admins[0] == username {
		return cases.Errorf(cases.EConflict, "user %s is the last enabled admin: add another admin first", username)
	}
	return nil
}

// ---- tokens

// SaveRefresh stores the first refresh token of a family.
func (s *Store) SaveRefresh(ctx context.Context, r crm.RefreshRecord) error {
	return s.tx(ctx, func(tx conn) error {
		if err := tx.userEnabled(ctx, r.Username); err != nil {
			return err
		}
		return tx.insertRefresh(ctx, r)
	})
}

// userEnabled is nil when username may hold tokens, ErrUserDisabled when
// the account is disabled or gone. In the token's own transaction: a login
// checks the account before its password hash, tens of milliseconds
// earlier, and a disable may have come in between. Where rows are locked
// it holds the user row FOR SHARE until the transaction ends, so a disable
// (which updates that row first) waits for the token to be written and
// then revokes it, or comes first and is seen here. Callers take it before
// any token row, the order the disable takes them in.
func (c conn) userEnabled(ctx context.Context, username string) error {
	var disabled bool
	err := c.row(ctx, `SELECT disabled FROM users WHERE username = ?`+c.lock(` FOR SHARE`), username).Scan(&disabled)
	switch {
	case errors.Is(err, sql.ErrNoRows), err == nil && disabled:
		return crm.ErrUserDisabled
	}
	return err
}

func (c conn) insertRefresh(ctx context.Context, r crm.RefreshRecord) error {
	_, err := c.exec(ctx, `INSERT INTO refresh_tokens (hash, family, username, access_jti, access_exp, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Hash, r.Family, r.Username, r.AccessJTI, c.Time(r.AccessExp), c.Time(r.CreatedAt), c.Time(r.ExpiresAt))
	return err
}

// getRefresh reads a token; where rows are locked, it holds the token's
// until the transaction ends: two refreshes with one token are decided one
// after the other.
func (c conn) getRefresh(ctx context.Context, hash string) (crm.RefreshRecord, error) {
	r := crm.RefreshRecord{Hash: hash}
	err := c.row(ctx, `SELECT family, username, access_jti, access_exp, created_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = ?`+c.lock(` FOR UPDATE`), hash).
		Scan(&r.Family, &r.Username, &r.AccessJTI, c.at(&r.AccessExp), c.at(&r.CreatedAt), c.at(&r.ExpiresAt), c.at(&r.UsedAt), c.at(&r.RevokedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return r, crm.ErrRefreshInvalid
	}
	return r, err
}

func (c conn) revokeFamily(ctx context.Context, family string, now time.Time) error {
	if _, err := c.exec(ctx, `INSERT INTO revoked_jti (jti, expires_at)
		SELECT access_jti, access_exp FROM refresh_tokens WHERE family = ? AND access_exp > ?
		ON CONFLICT (jti) DO NOTHING`, family, c.Time(now.Add(-crm.TokenLeeway))); err != nil {
		return err
	}
	_, err := c.exec(ctx, `UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL`, c.Time(now), family)
	return err
}

// RotateRefresh consumes a refresh token and stores its successor.
func (s *Store) RotateRefresh(ctx context.Context, oldHash string, next crm.RefreshRecord, now time.Time) (crm.RefreshRecord, error) {
	var old crm.RefreshRecord
	var outcome error
	err := s.tx(ctx, func(tx conn) error {
		// The user row first, as a disable takes them: its username is
		// read without a lock (it never changes), then the row is held.
		var username string
		err := tx.row(ctx, `SELECT username FROM refresh_tokens WHERE hash = ?`, oldHash).Scan(&username)
		if errors.Is(err, sql.ErrNoRows) {
			return crm.ErrRefreshInvalid
		} else if err != nil {
			return err
		}
		enabled := tx.userEnabled(ctx, username)
		if enabled != nil && !errors.Is(enabled, crm.ErrUserDisabled) {
			return enabled
		}
		old, err = tx.getRefresh(ctx, oldHash)
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
			return tx.revokeFamily(ctx, old.Family, now)
		case enabled != nil:
			outcome = enabled
			return tx.revokeFamily(ctx, old.Family, now)
		}
		if _, err := tx.exec(ctx, `UPDATE refresh_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL`, tx.Time(now), oldHash); err != nil {
			return err
		}
		next.Family, next.Username = old.Family, old.Username
		return tx.insertRefresh(ctx, next)
	})
	if err != nil {
		return old, err
	}
	return old, outcome
}

// RevokeFamily revokes the family of a refresh token.
func (s *Store) RevokeFamily(ctx context.Context, hash string, now time.Time) (crm.RefreshRecord, error) {
	var r crm.RefreshRecord
	err := s.tx(ctx, func(tx conn) error {
		var err error
		if r, err = tx.getRefresh(ctx, hash); err != nil {
			return err
		}
		return tx.revokeFamily(ctx, r.Family, now)
	})
	return r, err
}

// RevokeJTI refuses an access token from now until it expires.
func (s *Store) RevokeJTI(ctx context.Context, jti string, expires time.Time) error {
	return s.tx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO revoked_jti (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING`, jti, tx.Time(expires))
		return err
	})
}

// JTIRevoked reports whether an access token was revoked.
func (s *Store) JTIRevoked(ctx context.Context, jti string) (_ bool, err error) {
	defer s.d.mark(&err)
	var one int
	err = s.conn().row(ctx, `SELECT 1 FROM revoked_jti WHERE jti = ?`, jti).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Purge deletes what expired before the given time.
func (s *Store) Purge(ctx context.Context, before time.Time) error {
	return s.tx(ctx, func(tx conn) error {
		cut := tx.Time(before)
		if _, err := tx.exec(ctx, `DELETE FROM revoked_jti WHERE expires_at < ?`, cut); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM refresh_tokens WHERE expires_at < ?`, cut)
		return err
	})
}
