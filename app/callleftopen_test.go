package app

import (
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// New call on a call that was not closed leaves its case open, as it
// should (the caller was cut off, the agent comes back to it); but the
// start form said nothing, and an agent who tapped it by mistake had to
// find the call again in the cases screen. The form now names the call
// left open and continues it with one tap; a call closed properly, or the
// next call started, leaves no such line.
func TestNewCallOnAnOpenCallSaysItStaysOpen(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l), cases.KeyCallLang: string(l)})
			tr := h.app.t
			search := map[locales.Lang]string{locales.ES: "aumento fact", locales.EN: "bill incr"}[l]
			s := h.startCall("4417001234", search)
			id, name := s.cur().ID, caseTitle(s.cur())
			h.tap(tr.S("call.new"))
			if s.cur() != nil {
				t.Fatal("still on the call after New call")
			}
			h.mustHave(tr.D("call.left_open", map[string]any{"Name": name}))
			h.noMissingKeys()

			h.tap(tr.S("call.continue_left_open"))
			if c := s.cur(); c == nil || c.ID != id {
				t.Fatalf("the call left open was not continued: %v", c)
			}
			if st := s.cur().Status; st != cases.StatusOpen {
				t.Errorf("continued as %s, want open", st)
			}

			// Once the next call starts, the line is gone for good.
			h.tap(tr.S("call.new"))
			h.startCall("4417009012", search)
			h.mustNotHave(tr.D("call.left_open", map[string]any{"Name": name}))
			// A call closed properly is not left open.
			if !s.apply(func(c *cases.Case) (cases.Event, error) {
				return c.Close(h.app.pb, h.app.pb.ReasonCodes[0].ID, fixedNow)
			}) {
				t.Fatal("the call did not close")
			}
			h.tap(tr.S("call.new"))
			h.mustNotHave(tr.S("call.continue_left_open"))
		})
	}
}
