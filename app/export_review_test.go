package app

import (
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// The document language starts as the interface language. A supervisor
// who switches the interface to English and exports, without ever
// choosing another, gets English documents, not the Spanish the screen
// was first drawn in; a language they chose stays chosen.
func TestReportsDocumentLanguageFollowsTheInterfaceUntilChosen(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	if s.docLang != locales.ES {
		t.Fatalf("document language %s on a Spanish desk", s.docLang)
	}
	h.app.setUILang(locales.EN)
	if s.docLang != locales.EN || s.options().Lang != locales.EN {
		t.Errorf("after switching the interface to English the documents are in %s", s.options().Lang)
	}

	var lang *widget.RadioGroup
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && len(r.Options) == 2 && r.Options[1] == "English" {
			lang = r
		}
	})
	if lang == nil || lang.Selected != "English" {
		t.Fatalf("the document language shown is not English: %v", lang)
	}
	lang.SetSelected("Español") // chosen
	h.app.setUILang(locales.ES)
	h.app.setUILang(locales.EN)
	if s.docLang != locales.ES {
		t.Errorf("a chosen document language became %s after a switch", s.docLang)
	}
}

// The training CSV starts with a UTF-8 byte-order mark, so a spreadsheet
// reads its accented names as UTF-8 rather than in a legacy code page;
// after the mark it is plain CSV.
func TestTrainingCSVStartsWithAByteOrderMark(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	a := training.Attempt{Scenario: "promo_expired", Mode: training.Test, Trainee: "Núria", Started: fixedNow}
	if _, err := h.tdb.SaveAttempt(context.Background(), a, training.Report{Total: 80, Passed: false}); err != nil {
		t.Fatal(err)
	}
	h.training().onCSV([]string{"Núria"})
	files := h.openedFiles()
	if len(files) != 1 {
		t.Fatalf("opened %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(string(data), "\ufeff")
	if !ok {
		t.Fatalf("no byte-order mark: %q", data[:min(len(data), 12)])
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "trainee" || rows[1][0] != "Núria" {
		t.Errorf("rows %q, %v", rows, err)
	}
}

// The case summary is exported as the case stands with the notes on
// screen. Notes that cannot be saved (past their bound) would leave the
// document without them, as if never typed: the export says why instead,
// writes nothing, and the notes stay as typed.
func TestCaseExportWithNotesNotSavedSaysWhy(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.startCall("4417001234", "bill increase")
	typed := strings.Repeat("n", cases.MaxNotes+5)
	s.onNotes(typed)
	s.onExport()
	if b := findButton(h.app.Window().Canvas().Overlays().Top(), h.app.t.S("reports.export")); b != nil {
		test.Tap(b)
	}
	if files := h.openedFiles(); len(files) != 0 {
		t.Errorf("exported without the notes on screen: %v", files)
	}
	if got := strings.Join(h.overlayTexts(), " "); !strings.Contains(got, h.app.t.S("call.invalid.notes")) {
		t.Errorf("the export says %q", got)
	}
	if h.app.sess.Notes() != typed || !h.app.sess.NotesPending() {
		t.Error("the typed notes were dropped")
	}
}
