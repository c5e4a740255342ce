-- +goose Up
-- crmd's own database: never the desktop's file. Times are INTEGER unix
-- microseconds (UTC), so comparisons and cursors are exact.
CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'trainee', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Refresh tokens by hash; one family per login. used_at is set when a token
-- is rotated: presenting it again revokes the family.
CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    family     TEXT NOT NULL,
    username   TEXT NOT NULL REFERENCES users (username),
    access_jti TEXT NOT NULL,
    access_exp INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    revoked_at INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (username);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

CREATE TABLE revoked_jti (
    jti        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);

-- synced_at is the server's time of the last write: the order in which
-- desktops pull, whatever the agents' clocks said.
CREATE TABLE cases (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    agent      TEXT NOT NULL,
    status     TEXT NOT NULL,
    account    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    synced_at  INTEGER NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX cases_synced ON cases (synced_at, id);
CREATE INDEX cases_agent_synced ON cases (agent, synced_at, id);
CREATE INDEX cases_account ON cases (account);

-- Every accepted write's key, with the answer given, so a resend gets the
-- same answer and is applied once.
CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE customers (
    account    TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX customers_name ON customers (name);

-- The back office's status of a case's escalation, kept apart from the
-- case so neither side overwrites the other's version.
CREATE TABLE escalations (
    case_id    TEXT PRIMARY KEY REFERENCES cases (id),
    ticket     TEXT NOT NULL DEFAULT '',
    agent      TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escalations_updated ON escalations (updated_at);
CREATE INDEX escalations_agent ON escalations (agent, updated_at);

CREATE TABLE playbooks (
    version      INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256       TEXT NOT NULL,
    files        TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at INTEGER NOT NULL
);

CREATE TABLE training_attempts (
    id          TEXT PRIMARY KEY,
    username    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX training_attempts_user ON training_attempts (username, received_at);
CREATE INDEX training_attempts_received ON training_attempts (received_at);

-- +goose Down
DROP TABLE training_attempts;
DROP TABLE playbooks;
DROP TABLE escalations;
DROP TABLE customers;
DROP TABLE idempotency_keys;
DROP TABLE cases;
DROP TABLE revoked_jti;
DROP TABLE refresh_tokens;
DROP TABLE users;
