package crm

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"agentdesk/cases"
)

// Code names what went wrong, the same on both ends of the wire: crmd puts
// it in every error body, the client maps every answer to one (from the
// body, or from the status when a proxy answered instead of crmd), and the
// desks store and show codes, never HTTP statuses. A person reads
// "crm.error.<code>" in their language.
type Code string

// The codes of the domain's errors, as crmd answers them.
const (
	CodeNotFound  Code = cases.ENotFound
	CodeConflict  Code = cases.EConflict
	CodeInvalid   Code = cases.EInvalid
	CodeForbidden Code = cases.EForbidden
	CodeInternal  Code = cases.EInternal
)

// The protocol's own codes.
const (
	CodeUnauthorized         Code = "unauthorized"
	CodeRateLimited          Code = "rate_limited"
	CodeTooLarge             Code = "too_large"
	CodeUnsupportedMedia     Code = "unsupported_media_type"
	CodeIdempotencyRequired  Code = "idempotency_key_required"
	CodeIdempotencyReused    Code = "idempotency_key_reused"
	CodePreconditionRequired Code = "precondition_required"
	CodePreconditionFailed   Code = "precondition_failed"
	CodeTrainingCase         Code = "training_case"
	CodeInvalidPlaybook      Code = "invalid_playbook"
	// CodeTransition: an escalation cannot move from where it stands to
	// the state asked for (a resolved one is final).
	CodeTransition Code = "invalid_transition"
	// CodeDecided: the action was approved or denied already.
	CodeDecided Code = "already_decided"
	// CodeActionChanged: the case holds another action or amount at the
	// position decided than the one the supervisor saw.
	CodeActionChanged Code = "action_changed"
	// CodeUndecided: the escalation cannot be resolved or rejected while
	// an amount above authority waits for a decision.
	CodeUndecided Code = "undecided_amounts"
	// CodeOverAuthority: an approval above the approver's own authority
	// by the pack crmd publishes (crm.CheckApprover), which a desk's check
	// under an older pack may have let through. Not a plain forbidden:
	// the approver may decide, only not this amount, and the answer says
	// who can (ErrorDetail.Deciders).
	CodeOverAuthority Code = "over_authority"
	// CodeHistoryFull: the escalation's history has no room for another
	// move (MaxHistoryMoves, MaxHistoryBytes).
	CodeHistoryFull Code = "history_full"
	// CodeUnavailable: crmd (or the proxy before it) is up but cannot
	// answer now: a 502, 503 or 504, a 408, or, without crmd's body, a
	// status that does not refuse the request (a 499, an unknown 4xx).
	CodeUnavailable Code = "unavailable"
	// CodeNoRubricVersion: a training attempt names no rubric version;
	// crmd does not grade it with today's rubric instead.
	CodeNoRubricVersion Code = "no_rubric_version"
	// CodeNotReplayable: a training attempt does not replay against its
	// scenario (a choice the turn does not offer, answers out of order):
	// it was not played by a desk, or was edited since.
	CodeNotReplayable Code = "not_replayable"
	// CodeUnknownTraining: crmd does not have the scenario or rubric
	// version an attempt names, as when a desk runs a newer release than
	// crmd. Sent again after crmd is upgraded, it is graded.
	CodeUnknownTraining Code = "unknown_training_content"
	// CodeLastAdmin: the account is the last enabled admin, and enabling
	// an account is an admin's: it is disabled once another admin is.
	CodeLastAdmin Code = "last_admin"
)

// Codes the client gives errors that are not an answer from crmd.
const (
	// CodeOffline: no answer at all (no route, refused, timed out, cut).
	CodeOffline Code = "offline"
	// CodeLoggedOut: there is no session, or crmd ended it.
	CodeLoggedOut Code = "logged_out"
	// CodeInsecureURL: the address would send tokens in clear text.
	CodeInsecureURL Code = "insecure_url"
)

// Error is an answer from crmd other than 2xx, as a code. Status is kept
// for the log only: nothing decides on it.
type Error struct {
	Code           Code
	Status         int
	Message        string        // crmd's message in the Accept-Language asked for
	CurrentVersion int           // on precondition_failed: the version crmd holds
	Issues         []string      // on invalid_playbook: file:line first
	Problems       []Problem     // on invalid_playbook: the same as codes
	MoreProblems   int           // on invalid_playbook: how many more there are
	GradeError     string        // on not_replayable and no_rubric_version: the grader's code
	Turn           string        // on not_replayable: the turn the replay stopped at
	RetryAfter     time.Duration // from Retry-After, on rate_limited and unavailable
	Deciders       []cases.Role  // on over_authority: the roles whose limit covers the amount
}

