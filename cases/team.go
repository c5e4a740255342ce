package cases

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"agentdesk/playbook"
)

// The team's escalations, as a supervisor's desk keeps them: every
// agent's escalated cases pulled from crmd, worked from a queue, readable
// and printable offline. They are apart from the supervisor's own cases.

// TeamRow is one escalation of the queue: what a row shows and what the
// filters and the SLA clock read.
type TeamRow struct {
	CaseID     string
	Ticket     string
	Agent      string
	Customer   string
	Account    string // masked
	Priority   string
	CallType   string
	ReasonCode string
	Status     EscalationState
	ReceivedAt time.Time // when crmd had the escalation
	DueAt      time.Time // by the escalation policy's response time
	UpdatedAt  time.Time
	// Pending: a move or a decision made at this desk waits in the outbox.
	Pending bool
	// Undecided counts the amounts above authority nobody decided yet.
	Undecided int
}

// Overdue reports whether the response is late: still open, past its due
// time.
func (r TeamRow) Overdue(now time.Time) bool {
	return !r.Status.Final() && !r.DueAt.IsZero() && now.After(r.DueAt)
}

// TeamFilter selects rows of the queue; zero fields do not filter. Open,
// when set, keeps the escalations not yet resolved or rejected.
type TeamFilter struct {
	Status   EscalationState
	Open     bool
	Priority string
	Agent    string
	CallType string
	Reason   string
	// OlderThan keeps the escalations received more than this long before
	// Now.
	OlderThan time.Duration
	Now       time.Time
	Limit     int
}

// TeamKeepClosed is how long a supervisor's desk keeps an escalation
// resolved or rejected since crmd last changed it: the queue's recent
// history, not the centre's archive, which stays on crmd.
const TeamKeepClosed = 90 * 24 * time.Hour

// LastChange is when the case last changed as crmd tells it: its own
// write, or a later move or decision of the back office (neither rewrites
// the case's own time).
func (c *Case) LastChange() time.Time {
	t := c.UpdatedAt
	if e := c.Escalation; e != nil {
		for _, h := range e.History {
			if h.At.After(t) {
				t = h.At
			}
		}
	}
	for _, a := range c.Actions {
		if d := a.Decision; d != nil && d.At.After(t) {
			t = d.At
		}
	}
	return t
}

// TeamAction is a move or a decision a supervisor made at this desk: it
// waits in the outbox for crmd (Kind is the outbox kind, Key its
// idempotency key, Body the request), and the queue shows Case, the team
// case with the action applied, until crmd's answer replaces it.
type TeamAction struct {
	Kind   string
	CaseID string
	Key    string
	Body   []byte
	Case   *Case
	// Owner is the crmd user the action is sent under: crmd records a
	// move or decision as made by whoever sends it. "" when nobody was
	// logged in (the next login sends it).
	Owner string
}

// TeamStore keeps the team's escalations on a supervisor's desk
// (sqlite.DB). Each write is one transaction.
type TeamStore interface {
	// PutTeamCases stores cases as crmd sent them and when the queue was
	// refreshed; a case with an action still waiting here keeps the
	// action's state until crmd has it.
	PutTeamCases(ctx context.Context, list []*Case, refreshed time.Time) error
	// TeamQueue lists the rows f selects, the earliest due first.
	TeamQueue(ctx context.Context, f TeamFilter) ([]TeamRow, error)
	// TeamCounts counts the escalations by state.
	TeamCounts(ctx context.Context) (map[EscalationState]int, error)
	// TeamAgents lists the agents with an escalation in the queue, sorted.
	TeamAgents(ctx context.Context) ([]string, error)
	TeamCase(ctx context.Context, id string) (*Case, error)
	// TeamRefreshed is when crmd last answered a refresh (zero: never).
	TeamRefreshed(ctx context.Context) (time.Time, error)
	// TeamCursor is crmd's time of the last team change the desk read,
	// and the crmd address it came from: a restart reads on from there
	// rather than the whole history again. It is the start of time while
	// a case shows an action of this desk that crmd took but that was
	// never settled: only a read from the start brings crmd's copy back.
	TeamCursor(ctx context.Context) (url string, at time.Time, err error)
	SetTeamCursor(ctx context.Context, url string, at time.Time) error
	// QueueTeamAction records an action and its outbox row.
	QueueTeamAction(ctx context.Context, a TeamAction) error
	// SettleTeamCase lays b, the back office's side of case id as crmd
	// answered this desk's action on it, on crmd's copy of the case (the
	// one a refresh read while the action waited, which the refreshes
	// read past, else the desk's) and stores it as crmd's, unless another
	// action of this desk still waits on it. A case the desk does not
	// hold is left out.
	SettleTeamCase(ctx context.Context, id string, b BackOffice) error
}

