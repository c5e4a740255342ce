// Package storereads lists every read a crmd store serves, for the tests
// of both stores that check how each fails (a read given up for a lock is
// crm.ErrBusy): one list, so a read added to crm.Store is added to both.
package storereads

import (
	"context"

	"agentdesk/crm"
)

// All is every read of s, by name, each on an account, a case and a
// customer that need not exist: what matters is how the read fails.
func All(ctx context.Context, s crm.Store) map[string]func() error {
	return map[string]func() error{
		"GetUser":     func() error { _, err := s.GetUser(ctx, "ana"); return err },
		"ListUsers":   func() error { _, err := s.ListUsers(ctx, crm.UserQuery{}); return err },
		"JTIRevoked":  func() error { _, err := s.JTIRevoked(ctx, "jti-1"); return err },
		"GetCase":     func() error { _, err := s.GetCase(ctx, "C-1"); return err },
		"ListCases":   func() error { _, err := s.ListCases(ctx, crm.CaseQuery{}); return err },
		"ListTeam":    func() error { _, err := s.ListTeam(ctx, crm.TeamQuery{}); return err },
		"GetCustomer": func() error { _, err := s.GetCustomer(ctx, "ACC-1"); return err },
		"Search":      func() error { _, err := s.SearchCustomers(ctx, "ana", 5); return err },
		"Playbook":    func() error { _, err := s.CurrentPlaybook(ctx); return err },
		"PlaybookSHA": func() error { _, err := s.CurrentPlaybookSHA(ctx); return err },
		"Escalations": func() error { _, err := s.ListEscalations(ctx, crm.EscalationQuery{}); return err },
		"Attempts":    func() error { _, err := s.ListAttempts(ctx, crm.AttemptQuery{}); return err },
		"Attempt":     func() error { _, err := s.StoredAttempt(ctx, "a-1", "fp"); return err },
	}
}
