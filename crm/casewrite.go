package crm

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/cases"
)

// crmd's case-write rules, decided once: both stores read what they hold
// (CaseRow, KeyRow) inside their transaction, call DecideCaseWrite, and
// write what it returns. Nothing here touches a database.

// Policy is what the published playbook says about a case's amounts and
// escalations; the server passes the pack in force (playbook.Playbook
// through crm/server's adapter).
type Policy interface {
	// AuthorityMinor is the largest amount a role may grant on its own.
	AuthorityMinor(role string) int64
	// ResponseHours is how soon the back office answers an escalation of
	// a priority; false for a priority the pack does not have.
	ResponseHours(priority string) (int, bool)
}

// CaseRow is what a store holds of a case when a write for it arrives.
type CaseRow struct {
	Version   int
	Agent     string
	CreatedAt time.Time
	// Escalated: crmd holds the case's escalation record already (its
	// priority and due time were settled when it was first recorded);
	// Priority is the priority it was recorded under.
	Escalated bool
	Priority  string
	// Actions are the case's actions as crmd stored them, with the role,
	// limit and verdict it judged each amount by (StoredActions reads them
	// from the stored body).
	Actions []cases.Action
}

// StoredActions reads the actions of a stored case body's "actions"
// member, as a store selects it (SQLite json_extract, PostgreSQL
// body->'actions'). Empty or unreadable gives none: every amount is then
// judged as new, which is what crmd did before it kept its verdicts.
func StoredActions(raw []byte) []cases.Action {
	if len(raw) == 0 {
		return nil
	}
	var as []cases.Action
	if json.Unmarshal(raw, &as) != nil {
		return nil
	}
	return as
}

// KeyRow is an idempotency key the same sender used before, with the
// answer it got.
type KeyRow struct {
	Fingerprint string
	Created     bool
	Response    []byte
}

// EscalationRecord is the back office's side of an escalation, as crmd
// keeps it apart from the case body: the status and its times are crmd's.
type EscalationRecord struct {
	CaseID     string
	Ticket     string
	Agent      string
	Priority   string
	CallType   string
	ReasonCode string
	Customer   string // the customer's name, for the queue
	Account    string // masked: the queue never shows a whole account
	Status     cases.EscalationState
	Note       string // the comment of the last move
	Resolution string
	ReceivedAt time.Time
	DueAt      time.Time
	UpdatedAt  time.Time
	UpdatedBy  string
}

// CaseWrite is what a store writes for one PutCase: nothing new on a
// replay, else the case as crmd stores it and, when the case is
// escalated, its escalation record (only inserted the first time: a later
// version never moves crmd's status or times).
type CaseWrite struct {
	Replay     bool
	Create     bool
	Case       *cases.Case
	Body       []byte
	Escalation *EscalationRecord
	Result     CasePutResult
}

