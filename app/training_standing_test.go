package app

import (
	"context"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// A track's progress says why four passes out of four needed do not
// certify: a counted call with a compliance failure, or too few test calls
// yet (billing_1 counts the latest 5 and needs 4 of them passed). The
// label said "4/4" either way, as if the trainee had finished.
func TestTrainingTrackProgressSaysWhatStillStopsCertification(t *testing.T) {
	for _, tc := range []struct {
		name    string
		blocked bool
		calls   int
		want    string
	}{
		{"a call with a blocker", true, 5, "training.ui.track_blocked"},
		{"one call short", false, 4, "training.ui.track_calls_short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
			ctx := context.Background()
			tc0 := h.app.trainingContent()
			ver := tc0.CurrentRubric().Version
			at := fixedNow.Add(-24 * time.Hour)
			for i, sc := range []string{"bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check", "promo_expired"}[:tc.calls] {
				a := training.Attempt{Format: 2, Scenario: sc, Mode: training.Test, Trainee: "Nuria", Started: at.Add(time.Duration(i) * time.Minute),
					Finished: at.Add(time.Duration(i)*time.Minute + 30*time.Second), RubricVersion: ver, Track: "billing_1"}
				r := training.Report{Scenario: sc, Total: 95, Passed: true, Complete: true, RubricVersion: ver, PassMark: 85}
				if tc.blocked && i == 4 {
					r.Passed, r.Blockers = false, []training.Blocker{{ID: training.BlockerAuthSkipped}}
				}
				if _, err := h.tdb.SaveAttempt(ctx, a, r); err != nil {
					t.Fatal(err)
				}
			}
			h.pickScenario("billing_1", "bill_payment", training.Test, locales.EN)
			h.mustHave("4/4")
			h.mustHave(h.app.t.N(tc.want, 1, nil))
		})
	}
}
