package crm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"agentdesk/cases"
)

// Store is everything crmd keeps. sqlite.ServerDB and postgres.DB implement
// it; each method that writes is one transaction.
type Store interface {
	UserStore
	TokenStore
	CaseStore
	CustomerStore
	EscalationStore
	PlaybookStore
	TrainingStore
	Ping(ctx context.Context) error
	// Purge deletes refresh tokens and revoked token IDs that expired
	// before the given time. The server passes a time far enough back
	// that a token within its verification leeway is never forgotten.
	Purge(ctx context.Context, before time.Time) error
	Close() error
}

// UserRecord is an account as stored.
type UserRecord struct {
	Username     string
	Role         Role
	PasswordHash string // PHC string, see HashPassword
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// UserStore keeps accounts.
type UserStore interface {
	// CreateUser returns an EConflict error when the username is taken.
	CreateUser(ctx context.Context, u UserRecord) error
	GetUser(ctx context.Context, username string) (*UserRecord, error)
	// ListUsers returns one page of accounts, without their password
	// hashes, in (UpdatedAt, Username) order.
	ListUsers(ctx context.Context, q UserQuery) ([]UserRecord, error)
	// SetUserDisabled disables (or enables) an account; disabling also
	// revokes every refresh-token family and live access token of the user.
	SetUserDisabled(ctx context.Context, username string, disabled bool, now time.Time) error
	// SetUserPassword replaces an account's password hash (ENotFound when
	// there is no such account) and, as a disable does, revokes every
	// session of the user: whoever knew the old password is logged out.
	SetUserPassword(ctx context.Context, username, hash string, now time.Time) error
	// SetUserRole changes an account's role (ENotFound when there is no
	// such account; EConflict when it would leave no enabled admin) and
	// revokes every session of the user: their tokens name the old role.
	SetUserRole(ctx context.Context, username string, role Role, now time.Time) error
}

// RefreshRecord is a refresh token as stored: only its hash, never the
// token. Every token of one login belongs to one family.
type RefreshRecord struct {
	Hash      string
	Family    string
	Username  string
	AccessJTI string    // the access token issued with it
	AccessExp time.Time // when that access token expires
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time // zero until rotated
	RevokedAt time.Time // zero unless revoked
}

// Refresh-token outcomes a store reports.
var (
	// ErrRefreshInvalid: unknown, expired or revoked.
	ErrRefreshInvalid = errors.New("crm: refresh token invalid")
	// ErrRefreshReused: presented after it was used; the store has revoked
	// the whole family by the time it returns this.
	ErrRefreshReused = errors.New("crm: refresh token reused")
	// ErrUserDisabled: the token's user is disabled or gone. SaveRefresh and
	// RotateRefresh check it inside their transaction, against a disable at
	// the same moment (on PostgreSQL with the user row locked FOR SHARE):
	// either the disable comes first and nothing is issued, or it comes
	// after and revokes what they wrote. RotateRefresh has revoked the
	// family by the time it returns this.
	ErrUserDisabled = errors.New("crm: user disabled")
)

// TokenLeeway absorbs clock skew between crmd instances and workstations:
// an access token is accepted until this long after it expires. Revoking
// (a disabled user, a reused refresh token) therefore covers every access
// token that expired less than TokenLeeway ago, not only those still
// before their expiry.
const TokenLeeway = 60 * time.Second

// TokenStore keeps refresh tokens and revoked access-token IDs.
type TokenStore interface {
	SaveRefresh(ctx context.Context, r RefreshRecord) error
	// RotateRefresh consumes the token whose hash is oldHash and stores
	// next in its family, atomically. next.Family and next.Username are
	// taken from the consumed token, which is returned.
	RotateRefresh(ctx context.Context, oldHash string, next RefreshRecord, now time.Time) (RefreshRecord, error)
	// RevokeFamily revokes the family of the token whose hash is given and
	// the access tokens issued with it, and returns the token.
	RevokeFamily(ctx context.Context, hash string, now time.Time) (RefreshRecord, error)
	RevokeJTI(ctx context.Context, jti string, expires time.Time) error
	JTIRevoked(ctx context.Context, jti string) (bool, error)
}

// CasePut is one case write (PUT /v1/cases/{id}, or one item of a batch),
// as the store needs it to decide (DecideCaseWrite) and write in one
// transaction.
type CasePut struct {
	Case        *cases.Case
	Key         string // Idempotency-Key, scoped to Subject
	Subject     string // who sent it, from the token
	Role        Role   // their role, from the token
	Fingerprint string // hash of method, path and body as sent
	IfMatch     int    // the version the change is based on; 0 when absent
	CreateOnly  bool   // If-None-Match: *
	// Owner, when set (agents), limits the write to cases of Owner.
	Owner  string
	Now    time.Time
	Policy Policy // the published playbook's authority and escalation policy
}

// CasePutResult is what a write did, or what it did the first time when
// the key was seen before (Replay).
type CasePutResult struct {
	Created  bool
	Response []byte // the body sent, kept for replays
	Version  int
	Replay   bool
}

// CasePutOutcome is one write of a PutCases: its result or why it failed.
type CasePutOutcome struct {
	Result CasePutResult
	Err    error
}

// Outcomes of a PutCase besides success and the cases.Error codes.
var (
	// ErrIdempotencyReused: the key was used for another request.
	ErrIdempotencyReused = errors.New("crm: idempotency key reused with another request")
	// ErrPreconditionRequired: an update came without If-Match.
	ErrPreconditionRequired = errors.New("crm: If-Match required to update")
	// ErrRetry: another request with the same key committed first; the
	// caller runs PutCase again and gets the replay.
	ErrRetry = errors.New("crm: concurrent request with the same key")
	// ErrBusy: the database gave a write up for others at the same moment
	// (a deadlock's victim, a serialization failure, a lock not had within
	// its wait) and kept nothing of it. Any method that writes may return
	// it, wrapping the database's error (Busy).
	ErrBusy = errors.New("crm: the database is busy with other writes")
)

// Busy is err, a database's, marked ErrBusy; nil stays nil. A store calls
// it only on errors after which its transaction is known rolled back.
func Busy(err error) error {
	if err == nil || errors.Is(err, ErrBusy) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrBusy, err)
}

