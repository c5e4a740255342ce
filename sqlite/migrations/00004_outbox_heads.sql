-- +goose Up
-- The head of each case's queue (its oldest pending version) is found by
-- an index instead of grouping the whole outbox on every read: a backlog
-- of ten thousand saves drained in batches read it a hundred times.
CREATE INDEX outbox_heads ON outbox (kind, ref, id) WHERE dead = 0;

-- +goose Down
DROP INDEX outbox_heads;
