package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
)

// A year of calls is thousands of cases, and the cases screen searches
// them at every key typed. A search reads each case's text as plainly as
// SQLite reads a column: folding the names and notes of every case again
// at every search (a Go function called twice a row) took a third of a
// second a key over 10,000 cases, with the window frozen meanwhile.
func TestSearchingManyCasesReadsTheirTextOnce(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	// The file's durability is not what is measured here.
	db.SQL().SetMaxOpenConns(1)
	if _, err := db.SQL().ExecContext(ctx, `PRAGMA synchronous = OFF`); err != nil {
		t.Fatal(err)
	}
	notes := strings.Repeat("El cliente pidió revisar la factura de diciembre; se explicó el cargo. ", 30)
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	const n = 3000
	for i := range n {
		c := &cases.Case{ID: fmt.Sprintf("C-20260101-%06d", i), Version: 1, Agent: "ana", Status: cases.StatusClosed, CallType: "bill_increase",
			Customer: cases.Customer{Account: fmt.Sprintf("44%08d", i), Name: fmt.Sprintf("Lucía Gómez %d", i)},
			Notes:    notes, CreatedAt: at.Add(time.Duration(i) * time.Minute), UpdatedAt: at.Add(time.Duration(i) * time.Minute)}
		if err := db.CreateCase(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	quickest := func(run func()) time.Duration {
		best := time.Hour
		for range 3 {
			t0 := time.Now()
			run()
			best = min(best, time.Since(t0))
		}
		return best
	}
	plain := quickest(func() {
		var k int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE customer_name LIKE '%qzx%' OR notes LIKE '%qzx%'`).Scan(&k); err != nil {
			t.Fatal(err)
		}
	})
	search := quickest(func() {
		if got, err := db.ListCases(ctx, cases.Filter{Text: "QZX", Agent: "ana", Limit: 201}); err != nil || len(got) != 0 {
			t.Fatalf("%d %v", len(got), err)
		}
	})
	if search > 5*plain+5*time.Millisecond {
		t.Errorf("a search over %d cases that finds none took %v; reading their names and notes takes %v", n, search, plain)
	}
	// Still found as folded: accents, case, spaces.
	if got, err := db.ListCases(ctx, cases.Filter{Text: "lucia  GOMEZ 2999", Limit: 201}); err != nil || len(got) != 1 {
		t.Errorf("lucia  GOMEZ 2999: %d %v", len(got), err)
	}
	if got, err := db.ListCases(ctx, cases.Filter{Text: "EXPLICO EL CARGO", Limit: 10}); err != nil || len(got) != 10 {
		t.Errorf("explico el cargo: %d %v", len(got), err)
	}
}
