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

// ErrorDetail tells a program what went wrong (Code) and a person the same
// in their language (Message). It never echoes what was sent.
type ErrorDetail struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	// CurrentVersion is the stored version on a 412, so a client can fetch
	// it and record the conflict.
	CurrentVersion int `json:"current_version,omitempty"`
	// Issues lists the problems of a refused playbook, file:line first.
	Issues []string `json:"issues,omitempty"`
}

// CaseResult is the answer to PUT /v1/cases/{id}: the version now stored.
type CaseResult struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

// CaseList is a page of GET /v1/cases. Next, when set, is the cursor of the
// following page.
type CaseList struct {
	Cases []*cases.Case `json:"cases"`
	Next  string        `json:"next,omitempty"`
}

// CustomerList is the answer to a customer search.
type CustomerList struct {
	Customers []*cases.Customer `json:"customers"`
}

// Escalation states, as the back office sets them (cases.EscalationState).
const (
	EscSent       = cases.EscSent
	EscInProgress = cases.EscInProgress
	EscResolved   = cases.EscResolved
	EscRejected   = cases.EscRejected
)

// EscalationStatus is where the back office stands on one case's
// escalation. It is kept apart from the case record so the back office and
// the agent never overwrite each other's version of the case.
type EscalationStatus struct {
	CaseID    string                `json:"case_id"`
	Ticket    string                `json:"ticket"`
	Agent     string                `json:"agent"`
	Status    cases.EscalationState `json:"status"`
	Note      string                `json:"note,omitempty"`
	UpdatedAt time.Time             `json:"updated_at"`
	UpdatedBy string                `json:"updated_by,omitempty"`
}

// EscalationUpdate is the body of PUT /v1/cases/{id}/escalation.
type EscalationUpdate struct {
	Status cases.EscalationState `json:"status"`
	Note   string                `json:"note,omitempty"`
}

// EscalationList is the answer to GET /v1/escalations.
type EscalationList struct {
	Escalations []EscalationStatus `json:"escalations"`
}

// PlaybookPack is a published playbook: the TOML files of a pack, by name.
// Version 0 is the pack built into crmd, served until a supervisor publishes.
type PlaybookPack struct {
	Version     int               `json:"version"`
	SHA256      string            `json:"sha256"`
	Files       map[string]string `json:"files"`
	PublishedBy string            `json:"published_by,omitempty"`
	PublishedAt time.Time         `json:"published_at,omitzero"`
}

// PlaybookUpload is the body of PUT /v1/playbook.
type PlaybookUpload struct {
	Files map[string]string `json:"files"`
}

// TrainingAttempt is one graded attempt at a training scenario. ID is
// chosen by the desktop so a resent attempt is recognised.
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
	Details    json.RawMessage `json:"details,omitempty"` // the grader's breakdown
	ReceivedAt time.Time       `json:"received_at,omitzero"`
}

// AttemptList is the answer to GET /v1/training/attempts.
type AttemptList struct {
	Attempts []TrainingAttempt `json:"attempts"`
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

// UserList is the answer to GET /v1/users.
type UserList struct {
	Users []User `json:"users"`
}
