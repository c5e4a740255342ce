package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// Two test calls left unfinished (two desks on one training database,
// each stopped mid-call) are closed together when training next opens:
// the trainee is told of both, in the plural, not as if one call was.
func TestTrainingSeveralAbandonedTestCallsAreToldInThePlural(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			settings := map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"}
			h := newHarness(t, lang, false, settings)
			s := h.pickScenario("billing_1", "promo_expired", training.Test, lang)
			h.tap(h.app.t.S("training.ui.start"))
			h.playOne(s)
			ctx := context.Background()
			open, err := h.tdb.OpenAttempts(ctx, "Nuria")
			if err != nil || len(open) != 1 {
				t.Fatalf("open %d (%v)", len(open), err)
			}
			other := open[0]
			other.ID, other.Started = "", other.Started.Add(time.Minute)
			if _, err := h.tdb.SaveOpenAttempt(ctx, other); err != nil {
				t.Fatal(err)
			}

			h2 := newHarness(t, lang, false, settings)
			h2.app.deps.TrainingStore, h2.tdb = h.tdb, h.tdb
			h2.app.show("training")
			if recs, _ := h.tdb.Attempts(ctx, "Nuria"); len(recs) != 2 {
				t.Fatalf("recorded %d attempts", len(recs))
			}
			ov := h2.app.Window().Canvas().Overlays().Top()
			if ov == nil {
				t.Fatal("the trainee is not told")
			}
			tr := h2.app.t
			told := strings.Join(strings.Fields(strings.Join(texts(ov), " ")), " ")
			if one := tr.N("training.ui.abandoned.body", 1, nil); strings.Contains(told, one) {
				t.Errorf("two calls told as one: %s", told)
			}
			if two := tr.N("training.ui.abandoned.body", 2, nil); !strings.Contains(told, two) {
				t.Errorf("told %q, want %q", told, two)
			}
			if title := tr.N("training.ui.abandoned.title", 2, nil); !strings.Contains(told, title) {
				t.Errorf("told %q, want the title %q", told, title)
			}
		})
	}
}
