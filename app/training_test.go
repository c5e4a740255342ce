package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

func (h *harness) training() *trainingScreen { return screenOf[*trainingScreen](h.app) }

// play answers every turn of the running session through the screen's
// buttons: pick returns the grade to choose at each turn.
func (h *harness) play(s *trainingScreen, pick func(turn int) string) {
	h.t.Helper()
	for turn := 0; ; turn++ {
		dec, live := s.sess.Decision(s.lang)
		if !live {
			return
		}
		if dec.Entry != nil {
			want, _ := s.sess.Expected(s.lang)
			in := h.entryWithPlaceholder(h.app.t.S("training.ui.entry_placeholder"))
			in.SetText(want)
			h.tap(h.app.t.S("training.ui.send"))
			continue
		}
		grade := pick(turn)
		tt := s.sess.Scenario().Turn(dec.Turn)
		label := ""
		for _, c := range dec.Choices {
			for _, sc := range tt.Choices {
				if sc.ID == c.ID && sc.Grade == grade && label == "" {
					label = c.Label
				}
			}
		}
		if label == "" { // no choice of that grade here: take the best
			for _, c := range dec.Choices {
				for _, sc := range tt.Choices {
					if sc.ID == c.ID && sc.Grade == "best" && label == "" {
						label = c.Label
					}
				}
			}
		}
		h.tap(label)
		if turn > 100 {
			h.t.Fatal("the scenario does not end")
		}
	}
}

func TestTrainingScenarioToAPassThroughTheScreen(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	h.app.show("training")
	s := h.training()
	s.track, s.scenario, s.mode, s.lang = "billing_1", "promo_expired", training.Test, locales.ES
	s.refresh()
	h.noMissingKeys()
	h.tap(h.app.t.S("training.ui.start"))
	if s.sess == nil {
		t.Fatalf("no session: %q", h.texts())
	}
	h.noMissingKeys()
	// Before authentication the simulated account screen is masked.
	for _, f := range s.sess.Account(locales.ES) {
		if f.Masked {
			h.mustHave("•••")
			break
		}
	}
	h.play(s, func(int) string { return "best" })
	h.tap(h.app.t.S("training.ui.finish"))
	if s.report == nil || !s.report.Passed || len(s.report.Blockers) != 0 {
		t.Fatalf("report = %+v", s.report)
	}
	h.mustHave("Aprobado")
	h.noMissingKeys()
	recs, _ := h.tdb.Attempts(context.Background(), "Nuria")
	if len(recs) != 1 || recs[0].Attempt.Mode != training.Test || !recs[0].Report.Passed {
		t.Fatalf("stored attempts = %+v", recs)
	}
	// Nothing reached the production database.
	if l, _ := h.db.ListCases(context.Background(), cases.Filter{}); len(l) != 0 {
		t.Fatalf("production cases: %d", len(l))
	}
	if n, _ := h.db.Attempts(context.Background(), "Nuria"); len(n) != 0 {
		t.Fatal("an attempt in the production database")
	}
}

func TestTrainingScenarioToABlockerFailure(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	h.app.show("training")
	s := h.training()
	s.track, s.scenario, s.mode, s.lang = "escalation_retention", "angry_adjustment", training.Practice, locales.EN
	s.refresh()
	h.tap("Start the call")
	violated := false
	h.play(s, func(turn int) string {
		// Take the first violation on offer; best everywhere else.
		dec, _ := s.sess.Decision(s.lang)
		for _, c := range s.sess.Scenario().Turn(dec.Turn).Choices {
			if c.Grade == "violation" && !violated {
				violated = true
				return "violation"
			}
		}
		return "best"
	})
	if !violated {
		t.Fatal("the scenario offered no violation")
	}
	h.tap("End the call and see your score")
	if s.report == nil || s.report.Passed || len(s.report.Blockers) == 0 {
		t.Fatalf("report = %+v", s.report)
	}
	h.mustHave("Not passed")
	if m := h.markBeside(training.BlockerTitle(h.app.t, s.report.Blockers[0].ID)); !strings.Contains(m, "error") {
		t.Errorf("the blocker shows the mark %q, want the error sign", m)
	}
}

// A trainee's workstation shows no production area at all.
func TestTraineesSeeNoProductionScreens(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	for _, s := range h.app.visible {
		switch s.key() {
		case "call", "cases", "reports":
			t.Fatalf("a trainee sees %s", s.key())
		}
	}
	h.mustHave("Training")
	h.mustNotHave("Margaret O'Neill")
}

func TestSupervisorSeesTraineesAndExportsCSV(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	ctx := context.Background()
	a := training.Attempt{Scenario: "promo_expired", Mode: training.Test, Trainee: "Nuria", Started: fixedNow}
	if _, err := h.tdb.SaveAttempt(ctx, a, training.Report{Total: 91.5, Passed: true}); err != nil {
		t.Fatal(err)
	}
	a.Started = fixedNow.Add(-24 * 3600 * 1e9)
	if _, err := h.tdb.SaveAttempt(ctx, a, training.Report{Total: 62, Blockers: []training.Blocker{{ID: "auth_skipped"}}}); err != nil {
		t.Fatal(err)
	}
	h.app.show("training")
	s := h.training()
	s.tabs.SelectIndex(1)
	h.mustHave("Nuria")
	h.mustHave("91.5")
	s.onCSV([]string{"Nuria"})
	files := h.openedFiles()
	if len(files) != 1 || !strings.HasSuffix(files[0], ".csv") {
		t.Fatalf("opened %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), "Nuria") || !strings.Contains(string(data), "auth_skipped") || strings.Count(string(data), "\n") != 3 {
		t.Fatalf("csv:\n%s", data)
	}
}
