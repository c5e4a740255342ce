package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// A year of calls is thousands of cases, and the cases screen searches
// them at every key typed. A search reads each case's text as folded when
// the case was saved (the search column): folding the names and notes of
// every case again at every search (a Go function called twice a row)
// took a third of a second a key over 10,000 cases, with the window frozen
// meanwhile. The column is what is read: a row whose column says
// otherwise than its name is found by the column.
func TestSearchingCasesReadsTheirTextAsSaved(t *testing.T) {
	db, ctx := manyCases(t, 50)
	if _, err := db.SQL().ExecContext(ctx, `UPDATE cases SET search = 'zanzibar' WHERE id = 'C-20260101-000007'`); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ListCases(ctx, cases.Filter{Text: "Zanzíbar", Limit: 201}); err != nil || len(got) != 1 || got[0].ID != "C-20260101-000007" {
		t.Errorf("a search for the column's text: %d %v", len(got), err)
	}
	// Still found as folded: accents, case, spaces.
	if got, err := db.ListCases(ctx, cases.Filter{Text: "lucia  GOMEZ 42", Limit: 201}); err != nil || len(got) != 1 {
		t.Errorf("lucia  GOMEZ 42: %d %v", len(got), err)
	}
	if got, err := db.ListCases(ctx, cases.Filter{Text: "EXPLICO EL CARGO", Limit: 10}); err != nil || len(got) != 10 {
		t.Errorf("explico el cargo: %d %v", len(got), err)
	}
}

// BenchmarkSearchCases3k is a search that finds none of 3,000 cases with
// a page of notes each: what a key typed in the cases screen costs.
func BenchmarkSearchCases3k(b *testing.B) {
	db, ctx := manyCases(b, 3000)
	b.ResetTimer()
	for b.Loop() {
		if got, err := db.ListCases(ctx, cases.Filter{Text: "QZX", Agent: "ana", Limit: 201}); err != nil || len(got) != 0 {
			b.Fatalf("%d %v", len(got), err)
		}
	}
}

// manyCases is a desk database holding n closed cases of Lucía Gómez i,
// each with a page of notes.
func manyCases(tb testing.TB, n int) (*sqlite.DB, context.Context) {
	tb.Helper()
	db := sqlitetest.Open(tb, "", sqlite.Production)
	ctx := context.Background()
	// The file's durability is not what is measured here.
	db.SQL().SetMaxOpenConns(1)
	if _, err := db.SQL().ExecContext(ctx, `PRAGMA synchronous = OFF`); err != nil {
		tb.Fatal(err)
	}
	notes := strings.Repeat("El cliente pidió revisar la factura de diciembre; se explicó el cargo. ", 30)
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		c := &cases.Case{ID: fmt.Sprintf("C-20260101-%06d", i), Version: 1, Agent: "ana", Status: cases.StatusClosed, CallType: "bill_increase",
			Customer: cases.Customer{Account: fmt.Sprintf("44%08d", i), Name: fmt.Sprintf("Lucía Gómez %d", i)},
			Notes:    notes, CreatedAt: at.Add(time.Duration(i) * time.Minute), UpdatedAt: at.Add(time.Duration(i) * time.Minute)}
		if err := db.CreateCase(ctx, c, nil); err != nil {
			tb.Fatal(err)
		}
	}
	return db, ctx
}
