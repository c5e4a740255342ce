package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// An approval crmd refused as over the approver's authority (its pack
// lowered the limit after the desk's check) is listed as that, in the
// supervisor's language and naming who can approve it, not as a bare
// "You may not do this".
func TestAsideApprovalOverAuthoritySaysWhoCan(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h, _ := newTeamHarness(t, l)
			tr := h.app.t
			c := teamCase("C-OVER", "ana", "Lucía García", "high", fixedNow.Add(-time.Hour), 24, 20_000)
			if err := h.db.PutTeamCases(context.Background(), []*cases.Case{c}, fixedNow); err != nil {
				t.Fatal(err)
			}
			got := h.app.sync.refusalText(crm.AsideItem{Kind: crm.OutboxDecision, CaseID: "C-OVER", Reason: crm.CodeOverAuthority})
			if !strings.Contains(got, tr.S("crm.error.over_authority")) || !strings.Contains(got, tr.S("role.noun.admin")) {
				t.Errorf("the refusal reads %q, want it over authority, naming %q", got, tr.S("role.noun.admin"))
			}
			// A refusal of another kind reads as its code.
			if got := h.app.sync.refusalText(crm.AsideItem{Kind: crm.OutboxMove, CaseID: "C-OVER", Reason: crm.CodeTransition}); got != tr.S("crm.error.invalid_transition") {
				t.Errorf("a refused move reads %q", got)
			}
			h.noMissingKeys()
		})
	}
}
