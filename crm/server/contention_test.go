package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// flaky is a store whose case writes fail with err a number of times
// before they reach the database: what a write that keeps losing races
// with other instances looks like to crmd.
type flaky struct {
	crm.Store
	mu    sync.Mutex
	puts  int // case-write calls left to fail; -1: all of them
	moves int // escalation moves left to fail
	err   error
}

func (f *flaky) fail(n *int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if *n == 0 {
		return false
	}
	*n--
	return true
}

func (f *flaky) MoveEscalation(ctx context.Context, m crm.EscalationMove) (crm.EscalationStatus, error) {
	if f.fail(&f.moves) {
		return crm.EscalationStatus{}, f.err
	}
	return f.Store.MoveEscalation(ctx, m)
}

func (f *flaky) PutCases(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	if !f.fail(&f.puts) {
		return f.Store.PutCases(ctx, ps)
	}
	out := make([]crm.CasePutOutcome, len(ps))
	for i := range out {
		out[i].Err = f.err
	}
	return out
}

func startFlaky(t *testing.T, f *flaky) *crmtest.API {
	t.Helper()
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	f.Store = db
	r := crmtest.Start(t, f)
	return crmtest.NewAPI(t, r.URL)
}

// contended is crmd_store_contention_total{op, outcome} as /metrics has it.
func contended(t *testing.T, a *crmtest.API, op, outcome string) string {
	t.Helper()
	r := a.Do("GET", "/metrics", crmtest.MetricsToken, nil, nil)
	crmtest.Expect(t, r, http.StatusOK, "metrics")
	prefix := `crmd_store_contention_total{op="` + op + `",outcome="` + outcome + `"} `
	for _, line := range strings.Split(string(r.Body), "\n") {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			return v
		}
	}
	return "0"
}

// A case write that loses the race for its key twice in a row is decided
// again until it replays the winner, rather than answered 500: the desk
// would count a write crmd can finish as a failure of crmd's.
func TestCaseWriteRetriedTwice(t *testing.T) {
	f := &flaky{puts: 2, err: crm.ErrRetry}
	a := startFlaky(t, f)
	tok := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.PutCase(tok.AccessToken, "case:C-RACE-1:v1", crmtest.NewCase("C-RACE-1", "ana")), http.StatusCreated, "after two lost races")
}

// A case write that cannot get through however often it is tried is
// answered 503 unavailable with Retry-After, which every desk sends again
// after the wait, never 500.
func TestCaseWriteThatKeepsLosing(t *testing.T) {
	f := &flaky{puts: -1, err: crm.ErrRetry}
	a := startFlaky(t, f)
	tok := a.Login("ana", crmtest.Password)
	r := a.PutCase(tok.AccessToken, "case:C-RACE-2:v1", crmtest.NewCase("C-RACE-2", "ana"))
	crmtest.Expect(t, r, http.StatusServiceUnavailable, "a write that keeps losing")
	if r.Code() != crm.CodeUnavailable || r.Header.Get("Retry-After") == "" {
		t.Errorf("code %q, Retry-After %q", r.Code(), r.Header.Get("Retry-After"))
	}
	// In a batch the item is one to send again, as unavailable.
	c := crmtest.NewCase("C-RACE-3", "ana")
	body, _ := json.Marshal(c)
	r = a.Do("POST", "/v1/cases:batch", tok.AccessToken, nil, crm.BatchRequest{Items: []crm.BatchItem{{ID: c.ID, Key: "case:C-RACE-3:v1", Case: body}}})
	crmtest.Expect(t, r, http.StatusOK, "batch")
	var br crm.BatchResponse
	r.JSON(t, &br)
	if len(br.Results) != 1 || br.Results[0].Outcome != crm.BatchRetry || br.Results[0].Code != crm.CodeUnavailable {
		t.Errorf("batch: %+v", br.Results)
	}
}

