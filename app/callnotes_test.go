package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// Notes past cases.MaxNotes would make the case one crmd refuses for good:
// the call screen says so under the notes, in the agent's language, as
// soon as they reach the bound; over it, nothing typed is lost (the entry
// keeps it, the session holds it pending) and nothing over the bound is
// saved, and leaving the call or changing it says why.
func TestNotesOverTheBoundAreKeptAndExplained(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana"})
			// The test saves the notes itself (flushNotes); the save the
			// typing pause schedules would run on its timer's goroutine,
			// beside the test's, when laying out 20,000 characters takes
			// longer than the pause (under -race it does).
			var q uiQueue
			h.app.deps.Do = q.do
			tr := h.app.t
			s := h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[lang])
			maxText := calculators.FormatNumber(cases.MaxNotes, 0, lang)
			ctx := context.Background()

			// Near the bound, what is left is counted down.
			s.notes.SetText(filler(cases.MaxNotes - 500))
			h.mustHave(tr.N("call.notes.near", 500, map[string]any{"Left": "500", "Max": maxText}))

			// Pasted up to two characters short, then typed past the bound
			// (at the start, where the cursor is).
			s.notes.SetText(filler(cases.MaxNotes - 2))
			if err := s.flushNotes(); err != nil {
				t.Fatalf("notes under the bound: %v", err)
			}
			test.Type(s.notes, "bc")
			h.mustHave(tr.D("call.notes.full", map[string]any{"Max": maxText}))
			test.Type(s.notes, "def")
			typed := "bcdef" + filler(cases.MaxNotes-2)
			h.mustHave(tr.N("call.notes.over", 3, map[string]any{"Over": "3", "Max": maxText}))
			h.noMissingKeys()

			if err := s.flushNotes(); cases.ErrorCode(err) != cases.EInvalid {
				t.Fatalf("notes over the bound saved: %v", err)
			}
			stored, _ := h.db.GetCase(ctx, s.cur().ID)
			if len([]rune(stored.Notes)) > cases.MaxNotes {
				t.Errorf("stored %d characters of notes, over %d", len([]rune(stored.Notes)), cases.MaxNotes)
			}
			if s.notes.Text != typed || h.app.sess.Notes() != typed || !h.app.sess.NotesPending() {
				t.Fatalf("typed text lost: entry %d characters, session %d, pending %v", len(s.notes.Text), len(h.app.sess.Notes()), h.app.sess.NotesPending())
			}

			// Moving on in the call says why it cannot, in words.
			h.tapDone()
			if got := strings.Join(h.overlayTexts(), " "); !strings.Contains(got, tr.S("call.invalid.notes")) {
				t.Fatalf("the refusal says %q", got)
			}
			if s.notes.Text != typed {
				t.Fatal("the refusal dropped the typed notes")
			}
			h.app.Window().Canvas().Overlays().Top().Hide()

			// Shortened to the bound, they are saved and the warning goes.
			s.notes.SetText(typed[:cases.MaxNotes])
			h.mustNotHave(tr.N("call.notes.over", 3, map[string]any{"Over": "3", "Max": maxText}))
			if err := s.flushNotes(); err != nil {
				t.Fatalf("notes at the bound: %v", err)
			}
			if stored, _ := h.db.GetCase(ctx, s.cur().ID); stored.Notes != typed[:cases.MaxNotes] {
				t.Errorf("stored %d characters, want %d", len(stored.Notes), cases.MaxNotes)
			}
		})
	}
}

// filler is n characters of notes in short lines, as an agent writes
// them (short lines also keep the entry's wrapping quick to lay out).
func filler(n int) string {
	return strings.Repeat("nota nota nota nota nota nota nota nota nota nota nota nota\n", n/60+1)[:n]
}