// DecideCaseWrite decides one case write. prev is the stored case (nil when
// there is none), key the sender's earlier use of the same idempotency key
// (nil when new). It enforces who may write, the version chain, and what
// the server owns, so neither store can drift from the other:
//
//   - the agent, the role, the version and the created time come from the
//     token, the stored row and the server's clock, never from the body;
//   - each new amount is checked against the role's authority in the
//     published playbook: approved within it, pending above it, whatever
//     the body claims; an amount crmd already stored keeps the role, limit
//     and verdict it was judged by (a pack published since with a lower
//     limit, or the agent's later role, does not turn an approved credit
//     into one waiting on a decision nobody was asked for); a
//     supervisor's decision is never taken from a body;
//   - an escalation's status, resolution, history and times are the back
//     office's: the body's are dropped; its priority must be the pack's,
//     and the response is due that many hours after crmd first has it.
func DecideCaseWrite(prev *CaseRow, key *KeyRow, p CasePut) (CaseWrite, error) {
	if key != nil {
		if key.Fingerprint != p.Fingerprint {
			return CaseWrite{}, ErrIdempotencyReused
		}
		var cr CaseResult
		_ = json.Unmarshal(key.Response, &cr)
		return CaseWrite{Replay: true, Result: CasePutResult{Created: key.Created, Response: key.Response, Version: cr.Version, Replay: true}}, nil
	}
	in := p.Case
	if in == nil {
		return CaseWrite{}, cases.Errorf(cases.EInvalid, "no case")
	}
	c := *in
	var version int
	var created time.Time
	if prev != nil {
		switch {
		case prev.Agent != p.Subject:
			return CaseWrite{}, cases.Errorf(cases.EForbidden, "case %s belongs to another agent", c.ID)
		case p.CreateOnly:
			return CaseWrite{}, &PreconditionError{Current: prev.Version}
		case p.IfMatch == 0:
			return CaseWrite{}, ErrPreconditionRequired
		case p.IfMatch != prev.Version:
			return CaseWrite{}, &PreconditionError{Current: prev.Version}
		case c.Version != prev.Version+1:
			return CaseWrite{}, cases.Errorf(cases.EInvalid, "case %s: version %d after %d", c.ID, c.Version, prev.Version)
		}
		version, created = prev.Version+1, prev.CreatedAt
	} else {
		if p.IfMatch != 0 {
			return CaseWrite{}, &PreconditionError{Current: 0}
		}
		if c.Version != 1 {
			return CaseWrite{}, cases.Errorf(cases.EInvalid, "case %s: a new case is version 1, not %d", c.ID, c.Version)
		}
		version, created = 1, p.Now
	}
	// A case is its agent's: whoever writes it, supervisors included, is
	// the agent it names. Supervisors act on an agent's case through the
	// escalation and decision routes, which keep who did what.
	if c.Agent != p.Subject {
		return CaseWrite{}, cases.Errorf(cases.EForbidden, "case %s: agent %s is not %s", c.ID, c.Agent, p.Subject)
	}
	c.Version, c.CreatedAt, c.Role = version, created, p.Role
	// When the call began is the desk's record, as its close and its steps
	// are (a case made offline reaches crmd hours after it), but no call
	// began after crmd first received it. A beginning after the receipt is
	// a desk clock running ahead by at least that much: its close, on the
	// same clock, moves back with it, or the call's duration on crmd's
	// copy (a supervisor's report, a team case's PDF) grows by the skew.
	if skew := c.OpenedAt.Sub(created); skew > 0 {
		c.OpenedAt = created
		if !c.ClosedAt.IsZero() {
			c.ClosedAt = c.ClosedAt.Add(-skew)
		}
	}
	cases.Sanitize(&c)

	c.Actions = append([]cases.Action(nil), c.Actions...)
	limit := int64(0)
	if p.Policy != nil {
		limit = p.Policy.AuthorityMinor(string(p.Role))
	}
	// The authority counts per case, in the order the amounts were
	// recorded, as the desk counts it (cases.Case.AddAction): an amount
	// is within it only if it and what was granted before fit together.
	var granted int64
	// Stored verdicts are kept for the actions crmd already has, as long as
	// the body repeats them in order: an action is the same one if its
	// kind, amount, time and reason are (two credits of 30.00 are not the
	// same credit). From the first that differs (another desk's version
	// kept in a conflict, an amount changed) every amount is judged anew.
	keeping := prev != nil
	for i := range c.Actions {
		a := &c.Actions[i]
		a.Decision = nil
		if a.Amount == 0 {
			a.Role, a.Limit, a.Approved, a.Pending = "", 0, false, false
			continue
		}
		// A desk records only positive amounts, bounded as every amount is
		// (calculators.MaxMinor); anything else is refused rather than
		// checked against the authority (the negative of the smallest
		// int64 is itself, and would have passed as within it).
		if a.Amount < 0 || a.Amount > calculators.MaxMinor {
			return CaseWrite{}, cases.Errorf(cases.EInvalid, "case %s: action %d amount %d out of range", c.ID, i, a.Amount)
		}
		if keeping && i < len(prev.Actions) && sameAction(prev.Actions[i], *a) {
			was := prev.Actions[i]
			a.Role, a.Limit, a.Approved, a.Pending = was.Role, was.Limit, was.Approved, was.Pending
			if a.Approved {
				granted += a.Amount
			}
			continue
		}
		keeping = false
		role, lim := p.Role, limit
		// A desk may have recorded the amount under a lower role than the
		// token's (a supervisor logged in on a workstation set to agent):
		// it told the agent the amount waits on a decision, and crmd must
		// agree, or the escalation waits on a decision nobody can make. A
		// claim can only lower the authority, never raise it.
		if slices.Contains(Roles, a.Role) && p.Policy != nil {
			if l := p.Policy.AuthorityMinor(string(a.Role)); l < lim {
				role, lim = a.Role, l
			}
		}
		a.Role, a.Limit = role, lim
		a.Approved = cases.WithinAuthority(granted, a.Amount, lim)
		a.Pending = !a.Approved
		if a.Approved {
			granted += a.Amount
		}
	}

	w := CaseWrite{Create: prev == nil, Case: &c}
	if e := c.Escalation; e != nil {
		hours, ok := 0, false
		if p.Policy != nil {
			hours, ok = p.Policy.ResponseHours(e.Priority)
		}
		// The priority counts when the escalation is first recorded; a
		// later version of a case escalated under a priority since retired
		// from the pack must still save (the agent closes it, adds notes),
		// under that priority, not one the pack never had.
		if !ok && !(prev != nil && prev.Escalated && e.Priority == prev.Priority) {
			return CaseWrite{}, cases.Errorf(cases.EInvalid, "case %s: escalation priority %q", c.ID, e.Priority)
		}
		if strings.TrimSpace(e.Ticket) == "" {
			return CaseWrite{}, cases.Errorf(cases.EInvalid, "case %s: escalation without a ticket", c.ID)
		}
		cp := *e
		cp.Status, cp.Resolution, cp.History, cp.ReceivedAt, cp.DueAt = "", "", nil, time.Time{}, time.Time{}
		c.Escalation = &cp
		w.Escalation = &EscalationRecord{
			CaseID: c.ID, Ticket: cp.Ticket, Agent: c.Agent, Priority: cp.Priority, CallType: c.CallType,
			ReasonCode: c.Reason, Customer: c.Customer.Name, Account: cases.MaskAccount(c.Customer.Account),
			Status: cases.EscReceived, ReceivedAt: p.Now, DueAt: p.Now.Add(time.Duration(hours) * time.Hour), UpdatedAt: p.Now,
		}
	}
	body, err := json.Marshal(&c)
	if err != nil {
		return CaseWrite{}, err
	}
	w.Body = body
	w.Result = CasePutResult{Created: w.Create, Version: version, Response: CaseResponse(c.ID, version)}
	return w, nil
}

