package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// Another decider's decision reached this desk's copy of the case (a
// refresh stored it) while the review still offered Approve and Deny. A
// tap on either says the amount was decided already, in the team's
// words, not the call screen's "someone saved this case after you opened
// it... yours are still on screen", and the review shows that decision.
func TestTeamDecisionOnAnAmountAlreadyDecided(t *testing.T) {
	for _, l := range locales.Langs {
		for _, approve := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s approve=%v", l, approve), func(t *testing.T) {
				h, ts := newTeamHarness(t, l)
				tr := h.app.t
				ts.list.Select(0) // C-LATE, 189.00 undecided
				decided := teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 18900)
				decided.Actions[0].Decision = &cases.Decision{Approved: false, By: "lead", At: fixedNow, Comment: "Not a duplicate"}
				if err := h.db.PutTeamCases(context.Background(), []*cases.Case{decided}, fixedNow); err != nil {
					t.Fatal(err)
				}
				label := tr.S("team.decide.deny")
				if approve {
					label = tr.S("team.decide.approve")
				}
				test.Tap(findButton(h.app.Window().Content(), label))
				top := h.app.Window().Canvas().Overlays().Top()
				if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("team.invalid.decided")) {
					t.Fatalf("no word that the amount was decided: %q", texts(top))
				}
				top.Hide()
				h.mustHave(tr.D("team.review.denied_by", map[string]any{"By": "lead", "When": locales.FormatDateTime(l, fixedNow.Local())}))
				if findButton(h.app.Window().Content(), tr.S("team.decide.approve")) != nil {
					t.Error("Approve still offered on an amount decided")
				}
				h.noMissingKeys()
			})
		}
	}
}
