package server_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// lockedBuffer is a log crmd writes from its handlers' goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// afterRotate is a store whose account reads and family revocations fail
// as told, once the test has logged in.
type afterRotate struct {
	crm.Store
	mu        sync.Mutex
	getErr    error // GetUser fails with it
	disabled  bool  // GetUser reads the account as disabled
	revokeErr error // RevokeFamily fails with it
}

func (s *afterRotate) GetUser(ctx context.Context, name string) (*crm.UserRecord, error) {
	s.mu.Lock()
	getErr, disabled := s.getErr, s.disabled
	s.mu.Unlock()
	if getErr != nil {
		return nil, getErr
	}
	u, err := s.Store.GetUser(ctx, name)
	if err == nil && disabled {
		u.Disabled = true
	}
	return u, err
}

func (s *afterRotate) RevokeFamily(ctx context.Context, hash string, now time.Time) (crm.RefreshRecord, error) {
	s.mu.Lock()
	revokeErr := s.revokeErr
	s.mu.Unlock()
	if revokeErr != nil {
		return crm.RefreshRecord{}, revokeErr
	}
	return s.Store.RevokeFamily(ctx, hash, now)
}

// A refresh whose account cannot be read, or whose family cannot be ended
// for a disabled account, is a failure of crmd's, answered as one and
// logged: a 401 told the desk its session was over (and the operator
// nothing) while the family, for a disabled account, went on.
func TestRefreshFailuresAreAnsweredAndLogged(t *testing.T) {
	for _, tc := range []struct {
		name      string
		getErr    error
		disabled  bool
		revokeErr error
		status    int
		log       string
	}{
		{"account read contended", crm.Busy(errors.New("database is locked")), false, nil, http.StatusServiceUnavailable, "database is locked"},
		{"account read failed", errors.New("disk I/O error"), false, nil, http.StatusInternalServerError, "disk I/O error"},
		{"disabled, family ended", nil, true, nil, http.StatusUnauthorized, ""},
		{"disabled, family not ended", nil, true, errors.New("revoke: disk I/O error"), http.StatusInternalServerError, "revoke: disk I/O error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openStore(t)
			crmtest.SeedUsers(t, db)
			s := &afterRotate{Store: db}
			var logs lockedBuffer
			a := crmtest.NewAPI(t, crmtest.Start(t, s, func(c *server.Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) }).URL)
			tok := a.Login("ana", crmtest.Password)
			s.mu.Lock()
			s.getErr, s.disabled, s.revokeErr = tc.getErr, tc.disabled, tc.revokeErr
			s.mu.Unlock()
			r := a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: tok.RefreshToken})
			if r.Status != tc.status {
				t.Errorf("refresh answered %d %s, want %d", r.Status, r.Body, tc.status)
			}
			if tc.status == http.StatusServiceUnavailable && r.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			if tc.log != "" && !strings.Contains(logs.String(), tc.log) {
				t.Errorf("the log does not say %q:\n%s", tc.log, logs.String())
			}
		})
	}
}
