//go:build cgo

package sqlite

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// isBusy reports SQLite refusing a write for another connection's: the
// database (or a table) locked past the busy timeout. crmd's writers take
// the lock at BEGIN (_txlock=immediate), so it comes before anything is
// written; another program holding the file (a backup, a second crmd
// pointed at it) is what keeps it that long. go-sqlite3 defines its error
// type only with cgo, hence this file and busy_nocgo.go.
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}
