// Package crm is the sync protocol between the desktop app and crmd, the
// central CRM service: the request and response types both sides share, the
// HTTP server that cmd/crmd runs, JWT issuing and verification, and the
// desktop client with its outbox worker.
//
// The server is stateless apart from its Store (sqlite/ or postgres/) and
// its signing keys, so several crmd instances can share one PostgreSQL
// database behind a load balancer: tokens are verified with public keys
// alone, and everything that must be agreed between instances (idempotency
// keys, refresh-token families, revoked token IDs) lives in the database.
//
// Nothing here imports fyne: the desktop app receives the worker's progress
// through callbacks and decides itself how to show it.
package crm
