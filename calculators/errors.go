package calculators

import (
	"errors"
	"strings"
)

// Error codes. Each has a message "calc.err.<code>" in locales/calc.*.toml;
// the domain never carries wording, only the code and its parameters, so the
// same failure reads naturally in either language.
const (
	CodeRequired         = "required"
	CodeNotANumber       = "not_a_number"
	CodeNegative         = "negative"
	CodeMustBePositive   = "must_be_positive"
	CodeMustBeNegative   = "must_be_negative"
	CodeTooLarge         = "too_large"
	CodeTooMany          = "too_many"
	CodeTooFew           = "too_few"
	CodeTooManyDecimals  = "too_many_decimals"
	CodeRateTooLow       = "rate_too_low"
	CodeRateAmbiguous    = "rate_ambiguous"
	CodeListAmbiguous    = "list_ambiguous"
	CodeOutOfRange       = "out_of_range"
	CodeEndBeforeStart   = "end_before_start"
	CodeCurrency         = "currency"
	CodeCurrencyMismatch = "currency_mismatch"
	CodeExclusive        = "exclusive"
	CodeNoSignChange     = "no_sign_change"
	CodeNoIRR            = "no_irr"
	CodeUnknownLevel     = "unknown_level"
	CodeUnknownRole      = "unknown_role"
	CodeInvalidKind      = "invalid_kind"
	CodeDuplicate        = "duplicate"
	CodeUnreachable      = "unreachable"
	CodeInvalidDate      = "invalid_date"
	CodeNotInteger       = "not_integer"
	CodeDuration         = "duration"
	CodePolicyCurrency   = "policy_currency"
	// CodeAmbiguousThousands: "1,200" or "1.200", one separator and three
	// digits after it, is twelve hundred to some agents and 1.20 to others.
	CodeAmbiguousThousands = "ambiguous_thousands"
)

// Codes lists every code the package can return, so a test can check that
// each one has a message in every language.
var Codes = []string{
	CodeRequired, CodeNotANumber, CodeNegative, CodeMustBePositive,
	CodeMustBeNegative, CodeTooLarge, CodeTooMany, CodeTooFew,
	CodeTooManyDecimals, CodeRateTooLow, CodeRateAmbiguous, CodeListAmbiguous, CodeOutOfRange,
	CodeEndBeforeStart, CodeCurrency, CodeCurrencyMismatch, CodeExclusive,
	CodeNoSignChange, CodeNoIRR, CodeUnknownLevel, CodeUnknownRole,
	CodeInvalidKind, CodeDuplicate, CodeUnreachable, CodeInvalidDate,
	CodeNotInteger, CodeDuration, CodePolicyCurrency, CodeAmbiguousThousands,
}

// FieldError is one problem with one input field. Field is the input's
// snake_case name, with a 0-based index for list elements ("flows[2]",
// "before[0].amount"); Params feed the translated message. Params values are
// plain Go values (float64, int, string); "Min"/"Max" come with "Kind" (a
// Line kind) so a caller can format them like the field itself.
type FieldError struct {
	Field  string
	Code   string
	Params map[string]any
}

// Error is for logs and programmers; people see the translated message.
func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Code
	}
	return e.Field + ": " + e.Code
}

// Errors is every problem found in one input, so a form can flag all fields
// at once instead of one per attempt.
type Errors []FieldError

func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Error()
	}
	return strings.Join(parts, "; ")
}

// Err returns nil when there is nothing to report. Returning a nil Errors
// through an error interface would be a non-nil error, so Validate methods
// always end with Err.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Add appends a problem.
func (e *Errors) Add(field, code string, params map[string]any) {
	*e = append(*e, FieldError{Field: field, Code: code, Params: params})
}

// Has reports whether field already has a problem, so later checks on the
// same field do not pile up consequences of the first one.
func (e Errors) Has(field string) bool {
	for _, fe := range e {
		if fe.Field == field {
			return true
		}
	}
	return false
}

// AsErrors extracts the field errors of err: an Errors, a single FieldError,
// or anything wrapping them.
func AsErrors(err error) (Errors, bool) {
	var es Errors
	if errors.As(err, &es) {
		return es, true
	}
	var fe FieldError
	if errors.As(err, &fe) {
		return Errors{fe}, true
	}
	var pfe *FieldError
	if errors.As(err, &pfe) && pfe != nil {
		return Errors{*pfe}, true
	}
	return nil, false
}

// withField re-labels the field of a single-field error returned by a parser
// or arithmetic helper, which cannot know which input it was working for.
func withField(err error, field string) error {
	es, ok := AsErrors(err)
	if !ok {
		return err
	}
	out := make(Errors, len(es))
	for i, fe := range es {
		fe.Field = field
		out[i] = fe
	}
	return out
}
