-- +goose Up
-- crmd on PostgreSQL: the same tables as on SQLite, with native types.
-- Several crmd instances share this database; everything they must agree
-- on is a row here, guarded by a primary key or a row lock.
CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'trainee', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    family     TEXT NOT NULL,
    username   TEXT NOT NULL REFERENCES users (username),
    access_jti TEXT NOT NULL,
    access_exp TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (username);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

CREATE TABLE revoked_jti (
    jti        TEXT PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cases (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    agent      TEXT NOT NULL,
    status     TEXT NOT NULL,
    account    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    synced_at  TIMESTAMPTZ NOT NULL,
    body       JSONB NOT NULL
);
CREATE INDEX cases_synced ON cases (synced_at, id);
CREATE INDEX cases_agent_synced ON cases (agent, synced_at, id);
CREATE INDEX cases_account ON cases (account);

CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE customers (
    account    TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    body       JSONB NOT NULL
);
CREATE INDEX customers_name ON customers (name);

CREATE TABLE escalations (
    case_id    TEXT PRIMARY KEY REFERENCES cases (id),
    ticket     TEXT NOT NULL DEFAULT '',
    agent      TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escalations_updated ON escalations (updated_at);
CREATE INDEX escalations_agent ON escalations (agent, updated_at);

CREATE TABLE playbooks (
    version      INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256       TEXT NOT NULL,
    files        JSONB NOT NULL,
    published_by TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE training_attempts (
    id          TEXT PRIMARY KEY,
    username    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    body        JSONB NOT NULL
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
