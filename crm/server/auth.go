package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, s.cfg.Keys.JWKS())
}

// handleToken logs a user in with a password. Every failure looks the same
// and takes about as long (an unknown user is checked against a dummy
// hash), so the answer does not tell which usernames exist; the failures
// of an unknown username are counted like those of a real one, so the
// wait that follows them does not tell either.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	var req crm.TokenRequest
	if _, ok := s.decode(w, r, &req); !ok {
		return
	}
	ctx := r.Context()
	// Names that cannot exist share one record, so made-up ones cannot
	// fill the gate's memory with distinct keys.
	key := "\x00invalid"
	if crm.ValidUsername(req.Username) {
		key = req.Username
	}
	if wait := s.logins.wait(key, s.cfg.Now()); wait > 0 {
		s.metrics.loginsHeld.WithLabelValues("backoff").Inc()
		s.log.Info("login held back after failures")
		s.tooMany(w, r, wait)
		return
	}
	if !s.logins.acquire() {
		s.busy(w, r)
		return
	}
	u, ok, err := s.checkLogin(r, req)
	s.logins.release()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if !ok {
		s.logins.failed(key, s.cfg.Now())
		s.metrics.authFailures.WithLabelValues("login").Inc()
		s.log.Info("login refused")
		s.unauthorized(w, r, false)
		return
	}
	s.logins.succeeded(key)
	if i := reqInfoFrom(ctx); i != nil {
		i.sub = u.Username
	}
	s.login(w, r, u)
}

// checkLogin looks the user up and checks the password, against a dummy
// hash when there is no such user. It runs with an Argon2 slot held.
func (s *Server) checkLogin(r *http.Request, req crm.TokenRequest) (*crm.UserRecord, bool, error) {
	var u *crm.UserRecord
	if crm.ValidUsername(req.Username) {
		var err error
		u, err = s.store.GetUser(r.Context(), req.Username)
		if err != nil && cases.ErrorCode(err) != cases.ENotFound {
			return nil, false, err
		}
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := CheckPassword(hash, req.Password)
	if err != nil {
		s.log.Error("unreadable password hash", "sub", req.Username)
	}
	return u, u != nil && ok && !u.Disabled, nil
}

// busy answers a request that needs an Argon2 slot when none is free: 503
// at once, with a second to wait, rather than a queue that holds memory.
func (s *Server) busy(w http.ResponseWriter, r *http.Request) {
	s.metrics.loginsHeld.WithLabelValues("busy").Inc()
	w.Header().Set("Retry-After", "1")
	s.fail(w, r, http.StatusServiceUnavailable, crm.CodeUnavailable)
}

// login answers with a new access token and the first refresh token of a
// new family.
func (s *Server) login(w http.ResponseWriter, r *http.Request, u *crm.UserRecord) {
	now := s.cfg.Now()
	access, jti, exp, err := s.tokens.Issue(u.Username, u.Role)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	refresh, hash := NewRefreshToken()
	rec := crm.RefreshRecord{Hash: hash, Family: randomID(16), Username: u.Username, AccessJTI: jti, AccessExp: exp,
		CreatedAt: now, ExpiresAt: now.Add(s.cfg.RefreshTTL)}
	if err := s.store.SaveRefresh(r.Context(), rec); errors.Is(err, crm.ErrUserDisabled) {
		// Disabled while the password was being checked: the access token
		// made for the answer is never sent.
		s.metrics.authFailures.WithLabelValues("login").Inc()
		s.unauthorized(w, r, false)
		return
	} else if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.tokenResponse(w, u, access, exp, refresh)
}

func (s *Server) tokenResponse(w http.ResponseWriter, u *crm.UserRecord, access string, exp time.Time, refresh string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, crm.TokenResponse{
		AccessToken: access, TokenType: "Bearer", ExpiresIn: int(time.Until(exp).Round(time.Second).Seconds()),
		ExpiresAt: exp.UTC(), RefreshToken: refresh, Username: u.Username, Role: u.Role,
	})
}

