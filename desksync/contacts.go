package desksync

import (
	"context"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// ContactsTimeout bounds the wait for an account's history: the start form
// says it could not be read rather than wait on a line that went quiet.
const ContactsTimeout = 10 * time.Second

// AccountContacts asks crmd for an account's latest contacts at every
// desk (crm.Client.AccountContacts), once the typing has paused, as
// LookupCustomer asks for the profile. done is called from sync's
// goroutine with the contacts, or with crmd's or the line's error; it is
// not called when another request started since (the agent typed on) or
// sync stopped. It reports whether crmd will be asked: not without a
// login, for a trainee (never production's customers), for a card number
// typed as the account, nor for an account too short to be one.
func (s *Syncer) AccountContacts(account string, done func([]crm.Contact, error)) bool {
	account = strings.TrimSpace(account)
	s.contactsMu.Lock()
	defer s.contactsMu.Unlock()
	if s.contactsTimer != nil && s.contactsTimer.Stop() {
		s.wg.Done()
	}
	s.contactsSeq++
	client := s.Client()
	if client == nil || !client.LoggedIn() || len(account) < 4 || s.root.Err() != nil {
		return false
	}
	if cases.AccountIsCard(account) {
		return false
	}
	if sess, _ := client.Session(); sess.Role == crm.RoleTrainee {
		return false
	}
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	if s.stopped {
		return false
	}
	seq := s.contactsSeq
	s.wg.Add(1)
	s.contactsTimer = time.AfterFunc(lookupDelay, func() {
		defer s.wg.Done()
		ctx, cancel := context.WithTimeout(s.root, ContactsTimeout)
		defer cancel()
		list, err := client.AccountContacts(ctx, account, crm.DefaultContacts)
		if crm.CodeOf(err) == crm.CodeLoggedOut {
			s.pullNow() // as a lookup: the status bar learns it now
		}
		s.contactsMu.Lock()
		current := seq == s.contactsSeq
		s.contactsMu.Unlock()
		if !current || s.root.Err() != nil {
			return
		}
		done(list, err)
	})
	return true
}
