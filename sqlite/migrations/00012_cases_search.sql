-- +goose Up
-- A case's customer name and notes as the desk's searches compare them
-- (deskfold: no case, no accents, one space for any run of spaces),
-- written with every save: folding every case's text again at every
-- search, a Go function called twice a row, took a third of a second a
-- key typed over 10,000 cases. The line break between the two is never
-- in a folded search.
ALTER TABLE cases ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE cases SET search = deskfold(customer_name) || char(10) || deskfold(notes);

-- +goose Down
ALTER TABLE cases DROP COLUMN search;
