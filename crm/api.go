package crm

import (
	"encoding/json"
	"time"

	"agentdesk/cases"
)

// These are the bodies of the /v1 API, shared by the server and the client
// so the two cannot drift apart. docs/openapi.yaml describes the same
// shapes for other consumers.

// TokenRequest is the body of POST /v1/auth/token.
type TokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// TokenResponse is what a login or a refresh returns. The refresh token is
// single-use: each refresh returns the next one.
type TokenResponse struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type"` // always "Bearer"
	ExpiresIn    int       `json:"expires_in"` // seconds
	ExpiresAt    time.Time `json:"expires_at"`
	RefreshToken string    `json:"refresh_token"`
	Username     string    `json:"username"`
	Role         Role      `json:"role"`
}

// RefreshRequest is the body of POST /v1/auth/refresh.
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// LogoutRequest is the body of POST /v1/auth/logout: the refresh token whose
// family ends with the session. The access token comes in the header.
type LogoutRequest struct {
	RefreshToken string `json:"refresh_token,omitempty"`
}

// ErrorBody is every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// MaxIssues is how many of a refused playbook's issues an answer lists.
const MaxIssues = 100

// MaxRequestBytes is the largest request body crmd reads (a published
// pack's files are one): a client that can tell before it sends says so
// in words rather than with crmd's 413.
const MaxRequestBytes = 1 << 20

// ErrorDetail tells a program what went wrong (Code) and a person the same
// in their language (Message). It never echoes what was sent.
type ErrorDetail struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	// CurrentVersion is the stored version on a 412, so a client can fetch
	// it and record the conflict.
	CurrentVersion int `json:"current_version,omitempty"`
	// Issues lists the problems of a refused playbook, file:line first:
	// MaxIssues of them, then a line that counts the rest. For logs and
	// earlier clients; Problems says the same for a program to translate.
	Issues []string `json:"issues,omitempty"`
	// Problems are the first MaxIssues problems of a refused playbook,
	// each as a code with its arguments; MoreProblems counts the rest.
	Problems     []Problem `json:"problems,omitempty"`
	MoreProblems int       `json:"more_problems,omitempty"`
	// GradeError and Turn say why crmd's grader refused a training
	// attempt (not_replayable, no_rubric_version): the grader's code
	// (training.GradeError) and the turn it stumbled on.
	GradeError string `json:"grade_error,omitempty"`
	Turn       string `json:"turn,omitempty"`
	// Deciders are, on over_authority, the roles whose authority by the
	// pack crmd publishes covers the amount refused, lowest limit first;
	// none when nobody's does.
	Deciders []cases.Role `json:"deciders,omitempty"`
}

// Problem is one problem of a refused playbook as crmd's loader found it:
// the file as uploaded and the line, and a code (the desk's message
// playbook.err.<code>) with its arguments, so each desk says it in its
// own language.
type Problem struct {
	File string         `json:"file"`
	Line int            `json:"line,omitempty"`
	Code string         `json:"code"`
	Args map[string]any `json:"args,omitempty"`
}

// CaseResult is the answer to PUT /v1/cases/{id}: the version now stored.
type CaseResult struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

// MaxBatch is the most cases one POST /v1/cases:batch takes.
const MaxBatch = 100

// BatchItem is one case of POST /v1/cases:batch, as a PUT of it would be:
// its idempotency key, the version it was based on (0 for a new case,
// like If-None-Match: *) and the case as JSON.
type BatchItem struct {
	ID   string          `json:"id"`
	Key  string          `json:"key"`
	Base int             `json:"base"`
	Case json.RawMessage `json:"case"`
}

// BatchRequest is the body of POST /v1/cases:batch.
type BatchRequest struct {
	Items []BatchItem `json:"items"`
}

// Outcomes of one batch item.
const (
	BatchCreated  = "created"
	BatchUpdated  = "updated"
	BatchReplayed = "replayed" // the key was seen: the first answer stands
	BatchConflict = "conflict" // crmd holds another version (CurrentVersion)
	BatchRefused  = "refused"  // Code says why; sending it again cannot help
	BatchRetry    = "retry"    // crmd could not decide it now; send it again
)

// BatchResult is what became of one item, in the order sent.
type BatchResult struct {
	ID             string `json:"id"`
	Outcome        string `json:"outcome"`
	Version        int    `json:"version,omitempty"`
	Code           Code   `json:"code,omitempty"`
	CurrentVersion int    `json:"current_version,omitempty"`
}

