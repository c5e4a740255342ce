package server_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// brokenTeam is a store whose team reads after the first fail.
type brokenTeam struct {
	crm.Store
	mu    sync.Mutex
	reads int
}

func (s *brokenTeam) ListTeam(ctx context.Context, q crm.TeamQuery) ([]crm.TeamEscalation, error) {
	s.mu.Lock()
	s.reads++
	n := s.reads
	s.mu.Unlock()
	if n > 1 {
		return nil, errors.New("disk I/O error")
	}
	return s.Store.ListTeam(ctx, q)
}

// A team page whose look past its end fails is a failure, not a last
// page: a page without a cursor tells the desk the queue is all read, and
// it would keep the cursor past escalations it never got.
func TestTeamPageCutByAReadErrorIsAnError(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	s := &brokenTeam{Store: db}
	a := crmtest.NewAPI(t, crmtest.Start(t, s).URL)
	ana, sup := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password)
	c := crmtest.NewCase("C-TEAM-ERR", "ana")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-TEAM-ERR", Priority: "high", Reason: "dispute", At: c.CreatedAt, Status: crm.EscReceived}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-TEAM-ERR:v1", c), http.StatusCreated, "escalated case")
	r := a.Do("GET", "/v1/team/escalations", sup.AccessToken, nil, nil)
	if r.Status < 500 {
		t.Errorf("a team page whose end could not be read answered %d %s", r.Status, r.Body)
	}
}
