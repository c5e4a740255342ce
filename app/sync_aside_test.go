package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
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

// With several amounts waiting on a case, the refused approval's own
// amount (the queued decision names it) says who can approve it; the case
// alone could not tell which amount was refused, and the list named no one.
func TestAsideApprovalOverAuthorityNamesWhoCanForItsOwnAmount(t *testing.T) {
	ctx := context.Background()
	h := newDesk(t, locales.EN, "http://127.0.0.1:9", "sup", cases.RoleSupervisor, "")
	c := teamCase("C-TWO", "ana", "Lucía García", "high", fixedNow.Add(-time.Hour), 24, 15_000)
	c.Actions = append(c.Actions, c.Actions[0])
	c.Actions[1].Amount = 20_000
	if err := h.db.PutTeamCases(ctx, []*cases.Case{c}, fixedNow); err != nil {
		t.Fatal(err)
	}
	if _, err := desksync.QueueDecision(ctx, h.db, c.ID, 1, true, "", desksync.Actor{Name: "sup", User: "sup"}, fixedNow); err != nil {
		t.Fatal(err)
	}
	due, err := h.db.DueOutbox(ctx, "sup", fixedNow.Add(24*time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due %+v %v", due, err)
	}
	if err := h.db.SetOutboxAside(ctx, due[0].ID, crm.CodeOverAuthority, ""); err != nil {
		t.Fatal(err)
	}
	tr := h.app.t
	got := h.app.sync.refusalText(crm.AsideItem{ID: due[0].ID, Kind: crm.OutboxDecision, CaseID: c.ID, Reason: crm.CodeOverAuthority})
	if !strings.Contains(got, tr.S("role.noun.admin")) {
		t.Errorf("the refusal reads %q, want it to name %q for the 20,000 refused", got, tr.S("role.noun.admin"))
	}
}