func (e *Error) Error() string {
	return fmt.Sprintf("crm: %s (http %d)", e.Code, e.Status)
}

// codeForStatus is the code of an answer that did not carry one in a body
// crmd wrote: a proxy's error page, or an empty body. Only a status that
// refuses the request itself is a permanent code; any other (crmd's 499
// for a hop that hung up, passed back by a proxy to a desk still
// connected, or a status this release does not know) is unavailable, so a
// desk tries again rather than set a good save aside for good.
func codeForStatus(status int) Code {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusMethodNotAllowed,
		http.StatusRequestURITooLong, http.StatusRequestHeaderFieldsTooLarge:
		return CodeInvalid
	case http.StatusUnauthorized:
		return CodeUnauthorized
	case http.StatusForbidden:
		return CodeForbidden
	case http.StatusNotFound:
		return CodeNotFound
	case http.StatusConflict:
		return CodeConflict
	case http.StatusPreconditionFailed:
		return CodePreconditionFailed
	case http.StatusRequestEntityTooLarge:
		return CodeTooLarge
	case http.StatusUnsupportedMediaType:
		return CodeUnsupportedMedia
	case http.StatusPreconditionRequired:
		return CodePreconditionRequired
	case http.StatusTooManyRequests:
		return CodeRateLimited
	case http.StatusRequestTimeout, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return CodeUnavailable
	}
	if status >= 500 {
		return CodeInternal
	}
	return CodeUnavailable
}

// CodeOf is the code of any error the client returns: crmd's, or one of
// the client's own; "" for nil.
func CodeOf(err error) Code {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, ErrLoggedOut):
		return CodeLoggedOut
	case errors.Is(err, ErrInsecureURL):
		return CodeInsecureURL
	}
	return CodeOffline
}

// knownCodes are the codes this release answers or understands; a newer
// crmd may send others (TestKnownCodesListsEveryCode keeps it whole).
var knownCodes = map[Code]bool{
	CodeNotFound: true, CodeConflict: true, CodeInvalid: true, CodeForbidden: true, CodeInternal: true,
	CodeUnauthorized: true, CodeRateLimited: true, CodeTooLarge: true, CodeUnsupportedMedia: true,
	CodeIdempotencyRequired: true, CodeIdempotencyReused: true, CodePreconditionRequired: true,
	CodePreconditionFailed: true, CodeTrainingCase: true, CodeInvalidPlaybook: true, CodeTransition: true,
	CodeDecided: true, CodeHistoryFull: true, CodeUnavailable: true, CodeNoRubricVersion: true,
	CodeNotReplayable: true, CodeUnknownTraining: true, CodeOffline: true, CodeLoggedOut: true,
	CodeInsecureURL: true, CodeActionChanged: true, CodeUndecided: true, CodeOverAuthority: true,
	CodeLastAdmin: true,
}

// PermanentErr reports whether err, crmd's answer, can never succeed when
// sent again: its code says so, or, a code this release does not know (a
// newer crmd's), its status is a refusal of the request itself (a 4xx that
// does not ask to log in again or to wait). A desk of this release then
// sets the item aside rather than retry it for good.
func PermanentErr(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return CodeOf(err).Permanent()
	}
	if knownCodes[e.Code] {
		return e.Code.Permanent()
	}
	switch e.Status {
	case http.StatusUnauthorized, http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return false
	}
	return e.Status >= 400 && e.Status < 500
}

// Permanent reports whether sending the same request again can never
// succeed: crmd refused it for what it is. A login ended, a conflict, a
// concurrent request, a wait asked for, an unreachable or failing crmd
// are all worth another try (a conflict after a person decides).
func (c Code) Permanent() bool {
	switch c {
	case CodeInvalid, CodeForbidden, CodeNotFound, CodeTooLarge, CodeUnsupportedMedia,
		CodeIdempotencyRequired, CodeIdempotencyReused, CodePreconditionRequired,
		CodeTrainingCase, CodeInvalidPlaybook, CodeInsecureURL, CodeTransition, CodeDecided, CodeActionChanged, CodeUndecided, CodeHistoryFull,
		CodeOverAuthority, CodeNoRubricVersion, CodeNotReplayable:
		return true
	}
	return false
}
