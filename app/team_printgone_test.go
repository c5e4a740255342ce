package app

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// goneTeam is the desk's team store with some cases gone from it (a
// refresh removed them while a batch printed).
type goneTeam struct {
	cases.TeamStore
	gone map[string]bool
}

func (g goneTeam) TeamCase(ctx context.Context, id string) (*cases.Case, error) {
	if g.gone[id] {
		return nil, cases.Errorf(cases.ENotFound, "team case %s", id)
	}
	return g.TeamStore.TeamCase(ctx, id)
}

// A case of a batch that can no longer be read does not sink the batch:
// the others print, and the supervisor is told which one was left out
// and why, by its ticket.
func TestTeamPrintBatchWithACaseGone(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		t.Run(string(lang), func(t *testing.T) {
			h, ts := newTeamHarness(t, lang)
			tr := h.app.t
			h.app.deps.Team = goneTeam{TeamStore: h.app.deps.Team, gone: map[string]bool{"C-SOON": true}}
			type end struct {
				path string
				err  error
			}
			done := make(chan end, 1)
			ts.printer.done = func(path string, err error) { done <- end{path, err} }
			ts.printer.start([]string{"C-LATE", "C-SOON", "C-LATER"}, false)
			var e end
			select {
			case e = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("printing did not finish")
			}
			if e.err != nil || e.path == "" {
				t.Fatalf("the batch failed for one case gone: %q, %v", e.path, e.err)
			}
			got := ts.printer.result.Text
			notFound := h.app.errorText(cases.Errorf(cases.ENotFound, "team case C-SOON"))
			for _, want := range []string{"ESC-C-SOON", notFound, tr.N("team.print.skipped", 1, map[string]any{"Cases": "ESC-C-SOON (" + notFound + ")"})} {
				if !strings.Contains(got, want) {
					t.Errorf("the result %q does not say %q", got, want)
				}
			}
			if strings.Contains(got, "!") {
				t.Errorf("a missing text in %q", got)
			}
			if _, err := exec.LookPath("pdftotext"); err == nil {
				out, err := exec.Command("pdftotext", "-layout", e.path, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(out), "ESC-C-LATE") || !strings.Contains(string(out), "ESC-C-LATER") {
					t.Error("the cases still there were not printed")
				}
			}

			// Every case gone: nothing printed, and each named.
			h.app.deps.Team = goneTeam{TeamStore: h.app.deps.Team, gone: map[string]bool{"C-LATE": true, "C-SOON": true}}
			ts.printer.start([]string{"C-LATE", "C-SOON"}, false)
			select {
			case e = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("printing did not finish")
			}
			if e.err == nil {
				t.Error("nothing printed, and no error")
			}
			got = ts.printer.result.Text
			for _, want := range []string{"ESC-C-LATE", "ESC-C-SOON"} {
				if !strings.Contains(got, want) {
					t.Errorf("the result %q does not name %q", got, want)
				}
			}
		})
	}
}
