package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A supervisor (limit 250 in the default pack) reviewing a refund of
// 1,000: Approve is off, a line says why in their language, with the
// amounts as their language writes them and who can approve it; Deny
// still records a denial. crmd refuses such an approval too.
func TestTeamReviewApprovalAboveOwnAuthority(t *testing.T) {
	for _, tc := range []struct {
		lang          locales.Lang
		amount, limit string
	}{
		{locales.EN, "$1,000.00", "$250.00"},
		{locales.ES, "1.000,00 US$", "250,00 US$"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			h, ts := newTeamHarness(t, tc.lang)
			tr := h.app.t
			big := teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 100_000)
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{big}, fixedNow); err != nil {
				t.Fatal(err)
			}
			ts.reload()
			ts.list.Select(0)
			h.mustHave(tr.D("team.decide.above_own", map[string]any{
				"Amount": tc.amount, "Limit": tc.limit, "Role": tr.S("role.noun.supervisor"), "Roles": tr.S("role.noun.admin")}))
			approve := findButton(h.app.Window().Content(), tr.S("team.decide.approve"))
			if approve == nil || !approve.Disabled() {
				t.Fatalf("Approve for 1,000 at a supervisor's desk: %v", approve)
			}

			// Reached anyway (a stale screen), the desk refuses it itself.
			ts.onDecide("C-LATE", 0, true, "")
			top := h.app.Window().Canvas().Overlays().Top()
			if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("team.invalid.approver_authority")) {
				t.Fatalf("no word on the approver's authority: %v", top)
			}
			top.Hide()
			if c, _ := h.db.TeamCase(context.Background(), "C-LATE"); c.Actions[0].Decision != nil {
				t.Fatalf("an approval above the supervisor's authority was recorded: %+v", c.Actions[0].Decision)
			}

			test.Tap(findButton(h.app.Window().Content(), tr.S("team.decide.deny")))
			c, _ := h.db.TeamCase(context.Background(), "C-LATE")
			if d := c.Actions[0].Decision; d == nil || d.Approved {
				t.Fatalf("the denial: %+v", d)
			}
			h.noMissingKeys()
		})
	}
}

// A supervisor's authority counts the case, as crmd counts it: having
// approved one refund of 200 on a case, they cannot approve a second 200
// there (400 in all, their limit 250). Approve is off, a line in their
// language says what they approved already and who else can, Deny still
// records a denial. Their first approval still waiting in the outbox
// counts: it goes out under their name.
func TestTeamReviewApprovalsCountTheCase(t *testing.T) {
	for _, tc := range []struct {
		lang                  locales.Lang
		before, amount, limit string
	}{
		{locales.EN, "$200.00", "$200.00", "$250.00"},
		{locales.ES, "200,00 US$", "200,00 US$", "250,00 US$"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			h, ts := newTeamHarness(t, tc.lang)
			tr := h.app.t
			two := teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 20_000)
			two.Actions = append(two.Actions, two.Actions[0])
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{two}, fixedNow); err != nil {
				t.Fatal(err)
			}
			ts.reload()
			ts.list.Select(0)
			test.Tap(findButton(h.app.Window().Content(), tr.S("team.decide.approve")))
			if c, _ := h.db.TeamCase(context.Background(), "C-LATE"); c.Actions[0].Decision == nil || !c.Actions[0].Decision.Approved {
				t.Fatalf("the first 200 was not approved: %+v", c.Actions[0].Decision)
			}
			ts.reload()
			ts.list.Select(0)

			approve := findButton(h.app.Window().Content(), tr.S("team.decide.approve"))
			if approve == nil || !approve.Disabled() {
				t.Fatalf("Approve for a second 200 after approving 200: %v", approve)
			}
			h.mustHave(tr.D("team.decide.above_own_case", map[string]any{
				"Before": tc.before, "Amount": tc.amount, "Limit": tc.limit, "Role": tr.S("role.noun.supervisor"),
				"Roles": tr.S("role.noun.supervisor") + ", " + tr.S("role.noun.admin")}))

			// Reached anyway (a stale screen), the desk refuses it itself.
			ts.onDecide("C-LATE", 1, true, "")
			top := h.app.Window().Canvas().Overlays().Top()
			if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("team.invalid.approver_authority_case")) {
				t.Fatalf("no word on what they approved on the case: %v", top)
			}
			top.Hide()
			if c, _ := h.db.TeamCase(context.Background(), "C-LATE"); c.Actions[1].Decision != nil {
				t.Fatalf("a second approval past the supervisor's authority was recorded: %+v", c.Actions[1].Decision)
			}

			test.Tap(findButton(h.app.Window().Content(), tr.S("team.decide.deny")))
			c, _ := h.db.TeamCase(context.Background(), "C-LATE")
			if d := c.Actions[1].Decision; d == nil || d.Approved {
				t.Fatalf("the denial: %+v", d)
			}
			h.noMissingKeys()
		})
	}
}