// MaxBackOfficeText is the most bytes a move's comment or resolution, or a
// decision's comment, may hold as it is sent: crmd refuses a longer one
// for good (crm/server), so the desk refuses it when it is made rather
// than show the queue a move or decision crmd will never record.
const MaxBackOfficeText = 4000

// The bounds of an escalation's history. Every desk copies the history
// into its case and sends the case back with it: past these, an agent's
// next save of the case would pass crmd's cap on a case and be refused for
// good. crmd refuses a move past them (crm.CheckHistoryRoom), and the desk
// refuses it as it is made, with the same rule (HistoryHasRoom).
const (
	MaxHistoryMoves = 100
	MaxHistoryBytes = 64 << 10 // comments and resolutions, in bytes
)

// HistoryHasRoom says whether a move to a state, with comment and
// resolution, fits beside the moves and bytes of comments a history holds
// (HistorySize). A move to a final state always fits: a full history must
// not keep an escalation open for good, and a final state is final, so
// there is one such move at most (its texts are bounded by
// MaxBackOfficeText).
func HistoryHasRoom(moves, bytes int, to EscalationState, comment, resolution string) bool {
	return to.Final() || moves+1 <= MaxHistoryMoves && bytes+len(comment)+len(resolution) <= MaxHistoryBytes
}

// HistorySize is how many moves a history holds and the bytes of their
// comments and resolutions, as crmd counts them.
func HistorySize(h []EscalationChange) (moves, bytes int) {
	for _, m := range h {
		bytes += len(m.Comment) + len(m.Resolution)
	}
	return len(h), bytes
}

// MoveEscalation applies a back-office move to a team case as the queue
// shows it until crmd answers: the state, and a history line by whom.
func (c *Case) MoveEscalation(to EscalationState, comment, resolution, by string, now time.Time) error {
	e := c.Escalation
	if e == nil {
		return Errorf(ENotFound, "case %s has no escalation", c.ID)
	}
	if !e.Status.CanMoveTo(to) {
		return &Error{Code: EInvalid, Field: "status", Detail: string(e.Status) + " -> " + string(to)}
	}
	if to == EscResolved && resolution == "" {
		return &Error{Code: EInvalid, Field: "resolution", Detail: "a resolution is needed to resolve"}
	}
	// Closed, the escalation leaves the open queue: an amount nobody
	// decided would wait for good (crmd refuses it too).
	if to.Final() && c.Undecided() > 0 {
		return &Error{Code: EInvalid, Field: "undecided", Detail: "decide the amounts above authority first"}
	}
	if to != EscResolved {
		resolution = "" // only a resolved escalation has one (crmd drops it too)
	}
	comment, _ = Redact(comment)
	resolution, _ = Redact(resolution)
	if len(comment) > MaxBackOfficeText || len(resolution) > MaxBackOfficeText {
		return &Error{Code: EInvalid, Field: "too_long", Detail: "a comment or resolution over the bytes crmd takes"}
	}
	if moves, bytes := HistorySize(e.History); !HistoryHasRoom(moves, bytes, to, comment, resolution) {
		return &Error{Code: EInvalid, Field: "history_full", Detail: "the history holds as many moves or comments as crmd keeps"}
	}
	e.History = append(e.History, EscalationChange{At: now, By: by, From: e.Status, To: to, Comment: comment, Resolution: resolution})
	e.Status = to
	if resolution != "" {
		e.Resolution = resolution
	}
	return nil
}

// Decide applies a supervisor's decision on the action at position i as
// the queue shows it until crmd answers.
func (c *Case) Decide(i int, approved bool, comment, by string, now time.Time) error {
	if i < 0 || i >= len(c.Actions) || !c.Actions[i].Pending {
		return &Error{Code: EInvalid, Field: "action", Detail: "no action above authority there"}
	}
	if c.Actions[i].Decision != nil {
		return Errorf(EConflict, "action %d of %s was decided", i, c.ID)
	}
	comment, _ = Redact(comment)
	if len(comment) > MaxBackOfficeText {
		return &Error{Code: EInvalid, Field: "too_long", Detail: "a comment over the bytes crmd takes"}
	}
	c.Actions[i].Decision = &Decision{Approved: approved, By: by, At: now, Comment: comment}
	return nil
}

// CheckDecider says whether user, a crmd login, may decide the case's
// amounts above authority: not on their own case. Four eyes, as crmd
// judges it, by the login and not the name a desk shows.
func (c *Case) CheckDecider(user string) error {
	if user != "" && user == c.Agent {
		return &Error{Code: EForbidden, Field: "own_case", Detail: user + " decides on their own case"}
	}
	return nil
}

// DeciderRoles are the roles crmd lets decide an amount above an agent's
// authority (crm/server's authorization table).
var DeciderRoles = []Role{RoleSupervisor, RoleAdmin}

