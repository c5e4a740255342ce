package cases

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// Status of a case.
type Status string

const (
	StatusOpen      Status = "open"
	StatusEscalated Status = "escalated"
	StatusClosed    Status = "closed"
)

// Valid reports whether s is one of the case statuses.
func (s Status) Valid() bool { return s == StatusOpen || s == StatusEscalated || s == StatusClosed }

// StepState is where a call-flow step stands.
type StepState string

const (
	StepPending StepState = "pending"
	StepDone    StepState = "done"
	StepSkipped StepState = "skipped" // needs a reason
	StepNA      StepState = "na"      // not applicable: only conditional steps
)

// Customer is the profile shown during a call; a local cache that the CRM
// fills and the agent may complete by hand.
type Customer struct {
	Account   string       `json:"account"`
	Name      string       `json:"name"`
	Since     time.Time    `json:"since"` // customer since; tenure derives from it
	VIP       bool         `json:"vip"`
	Plan      string       `json:"plan"`
	Services  string       `json:"services,omitempty"`
	Lang      locales.Lang `json:"lang,omitempty"` // preferred language of calls
	Currency  string       `json:"currency"`
	Balance   int64        `json:"balance"`  // minor units
	PastDue   int64        `json:"past_due"` // minor units
	Monthly   int64        `json:"monthly"`  // minor units
	DueDate   time.Time    `json:"due_date"`
	Address   string       `json:"address,omitempty"`
	Phone     string       `json:"phone,omitempty"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// HasBill says whether the profile carries the customer's bill: an
// amount or a due date. A profile the agent typed on the start form, or a
// directory row without those columns, has none, and its zero balance is
// not a balance of zero: scripts leave the figure for the agent to check
// and type, and the call screen shows a dash instead of $0.00.
func (c *Customer) HasBill() bool {
	return c != nil && (c.Balance != 0 || c.PastDue != 0 || c.Monthly != 0 || !c.DueDate.IsZero())
}

// TenureYears is the number of whole years since the customer joined.
func (c *Customer) TenureYears(now time.Time) int {
	if c == nil || c.Since.IsZero() || now.Before(c.Since) {
		return 0
	}
	// Month and day, not YearDay: a leap year shifts day numbers, and an
	// anniversary on 23 November must count on 23 November.
	y := now.Year() - c.Since.Year()
	if now.Month() < c.Since.Month() || now.Month() == c.Since.Month() && now.Day() < c.Since.Day() {
		y--
	}
	return max(y, 0)
}

// StepProgress records one step of the checklist.
type StepProgress struct {
	Step   string    `json:"step"`
	State  StepState `json:"state"`
	Reason string    `json:"reason,omitempty"` // why skipped / not applicable
	At     time.Time `json:"at,omitzero"`
}

// Auth records how the customer was authenticated, never with what: the PIN
// or the answer itself is not kept anywhere.
type Auth struct {
	Method  string    `json:"method,omitempty"` // pin, security_question, other
	At      time.Time `json:"at,omitzero"`
	Skipped bool      `json:"skipped,omitempty"`
	Reason  string    `json:"reason,omitempty"`
}

// Authenticated reports whether the gate is open.
func (a Auth) Authenticated() bool { return a.Method != "" && !a.Skipped }

// Check is a diagnosis check performed.
type Check struct {
	ID string    `json:"id"`
	At time.Time `json:"at"`
}

// Action is a first-line resolution action taken.
type Action struct {
	ID       string    `json:"id"`
	Amount   int64     `json:"amount,omitempty"` // minor units, for adjustments, credits, refunds
	Reason   string    `json:"reason,omitempty"`
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
	Role     Role      `json:"role,omitempty"`     // role of whoever granted it
	Limit    int64     `json:"limit,omitempty"`    // that role's authority when granted
	Approved bool      `json:"approved,omitempty"` // within authority
	Pending  bool      `json:"pending,omitempty"`  // above authority: waits on the escalation
	// Decision is a supervisor's answer to an amount above authority,
	// recorded on crmd (never taken from a desk's body).
	Decision *Decision `json:"decision,omitempty"`
}

// Decision is a supervisor approving or denying an action above the
// agent's authority.
type Decision struct {
	Approved bool      `json:"approved"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Comment  string    `json:"comment,omitempty"`
	// ActionID and Amount are the action as it stood when decided (crmd
	// keeps them): a decision does not carry over to another action or
	// amount put at its position later. Empty on older decisions.
	ActionID string `json:"action_id,omitempty"`
	Amount   int64  `json:"amount,omitempty"`
}

