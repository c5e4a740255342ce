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

// An admin disables users while their desks refresh, through two
// instances: every access token a refresh issued to a user who ends up
// disabled is revoked. A refresh's successor token was invisible to the
// disable's revocation, which had already taken its snapshot.
func TestRefreshAndDisableAtOnce(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	now := time.Now().UTC().Truncate(time.Microsecond)
	const n = 150
	for i := range n {
		u := fmt.Sprint("race", i)
		if err := s.CreateUser(ctx, crm.UserRecord{Username: u, Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveRefresh(ctx, crm.RefreshRecord{Hash: u + "-h1", Family: u + "-f", Username: u, AccessJTI: u + "-j1",
			AccessExp: now.Add(15 * time.Minute), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	issued := make([]bool, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		u := fmt.Sprint("race", i)
		sem <- struct{}{}
		wg.Add(2)
		go func() { // crmd's refresh: rotate, then look at the user
			defer wg.Done()
			defer func() { <-sem }()
			at := time.Now()
			old, err := s.RotateRefresh(ctx, u+"-h1", crm.RefreshRecord{Hash: u + "-h2", AccessJTI: u + "-j2",
				AccessExp: at.Add(15 * time.Minute), CreatedAt: at, ExpiresAt: at.Add(time.Hour)}, at)
			if err != nil {
				return
			}
			if usr, err := s.GetUser(ctx, old.Username); err != nil || usr.Disabled {
				_, _ = s.RevokeFamily(ctx, u+"-h2", at)
				return
			}
			issued[i] = true
		}()
		go func() {
			defer wg.Done()
			if err := s.SetUserDisabled(ctx, u, true, time.Now()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	live := 0
	for i := range n {
		u := fmt.Sprint("race", i)
		if r, err := s.JTIRevoked(ctx, u+"-j2"); issued[i] && err == nil && !r {
			live++
		}
	}
	if live > 0 {
		t.Errorf("%d of %d disabled users hold a live access token", live, n)
	}
}