// Retryable is the one rule crmd decides a store's error by, for every
// route: true when the same write, run again, may well succeed, because
// nothing of it was kept (ErrBusy) or the race it lost is settled
// (ErrRetry). crmd runs such a write again a few times and then answers
// it unavailable, with Retry-After: a desk sends it again, and its
// idempotency key keeps the resend from doing anything twice.
func Retryable(err error) bool {
	return errors.Is(err, ErrBusy) || errors.Is(err, ErrRetry)
}

// PreconditionError: If-Match (or If-None-Match) did not hold. Current is
// the stored version, 0 when the case does not exist.
type PreconditionError struct{ Current int }

func (e *PreconditionError) Error() string {
	return fmt.Sprintf("crm: precondition failed, stored version %d", e.Current)
}

// CaseResponse is the body of a successful PUT, built the same way by
// every store so replays are byte for byte what the first answer was.
func CaseResponse(id string, version int) []byte {
	return fmt.Appendf(nil, `{"id":%q,"version":%d}`+"\n", id, version)
}

// StoredCase is a case with the server's time of its last write, which
// updated_since and cursors follow (the desktop's UpdatedAt is the agent's
// clock, and an offline save arrives late).
type StoredCase struct {
	Case     *cases.Case
	SyncedAt time.Time
}

// Page is the keyset paging every crmd list shares. A list is in the order
// of crmd's own times for its rows, by (time, ID), never a desk's clock; a
// page holds the rows with a time strictly after Since and, past the first
// page, strictly after the previous page's last row (AfterAt, AfterID), at
// most Limit of them (DefaultPageLimit when 0 or less). A row is stamped
// before its transaction commits, so it can become visible after a row
// stamped later that a client has already read; a desk's pulls therefore
// ask again from a little before the newest time they have seen (desksync's
// pullOverlap) and drop what they delivered already.
type Page struct {
	Since   time.Time
	AfterAt time.Time
	AfterID string
	Limit   int
}

// DefaultPageLimit is a store's page size when a query names none.
const DefaultPageLimit = 200