// Settled reports whether the action needs nothing more: within authority,
// or decided by a supervisor.
func (a Action) Settled() bool { return !a.Pending || a.Decision != nil }

// Calculation is a calculator result used in the call.
type Calculation struct {
	Calculator string `json:"calculator"`
	// Summary is the result as the agent said it: a sentence in the call
	// language, kept as said.
	Summary string `json:"summary"`
	// Lines are the figures behind it with their kinds, in the
	// breakdown's order, so each reader formats them in their own
	// language.
	Lines []calculators.Figure `json:"lines,omitempty"`
	// Figures are the same figures already written out in the call
	// language, by message ID, as releases before Lines stored them. They
	// are still written, for a crmd or desk of the previous release (which
	// keeps only fields it knows), and read only when Lines is empty.
	Figures map[string]string `json:"figures,omitempty"`
	At      time.Time         `json:"at"`
}

// Escalation is the back-office record, complete by construction.
type Escalation struct {
	Ticket     string    `json:"ticket"`
	Criteria   []string  `json:"criteria"`
	Priority   string    `json:"priority"`
	Reason     string    `json:"reason"`
	Dispute    int64     `json:"dispute,omitempty"` // amount in dispute, minor units
	At         time.Time `json:"at"`
	ExpectedBy time.Time `json:"expected_by"` // what the agent told the customer
	// What crmd owns, filled from its records when the case comes back:
	// where the back office stands, since when crmd has the escalation
	// and when its response is due by the escalation policy, and every
	// move with who made it.
	Status     EscalationState    `json:"status"`
	Resolution string             `json:"resolution,omitempty"`
	ReceivedAt time.Time          `json:"received_at,omitzero"`
	DueAt      time.Time          `json:"due_at,omitzero"`
	History    []EscalationChange `json:"history,omitempty"`
}

// PromisedHours is the response time the agent promised the customer, in
// whole hours: the priority's hours when the case was escalated, which a
// playbook published later does not change. 0 when it is not recorded.
func (e *Escalation) PromisedHours() int {
	if e == nil || e.At.IsZero() || e.ExpectedBy.IsZero() {
		return 0
	}
	return int(math.Round(e.ExpectedBy.Sub(e.At).Hours()))
}

// EscalationChange is one move of an escalation in the back office.
type EscalationChange struct {
	At         time.Time       `json:"at"`
	By         string          `json:"by"`
	From       EscalationState `json:"from"`
	To         EscalationState `json:"to"`
	Comment    string          `json:"comment,omitempty"`
	Resolution string          `json:"resolution,omitempty"`
}

// Case is one call and its record.
type Case struct {
	ID         string            `json:"id"`
	Version    int               `json:"version"`
	Agent      string            `json:"agent"`
	Role       Role              `json:"role"`
	Training   bool              `json:"training,omitempty"`
	Status     Status            `json:"status"`
	CallType   string            `json:"call_type"`
	CallLang   locales.Lang      `json:"call_lang"`
	Customer   Customer          `json:"customer"`
	Steps      []StepProgress    `json:"steps"`
	Current    string            `json:"current"` // the step on screen
	Auth       Auth              `json:"auth"`
	Checks     []Check           `json:"checks,omitempty"`
	Actions    []Action          `json:"actions,omitempty"`
	Calcs      []Calculation     `json:"calculations,omitempty"`
	Values     map[string]string `json:"values,omitempty"` // placeholder values the agent typed
	Notes      string            `json:"notes,omitempty"`  // redacted before the first write
	Reason     string            `json:"reason_code,omitempty"`
	Escalation *Escalation       `json:"escalation,omitempty"`
	Retention  bool              `json:"retention,omitempty"` // transferred to retention as a last resort
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
	ClosedAt   time.Time         `json:"closed_at,omitzero"`
	// OpenedAt is when the call began by the desk's clock, as ClosedAt and
	// the steps' times are. crmd stamps CreatedAt with its own receipt,
	// hours later for a case made while the desk was offline; what the
	// call's record says of the call itself (its opening, its duration,
	// its day in a report) reads Opened. Zero in cases written before it
	// existed.
	OpenedAt time.Time `json:"opened_at,omitzero"`
}

