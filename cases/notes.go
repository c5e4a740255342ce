package cases

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxNotes is the most characters a case's notes may hold. crmd refuses a
// case body over crm.MaxCaseBytes (256 KiB) for good, and the desk then
// sets that save aside: notes past what fits would never reach crmd. The
// bound is in characters, as an agent counts, and sized for the worst
// case on the wire: JSON writes a character in at most six bytes ('<' as
// \u003c, a control character as \u00XX; redaction only ever shortens a
// text in characters), so 20,000 characters take at most 120,000 bytes,
// leaving over 140 KB for the rest of the case, which is a few kilobytes
// for a call and tens of kilobytes for a long one (the timeline travels
// apart). Ordinary notes in Spanish or English take about one byte a
// character, 20 KB: some eight pages of text, far more than a call's.
// TestNotesAtTheBoundFitCrmdsLimit checks the figure against crmd's limit.
const MaxNotes = 20000

// CheckNotes refuses notes over MaxNotes (EInvalid, field "notes"). It is
// checked where notes are written (Session.FlushNotes, UseTemplate), not
// on every save: a case stored before the bound must still take the back
// office's word and its other changes.
func CheckNotes(notes string) error {
	if n := utf8.RuneCountInString(notes); n > MaxNotes {
		return &Error{Code: EInvalid, Field: "notes", Detail: fmt.Sprintf("%d characters, at most %d", n, MaxNotes)}
	}
	return nil
}

// notesTooLong says whether err is CheckNotes' refusal.
func notesTooLong(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == EInvalid && e.Field == "notes"
}
