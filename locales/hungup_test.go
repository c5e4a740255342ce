package locales_test

import (
	"strings"
	"testing"

	"agentdesk/locales"
)

// When the caller hangs up in practice, the notice sends the trainee to a
// button: it names it as the button says it ("take your last answer back"
// named no button; the one there says "Retry this step").
func TestHungUpNoticeNamesTheRetryButton(t *testing.T) {
	for _, l := range locales.Langs {
		tr := locales.New(l)
		if notice, button := tr.S("training.ui.hung_up"), tr.S("training.ui.retry"); !strings.Contains(notice, button) {
			t.Errorf("%s: %q does not name the button %q", l, notice, button)
		}
	}
}
