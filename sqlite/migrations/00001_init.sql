-- +goose Up
-- Cases keep their whole record as JSON in body, with the columns lists and
-- searches need beside it: the record evolves with the product without a
-- migration for every new field, and the indexed columns stay honest.
CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL,
    agent         TEXT NOT NULL,
    status        TEXT NOT NULL,
    call_type     TEXT NOT NULL,
    account       TEXT NOT NULL DEFAULT '',
    customer_name TEXT NOT NULL DEFAULT '',
    ticket        TEXT NOT NULL DEFAULT '',
    reason_code   TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX cases_updated ON cases (updated_at);
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_agent_status ON cases (agent, status);
CREATE INDEX cases_account ON cases (account);
CREATE INDEX cases_ticket ON cases (ticket) WHERE ticket <> '';

CREATE TABLE case_events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    kind    TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '',
    actor   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, seq);

CREATE TABLE customers (
    account    TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX customers_name ON customers (name);

-- The outbox row that syncs a save is written in the save's transaction.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    ref             TEXT NOT NULL,
    version         INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    dead            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (dead, next_at, id);

CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE sequences;
DROP TABLE outbox;
DROP TABLE customers;
DROP TABLE case_events;
DROP TABLE cases;