// handleRefresh trades a refresh token for a new access token and the next
// refresh token of the family. A token presented twice means it was copied:
// the store revokes the whole family, and the thief and the owner both have
// to log in again.
func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req crm.RefreshRequest
	if _, ok := s.decode(w, r, &req); !ok {
		return
	}
	if !strings.HasPrefix(req.RefreshToken, refreshPrefix) || len(req.RefreshToken) > 128 {
		s.metrics.authFailures.WithLabelValues("refresh").Inc()
		s.unauthorized(w, r, true)
		return
	}
	ctx := r.Context()
	now := s.cfg.Now()
	refresh, hash := NewRefreshToken()
	next := crm.RefreshRecord{Hash: hash, CreatedAt: now, ExpiresAt: now.Add(s.cfg.RefreshTTL)}
	// The access token's ID is chosen before the rotation so the new
	// refresh token records it in the same write: revoking the family
	// then revokes that access token too.
	jti := randomID(16)
	iat := now.Truncate(time.Second)
	next.AccessJTI, next.AccessExp = jti, iat.Add(s.tokens.ttl())
	old, err := s.store.RotateRefresh(ctx, HashRefreshToken(req.RefreshToken), next, now)
	if err != nil {
		reason := "refresh"
		if errors.Is(err, crm.ErrRefreshReused) {
			reason = "refresh_reused"
			s.log.Warn("refresh token reused; family revoked", "sub", old.Username)
		} else if !errors.Is(err, crm.ErrRefreshInvalid) && !errors.Is(err, crm.ErrUserDisabled) {
			s.failErr(w, r, err)
			return
		}
		s.metrics.authFailures.WithLabelValues(reason).Inc()
		s.unauthorized(w, r, true)
		return
	}
	u, err := s.store.GetUser(ctx, old.Username)
	gone := err == nil && u.Disabled || cases.ErrorCode(err) == cases.ENotFound
	if err != nil || gone {
		// The rotation is made and its token never leaves: its family is
		// ended, an account's that is gone or disabled above all. When
		// that fails, or the account could not be read, the answer is
		// crmd's failure (503 for contention), not a 401 that tells the
		// desk its session is over while the log says nothing.
		_, rerr := s.store.RevokeFamily(context.WithoutCancel(ctx), hash, now)
		if rerr != nil && !errors.Is(rerr, crm.ErrRefreshInvalid) {
			s.log.Error("refresh family not revoked", "sub", old.Username, "err", rerr)
		}
		switch {
		case !gone:
			s.failErr(w, r, err)
		case rerr != nil && !errors.Is(rerr, crm.ErrRefreshInvalid):
			s.failErr(w, r, rerr)
		default:
			s.metrics.authFailures.WithLabelValues("refresh").Inc()
			s.unauthorized(w, r, true)
		}
		return
	}
	if i := reqInfoFrom(ctx); i != nil {
		i.sub = u.Username
	}
	access, err := s.tokens.issueWith(u.Username, u.Role, jti, iat)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.tokenResponse(w, u, access, next.AccessExp, refresh)
}

// emptyBody reports whether r has no body, also when its length was not
// declared (chunked): a client streaming an empty buffer sends no chunks,
// and is owed what an empty body gets, not a 400 for its framing. A body
// that has bytes is left to be read whole, the byte looked at included.
func emptyBody(r *http.Request) bool {
	if r.ContentLength >= 0 {
		return r.ContentLength == 0
	}
	br := bufio.NewReaderSize(r.Body, 16)
	if _, err := br.Peek(1); err == io.EOF {
		return true
	}
	// Another error stays in br for the read that follows to meet.
	r.Body = struct {
		io.Reader
		io.Closer
	}{br, r.Body}
	return false
}

// handleLogout revokes the access token that authenticates the request and,
// when given, the refresh token's whole family.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	var req crm.LogoutRequest
	if !emptyBody(r) {
		if _, ok := s.decode(w, r, &req); !ok {
			return
		}
	}
	ctx := r.Context()
	if err := s.store.RevokeJTI(ctx, p.JTI, p.Exp); err != nil {
		s.failErr(w, r, err)
		return
	}
	if req.RefreshToken != "" && len(req.RefreshToken) <= 128 {
		// A refresh token of another user is revoked all the same: whoever
		// holds it should not, and the answer does not tell them whose.
		hash := HashRefreshToken(req.RefreshToken)
		rec, err := s.store.RevokeFamily(context.WithoutCancel(ctx), hash, s.cfg.Now())
		switch {
		case errors.Is(err, crm.ErrRefreshInvalid):
			// Unknown or over already: nothing to end.
		case err != nil:
			// The family would go on working for days while the answer
			// said it was over: say it failed, and the log keeps why.
			s.failErr(w, r, err)
			return
		case rec.Username != p.Sub:
			s.log.Warn("logout presented another user's refresh token", "sub", p.Sub)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}
