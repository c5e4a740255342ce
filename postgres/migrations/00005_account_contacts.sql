-- +goose Up
-- GET /v1/customers/{account}/contacts reads an account's latest cases,
-- every agent's, newest first by crmd's receipt (crm.Store's
-- ListContacts): a range of this index read backwards, not a sort of
-- every case the account ever had. It takes over cases_account, whose
-- lookups by account it serves as well, so a case write keeps one index
-- of the account and not two.
CREATE INDEX cases_account_created ON cases (account, created_at, id);
DROP INDEX cases_account;

-- +goose Down
CREATE INDEX cases_account ON cases (account);
DROP INDEX cases_account_created;
