// Package cases is a call being worked and the record it leaves: the
// customer, the call type and language, checklist progress with timestamps,
// checks done, actions and adjustments, the escalation, the notes, the
// reason code and the timeline.
//
// The rules that protect customers live here so no adapter can bypass them:
// the authentication gate, the authority limit, and the redaction of card
// numbers, security codes and PINs, which Service applies before anything is
// handed to a Store. Stores (sqlite/, postgres/) implement the interfaces
// defined in store.go.
package cases
