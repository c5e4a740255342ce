-- +goose Up
-- Idempotency keys are scoped to the user who sent them: one user's key
-- never blocks another user's write.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (subject, key);

-- The back office works the team's escalations from crmd: what the queue
-- filters and sorts on, and crmd's own times (received, due by the
-- escalation policy), apart from the agent's case body.
ALTER TABLE escalations
    ADD COLUMN priority    TEXT NOT NULL DEFAULT '',
    ADD COLUMN call_type   TEXT NOT NULL DEFAULT '',
    ADD COLUMN reason_code TEXT NOT NULL DEFAULT '',
    ADD COLUMN customer    TEXT NOT NULL DEFAULT '',
    ADD COLUMN account     TEXT NOT NULL DEFAULT '',
    ADD COLUMN resolution  TEXT NOT NULL DEFAULT '',
    ADD COLUMN received_at TIMESTAMPTZ,
    ADD COLUMN due_at      TIMESTAMPTZ;
UPDATE escalations SET status = 'received' WHERE status = 'sent';
UPDATE escalations SET received_at = updated_at, due_at = updated_at WHERE received_at IS NULL;
ALTER TABLE escalations ALTER COLUMN received_at SET NOT NULL, ALTER COLUMN due_at SET NOT NULL;
CREATE INDEX escalations_team ON escalations (updated_at, case_id);

-- Every move of an escalation, with who made it: the history is crmd's.
CREATE TABLE escalation_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES escalations (case_id),
    at          TIMESTAMPTZ NOT NULL,
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
    approved BOOLEAN NOT NULL,
    by       TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    comment  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, action)
);

-- +goose Down
DROP TABLE action_decisions;
DROP TABLE escalation_events;
DROP INDEX escalations_team;
UPDATE escalations SET status = 'sent' WHERE status = 'received';
ALTER TABLE escalations
    DROP COLUMN due_at, DROP COLUMN received_at, DROP COLUMN resolution, DROP COLUMN account,
    DROP COLUMN customer, DROP COLUMN reason_code, DROP COLUMN call_type, DROP COLUMN priority;
DELETE FROM idempotency_keys a USING idempotency_keys b WHERE a.key = b.key AND a.subject > b.subject;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (key);
