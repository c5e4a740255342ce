package app

import (
	"context"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
)

// An amount recorded without the role that granted it (a desk of an
// earlier release's): the review says whose authority it was checked
// against, the case's role, as the printed summary does, not a missing
// text.
func TestTeamReviewOfAnActionRecordedWithoutARole(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h, ts := newTeamHarness(t, l)
			tr := h.app.t
			c := teamCase("C-OLD", "ana", "Lía Soto", "high", fixedNow, 24, 18900)
			c.Actions[0].Role, c.Actions[0].Limit = "", 0
			c.Actions = append(c.Actions, cases.Action{ID: "adjustment", Amount: 1000, At: fixedNow, Approved: true})
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{c}, fixedNow); err != nil {
				t.Fatal(err)
			}
			ts.reload()
			ts.open("C-OLD")
			limit := c.FormatMoney(h.app.pb.AuthorityMinor("agent"), h.app.defaultCurrency(), l)
			h.mustHave(tr.D("team.review.needs_approval", map[string]any{"Role": tr.S("role.noun.agent"), "Limit": limit}))
			h.mustHave(tr.D("team.review.within", map[string]any{"Role": tr.S("role.noun.agent")}))
			for _, s := range h.texts() {
				if strings.Contains(s, "!role.noun") {
					t.Errorf("a missing text in %q", s)
				}
			}
		})
	}
}
