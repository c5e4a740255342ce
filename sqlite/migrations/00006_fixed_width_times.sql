-- +goose Up
-- Times compared or sorted as text are rewritten at the fixed width the
-- store now writes ("2026-11-23T10:00:00.250000000Z"): RFC 3339 without
-- trailing zeros sorted "10:00:00.25Z" before "10:00:00Z".
UPDATE cases SET created_at = CASE WHEN length(created_at) = 20 THEN substr(created_at, 1, 19) || '.000000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000000', 1, 9) || 'Z' END
    WHERE length(created_at) BETWEEN 20 AND 29 AND created_at LIKE '%Z';
UPDATE cases SET updated_at = CASE WHEN length(updated_at) = 20 THEN substr(updated_at, 1, 19) || '.000000000Z'
    ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000000', 1, 9) || 'Z' END
    WHERE length(updated_at) BETWEEN 20 AND 29 AND updated_at LIKE '%Z';
UPDATE training_attempts SET started_at = CASE WHEN length(started_at) = 20 THEN substr(started_at, 1, 19) || '.000000000Z'
    ELSE substr(started_at, 1, 20) || substr(substr(started_at, 21, length(started_at) - 21) || '000000000', 1, 9) || 'Z' END
    WHERE length(started_at) BETWEEN 20 AND 29 AND started_at LIKE '%Z';
UPDATE training_certificates SET at = CASE WHEN length(at) = 20 THEN substr(at, 1, 19) || '.000000000Z'
    ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000000', 1, 9) || 'Z' END
    WHERE length(at) BETWEEN 20 AND 29 AND at LIKE '%Z';

-- +goose Down
-- The fixed width reads as RFC 3339 too: nothing to undo.
SELECT 1;
