package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// A supervisor's decision and the agent's next version of the same
// escalated case arrive at once, as they do from two desks through two
// crmd instances: neither fails. With the case row locked FOR UPDATE the
// decision's foreign-key check on it deadlocked against the case write's
// escalation upsert, and PostgreSQL failed one of them after a second.
func TestDecisionAndCaseWriteAtOnce(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	escalated := func(id string) *cases.Case {
		now := time.Now().UTC()
		c := crmtest.NewCase(id, "ana")
		c.Status = cases.StatusEscalated
		c.Escalation = &cases.Escalation{Ticket: "ESC-" + id, Priority: "high", At: now}
		c.Actions = []cases.Action{{ID: "credit", Amount: 500000, Reason: "r", At: now}}
		return c
	}
	const n = 120
	for i := range n {
		c := escalated(fmt.Sprint("C-DL-", i))
		if _, err := s.PutCase(ctx, crm.CasePut{Case: c, Key: c.ID + "v1", Subject: "ana", Role: crm.RoleAgent, Policy: crmtest.Policy,
			Fingerprint: c.ID + "1", CreateOnly: true, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	var failed atomic.Int64
	var first sync.Once
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	fail := func(err error) {
		failed.Add(1)
		first.Do(func() { t.Log(err) })
	}
	for i := range n {
		id := fmt.Sprint("C-DL-", i)
		sem <- struct{}{}
		wg.Add(2)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c := escalated(id)
			c.Version, c.Notes = 2, "more"
			if _, err := s.PutCase(ctx, crm.CasePut{Case: c, Key: id + "v2", Subject: "ana", Role: crm.RoleAgent, Policy: crmtest.Policy,
				Fingerprint: id + "2", IfMatch: 1, Now: time.Now()}); err != nil {
				fail(err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: id, Action: 0, Approved: true, By: "sup", Now: time.Now()}); err != nil {
				fail(err)
			}
		}()
	}
	wg.Wait()
	if f := failed.Load(); f > 0 {
		t.Errorf("%d of %d writes failed", f, 2*n)
	}
}
