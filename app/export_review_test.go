package app

import (
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// A trainee names themselves on their own desk; the supervisor opens the
// export in a spreadsheet. A name that starts like a formula is written as
// text, not run as one, and the rest of the row is as it was.
func TestTrainingCSVWritesNamesAsTextNotFormulas(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	names := []string{`=HYPERLINK("http://evil.example/x","Click")`, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "Núria"}
	for _, n := range names {
		a := training.Attempt{Scenario: "promo_expired", Mode: training.Test, Trainee: n, Started: fixedNow}
		if _, err := h.tdb.SaveAttempt(context.Background(), a, training.Report{Total: 91.5, Passed: true}); err != nil {
			t.Fatal(err)
		}
	}
	h.training().onCSV(names)
	files := h.openedFiles()
	if len(files) != 1 {
		t.Fatalf("opened %v", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(names)+1 {
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	for i, row := range rows[1:] {
		cell := row[0]
		if strings.ContainsAny(cell[:1], "=+-@\t\r") {
			t.Errorf("trainee %q is written %q: a spreadsheet runs it as a formula", names[i], cell)
		}
		if !strings.HasSuffix(cell, names[i]) {
			t.Errorf("trainee %q is written %q", names[i], cell)
		}
		if row[6] != "91.5" || row[7] != "true" {
			t.Errorf("row %q: score and result changed", row)
		}
	}
}
