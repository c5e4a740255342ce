-- +goose Up
-- A decision is on an action as it stood when it was decided: which action
-- and what amount. A later version of the case that puts another action or
-- another amount at that position has not been decided. Decisions made
-- before this migration name neither ('' and 0) and stand as they were.
ALTER TABLE action_decisions ADD COLUMN action_id TEXT NOT NULL DEFAULT '';
ALTER TABLE action_decisions ADD COLUMN amount INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE action_decisions DROP COLUMN amount;
ALTER TABLE action_decisions DROP COLUMN action_id;
