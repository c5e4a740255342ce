package app

import (
	"testing"

	"fyne.io/fyne/v2/widget"

	"agentdesk/playbook"
)

// Fyne breaks a script's lines between segments: what follows a value
// starts its own segment, and a line that broke there began with the
// space after the value's full stop (" Lamento las molestias…", seen in
// the Spanish acknowledgement script). The punctuation and the space
// after a value go with the value; the next segment starts at a word.
func TestScriptSegmentsStartAtAWord(t *testing.T) {
	for _, tc := range []struct {
		name     string
		r        playbook.Rendered
		wantNext string
	}{
		{"a full stop and a space", playbook.Rendered{{Text: "nos llama por "}, {Name: "reason", Text: "un aumento en su factura"}, {Text: ". Lamento las molestias."}}, "Lamento las molestias."},
		{"a space alone", playbook.Rendered{{Text: "Su plan "}, {Name: "plan", Text: "Fibra 300"}, {Text: " incluye llamadas."}}, "incluye llamadas."},
		{"a gap", playbook.Rendered{{Text: "Vence el "}, {Name: "due", Text: "Fecha", Missing: true}, {Text: ", sin recargo."}}, "sin recargo."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			segs := richSegments(tc.r)
			if len(segs) != 3 {
				t.Fatalf("%d segments", len(segs))
			}
			if got := segs[2].(*widget.TextSegment).Text; got != tc.wantNext {
				t.Errorf("the segment after the value is %q, want %q (the value's: %q)", got, tc.wantNext, segs[1].(*widget.TextSegment).Text)
			}
		})
	}
}
