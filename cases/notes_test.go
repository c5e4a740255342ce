package cases_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// Notes over cases.MaxNotes are refused where they are saved, and kept as
// typed: crmd would refuse the case for good (413 too_large) and the
// agent's words would never reach it, with nobody told while typing.
func TestNotesBound(t *testing.T) {
	ctx := context.Background()
	at := strings.Repeat("a", cases.MaxNotes)
	for _, tc := range []struct {
		name  string
		notes string
		ok    bool
	}{
		{"short notes", "cliente pide revisión", true},
		{"at the bound", at, true},
		{"at the bound in accented letters (counted as characters, not bytes)", strings.Repeat("ñ", cases.MaxNotes), true},
		{"one over", at + "b", false},
		{"far over (a paste)", strings.Repeat(at, 3), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := cases.CheckNotes(tc.notes); (err == nil) != tc.ok {
				t.Errorf("CheckNotes: %v, want ok=%v", err, tc.ok)
			}
			s, st, _ := newSession(t)
			if err := s.Start(ctx, call()); err != nil {
				t.Fatal(err)
			}
			s.SetNotes(tc.notes)
			err := s.FlushNotes()
			got, _ := st.GetCase(ctx, s.Case().ID)
			if tc.ok {
				if err != nil || got.Notes != tc.notes || s.NotesPending() {
					t.Fatalf("flush: %v, stored %d characters, pending %v", err, len([]rune(got.Notes)), s.NotesPending())
				}
				return
			}
			var e *cases.Error
			if !errors.As(err, &e) || e.Code != cases.EInvalid || e.Field != "notes" {
				t.Fatalf("flush over the bound: %v, want invalid (notes)", err)
			}
			// Nothing written, nothing lost: the draft stays as typed.
			if got.Version != 1 || got.Notes != "" || !s.NotesPending() || s.Notes() != tc.notes {
				t.Fatalf("stored v%d with %d characters; pending %v, draft kept %v", got.Version, len([]rune(got.Notes)), s.NotesPending(), s.Notes() == tc.notes)
			}
			// Every other change of the call says so rather than dropping
			// the draft to go on.
			if err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) { c.Current = "closing"; return nil, nil }); cases.ErrorCode(err) != cases.EInvalid {
				t.Errorf("update over unsaveable notes: %v", err)
			}
			// Shortened, they are saved.
			s.SetNotes(at)
			if err := s.FlushNotes(); err != nil {
				t.Fatalf("shortened: %v", err)
			}
		})
	}
}

// A template inserted into the notes may not take them over the bound.
func TestTemplateInsertRespectsNotesBound(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, notes string
		ok          bool
	}{
		{"room left", "nota", true},
		{"exactly fills", strings.Repeat("a", cases.MaxNotes-len("\nplantilla")), true},
		{"would go over", strings.Repeat("a", cases.MaxNotes-3), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := call()
			c.Status = cases.StatusOpen
			c.Notes = tc.notes
			_, err := c.UseTemplate("greeting", "plantilla", now)
			if tc.ok != (err == nil) {
				t.Fatalf("use template: %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && c.Notes != tc.notes {
				t.Errorf("refused, yet the notes changed to %d characters", len([]rune(c.Notes)))
			}
		})
	}
}

// The figure of MaxNotes: notes at the bound, in the characters that grow
// most on the wire (JSON writes '<' as \u003c, six bytes for one), still
// fit crmd's limit beside a full case.
func TestNotesAtTheBoundFitCrmdsLimit(t *testing.T) {
	c := call()
	c.ID, c.Version, c.Status = "C-20261206-0001", 40, cases.StatusOpen
	for i := 0; i < 40; i++ {
		c.Checks = append(c.Checks, cases.Check{ID: strings.Repeat("c", 40)})
		c.Actions = append(c.Actions, cases.Action{ID: strings.Repeat("a", 40), Reason: strings.Repeat("r", 400), Note: strings.Repeat("n", 400)})
		c.Calcs = append(c.Calcs, cases.Calculation{Calculator: "roi", Summary: strings.Repeat("s", 400)})
	}
	c.Values = map[string]string{}
	for i := 0; i < 50; i++ {
		c.Values[strings.Repeat("k", i+1)] = strings.Repeat("v", 200)
	}
	for _, r := range []string{"<", "\u2028", "\x01", "ñ", "😀"} {
		c.Notes = strings.Repeat(r, cases.MaxNotes)
		if err := cases.CheckNotes(c.Notes); err != nil {
			t.Fatalf("%q at the bound refused: %v", r, err)
		}
		body, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if len(body) > crm.MaxCaseBytes {
			t.Errorf("notes of %d %q: body %d bytes, crmd takes %d", cases.MaxNotes, r, len(body), crm.MaxCaseBytes)
		}
	}
}

// What crmd sent (the back office's word) is recorded on the open case
// while the agent's notes are over the bound: the draft stays pending, as
// typed, and does not hold crmd's word back until it is shortened.
func TestApplyGoesOnBesideNotesOverTheBound(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newSession(t)
	if err := s.Start(ctx, call()); err != nil {
		t.Fatal(err)
	}
	draft := strings.Repeat("a", cases.MaxNotes+1)
	s.SetNotes(draft)
	err := s.Apply(ctx, s.Case().ID, func(c *cases.Case) ([]cases.Event, error) {
		c.Reason = "from_crmd"
		return []cases.Event{{Kind: cases.EventEscalationStatus, Detail: "received"}}, nil
	})
	got, _ := st.GetCase(ctx, s.Case().ID)
	if err != nil || got.Reason != "from_crmd" {
		t.Fatalf("apply beside notes over the bound: %v, stored %q", err, got.Reason)
	}
	if got.Notes != "" || !s.NotesPending() || s.Notes() != draft {
		t.Errorf("stored %d characters of notes; draft pending %v, kept %v", len(got.Notes), s.NotesPending(), s.Notes() == draft)
	}
}
