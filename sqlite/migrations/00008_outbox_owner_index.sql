-- +goose Up
-- The index 00007 creates, for a desk that ran 00007 in a development
-- build from before the index was part of it (the outbox counts name it).
CREATE INDEX IF NOT EXISTS outbox_owner ON outbox (owner, kind, ref, id) WHERE dead = 0;

-- +goose Down
SELECT 1;
