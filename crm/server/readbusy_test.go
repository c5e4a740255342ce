package server_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// busyReads is a store whose reads are given up for others a number of
// times, as SQLite's are behind a program that holds the file.
type busyReads struct {
	crm.Store
	mu   sync.Mutex
	jtis int // token checks left to fail; -1: all of them
	gets int // case reads left to fail; -1: all of them
}

var errLocked = crm.Busy(errors.New("database is locked"))

func (s *busyReads) fail(n *int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if *n == 0 {
		return false
	}
	*n--
	return true
}

func (s *busyReads) set(jtis, gets int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jtis, s.gets = jtis, gets
}

func (s *busyReads) JTIRevoked(ctx context.Context, jti string) (bool, error) {
	if s.fail(&s.jtis) {
		return false, errLocked
	}
	return s.Store.JTIRevoked(ctx, jti)
}

func (s *busyReads) GetCase(ctx context.Context, id string) (*crm.StoredCase, error) {
	if s.fail(&s.gets) {
		return nil, errLocked
	}
	return s.Store.GetCase(ctx, id)
}

// A read the database gave up for others is run again as a write is, and
// one that stays contended is 503 with Retry-After. A token check that
// could not read the revocations is crmd's failure, not the token's: a
// 401 sent the desk to log in again over a moment's lock.
func TestContendedReads(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	s := &busyReads{Store: db}
	a := crmtest.NewAPI(t, crmtest.Start(t, s).URL)
	ana := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-READ-1:v1", crmtest.NewCase("C-READ-1", "ana")), http.StatusCreated, "case")

	for _, tc := range []struct {
		name       string
		jtis, gets int
		status     int
	}{
		{"case read contended once", 0, 1, http.StatusOK},
		{"token check contended once", 1, 0, http.StatusOK},
		{"case read contended throughout", 0, -1, http.StatusServiceUnavailable},
		{"token check contended throughout", -1, 0, http.StatusServiceUnavailable},
	} {
		s.set(tc.jtis, tc.gets)
		r := a.Do("GET", "/v1/cases/C-READ-1", ana.AccessToken, nil, nil)
		if r.Status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, r.Status, r.Body, tc.status)
		}
		if r.Status == http.StatusServiceUnavailable && (r.Code() != crm.CodeUnavailable || r.Header.Get("Retry-After") == "") {
			t.Errorf("%s: code %q, Retry-After %q", tc.name, r.Code(), r.Header.Get("Retry-After"))
		}
	}
}
