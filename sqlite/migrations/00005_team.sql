-- +goose Up
-- A supervisor's desk keeps the team's escalations from crmd, apart from
-- the supervisor's own cases: to work the queue, read and print offline.
-- body is the case as crmd sent it (the back office's side on it), or with
-- an action of this desk applied while it waits in the outbox (pending).
CREATE TABLE team_cases (
    case_id     TEXT PRIMARY KEY,
    ticket      TEXT NOT NULL,
    agent       TEXT NOT NULL,
    customer    TEXT NOT NULL,
    account     TEXT NOT NULL,
    priority    TEXT NOT NULL,
    call_type   TEXT NOT NULL,
    reason_code TEXT NOT NULL,
    status      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    undecided   INTEGER NOT NULL DEFAULT 0,
    pending     INTEGER NOT NULL DEFAULT 0,
    body        TEXT NOT NULL
);
CREATE INDEX team_cases_due ON team_cases (due_at, case_id);
CREATE INDEX team_cases_status ON team_cases (status, due_at);

-- +goose Down
DROP TABLE team_cases;
