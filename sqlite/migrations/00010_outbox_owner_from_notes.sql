-- +goose Up
-- An item without an owner goes out under the next login, and what crmd
-- answers is that login's to see to. Sync used to note that login in a
-- setting (sync.refused_under.<item id>, for a refusal and for the
-- conflict after it), written after the outcome in a transaction of its
-- own; the outbox row now takes the login as its owner with the outcome.
-- The notes become owners, on the item and on its conflict row, and go.
-- Only items set aside had notes that counted; one with an owner keeps it.
UPDATE outbox SET owner = (SELECT s.value FROM settings s WHERE s.key = 'sync.refused_under.' || outbox.id)
    WHERE owner = '' AND dead = 1 AND kind <> 'conflict'
      AND EXISTS (SELECT 1 FROM settings s WHERE s.key = 'sync.refused_under.' || outbox.id AND s.value <> '');
UPDATE outbox SET owner = COALESCE((SELECT l.owner FROM outbox l WHERE 'conflict:' || l.id = outbox.idempotency_key), '')
    WHERE kind = 'conflict' AND owner = '';
DELETE FROM settings WHERE key GLOB 'sync.refused_under.*';
-- Each login keeps its own last sync (sync.last_sync.<login>); the
-- desk-wide one has not been written since and was whoever synced last.
DELETE FROM settings WHERE key = 'crm.last_sync';

-- +goose Down
-- The owners stay: an item's owner is what it was sent under, and the
-- notes said no more than that.
SELECT 1;
