package dbsql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"agentdesk/internal/dbsql"
)

type item struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "t.db")+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func count(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM items`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A failing function leaves nothing written and its error comes back as
// it was; a succeeding one commits everything.
func TestInTx(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	boom := errors.New("boom")
	err := dbsql.InTx(ctx, db, "test", func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO items (body) VALUES ('{}')`); err != nil {
			return err
		}
		return boom
	})
	if err != boom || count(t, db) != 0 {
		t.Fatalf("rolled back: err %v, %d rows", err, count(t, db))
	}
	err = dbsql.InTx(ctx, db, "test", func(tx *sql.Tx) error {
		for _, b := range []string{`{"name":"a","n":1}`, `{"name":"b","n":2}`} {
			if _, err := tx.Exec(`INSERT INTO items (body) VALUES (?)`, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || count(t, db) != 2 {
		t.Fatalf("committed: err %v, %d rows", err, count(t, db))
	}
}

// Rows decode in order, by pointer and by value; a query error, a body that is not JSON and an
// empty result each come back as they should.
func TestJSONRows(t *testing.T) {
	db := open(t)
	if _, err := db.Exec(`INSERT INTO items (body) VALUES ('{"name":"a","n":1}'), ('{"name":"b","n":2}')`); err != nil {
		t.Fatal(err)
	}
	got, err := dbsql.JSONRows[item](db.Query(`SELECT body FROM items ORDER BY id`))
	if err != nil || len(got) != 2 || *got[0] != (item{"a", 1}) || *got[1] != (item{"b", 2}) {
		t.Fatalf("%+v %v", got, err)
	}
	vals, err := dbsql.JSONValues[item](db.Query(`SELECT body FROM items ORDER BY id`))
	if err != nil || len(vals) != 2 || vals[0] != (item{"a", 1}) || vals[1] != (item{"b", 2}) {
		t.Fatalf("values: %+v %v", vals, err)
	}
	if got, err := dbsql.JSONRows[item](db.Query(`SELECT body FROM items WHERE id < 0`)); err != nil || len(got) != 0 {
		t.Errorf("empty: %+v %v", got, err)
	}
	if _, err := dbsql.JSONRows[item](db.Query(`SELECT body FROM nowhere`)); err == nil {
		t.Error("a failed query gave no error")
	}
	if _, err := db.Exec(`INSERT INTO items (body) VALUES ('not json')`); err != nil {
		t.Fatal(err)
	}
	if _, err := dbsql.JSONRows[item](db.Query(`SELECT body FROM items ORDER BY id`)); err == nil {
		t.Error("a body that is not JSON gave no error")
	}
	if _, err := dbsql.JSONValues[item](db.Query(`SELECT body FROM items ORDER BY id`)); err == nil {
		t.Error("values: a body that is not JSON gave no error")
	}
}

func TestRows(t *testing.T) {
	db := open(t)
	if _, err := db.Exec(`INSERT INTO items (id, body) VALUES (1, 'x'), (2, 'y'), (3, 'stop'), (4, 'z')`); err != nil {
		t.Fatal(err)
	}
	errStop := errors.New("stop")
	scan := func(scan func(...any) error) (string, error) {
		var id int
		var body string
		if err := scan(&id, &body); err != nil {
			return "", err
		}
		if body == "stop" {
			return "", errStop
		}
		return fmt.Sprint(id, body), nil
	}
	list := func(q string) ([]string, error) {
		rows, err := db.Query(q)
		return dbsql.Rows(rows, err, scan)
	}
	got, err := list(`SELECT id, body FROM items WHERE id < 3 ORDER BY id`)
	if err != nil || !slices.Equal(got, []string{"1x", "2y"}) {
		t.Fatalf("%q %v", got, err)
	}
	if got, err := list(`SELECT id, body FROM items ORDER BY id`); !errors.Is(err, errStop) || got != nil {
		t.Errorf("a row scan failed: %q %v, want the scan's error and no list", got, err)
	}
	if _, err := list(`SELECT id, body FROM nowhere`); err == nil {
		t.Error("a failed query gave no error")
	}
	// Every path closes the rows: a connection left busy would make the
	// next statement on this one-connection pool wait for ever.
	db.SetMaxOpenConns(1)
	for range 3 {
		list(`SELECT id, body FROM items ORDER BY id`)
	}
	if _, err := db.Exec(`DELETE FROM items`); err != nil {
		t.Fatal(err)
	}
}
