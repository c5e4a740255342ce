package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// report reasons --week takes a week as people write it, in small letters,
// without the hyphen or the week's leading zero, and reports it as ISO
// writes it: "2026-w47" was refused as no week at all.
func TestReportReasonsTakesAWeekInSmallLetters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "agentdesk.db")
	if _, errs, code := pdfRun(t, "demo", "seed", "--db", db); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, errs)
	}
	for typed, want := range map[string]string{"2026-w47": "2026-W47", "2026W47": "2026-W47", "2026-W5": "2026-W05"} {
		out, errs, code := pdfRun(t, "report", "reasons", "--week", typed, "--out", filepath.Join(dir, "r.pdf"), "--db", db, "--json")
		var res struct {
			Week string `json:"week"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Week != want {
			t.Errorf("--week %s: exit %d, %q %q; want week %s", typed, code, out, errs, want)
		}
	}
}
