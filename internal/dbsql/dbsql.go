// Package dbsql is the database/sql plumbing the SQLite and PostgreSQL
// adapters share: a function run in one transaction, and rows read into
// a list. Their SQL stays in each adapter; this holds only what
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

// Rows reads each row with scan, given the row's Scan, and closes rows.
// It takes a query's two results as they come:
//
//	rows, err := db.QueryContext(ctx, q, args...)
//	return dbsql.Rows(rows, err, scanCase)
func Rows[T any](rows *sql.Rows, err error, scan func(scan func(dest ...any) error) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// JSONRows decodes each row's single column, a JSON body, into a new T,
// and closes rows. It takes a query's two results as they come:
//
//	return dbsql.JSONRows[cases.Customer](db.QueryContext(ctx, q, args...))
func JSONRows[T any](rows *sql.Rows, err error) ([]*T, error) {
	return Rows(rows, err, func(scan func(...any) error) (*T, error) {
		v := new(T)
		return v, scanJSON(scan, v)
	})
}

// JSONValues is JSONRows for lists held by value.
func JSONValues[T any](rows *sql.Rows, err error) ([]T, error) {
	return Rows(rows, err, func(scan func(...any) error) (T, error) {
		var v T
		return v, scanJSON(scan, &v)
	})
}

func scanJSON(scan func(...any) error, v any) error {
	var body []byte
	if err := scan(&body); err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}
