-- +goose Up
-- Test calls under way: kept from their start, each answer with them, so
-- a desk closed or killed mid-call loses nothing and the call is closed
-- as abandoned at the next start (training.OpenStore). A row goes when
-- the attempt is recorded in training_attempts, in the same transaction.
CREATE TABLE training_open_attempts (
    id          TEXT PRIMARY KEY,
    trainee     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    attempt     TEXT NOT NULL
);
CREATE INDEX training_open_attempts_trainee ON training_open_attempts (trainee, started_at);

-- +goose Down
DROP TABLE training_open_attempts;
