// Package desksync keeps a desk in step with crmd: the outbox worker that
// sends every save (at least once, with idempotency keys, so exactly once
// in effect), the pulls of what the back office changed, the playbook crmd
// publishes, the upload of training attempts, and the bookkeeping of
// conflicts, which are never resolved without a person.
//
// It imports no fyne: the desktop's status bar and dialogs are fed through
// callbacks and draw on their own thread, and agentctl runs the same code
// without a window.
package desksync
