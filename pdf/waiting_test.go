package pdf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/pdf"
)

// A move or a decision made at a supervisor's desk and not yet on crmd
// prints as done (by whom, when), as the desk applied it; the queue's row
// says it is not sent yet, and crmd may still refuse it (another
// supervisor decided first). The summary the supervisor signs says so
// too, in its own language, in a batch and in a file per case, and only
// for the cases marked waiting.
func TestCaseSummarySaysWhatHasNotReachedTheCRM(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			c, tl := richCase(t)
			at := c.Escalation.At.Add(2 * time.Hour)
			for i := range c.Actions {
				if c.Actions[i].Pending {
					c.Actions[i].Decision = &cases.Decision{Approved: true, By: "Susana", At: at}
				}
			}
			note := strings.Join(strings.Fields(locales.New(l).S("pdf.history.waiting")), " ")
			if strings.HasPrefix(note, "!") {
				t.Fatalf("no words for the note: %q", note)
			}
			for _, waiting := range []bool{false, true} {
				items := []pdf.CaseWithTimeline{{Case: c, Timeline: tl, Waiting: waiting}}
				var buf bytes.Buffer
				if err := pdf.CaseBatch(&buf, items, opts(l), nil); err != nil {
					t.Fatal(err)
				}
				paths, err := pdf.WriteCaseFiles(filepath.Join(t.TempDir(), "out"), items, opts(l), nil)
				if err != nil || len(paths) != 1 {
					t.Fatalf("%v %v", paths, err)
				}
				file, err := os.ReadFile(paths[0])
				if err != nil {
					t.Fatal(err)
				}
				for what, doc := range map[string][]byte{"batch": buf.Bytes(), "file": file} {
					got := strings.Join(strings.Fields(text(t, doc)), " ")
					if strings.Contains(got, note) != waiting {
						t.Errorf("%s, waiting %v: the note %q printed %v", what, waiting, note, !waiting)
					}
				}
			}
		})
	}
}