// CaseBytes is how large a case body is as crmd holds it to MaxCaseBytes:
// the case as JSON without what crmd owns of it, which DecideCaseWrite
// drops from every write (the escalation's status, resolution, history
// and times, the decisions on its actions). A desk sends a case back with
// those as it got them from crmd; counted, the back office's moves and
// comments (up to MaxHistoryBytes, and MaxBackOfficeText on each
// decision) could push an agent's case over the cap by working it, and
// the agent's next save would be refused for good.
func CaseBytes(c *cases.Case) (int, error) {
	own := *c
	if e := own.Escalation; e != nil {
		cp := *e
		cp.Status, cp.Resolution, cp.History, cp.ReceivedAt, cp.DueAt = "", "", nil, time.Time{}, time.Time{}
		own.Escalation = &cp
	}
	if slices.ContainsFunc(own.Actions, func(a cases.Action) bool { return a.Decision != nil }) {
		own.Actions = slices.Clone(own.Actions)
		for i := range own.Actions {
			own.Actions[i].Decision = nil
		}
	}
	body, err := json.Marshal(&own)
	return len(body), err
}

// sameAction reports whether a body's action is the one crmd stored, with
// a verdict to keep.
func sameAction(was, a cases.Action) bool {
	return (was.Approved || was.Pending) && was.ID == a.ID && was.Amount == a.Amount && was.At.Equal(a.At) && was.Reason == a.Reason
}

