// Package crm is what the desks and crmd, the central CRM service, agree
// on: the request and response types of the /v1 API, the error codes, the
// contracts of the stores (crmd's in store.go, the desk's outbox in
// outbox.go) and the HTTP client the desks use.
//
// It carries nothing of the server: the handlers, tokens, keys, passwords
// and metrics are in crm/server, which only cmd/crmd links. The desktop
// and agentctl import this package and never pull in Prometheus, Argon2 or
// JWT signing (a test in cmd/agentdesk checks the dependency list).
//
// Nothing here imports fyne: the desk's sync (package desksync) receives
// the client's answers and decides itself how to show them.
package crm