// PageLimit is p.Limit, or DefaultPageLimit when p names none.
func (p Page) PageLimit() int {
	if p.Limit <= 0 {
		return DefaultPageLimit
	}
	return p.Limit
}

// UserQuery selects accounts for GET /v1/users, by the time crmd last
// changed them (created, disabled, enabled): a centre's accounts are
// paged like every other list, and an account changed while an admin
// pages comes again at the end rather than being missed.
type UserQuery struct {
	Page
}

// CaseQuery selects cases for GET /v1/cases, in (SyncedAt, ID) order.
type CaseQuery struct {
	Agent string // empty: every agent
	Page
}

// CaseStore keeps cases.
type CaseStore interface {
	PutCase(ctx context.Context, p CasePut) (CasePutResult, error)
	// PutCases writes several cases in one transaction, each decided on
	// its own: one refused or conflicting write does not stop the others,
	// and every outcome is known only once the transaction committed.
	PutCases(ctx context.Context, ps []CasePut) []CasePutOutcome
	// GetCase returns the case with the back office's escalation status.
	GetCase(ctx context.Context, id string) (*StoredCase, error)
	ListCases(ctx context.Context, q CaseQuery) ([]StoredCase, error)
	// ListContacts returns the latest cases of an account, every agent's,
	// newest first by crmd's receipt (created_at, then ID), at most limit
	// of them (DefaultContacts when 0 or less), each as a Contact: never
	// its notes.
	ListContacts(ctx context.Context, account string, limit int) ([]Contact, error)
}

// CustomerStore keeps customer profiles.
type CustomerStore interface {
	// UpsertCustomers writes all of them or none, their free texts
	// redacted (cases.SanitizeCustomer) without changing the caller's.
	UpsertCustomers(ctx context.Context, list []*cases.Customer) error
	GetCustomer(ctx context.Context, account string) (*cases.Customer, error)
	SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error)
}

// EscalationQuery selects escalation statuses changed after Since, for an
// agent's desk (Agent set) or everyone's.
type EscalationQuery struct {
	Agent string
	Page  // by the time crmd last changed the escalation
}

// EscalationMove is the back office moving an escalation on, as crmd has
// it: who comes from the token, when from crmd's clock.
type EscalationMove struct {
	CaseID     string
	To         cases.EscalationState
	Comment    string // already redacted
	Resolution string // already redacted; required to resolve
	By         string
	Now        time.Time
	// Key, when set, makes a resend harmless: a key By used before
	// answers the escalation as it stands, without moving it again.
	Key, Fingerprint string
}

// ActionDecision is a supervisor approving or denying an action above the
// agent's authority, by its position in the case.
type ActionDecision struct {
	CaseID   string
	Action   int
	ActionID string // as the supervisor saw it (empty: not checked)
	Amount   int64
	Approved bool
	Comment  string // already redacted
	By       string
	Now      time.Time
	// Key, when set, makes a resend harmless, as for EscalationMove.
	Key, Fingerprint string
	// Role, when set, is the decider's as their token has it, and
	// Authority the limit the pack in force gives it: an approval is then
	// held to it, counted with what By approved on the case before
	// (CheckApprover), in the transaction that records it, so two
	// approvals sent at once are counted together.
	Role      Role
	Authority int64
}

// TeamQuery pages through the team's escalations in the order crmd last
// changed them (a case write or a move), each with its whole case. A page
// stops at Limit rows or once MaxBytes of case bodies are in it.
type TeamQuery struct {
	Page
	MaxBytes int
}

// TeamEscalation is one escalation of the team with its case as crmd
// shows it (Overlay: the back office's status, history, times and
// decisions on it).
type TeamEscalation struct {
	Case      *cases.Case
	UpdatedAt time.Time
}

// Outcomes of the back office's writes besides the cases.Error codes.
var (
	// ErrTransition: the escalation cannot move from where it is to the
	// state asked for (a resolved one is final).
	ErrTransition = errors.New("crm: escalation cannot move to that state")
	// ErrDecided: the action was decided already.
	ErrDecided = errors.New("crm: action already decided")
	// ErrActionChanged: the decision names another action or amount than
	// the case holds at that position now (CheckDecision).
	ErrActionChanged = errors.New("crm: the action decided is not the one at that position now")
	// ErrUndecided: the escalation cannot be resolved or rejected while
	// an amount above authority waits for a decision (CheckDecided).
	ErrUndecided = errors.New("crm: an amount above authority is undecided")
	// ErrHistoryFull: the escalation's history holds MaxHistoryMoves
	// moves or MaxHistoryBytes of comments already (CheckHistoryRoom).
	ErrHistoryFull = errors.New("crm: the escalation's history is full")
)