// BatchResponse is the answer to POST /v1/cases:batch.
type BatchResponse struct {
	Results []BatchResult `json:"results"`
}

// MaxCaseBytes is the largest case body crmd accepts (413 too_large above
// it), as JSON without crmd's own records on it (CaseBytes): a case with a
// long timeline is tens of kilobytes, and a page of cases is bounded by
// its bytes as well as its count.
const MaxCaseBytes = 256 << 10

// MaxPageBytes is the byte budget of one page of a list: crmd stops adding
// records once the page's JSON reaches it (the record that reaches it
// included) and answers with a Next cursor, so a page of large cases stays
// a few megabytes however high the limit asked for.
const MaxPageBytes = 4 << 20

// CaseList is a page of GET /v1/cases. Next, when set, is the cursor of the
// following page, which may turn out empty.
type CaseList struct {
	Cases []*cases.Case `json:"cases"`
	Next  string        `json:"next,omitempty"`
}

// CustomerList is the answer to a customer search.
type CustomerList struct {
	Customers []*cases.Customer `json:"customers"`
}

// Contact is one of an account's earlier calls as the call screen shows
// it to whichever agent the customer reaches next: what the call was, who
// took it, where it ended and where the back office stands. It never
// carries the case's notes, values or actions: a caller's history is read
// at every desk, and only what an agent needs to pick the matter up is in
// it.
type Contact struct {
	CaseID string `json:"case_id"`
	// At is when crmd first received the case, by crmd's clock: a desk's
	// clock, or a case saved offline and sent hours later, does not
	// reorder another desk's history.
	At time.Time `json:"at"`
	// CalledAt is when the call began, as the desk reported it and crmd
	// kept it (never later than At): what the agent and the customer
	// call the contact's day. A call taken offline and sent the next
	// morning was still on the day before; At would say the morning.
	CalledAt time.Time    `json:"called_at"`
	CallType string       `json:"call_type"`
	Status   cases.Status `json:"status"`
	Agent    string       `json:"agent"`
	// ReasonCode is the outcome the agent recorded closing the call, if
	// any (a playbook's reason code, not free text).
	ReasonCode string `json:"reason_code,omitempty"`
	// Escalated cases carry the back office's state, ticket and, once
	// resolved, its resolution (redacted as crmd stores it).
	Escalated  bool                  `json:"escalated"`
	Escalation cases.EscalationState `json:"escalation_status,omitempty"`
	Ticket     string                `json:"ticket,omitempty"`
	Resolution string                `json:"resolution,omitempty"`
}

// ContactList is the answer to GET /v1/customers/{account}/contacts: the
// account's latest contacts, newest first.
type ContactList struct {
	Contacts []Contact `json:"contacts"`
}

// Bounds of an account's history: DefaultContacts when a request names no
// limit, never more than MaxContacts. It is a glance at who called about
// what, not a way to walk the centre's cases.
const (
	DefaultContacts = 10
	MaxContacts     = 25
)

// Escalation states, as the back office sets them (cases.EscalationState).
const (
	EscReceived   = cases.EscReceived
	EscInProgress = cases.EscInProgress
	EscWaiting    = cases.EscWaitingCustomer
	EscResolved   = cases.EscResolved
	EscRejected   = cases.EscRejected
)

// EscalationStatus is where the back office stands on one case's
// escalation, as an agent's desk pulls it: the state, the last comment and
// the resolution, every move (History) and every decision on the case's
// actions. It is kept apart from the case record so the back office and
// the agent never overwrite each other's version of the case.
type EscalationStatus struct {
	CaseID     string                   `json:"case_id"`
	Ticket     string                   `json:"ticket"`
	Agent      string                   `json:"agent"`
	Status     cases.EscalationState    `json:"status"`
	Note       string                   `json:"note,omitempty"`
	Resolution string                   `json:"resolution,omitempty"`
	ReceivedAt time.Time                `json:"received_at,omitzero"`
	DueAt      time.Time                `json:"due_at,omitzero"`
	UpdatedAt  time.Time                `json:"updated_at"`
	UpdatedBy  string                   `json:"updated_by,omitempty"`
	History    []cases.EscalationChange `json:"history,omitempty"`
	Decisions  []IndexedDecision        `json:"decisions,omitempty"`
}

// IndexedDecision is a decision on the action at position Action.
type IndexedDecision struct {
	Action int `json:"action"`
	cases.Decision
}

