// Package server is crmd's HTTP API: the handlers, the authorization
// table, JWT issuing and verification, the signing keys, password hashing,
// rate limits, metrics and the customer import. cmd/crmd runs it; the
// desks never link it.
//
// The server is stateless apart from its crm.Store (sqlite or postgres) and
// its signing keys, so several crmd instances can share one PostgreSQL
// database behind a load balancer: tokens are verified with public keys
// alone, and everything that must be agreed between instances (idempotency
// keys, refresh-token families, revoked token IDs) lives in the database.
package server
