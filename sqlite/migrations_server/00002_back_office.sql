-- +goose Up
-- Idempotency keys are scoped to the user who sent them: one user's key
-- never blocks another user's write.
CREATE TABLE idempotency_keys_scoped (
    subject     TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (subject, key)
);
INSERT INTO idempotency_keys_scoped (subject, key, fingerprint, status, response, created_at)
    SELECT subject, key, fingerprint, status, response, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_scoped RENAME TO idempotency_keys;

-- The back office works the team's escalations from crmd: what the queue
-- filters and sorts on, and crmd's own times (received, due by the
-- escalation policy), apart from the agent's case body.
ALTER TABLE escalations ADD COLUMN priority    TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN call_type   TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN customer    TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN account     TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN resolution  TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE escalations ADD COLUMN due_at      INTEGER NOT NULL DEFAULT 0;
UPDATE escalations SET status = 'received' WHERE status = 'sent';
UPDATE escalations SET received_at = updated_at, due_at = updated_at WHERE received_at = 0;
CREATE INDEX escalations_team ON escalations (updated_at, case_id);

-- Every move of an escalation, with who made it: the history is crmd's.
CREATE TABLE escalation_events (
    id          INTEGER PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES escalations (case_id),
    at          INTEGER NOT NULL,
    by          TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    resolution  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escalation_events_case ON escalation_events (case_id, id);

-- A supervisor's answer to an amount above an agent's authority, by the
-- action's position in the case.
CREATE TABLE action_decisions (
    case_id  TEXT NOT NULL REFERENCES cases (id),
    action   INTEGER NOT NULL,
    approved INTEGER NOT NULL,
    by       TEXT NOT NULL,
    at       INTEGER NOT NULL,
    comment  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, action)
);

-- +goose Down
DROP TABLE action_decisions;
DROP TABLE escalation_events;
DROP INDEX escalations_team;
UPDATE escalations SET status = 'sent' WHERE status = 'received';
ALTER TABLE escalations DROP COLUMN due_at;
ALTER TABLE escalations DROP COLUMN received_at;
ALTER TABLE escalations DROP COLUMN resolution;
ALTER TABLE escalations DROP COLUMN account;
ALTER TABLE escalations DROP COLUMN customer;
ALTER TABLE escalations DROP COLUMN reason_code;
ALTER TABLE escalations DROP COLUMN call_type;
ALTER TABLE escalations DROP COLUMN priority;
CREATE TABLE idempotency_keys_global (
    key         TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);
INSERT OR IGNORE INTO idempotency_keys_global (key, subject, fingerprint, status, response, created_at)
    SELECT key, subject, fingerprint, status, response, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_global RENAME TO idempotency_keys;