// DecideNew is DecideCaseWrite for a new case (version 1) as if neither it
// nor its key were stored; nil for any other write or a refused one. A
// store works it out before its transaction, on the request's goroutine,
// and uses it when its reads find exactly that (DecideCaseWrite is a pure
// function of what it is given), so the transaction every write waits on
// does not sanitise and encode a body.
func DecideNew(p CasePut) *CaseWrite {
	if p.Case == nil || p.Case.Version != 1 {
		return nil
	}
	w, err := DecideCaseWrite(nil, nil, p)
	if err != nil {
		return nil
	}
	return &w
}

// Overlay puts what crmd owns on a stored case before it leaves crmd: the
// escalation's status, resolution, times and history, the priority its
// due time was reckoned by, and the supervisors' decisions on its actions
// (by action index).
func Overlay(c *cases.Case, esc *EscalationRecord, history []cases.EscalationChange, decisions map[int]cases.Decision) {
	if c.Escalation != nil && esc != nil {
		c.Escalation.Status, c.Escalation.Resolution = esc.Status, esc.Resolution
		c.Escalation.ReceivedAt, c.Escalation.DueAt = esc.ReceivedAt, esc.DueAt
		c.Escalation.History = history
		// Settled when crmd first recorded the escalation, with the due
		// time (DecideCaseWrite): a later version naming another is not
		// what the queue is due by. Escalations recorded before crmd kept
		// a priority have none, and show the case's.
		if esc.Priority != "" {
			c.Escalation.Priority = esc.Priority
		}
	}
	for i, d := range decisions {
		if i < 0 || i >= len(c.Actions) {
			continue
		}
		a := &c.Actions[i]
		// Decided on another action or amount at this position: the one
		// there now has not been decided.
		if d.ActionID != "" && (d.ActionID != a.ID || d.Amount != a.Amount) {
			continue
		}
		a.Decision = &d
	}
}

// StatusOf is an escalation as an agent's desk pulls it.
func StatusOf(e EscalationRecord, history []cases.EscalationChange, decisions map[int]cases.Decision) EscalationStatus {
	st := EscalationStatus{
		CaseID: e.CaseID, Ticket: e.Ticket, Agent: e.Agent, Status: e.Status, Note: e.Note, Resolution: e.Resolution,
		ReceivedAt: e.ReceivedAt, DueAt: e.DueAt, UpdatedAt: e.UpdatedAt, UpdatedBy: e.UpdatedBy, History: history,
	}
	for i, d := range decisions {
		st.Decisions = append(st.Decisions, IndexedDecision{Action: i, Decision: d})
	}
	slices.SortFunc(st.Decisions, func(a, b IndexedDecision) int { return a.Action - b.Action })
	return st
}

// CheckDecision says whether the action at position i of a stored case
// body can be decided (it exists and is above the authority it was checked
// against) and returns it: the decision records which action and amount
// it was on.
func CheckDecision(body []byte, d ActionDecision) (cases.Action, error) {
	var c cases.Case
	if err := json.Unmarshal(body, &c); err != nil {
		return cases.Action{}, err
	}
	// Four eyes: an amount above its agent's authority is decided by
	// someone else, or a supervisor's own limit would bind nobody.
	if c.Agent == d.By {
		return cases.Action{}, cases.Errorf(cases.EForbidden, "case %s: %s decides on their own case", c.ID, d.By)
	}
	i := d.Action
	if i < 0 || i >= len(c.Actions) || !c.Actions[i].Pending {
		return cases.Action{}, cases.Errorf(cases.EInvalid, "case %s: no action %d above authority", c.ID, i)
	}
	// The supervisor decided the amount their desk showed; the agent may
	// have changed what is at that position since (a conflict kept the
	// other desk's version): a decision is never moved onto another amount.
	if a := c.Actions[i]; d.ActionID != "" && (a.ID != d.ActionID || a.Amount != d.Amount) {
		return cases.Action{}, fmt.Errorf("%w: case %s: action %d is %s %d, not %s %d", ErrActionChanged, c.ID, i, a.ID, a.Amount, d.ActionID, d.Amount)
	}
	return c.Actions[i], nil
}