// Opened is when the call began: the desk's record of it, or, for a case
// that has none, when it was first stored.
func (c *Case) Opened() time.Time {
	if !c.OpenedAt.IsZero() {
		return c.OpenedAt
	}
	return c.CreatedAt
}

// EventKind is what a timeline line records. The kinds are stored and
// synced by name; a person reads them as "event.<kind>".
type EventKind string

const (
	EventCreated          EventKind = "created"
	EventStep             EventKind = "step"
	EventAuth             EventKind = "auth"
	EventCheck            EventKind = "check"
	EventAction           EventKind = "action"
	EventNote             EventKind = "note"
	EventValue            EventKind = "value"
	EventCalc             EventKind = "calc"
	EventTemplate         EventKind = "template"
	EventEscalated        EventKind = "escalated"
	EventClosed           EventKind = "closed"
	EventReopened         EventKind = "reopened"
	EventLang             EventKind = "lang"
	EventEscalationStatus EventKind = "escalation_status" // the back office moved the escalation
	EventSyncResolved     EventKind = "sync_resolved"     // a person resolved a sync conflict
)

// Role is what a person may do at a desk and on crmd. Trainees are kept
// apart from production data by the database they work in and by their
// tokens' audience, not only by the roles' rules.
type Role string

const (
	RoleAgent      Role = "agent"
	RoleTrainee    Role = "trainee"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleAgent, RoleTrainee, RoleSupervisor, RoleAdmin}

// EscalationState is where the back office stands on an escalation.
type EscalationState string

const (
	EscReceived        EscalationState = "received" // on crmd, nobody on it yet
	EscInProgress      EscalationState = "in_progress"
	EscWaitingCustomer EscalationState = "waiting_customer"
	EscResolved        EscalationState = "resolved"
	EscRejected        EscalationState = "rejected"
)

// EscalationStates lists the states in the order a case moves through them.
var EscalationStates = []EscalationState{EscReceived, EscInProgress, EscWaitingCustomer, EscResolved, EscRejected}

// UnmarshalText reads a state; "sent", the name of received before the
// back office had its own desk, still reads as received.
func (s *EscalationState) UnmarshalText(b []byte) error {
	*s = EscalationState(b)
	if *s == "sent" {
		*s = EscReceived
	}
	return nil
}

// Final reports whether nothing follows: resolved or rejected.
func (s EscalationState) Final() bool { return s == EscResolved || s == EscRejected }

// Valid reports whether s is a state.
func (s EscalationState) Valid() bool { return slices.Contains(EscalationStates, s) }

// CanMoveTo reports whether the back office may move an escalation from s
// to next: forward from received, back and forth between in progress and
// waiting on the customer, and to resolved or rejected from any open state.
// A final state is final.
func (s EscalationState) CanMoveTo(next EscalationState) bool {
	if s == "" {
		s = EscReceived
	}
	if s.Final() || next == s || !next.Valid() || next == EscReceived {
		return false
	}
	return true
}

// Next lists the states s can move to, in order.
func (s EscalationState) Next() []EscalationState {
	var out []EscalationState
	for _, n := range EscalationStates {
		if s.CanMoveTo(n) {
			out = append(out, n)
		}
	}
	return out
}

