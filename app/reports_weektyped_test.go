package app

import (
	"path/filepath"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A week typed as people write it, in small letters, without the hyphen
// or the week's leading zero, is the week meant: "2026-w47" was refused
// with "Type the week like 2026-W47", which looks the same to most eyes.
// The report is named and headed as ISO writes it.
func TestAWeekTypedInSmallLettersIsTheWeekMeant(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("reports")
	s := h.reports()
	for i, typed := range []string{"2026-w47", " 2026W47 ", "2026-W5"} {
		s.week = typed
		reasonReport(t, s)
		files := h.openedFiles()
		want := map[int]string{0: "reasons-2026-W47-en", 1: "reasons-2026-W47-en-2", 2: "reasons-2026-W05-en"}[i]
		if len(files) != i+1 || filepath.Base(files[i]) != want+".pdf" {
			t.Errorf("%q: %q, opened %v, want %s.pdf", typed, s.result.Text, files, want)
			return
		}
	}
}
