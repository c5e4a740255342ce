-- +goose Up
-- Why an outbox item did not go, and why crmd refused a training attempt,
-- are kept as crm's codes (crm.Code), which the desk translates; they were
-- kept as "http <status> <code>" text, which the desk parsed back.
UPDATE outbox SET last_error = 'precondition_failed' WHERE last_error LIKE 'conflict:%';
UPDATE outbox SET last_error = substr(last_error, 6 + instr(substr(last_error, 6), ' '))
    WHERE last_error LIKE 'http % %';
UPDATE settings SET value = 'refused: ' || substr(value, 15 + instr(substr(value, 15), ' '))
    WHERE key LIKE 'crm.uploaded.%' AND value LIKE 'refused: http % %';

-- +goose Down
-- The codes read fine as they are; there is nothing to undo.
SELECT 1;