// Event is one line of a case's timeline.
type Event struct {
	Seq    int64     `json:"seq,omitempty"`
	CaseID string    `json:"case_id"`
	At     time.Time `json:"at"`
	Kind   EventKind `json:"kind"`
	Detail string    `json:"detail,omitempty"`
	Actor  string    `json:"actor,omitempty"`
}

// NewID returns a case ID that sorts by day and is readable over the phone:
// C-20261123-7KQ4XM.
func NewID(now time.Time) string {
	// Ten characters of 30: a thousand-seat centre's 50,000 calls a day
	// make two desks pick the same ID about once in a million days (six
	// characters made it more than once a day).
	var b [10]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return fmt.Sprintf("C-%s-%s", now.UTC().Format("20060102"), b[:])
}

// idAlphabet has no 0/O nor 1/I/L: an ID or a ticket is read aloud
// without doubt.
const idAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// TicketNumber formats a ticket from a sequence: ESC-20261123-0042. The
// training simulator and the demo data number theirs; a real escalation's
// comes from its case (TicketFor).
func TicketNumber(day time.Time, seq int64) string {
	return fmt.Sprintf("ESC-%s-%04d", day.Format("20060102"), seq)
}

// TicketFor is the tracking number an escalation is given and the agent
// reads to the customer: the day and six characters of the case ID's
// random part (ESC-20261123-NKTS88). A per-desk counter gave every desk's
// first escalation of the day the same number; this one is as unique as
// the case, and short enough to spell out. A case ID not made by NewID
// lends a digest of itself instead.
func TicketFor(day time.Time, caseID string) string {
	part := caseID[strings.LastIndexByte(caseID, '-')+1:]
	ok := len(part) >= 6
	for _, r := range part {
		ok = ok && strings.ContainsRune(idAlphabet, r)
	}
	if !ok {
		sum := sha256.Sum256([]byte(caseID))
		b := make([]byte, 6)
		for i := range b {
			b[i] = idAlphabet[int(sum[i])%len(idAlphabet)]
		}
		part = string(b)
	}
	return fmt.Sprintf("ESC-%s-%s", day.Format("20060102"), part[:6])
}

// MaxAccountLen bounds an account number: the key of a customer on every
// desk and on crmd, indexed there.
const MaxAccountLen = 64

// ValidAccount reports whether acc can be an account number: at most
// MaxAccountLen bytes of text without control characters. It is an
// identifier, so it is checked, not redacted.
func ValidAccount(acc string) bool { return accountWithin(acc, MaxAccountLen) }

// AccountIsCard reports whether acc holds a card number. An account is a
// key, checked and never redacted (masking it would make it another
// customer's), so a card typed as one is refused wherever an account comes
// in: a new call, a customer record, a case crmd is sent, a lookup.
func AccountIsCard(acc string) bool {
	_, r := Redact(acc)
	return r.Cards > 0
}

// MaxStoredAccountLen is what crmd takes on a case write: more than a new
// call may have, because desks of earlier releases set no bound and their
// cases must still take their next versions, and less than PostgreSQL's
// index can hold.
const MaxStoredAccountLen = 1024

// ValidStoredAccount is ValidAccount for a case crmd may already hold.
func ValidStoredAccount(acc string) bool { return accountWithin(acc, MaxStoredAccountLen) }

func accountWithin(acc string, n int) bool {
	if len(acc) > n || !utf8.ValidString(acc) {
		return false
	}
	return !strings.ContainsFunc(acc, unicode.IsControl)
}

// MaskAccount keeps the last four characters of an account number, for
// documents and lists that leave the call screen.
func MaskAccount(acc string) string {
	acc = strings.TrimSpace(acc)
	r := []rune(acc)
	if len(r) <= 4 {
		return acc
	}
	return strings.Repeat("•", len(r)-4) + string(r[len(r)-4:])
}

// Last4 returns the last four characters of an account.
func Last4(acc string) string {
	r := []rune(strings.TrimSpace(acc))
	if len(r) <= 4 {
		return string(r)
	}
	return string(r[len(r)-4:])
}
