package cases

import (
	"errors"
	"fmt"
)

// Error codes. Each edge (screen, CLI, HTTP) translates the code for a
// person (locales: error.<code>) and logs the detail.
const (
	ENotFound     = "not_found"
	EConflict     = "conflict"      // someone saved a newer version first
	EInvalid      = "invalid"       // the request breaks a rule of the domain
	EForbidden    = "forbidden"     // the role may not do this
	EAuthRequired = "auth_required" // the customer is not authenticated yet
	EAuthority    = "over_authority"
	EClosed       = "case_closed" // the call on the case is over: reopen it to change it
	EInternal     = "internal"
)

// Error is a coded domain error. Detail is for the log; Code (and Field)
// decide what a person is told.
type Error struct {
	Code   string
	Field  string
	Detail string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("cases: %s (%s): %s", e.Code, e.Field, e.Detail)
	}
	return fmt.Sprintf("cases: %s: %s", e.Code, e.Detail)
}

// Errorf builds a coded error.
func Errorf(code, format string, a ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, a...)}
}

// ErrorCode returns the code of err, or EInternal for an error that carries
// none (a disk failure, a bug): the person is told something went wrong and
// nothing was lost, the log keeps the rest.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}
