package app

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

// A decision made at the desk and not yet on crmd: the queue's row says
// it is not sent yet, and the summary printed from the queue says so too,
// rather than print the approval as done for the supervisor to sign.
func TestTeamPrintSaysWhatHasNotReachedTheCRM(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	h, ts := newTeamHarness(t, locales.EN)
	ts.onDecide("C-LATE", 0, true, "Duplicate confirmed")
	h.mustHave(h.app.t.S("team.row.pending"))
	done := make(chan string, 1)
	ts.printer.done = func(path string, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- path
	}
	note := strings.Join(strings.Fields(h.app.t.S("pdf.history.waiting")), " ")
	for _, id := range []string{"C-LATE", "C-SOON"} {
		ts.printer.start([]string{id}, false)
		var path string
		select {
		case path = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("printing did not finish")
		}
		out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(strings.Fields(string(out)), " "); strings.Contains(got, note) != (id == "C-LATE") {
			t.Errorf("%s: the note that the decision is not on the CRM yet printed %v", id, id != "C-LATE")
		}
	}
}