// CheckApprover says whether decision d may be recorded on stored, the
// case as the store holds it in the transaction that records d, with the
// decisions crmd recorded there and who made them (Overlay), never a
// desk's body. An approval takes the approver's own authority, d.Authority
// for their token's role d.Role, counted over the case as an agent's is
// (cases.CheckApproval): what d.By approved on it before plus the amount
// stored at d.Action, which CheckDecision has held to the one d names.
// Judged anywhere but in that transaction, two approvals sent at once
// would each be counted without the other. Denying is always allowed; a
// decision naming no Role is not crmd's routes' and is not held to one.
// A position with no action is CheckDecision's to refuse.
func CheckApprover(d ActionDecision, stored *cases.Case) error {
	if !d.Approved || d.Role == "" || d.Action < 0 || d.Action >= len(stored.Actions) {
		return nil
	}
	before := stored.ApprovedBy(d.Action, d.By)
	amount := stored.Actions[d.Action].Amount
	if err := cases.CheckApproval(before, amount, true, d.Authority); err != nil {
		return &AuthorityError{Amount: amount, err: cases.Errorf(cases.EForbidden, "case %s: %s approving action %d: %v", d.CaseID, d.Role, d.Action, err)}
	}
	return nil
}

// AuthorityError is an approval above the approver's own authority
// (CheckApprover). crmd answers it 403 over_authority with the roles that
// can approve Amount; it unwraps to a forbidden cases.Error, so a store or
// a caller that knows only the domain's codes still sees a refusal of the
// role.
type AuthorityError struct {
	Amount int64 // the amount refused, as the case holds it
	err    error
}

func (e *AuthorityError) Error() string { return e.err.Error() }
func (e *AuthorityError) Unwrap() error { return e.err }

// CheckDecided says whether the escalation of a stored case body may move
// to state to: a final state (resolved, rejected) takes the case out of
// the open queue, so every amount above authority must be approved or
// denied first, or it would wait for good with nobody asked. decisions
// are the back office's by position; one made on another action or
// amount than the case holds there now does not count (CheckDecision).
func CheckDecided(body []byte, decisions map[int]cases.Decision, to cases.EscalationState) error {
	if !to.Final() {
		return nil
	}
	var c cases.Case
	if err := json.Unmarshal(body, &c); err != nil {
		return err
	}
	for i, a := range c.Actions {
		if !a.Pending {
			continue
		}
		d, ok := decisions[i]
		if !ok || d.ActionID != "" && (d.ActionID != a.ID || d.Amount != a.Amount) {
			return fmt.Errorf("%w: case %s: action %d (%s %d)", ErrUndecided, c.ID, i, a.ID, a.Amount)
		}
	}
	return nil
}

// BackOffice is the escalation as a desk records it on its case
// (cases.Case.ApplyBackOffice).
func (st EscalationStatus) BackOffice() cases.BackOffice {
	b := cases.BackOffice{Status: st.Status, Resolution: st.Resolution, ReceivedAt: st.ReceivedAt, DueAt: st.DueAt, History: st.History}
	if len(st.Decisions) > 0 {
		b.Decisions = map[int]cases.Decision{}
		for _, d := range st.Decisions {
			b.Decisions[d.Action] = d.Decision
		}
	}
	return b
}