// The bounds of an escalation's history: the domain's (cases), so a desk
// refuses a move past them as it is made, and crmd by the same rule.
const (
	MaxHistoryMoves = cases.MaxHistoryMoves
	MaxHistoryBytes = cases.MaxHistoryBytes
)

// CheckHistoryRoom is ErrHistoryFull when a move to a state, with comment
// and resolution, does not fit beside the moves and bytes of comments an
// escalation's history holds (cases.HistoryHasRoom: a move to a final
// state always fits).
func CheckHistoryRoom(moves, bytes int, to cases.EscalationState, comment, resolution string) error {
	if !cases.HistoryHasRoom(moves, bytes, to, comment, resolution) {
		return ErrHistoryFull
	}
	return nil
}

// EscalationStore keeps the back office's side of escalations.
type EscalationStore interface {
	ListEscalations(ctx context.Context, q EscalationQuery) ([]EscalationStatus, error)
	// MoveEscalation records a move and its history line in one
	// transaction: ENotFound when the case has no escalation,
	// ErrTransition when the move is not allowed from where it stands,
	// ErrUndecided when it would close an escalation with an amount
	// above authority nobody decided.
	MoveEscalation(ctx context.Context, m EscalationMove) (EscalationStatus, error)
	// DecideAction records a decision: ENotFound without an escalation,
	// EInvalid when the case has no such action above authority,
	// ErrDecided when it was decided before.
	DecideAction(ctx context.Context, d ActionDecision) (EscalationStatus, error)
	ListTeam(ctx context.Context, q TeamQuery) ([]TeamEscalation, error)
}

// PlaybookStore keeps published packs.
type PlaybookStore interface {
	// CurrentPlaybook returns ENotFound until one is published.
	CurrentPlaybook(ctx context.Context) (*PlaybookPack, error)
	// CurrentPlaybookSHA is the SHA256 of the pack CurrentPlaybook would
	// return, without its files: what an instance asks before every case
	// write, so a pack published through another instance sharing the
	// database is the one in force at once. ENotFound until one is
	// published.
	CurrentPlaybookSHA(ctx context.Context) (string, error)
	// PublishPlaybook stores p as the next version and returns it.
	PublishPlaybook(ctx context.Context, p PlaybookPack) (int, error)
	// PublishPlaybookOver is PublishPlaybook while version over is the
	// latest (0: none published yet), and ErrPlaybookMoved, nothing
	// stored, once another was published: a supervisor's pack was
	// checked against the authority limits of the pack it replaces, and
	// must not replace one published since, whose limits may differ.
	PublishPlaybookOver(ctx context.Context, p PlaybookPack, over int) (int, error)
}

// ErrPlaybookMoved: a pack was published after the version a
// PublishPlaybookOver was to replace.
var ErrPlaybookMoved = errors.New("crm: another playbook was published meanwhile")

// AttemptQuery selects training attempts, in (ReceivedAt, ID) order.
type AttemptQuery struct {
	Username string
	Page     // by the time crmd received the attempt
}

// TrainingStore keeps graded training attempts.
type TrainingStore interface {
	// AddAttempt stores a; a resent attempt (same ID and fingerprint) is
	// not stored twice and reports created=false; the same ID with another
	// body is ErrIdempotencyReused.
	AddAttempt(ctx context.Context, a TrainingAttempt, fingerprint string) (created bool, err error)
	// StoredAttempt is the attempt stored under id from a request with
	// fingerprint, as it was stored: what a resend is answered, since
	// crmd's grade of it stands even once its content has changed.
	// ENotFound when none is; ErrIdempotencyReused when id was stored
	// from another request.
	StoredAttempt(ctx context.Context, id, fingerprint string) (*TrainingAttempt, error)
	ListAttempts(ctx context.Context, q AttemptQuery) ([]TrainingAttempt, error)
}