// EscalationUpdate is the body of PUT /v1/cases/{id}/escalation: the
// state to move to, the comment (Note) and, to resolve, the resolution.
type EscalationUpdate struct {
	Status     cases.EscalationState `json:"status"`
	Note       string                `json:"note,omitempty"`
	Resolution string                `json:"resolution,omitempty"`
}

// ApprovalRequest is the body of POST /v1/cases/{id}/decisions: a
// supervisor approving or denying the action at position Action.
type ApprovalRequest struct {
	Action   int    `json:"action"`
	Approved bool   `json:"approved"`
	Comment  string `json:"comment,omitempty"`
	// ActionID and Amount are the action the supervisor decided as their
	// desk showed it: crmd refuses the decision (409) when the case holds
	// another action or amount at that position now. A desk of an earlier
	// release sends neither.
	ActionID string `json:"action_id,omitempty"`
	Amount   int64  `json:"amount,omitempty"`
}

// EscalationList is the answer to GET /v1/escalations.
type EscalationList struct {
	Escalations []EscalationStatus `json:"escalations"`
	Next        string             `json:"next,omitempty"`
}

// TeamList is a page of GET /v1/team/escalations: the team's escalated
// cases with the back office's side on them. Next, when set, is the cursor
// of the following page.
type TeamList struct {
	Cases []*cases.Case `json:"cases"`
	Next  string        `json:"next,omitempty"`
	// Last is crmd's time of the page's last change: the updated_since of
	// the next refresh, once the pages are read.
	Last time.Time `json:"last,omitzero"`
}

// PlaybookPack is a published playbook: the TOML files of a pack, by name.
// Version 0 is the pack built into crmd, served until a supervisor publishes.
type PlaybookPack struct {
	Version     int               `json:"version"`
	SHA256      string            `json:"sha256"`
	Files       map[string]string `json:"files,omitempty"` // left out of the answer to a publish
	PublishedBy string            `json:"published_by,omitempty"`
	PublishedAt time.Time         `json:"published_at,omitzero"`
}

// PlaybookUpload is the body of PUT /v1/playbook.
type PlaybookUpload struct {
	Files map[string]string `json:"files"`
}

// TrainingAttempt is one graded attempt at a training scenario. ID is
// chosen by the desktop so a resent attempt is recognised.
//
// The grade is crmd's: a desk posts the attempt record (Attempt, what the
// trainee did) and crmd replays it with the scenario and the rubric version
// it names, then stores its own Score (out of MaxScore 100), Passed and
// report (Details), and the attempt's own StartedAt and FinishedAt. The
// Score, MaxScore, Passed, Details and times a desk sends are ignored: a
// trainee who edits their training database cannot pass a test that way.
// The record itself is not stored, nor sent back. Score is the report's
// total rounded down (training.Report.Score), so a score at or above the
// pass mark never stands beside a Passed that says the call missed it.
type TrainingAttempt struct {
	ID         string          `json:"id"`
	Username   string          `json:"username,omitempty"` // set by the server from the token
	Scenario   string          `json:"scenario"`
	Track      string          `json:"track,omitempty"`
	Score      int             `json:"score"`
	MaxScore   int             `json:"max_score"`
	Passed     bool            `json:"passed"`
	StartedAt  time.Time       `json:"started_at"`
	FinishedAt time.Time       `json:"finished_at"`
	Details    json.RawMessage `json:"details,omitempty"` // crmd's grader's report
	ReceivedAt time.Time       `json:"received_at,omitzero"`
	// Attempt is the desk's training.Attempt (docs/training-attempt-format.md),
	// at most MaxAttemptBytes; required on POST, never in an answer.
	Attempt json.RawMessage `json:"attempt,omitempty"`
}

// MaxAttemptBytes bounds the attempt record a desk posts: a call is tens
// of events of a few hundred bytes, and crmd replays what it accepts.
const MaxAttemptBytes = 512 << 10

// AttemptList is a page of GET /v1/training/attempts. Next, when set, is
// the cursor of the following page.
type AttemptList struct {
	Attempts []TrainingAttempt `json:"attempts"`
	Next     string            `json:"next,omitempty"`
}

// User is an account as the API shows it: never with its password hash.
type User struct {
	Username  string    `json:"username"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// NewUser is the body of POST /v1/users.
type NewUser struct {
	Username string `json:"username"`
	Role     Role   `json:"role"`
	Password string `json:"password"`
}

// UserList is the answer to GET /v1/users: one page, like CaseList.
type UserList struct {
	Users []User `json:"users"`
	Next  string `json:"next,omitempty"`
}
