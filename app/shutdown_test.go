package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// Closing the window during a test call leaves it, as Leave does (it
// counts, not passed): a trainee closing a test going badly (or the desk shut down under
// it) must not get a fresh draw with no trace for the supervisor. A test
// played to its end is finished, a practice call just ends.
func TestClosingTheWindowKeepsATestCallBegun(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	tr := h.app.t
	s := h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.playOne(s)
	h.app.shutdown()
	recs, err := h.tdb.Attempts(context.Background(), "Nuria")
	// Closed, it is left, as Leave leaves it: counted, not passed.
	if err != nil || len(recs) != 1 || !slices.ContainsFunc(recs[0].Attempt.Events, func(e training.Event) bool { return e.Kind == training.EvLeave }) ||
		!recs[0].Report.HungUp || recs[0].Report.Passed {
		t.Fatalf("a test call under way when the window closed: %d attempts recorded (%v): %+v", len(recs), err, recs)
	}

	// Played to its end, not yet finished: graded and counted.
	h = newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s = h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.play(s, func(int) string { return "" })
	h.app.shutdown()
	recs, _ = h.tdb.Attempts(context.Background(), "Nuria")
	if len(recs) != 1 || recs[0].Attempt.Finished.IsZero() || !recs[0].Report.Complete {
		t.Fatalf("a test call played to its end when the window closed: %+v", recs)
	}

	// A practice call is not an attempt to keep.
	h = newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s = h.pickScenario("billing_1", "promo_expired", training.Practice, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.playOne(s)
	h.app.shutdown()
	if recs, _ = h.tdb.Attempts(context.Background(), "Nuria"); slices.ContainsFunc(recs, func(r training.Record) bool { return r.Attempt.Mode == training.Practice }) {
		t.Fatalf("a practice call left by closing was recorded: %+v", recs)
	}
}

// The conflict dialog shows this desk's side with what the agent typed a
// moment ago: keep mine keeps those words, so the side they weigh must
// show them.
func TestConflictDialogShowsNotesJustTyped(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	s := conflictOnOpenCase(t, env, h)
	h.tapInDialog(tr.S("sync.conflict.later"))
	s.onNotes("Customer will call back at five")
	h.tap(tr.N("sync.conflict_count", 1, nil))
	if !h.overlayHas("Customer will call back at five") {
		t.Fatalf("the conflict dialog leaves out the notes just typed: %q", h.overlayTexts())
	}
}

// Notes that cannot be saved when the window is closed (a full disk) are
// not dropped without a word: the window stays, says so, and the notes
// are still on the call for the agent to copy. Closing again leaves.
func TestClosingWithNotesThatCannotBeSavedSaysSo(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	h.fillDisk()
	s.onNotes("the customer asked for a callback at six")
	h.app.onCloseRequest()
	if h.app.stopping {
		t.Fatal("the window closed over notes it could not save")
	}
	top := h.app.Window().Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("app.close.unsaved.body")) {
		t.Fatalf("the agent was not told: %v", top)
	}
	if got := h.app.sess.Notes(); got != "the customer asked for a callback at six" {
		t.Errorf("the notes on the call: %q", got)
	}
	h.app.onCloseRequest()
	if !h.app.stopping {
		t.Error("closing again did not leave")
	}
}
