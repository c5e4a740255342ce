package sqlite

// busy marks a read of SQLite's own SQL (the search of customers) as
// crmsql marks the shared reads: given up after the busy timeout, behind a
// program that holds the whole file (WAL lets a read past a writer, not
// past a second crmd in exclusive locking mode or a restore), it is
// crm.ErrBusy for crmd to answer 503 with Retry-After, not 500.
func busy[T any](v T, err error) (T, error) { return v, dialect.Busy(err) }