// CheckApproval says whether someone whose own authority is limit, and
// who approved the total before on the same case already, may approve
// amount. An approval grants the amount as surely as an agent within
// their authority would, and is bound the same way: per case
// (WithinAuthority), or two approvals of 200 would grant 400 under a limit
// of 250, as an agent's two grants of 200 would not. A denial grants
// nothing and is always allowed. crmd judges by the same rule
// (crm.CheckApprover), with the role of the token, the pack it published
// and the approvals it recorded.
//
// The error's Field says which bound: approver_authority when the amount
// alone is above the limit, approver_authority_case when it is what was
// approved before that takes the case past it.
func CheckApproval(before, amount int64, approved bool, limit int64) error {
	if !approved || WithinAuthority(before, amount, limit) {
		return nil
	}
	if amount > limit {
		return &Error{Code: EAuthority, Field: "approver_authority", Detail: fmt.Sprintf("approving %d, above the approver's authority of %d", amount, limit)}
	}
	return &Error{Code: EAuthority, Field: "approver_authority_case", Detail: fmt.Sprintf("approving %d after %d on the case, above the approver's authority of %d", amount, before, limit)}
}

// CheckApprover says whether role may approve (or deny) the action at
// position i, by the authority pb gives the role and what the approver,
// known by any of by, approved on the case already (ApprovedBy). A
// position with no action is Decide's to refuse.
func (c *Case) CheckApprover(i int, approved bool, role Role, pb *playbook.Playbook, by ...string) error {
	if i < 0 || i >= len(c.Actions) {
		return nil
	}
	return CheckApproval(c.ApprovedBy(i, by...), c.Actions[i].Amount, approved, pb.AuthorityMinor(string(role)))
}

// ApprovedBy is the total of the case's amounts above authority that an
// approver approved, but the one at position except (the one being judged:
// a decision sent again is not counted twice). The approver is whoever any
// of by names: on crmd their login, which crmd records its decisions
// under; on a desk also the name the desk records a decision under while
// it waits for crmd. Each approver's authority is their own, as an agent's
// is: what another approved does not spend it (an admin can approve what
// is past a supervisor's). A decision on another action or amount than the
// one at its position now is not on the case (crm.Overlay leaves it off).
func (c *Case) ApprovedBy(except int, by ...string) int64 {
	var n int64
	for i, a := range c.Actions {
		if d := a.Decision; i != except && a.Pending && d != nil && d.Approved && d.By != "" && slices.Contains(by, d.By) {
			n += a.Amount
		}
	}
	return n
}

// ApprovalRefusal is why an approver may not approve an amount, as facts
// each edge (the team review, agentctl) words in its person's language.
type ApprovalRefusal struct {
	Amount, Limit int64
	// Before is what the approver approved on the case already when that,
	// not the amount alone, takes it past Limit; 0 otherwise.
	Before int64
	// Deciders are the roles whose limit covers the amount (DecidersFor);
	// with none, it can only be denied.
	Deciders []Role
}

// ApprovalRefusal says why role, the approver known by any of by, may not
// approve the action at position i (CheckApprover), or nil when they may.
func (c *Case) ApprovalRefusal(i int, role Role, pb *playbook.Playbook, by ...string) *ApprovalRefusal {
	e, ok := c.CheckApprover(i, true, role, pb, by...).(*Error)
	if !ok {
		return nil
	}
	amount := c.Actions[i].Amount
	r := &ApprovalRefusal{Amount: amount, Limit: pb.AuthorityMinor(string(role)), Deciders: DecidersFor(pb, amount)}
	if e.Field == "approver_authority_case" {
		r.Before = c.ApprovedBy(i, by...)
	}
	return r
}

// Key names the refusal's kind for its message: "above_everyone" (no role
// can approve the amount), "above_own_case" (within the approver's limit
// alone, past it with what they approved on the case) or "above_own".
func (r *ApprovalRefusal) Key() string {
	switch {
	case len(r.Deciders) == 0:
		return "above_everyone"
	case r.Before > 0:
		return "above_own_case"
	}
	return "above_own"
}

// DecidersFor lists the roles that decide amounts above authority and
// whose authority in pb covers amount, the lowest limit first: who can
// approve it. None when no such role's limit does.
func DecidersFor(pb *playbook.Playbook, amount int64) []Role {
	var out []Role
	for _, r := range DeciderRoles {
		if CheckApproval(0, amount, true, pb.AuthorityMinor(string(r))) == nil {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Role) int {
		return cmp.Compare(pb.AuthorityMinor(string(a)), pb.AuthorityMinor(string(b)))
	})
	return out
}

// Undecided counts the case's amounts above authority nobody decided.
func (c *Case) Undecided() int {
	n := 0
	for _, a := range c.Actions {
		if !a.Settled() {
			n++
		}
	}
	return n
}
