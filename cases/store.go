package cases

import (
	"context"
	"time"
)

// Filter selects cases for lists, reports and exports. Zero fields do not
// filter.
type Filter struct {
	Agent      string // agents see their own cases; empty for supervisors
	Status     Status
	Account    string
	Text       string // matches ID, ticket, account, customer name or notes
	ReasonCode string
	From, To   time.Time // created in [From, To)
	Limit      int
}

// Store keeps cases, their timelines and the customer cache. Every method
// that writes is one transaction: the case, its events and the outbox row
// that will sync it commit together or not at all.
type Store interface {
	// CreateCase inserts a new case at version 1.
	CreateCase(ctx context.Context, c *Case, events []Event) error
	// SaveCase writes c if the stored version is c.Version-1 (the caller
	// bumps it), else returns EConflict and writes nothing.
	SaveCase(ctx context.Context, c *Case, events []Event) error
	GetCase(ctx context.Context, id string) (*Case, error)
	ListCases(ctx context.Context, f Filter) ([]*Case, error)
	Timeline(ctx context.Context, id string) ([]Event, error)

	UpsertCustomer(ctx context.Context, c *Customer) error
	GetCustomer(ctx context.Context, account string) (*Customer, error)
	SearchCustomers(ctx context.Context, q string, limit int) ([]*Customer, error)
}

// Settings are the workstation's settings, kept with the data so the CLI
// and the app agree (company name for documents, currency, agent).
type Settings interface {
	GetSetting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	AllSettings(ctx context.Context) (map[string]string, error)
}
