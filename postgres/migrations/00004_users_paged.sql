-- +goose Up
-- GET /v1/users pages the accounts by the time crmd last changed them
-- (crm.UserQuery): each page is a range of this index, not a sort of
-- every account.
CREATE INDEX users_updated ON users (updated_at, username);

-- +goose Down
DROP INDEX users_updated;
