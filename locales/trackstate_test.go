package locales_test

import (
	"strings"
	"testing"

	"agentdesk/locales"
)

// The training screen's badge beside a track and the progress PDF's status
// of that track name the same standing the same way: in Spanish both
// qualify "la ruta", so "completo" beside "Completa" read as two things.
func TestTrackStandingSaidAlikeOnScreenAndPDF(t *testing.T) {
	for _, l := range locales.Langs {
		tr := locales.New(l)
		for screen, pdf := range map[string]string{
			"training.ui.not_certified": tr.S("pdf.progress.track.complete"),
			"training.ui.certified":     tr.D("pdf.progress.track.certified", map[string]any{"Date": "23/11/2026"}),
		} {
			badge := tr.S(screen)
			if !strings.HasPrefix(strings.ToLower(pdf), badge) {
				t.Errorf("%s: the screen says %q, the PDF %q", l, badge, pdf)
			}
			// Beside "completa", a masculine "certificado" read as a
			// mistake of agreement: the standing is said without one.
			if l == locales.ES && !strings.Contains(badge, " ") && strings.HasSuffix(badge, "ado") {
				t.Errorf("es: %q does not agree with \"ruta\"", badge)
			}
		}
	}
}
