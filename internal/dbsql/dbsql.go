// Package dbsql is the database/sql plumbing the SQLite and PostgreSQL
// adapters share: a function run in one transaction, and rows of JSON
// bodies decoded. Their SQL stays in each adapter; this holds only what
// is the same word for word in both.
package dbsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// InTx runs fn in one transaction on db: committed when fn returns nil,
// rolled back when it returns an error, which is returned as it is. name
// ("sqlite", "postgres") prefixes the errors of BEGIN and COMMIT.
func InTx(ctx context.Context, db *sql.DB, name string, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", name, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", name, err)
	}
	return nil
}

// JSONRows decodes each row's single column, a JSON body, into a new T,
// and closes rows. It takes a query's two results as they come:
//
//	return dbsql.JSONRows[cases.Customer](db.QueryContext(ctx, q, args...))
func JSONRows[T any](rows *sql.Rows, err error) ([]*T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		v := new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
