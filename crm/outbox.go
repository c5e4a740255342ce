package crm

import (
	"context"
	"time"
)

// The desk's side of sync, as contracts: the outbox that every case save
// writes in its own transaction (sqlite.DB implements it), and the
// conflicts kept beside it. desksync.Worker drains it.

// Kinds of outbox items: a case version, and a supervisor's move of an
// escalation or decision on an amount, made at a desk while crmd was out
// of reach.
const (
	OutboxCase     = "case"
	OutboxMove     = "escalation_move"
	OutboxDecision = "decision"
)

// OutboxFarAhead is longer than any wait a desk puts an item off by (its
// backoff and a Retry-After are both held to minutes): an item due later
// than this after now was put off by a clock that has since been set
// back (a desk hours ahead, corrected), and is due now rather than in
// those hours.
const OutboxFarAhead = 15 * time.Minute

// OutboxItem is one save waiting to reach crmd, as the desktop's outbox
// keeps it: written in the same transaction as the save itself.
type OutboxItem struct {
	ID        int64
	Kind      string // OutboxCase, OutboxMove or OutboxDecision
	Ref       string // the case ID
	Version   int
	Key       string // idempotency key: case:<id>:v<version>
	Body      []byte // the case as JSON
	Attempts  int
	CreatedAt time.Time
	// Owner is the crmd username the item must be sent under ("" when
	// the desk could not know: any login sends it). A desk shared by
	// several people keeps one outbox; crmd takes a case only from its
	// own agent, and files a move under whoever sends it.
	Owner string
	// AfterRefusal marks a case version built on one crmd refused for
	// good: its base is a version crmd never had, so it is not sent but
	// set beside crmd's copy for a person to choose (desksync's hold).
	AfterRefusal bool
}

// OutboxCounts is where an outbox stands for the user logged in.
type OutboxCounts struct {
	Pending int // waiting to be sent under this login
	Others  int // waiting for another user to log in on this desk
	Aside   int // refused by crmd for good
	// Conflicts counts conflicts, each once (its two rows count as one).
	Conflicts int
}

// Conflict is a save crmd refused because it holds another version: both
// are kept until a person decides.
type Conflict struct {
	OutboxID int64
	CaseID   string
	// Owner is the login the refused save was to go under ("": anyone's),
	// the only one it is shown to on a shared desk.
	Owner         string
	LocalVersion  int
	ServerVersion int // 0 when crmd has no such case
	Local         []byte
	Server        []byte
}

// Outbox is the desktop side of sync; sqlite.DB implements it. Each method
// is one transaction.
type Outbox interface {
	// DueOutbox returns up to limit items due at now that owner may send
	// (its own and those without an owner), oldest first, and only the
	// oldest pending item of each case: versions of one case go out in
	// order. An item put off to more than OutboxFarAhead after now is due
	// too.
	DueOutbox(ctx context.Context, owner string, now time.Time, limit int) ([]OutboxItem, error)
	// MarkOutboxSent removes the items crmd acknowledged, in one
	// transaction. When they went is each login's own (desksync keeps it),
	// not the outbox's: on a shared desk one time would be whoever's.
	MarkOutboxSent(ctx context.Context, ids []int64) error
	// RescheduleOutbox records a failed attempt and when to try again.
	RescheduleOutbox(ctx context.Context, id int64, attempts int, next time.Time, reason Code) error
	// SetOutboxAside stops sending an item crmd refused for good; it stays
	// in the outbox, for a person to see. sender is the login it went
	// under: an item without an owner takes it as its owner in the same
	// transaction, since a refusal is the concern of whoever sent it, not
	// of every login on a shared desk.
	SetOutboxAside(ctx context.Context, id int64, reason Code, sender string) error
	// RecordOutboxConflict sets the item aside and keeps crmd's version
	// beside it; an item without an owner takes sender as its owner, and
	// the conflict the same, as SetOutboxAside.
	RecordOutboxConflict(ctx context.Context, id int64, serverVersion int, server []byte, sender string) error
	// OutboxStats counts the items waiting for owner and for others,
	// those set aside after a refusal, and the conflicts recorded. With
	// owner "" (nobody logged in) every waiting item is Pending.
	OutboxStats(ctx context.Context, owner string) (OutboxCounts, error)
}

// AsideItem is a save crmd refused for good, kept for a person to see.
type AsideItem struct {
	ID        int64
	Kind      string // OutboxCase, OutboxMove or OutboxDecision
	CaseID    string
	Version   int
	Reason    Code // why crmd refused it
	CreatedAt time.Time
}
