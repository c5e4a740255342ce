package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/training"
)

// A call crmd refused for good (too large, say: a long practice call with
// long answers) stays only on the desk, and the supervisor never sees it
// on crmd: the trainee is told so on the training screen, in the
// interface language, with which call it is and why, so they can show the
// supervisor its report here. A call crmd has is not named.
func TestTrainingCallRefusedByCrmdIsToldToTheTrainee(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
			ctx := context.Background()
			rubric := h.app.trainingContent().CurrentRubric().Version
			save := func(scenario, mark string) {
				t.Helper()
				a := training.Attempt{Scenario: scenario, Mode: training.Practice, Trainee: "Nuria", Started: fixedNow.Add(-time.Hour),
					Finished: fixedNow.Add(-50 * time.Minute), RubricVersion: rubric}
				id, err := h.tdb.SaveAttempt(ctx, a, training.Report{Scenario: scenario, Total: 90, Complete: true})
				if err != nil {
					t.Fatal(err)
				}
				if err := h.tdb.SetSetting(ctx, desksync.UploadedPrefix+id, mark); err != nil {
					t.Fatal(err)
				}
			}
			save("promo_expired", "refused: too_large")
			save("bill_payment", fixedNow.Format(time.RFC3339))
			h.app.show("training")
			tr := h.app.t
			shown := strings.Join(strings.Fields(strings.Join(h.texts(), " ")), " ") // wrapped lines, as read
			if want := tr.N("training.ui.refused.title", 1, nil); !strings.Contains(shown, want) {
				t.Fatalf("the trainee is not told a call stays on the desk (want %q):\n%s", want, shown)
			}
			sc := h.app.trainingContent().Scenario("promo_expired")
			if !strings.Contains(shown, sc.Say(tr.Lang, sc.Title)) || !strings.Contains(shown, tr.S("training.ui.refused.too_large")) {
				t.Errorf("the refused call or why is not named:\n%s", shown)
			}
			h.noMissingKeys()
		})
	}
}
