-- +goose Up
-- Whose save each outbox row is: the crmd username it must be sent
-- under. A desk shared by several agents keeps one outbox, and crmd takes
-- a case only from its own agent and files a supervisor's move under
-- whoever sends it, so a row waits for its owner's login instead of going
-- with the next person's token. A case row's owner is its agent when that
-- can be a crmd username; rows whose owner cannot be known stay '' and go
-- with any login, as before.
ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT '';
-- The other users' items are found by owner, not by reading every item
-- waiting: the counts are read after every batch of a drain.
CREATE INDEX outbox_owner ON outbox (owner, kind, ref, id) WHERE dead = 0;
UPDATE outbox SET owner = json_extract(body, '$.agent')
    WHERE kind = 'case' AND json_valid(body) AND json_type(body, '$.agent') = 'text'
      AND length(json_extract(body, '$.agent')) BETWEEN 1 AND 64
      AND json_extract(body, '$.agent') GLOB '[a-z0-9]*'
      AND json_extract(body, '$.agent') NOT GLOB '*[^a-z0-9._-]*';
UPDATE outbox SET owner = COALESCE((SELECT l.owner FROM outbox l WHERE 'conflict:' || l.id = outbox.idempotency_key), '')
    WHERE kind = 'conflict';

-- +goose Down
DROP INDEX outbox_owner;
ALTER TABLE outbox DROP COLUMN owner;
