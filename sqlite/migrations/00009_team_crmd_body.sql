-- +goose Up
-- crmd's copy of a team case that a refresh read while an action of this
-- desk waited on it (body shows the action then, and keeps it): crmd's
-- answer to the action is laid on this copy, not on the desk's older one,
-- since the refreshes have read past the change it carries. NULL when the
-- body is crmd's latest the desk read.
ALTER TABLE team_cases ADD COLUMN crmd_body TEXT;

-- +goose Down
ALTER TABLE team_cases DROP COLUMN crmd_body;
