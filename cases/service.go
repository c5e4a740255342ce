package cases

import (
	"context"
	"strings"
	"time"
)

// Service is the only way the app and the CLI write cases: it redacts every
// free text before the store sees it and bumps versions, so no adapter and
// no screen can write a card number or lose track of a version.
type Service struct {
	Store Store
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Create stores a new case and its "created" event.
func (s *Service) Create(ctx context.Context, c *Case) error {
	now := s.now()
	if c.ID == "" {
		c.ID = NewID(now)
	}
	if c.Status == "" {
		c.Status = StatusOpen
	}
	c.Version = 1
	// Imports and demo data arrive with their own times; a live call has none.
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	Sanitize(c)
	ev := []Event{{CaseID: c.ID, At: c.CreatedAt, Kind: "created", Detail: c.CallType, Actor: c.Agent}}
	return s.Store.CreateCase(ctx, c, ev)
}

// Import stores a case that already has a history (demo data, a case
// pulled from the CRM) with its own events, after the same redaction.
func (s *Service) Import(ctx context.Context, c *Case, events []Event) error {
	if c.ID == "" {
		c.ID = NewID(c.CreatedAt)
	}
	if c.Version == 0 {
		c.Version = 1
	}
	Sanitize(c)
	for i := range events {
		events[i].CaseID = c.ID
		events[i].Detail, _ = Redact(events[i].Detail)
	}
	return s.Store.CreateCase(ctx, c, events)
}

// Save writes the case with its new events. On success c.Version is the
// stored version; on a conflict c is left as it was and nothing is written.
func (s *Service) Save(ctx context.Context, c *Case, events ...Event) error {
	now := s.now()
	prevV, prevT := c.Version, c.UpdatedAt
	c.Version++
	c.UpdatedAt = now
	Sanitize(c)
	for i := range events {
		events[i].CaseID = c.ID
		if events[i].At.IsZero() {
			events[i].At = now
		}
		if events[i].Actor == "" {
			events[i].Actor = c.Agent
		}
		events[i].Detail, _ = Redact(events[i].Detail)
	}
	if err := s.Store.SaveCase(ctx, c, events); err != nil {
		c.Version, c.UpdatedAt = prevV, prevT
		return err
	}
	return nil
}

// Sanitize redacts every free-text field of a case in place. Service calls
// it before every write; crmd calls it again on what clients send, since a
// client is not trusted with the rule that a card number, security code or
// PIN is never stored.
func Sanitize(c *Case) {
	c.Notes, _ = Redact(c.Notes)
	for k, v := range c.Values {
		c.Values[k], _ = Redact(v)
	}
	for i := range c.Actions {
		c.Actions[i].Reason, _ = Redact(c.Actions[i].Reason)
		c.Actions[i].Note, _ = Redact(c.Actions[i].Note)
	}
	for i := range c.Steps {
		c.Steps[i].Reason, _ = Redact(c.Steps[i].Reason)
	}
	c.Auth.Reason, _ = Redact(c.Auth.Reason)
	if c.Escalation != nil {
		c.Escalation.Reason, _ = Redact(c.Escalation.Reason)
	}
	for i := range c.Calcs {
		c.Calcs[i].Summary, _ = Redact(c.Calcs[i].Summary)
		for k, v := range c.Calcs[i].Figures {
			c.Calcs[i].Figures[k], _ = Redact(v)
		}
	}
	c.Customer.Name = strings.TrimSpace(c.Customer.Name)
}
