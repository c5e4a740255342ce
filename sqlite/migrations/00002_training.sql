-- +goose Up
-- Training attempts and certificates. They live in the training database
-- (the production one has the tables too, empty: one schema, two kinds).
CREATE TABLE training_attempts (
    id          TEXT PRIMARY KEY,
    trainee     TEXT NOT NULL,
    scenario    TEXT NOT NULL,
    mode        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    total       REAL NOT NULL,
    passed      INTEGER NOT NULL,
    attempt     TEXT NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX training_attempts_trainee ON training_attempts (trainee, started_at);

CREATE TABLE training_certificates (
    trainee TEXT NOT NULL,
    track   TEXT NOT NULL,
    at      TEXT NOT NULL,
    body    TEXT NOT NULL,
    PRIMARY KEY (trainee, track)
);

-- +goose Down
DROP TABLE training_certificates;
DROP TABLE training_attempts;