// A supervisor's move the database gives up for others (a deadlock's
// victim on PostgreSQL, the file locked on SQLite) is made again and
// answered as made; the retry shows in the metrics. One that stays
// contended is 503 unavailable with Retry-After: the desk's outbox pauses
// and sends it again, where a 500 was counted as crmd failing.
func TestMoveContended(t *testing.T) {
	busy := crm.Busy(errors.New("ERROR: deadlock detected (SQLSTATE 40P01)"))
	f := &flaky{moves: 1, err: busy}
	a := startFlaky(t, f)
	ana, sup := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password)
	c := crmtest.NewCase("C-BUSY-1", "ana")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-BUSY-1", Priority: "high", Reason: "dispute", At: c.CreatedAt, Status: crm.EscReceived}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-BUSY-1:v1", c), http.StatusCreated, "escalated case")
	move := func(key string, to crm.EscalationUpdate) *crmtest.Resp {
		return a.Do("PUT", "/v1/cases/C-BUSY-1/escalation", sup.AccessToken, map[string]string{"Idempotency-Key": key}, to)
	}
	crmtest.Expect(t, move("move:1", crm.EscalationUpdate{Status: crm.EscInProgress, Note: "calling the bank"}), http.StatusOK, "a move contended once")
	if n := contended(t, a, "MoveEscalation", "retried"); n != "1" {
		t.Errorf("retried moves counted %s, want 1", n)
	}
	f.mu.Lock()
	f.moves = -1
	f.mu.Unlock()
	resolve := crm.EscalationUpdate{Status: crm.EscResolved, Resolution: "Refund issued"}
	r := move("move:2", resolve)
	crmtest.Expect(t, r, http.StatusServiceUnavailable, "a move that stays contended")
	if r.Code() != crm.CodeUnavailable || r.Header.Get("Retry-After") != "1" {
		t.Errorf("code %q, Retry-After %q", r.Code(), r.Header.Get("Retry-After"))
	}
	if n := contended(t, a, "MoveEscalation", "unavailable"); n != "1" {
		t.Errorf("moves answered unavailable counted %s, want 1", n)
	}
	f.mu.Lock()
	f.moves = 0
	f.mu.Unlock()
	crmtest.Expect(t, move("move:2", resolve), http.StatusOK, "the same move sent again")
}

// brokenRevoke is a store that cannot end a refresh token's family.
type brokenRevoke struct{ crm.Store }

func (brokenRevoke) RevokeFamily(context.Context, string, time.Time) (crm.RefreshRecord, error) {
	return crm.RefreshRecord{}, errors.New("disk I/O error")
}

// A logout whose refresh family could not be ended does not answer that
// it was: the refresh token would go on working for days.
func TestLogoutThatCouldNotEndTheFamilySaysSo(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	a := crmtest.NewAPI(t, crmtest.Start(t, brokenRevoke{db}).URL)
	tok := a.Login("ana", crmtest.Password)
	r := a.Do("POST", "/v1/auth/logout", tok.AccessToken, nil, crm.LogoutRequest{RefreshToken: tok.RefreshToken})
	if r.Status < 500 {
		t.Errorf("logout answered %d with the family still alive", r.Status)
	}
}

// A case whose customer account is a card number is refused, not stored:
// the account is a key, never redacted, so crmd is the last place to stop
// one a desk of an earlier release (or a script) sends.
func TestCaseWithACardAsTheAccountIsRefused(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	a := crmtest.NewAPI(t, crmtest.Start(t, db).URL)
	tok := a.Login("ana", crmtest.Password)
	c := crmtest.NewCase("C-CARD-1", "ana")
	c.Customer.Account = "4111 1111 1111 1111"
	crmtest.Expect(t, a.PutCase(tok.AccessToken, "case:C-CARD-1:v1", c), http.StatusUnprocessableEntity, "a card as the account")
	if _, err := db.GetCase(context.Background(), "C-CARD-1"); err == nil {
		t.Error("the case was stored")
	}
}
