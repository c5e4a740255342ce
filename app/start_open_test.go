package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/internal/instance"
	"agentdesk/locales"
)

// A second AgentDesk on the same data folder (its icon clicked twice) says
// the app is open already and where to look, in the person's language,
// not that its data could not be opened.
func TestASecondWindowSaysTheAppIsOpenAlready(t *testing.T) {
	for _, l := range locales.Langs {
		fy := test.NewTempApp(t)
		win := OpenWindow(fy)
		closed := false
		ShowStartupError(win, l, "/data", "/data/agentdesk.log", fmt.Errorf("%w (/data/agentdesk.lock)", instance.ErrHeld), func() { closed = true })
		tr := locales.New(l)
		got := strings.Join(texts(win.Content()), " ")
		for _, want := range []string{tr.S("startup.open.title"), tr.D("startup.open.body", map[string]any{"Dir": "/data"})} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the window shows %q, not %q", l, got, want)
			}
		}
		if strings.Contains(got, tr.S("startup.failed.title")) {
			t.Errorf("%s: an app already open is said to have failed: %q", l, got)
		}
		test.Tap(findButton(win.Content(), tr.S("startup.failed.close")))
		if !closed {
			t.Errorf("%s: Close did not end the app", l)
		}
	}
}
