package pdf_test

import (
	"strings"
	"testing"

	"agentdesk/locales"
)

// Text pasted from a web page or a mail can part its lines with the
// Unicode line and paragraph separators, which the font draws as nothing:
// printed, "Llamó el lunes" and "Volverá a llamar" ran together as one
// word. They break the line, as a line break does, and so does a carriage
// return alone (an old Mac's line end).
func TestCaseSummaryBreaksLinesAtUnicodeSeparators(t *testing.T) {
	c, tl := richCase(t)
	c.Notes = "Llamó el lunes\u2028Volverá a llamar\u2029Pidió el reembolso"
	c.Escalation.Reason = "Cargo doble\u2028en noviembre\rsegún la clienta"
	got := text(t, summary(t, c, tl, opts(locales.ES)))
	for _, joined := range []string{"lunesVolverá", "llamarPidió", "doble\u2028en", "doblen", "dobleen", "noviembresegún"} {
		if strings.Contains(got, joined) {
			t.Errorf("lines run together: %q", joined)
		}
	}
	contains(t, got, "Llamó el lunes", "Volverá a llamar", "Pidió el reembolso", "Cargo doble", "según la clienta")
}
