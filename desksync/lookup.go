package desksync

import (
	"context"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// lookupDelay lets the agent finish typing an account before crmd is asked
// about it.
const lookupDelay = 400 * time.Millisecond

// LookupCustomer asks crmd for an account the local cache does not have,
// once the typing has paused. done is called from sync's goroutine with
// the profile, already cached for offline use, or with nil; it is not
// called when another lookup started since (the agent typed on). It
// reports whether crmd will be asked.
func (s *Syncer) LookupCustomer(account string, done func(*cases.Customer)) bool {
	account = strings.TrimSpace(account)
	s.lookupMu.Lock()
	defer s.lookupMu.Unlock()
	if s.lookupTimer != nil && s.lookupTimer.Stop() {
		s.wg.Done()
	}
	s.lookupSeq++
	client := s.Client()
	if client == nil || !client.LoggedIn() || len(account) < 4 || s.root.Err() != nil {
		return false
	}
	if cases.AccountIsCard(account) {
		return false // a card typed as the account is not sent anywhere
	}
	if sess, _ := client.Session(); sess.Role == crm.RoleTrainee {
		return false // trainees never see production customers
	}
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	if s.stopped {
		return false
	}
	seq := s.lookupSeq
	s.wg.Add(1)
	s.lookupTimer = time.AfterFunc(lookupDelay, func() {
		defer s.wg.Done()
		ctx, cancel := context.WithTimeout(s.root, 10*time.Second)
		defer cancel()
		cu, err := client.GetCustomer(ctx, account)
		if crm.CodeOf(err) == crm.CodeLoggedOut {
			// This lookup may be what found crmd had ended the session:
			// the pull loop tells it now, not at its next round.
			s.pullNow()
		}
		if err == nil && strings.TrimSpace(cu.Account) != account {
			// Another customer's profile (a proxy, a crmd that matched
			// loosely) is not this caller's: neither shown nor cached.
			s.cfg.Log.Warn("the CRM answered a lookup with another account")
			err = cases.Errorf(cases.ENotFound, "customer")
		}
		if err == nil {
			// crmd redacts what it stores, but a profile kept from before
			// or a proxy in its place may still carry a card number: it
			// is neither shown nor cached on this desk.
			cases.SanitizeCustomer(cu)
		}
		if err == nil && s.cfg.Customers != nil {
			cu.UpdatedAt = time.Now()
			if err := s.cfg.Customers.UpsertCustomer(ctx, cu); err != nil {
				s.cfg.Log.Warn("customer from the CRM not cached", "err", err)
			}
		}
		s.lookupMu.Lock()
		current := seq == s.lookupSeq
		s.lookupMu.Unlock()
		if !current || s.root.Err() != nil {
			return
		}
		if err != nil {
			cu = nil
		}
		done(cu)
	})
	return true
}
