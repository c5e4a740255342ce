package desksync

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/playbook"
)

// teamPage is how many escalations one request of a refresh asks for;
// crmd also cuts a page at 4 MiB of cases.
const teamPage = 500

// PullTeam brings the team's escalations changed since the given crmd
// time into store, page by page, and returns the time to ask from next
// (zero since: all of them). A page is stored as it arrives: a refresh cut
// short keeps what it read.
func PullTeam(ctx context.Context, client *crm.Client, store cases.TeamStore, since time.Time) (time.Time, error) {
	cursor, last := "", since
	seen := crm.Pages{}
	for {
		page, err := client.Team(ctx, since, cursor, teamPage)
		if err != nil {
			return last, err
		}
		if err := store.PutTeamCases(ctx, page.Cases, time.Now()); err != nil {
			return last, err
		}
		if !page.Last.IsZero() {
			last = page.Last
		}
		if page.Next == "" {
			return last, nil
		}
		if err := seen.Next(page.Next, len(page.Cases)); err != nil {
			return last, err
		}
		cursor = page.Next
	}
}

// SettleTeam puts crmd's answer to a move or decision of this desk (st,
// the escalation as it now stands there) on the team case. The refreshes
// skipped the case while the action waited, and may have read past crmd's
// change already (an answer lost, the action resent): without this the
// queue would show the desk's own version, waiting, for good. The answer
// carries only the back office's side, so it is laid on crmd's copy those
// refreshes read (the store keeps it), not on the desk's older one: an
// agent's change in between (notes, actions, amounts a supervisor decides
// by position) would otherwise be shown as it was until the case changed
// on crmd again.
func SettleTeam(ctx context.Context, store cases.TeamStore, st crm.EscalationStatus) error {
	return store.SettleTeamCase(ctx, st.CaseID, st.BackOffice())
}

// Actor is who acts at a desk: Name is what the case's history shows (the
// workstation's agent name), User the crmd user logged in, under whom the
// action is sent ("" when nobody is: the next login sends it).
type Actor struct{ Name, User string }

// QueueMove records a supervisor's move of an escalation at this desk: the
// team case shows it at once (pending), and the outbox carries it to crmd
// under a key that names this move, so a double click or a resend is one
// move. It returns the team case as it now shows.
func QueueMove(ctx context.Context, store cases.TeamStore, caseID string, to cases.EscalationState, comment, resolution string, by Actor, now time.Time) (*cases.Case, error) {
	c, err := store.TeamCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	step := len(c.Escalation.History) + 1
	if err := c.MoveEscalation(to, strings.TrimSpace(comment), strings.TrimSpace(resolution), by.Name, now); err != nil {
		return nil, err
	}
	last := c.Escalation.History[len(c.Escalation.History)-1]
	body, err := json.Marshal(crm.EscalationUpdate{Status: to, Note: last.Comment, Resolution: last.Resolution})
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("move:%s:%d:%s", caseID, step, to)
	return c, store.QueueTeamAction(ctx, cases.TeamAction{Kind: crm.OutboxMove, CaseID: caseID, Key: key, Body: body, Case: c, Owner: by.User})
}

// QueueDecision records a supervisor's decision on the action at position
// action, as QueueMove does a move.
func QueueDecision(ctx context.Context, store cases.TeamStore, caseID string, action int, approved bool, comment string, by Actor, now time.Time) (*cases.Case, error) {
	c, err := store.TeamCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	// The login decides, as crmd sees it; one logged out is checked by
	// crmd when the decision goes out under the next login.
	if err := c.CheckDecider(by.User); err != nil {
		return nil, err
	}
	if err := c.Decide(action, approved, strings.TrimSpace(comment), by.Name, now); err != nil {
		return nil, err
	}
	a := c.Actions[action]
	body, err := json.Marshal(crm.ApprovalRequest{Action: action, Approved: approved, Comment: a.Decision.Comment, ActionID: a.ID, Amount: a.Amount})
	if err != nil {
		return nil, err
	}
	// The key names the amount decided: an agent may put another amount
	// at that position since, and deciding it is another request (under
	// the old key crmd would answer it as a resend and record nothing).
	// The ID as a digest: a key is printable ASCII without spaces, and a
	// pack's action IDs need not be ("nota de crédito").
	id := sha256.Sum256([]byte(a.ID))
	key := fmt.Sprintf("decision:%s:%d:%x:%d", caseID, action, id[:8], a.Amount)
	return c, store.QueueTeamAction(ctx, cases.TeamAction{Kind: crm.OutboxDecision, CaseID: caseID, Key: key, Body: body, Case: c, Owner: by.User})
}

// WhoCanApprove is who can approve amount, which crmd refused role as
// over its authority (crm.CodeOverAuthority), by pb: the pack crmd
// published as this desk holds it, or the desk's own. Role itself is never
// named, nor a role whose limit is not above it: crmd has just said that
// limit is not enough, and a desk's pack may be older than crmd's.
func WhoCanApprove(pb *playbook.Playbook, amount int64, role cases.Role) []cases.Role {
	var out []cases.Role
	for _, r := range cases.DecidersFor(pb, amount) {
		if r != role && pb.AuthorityMinor(string(r)) > pb.AuthorityMinor(string(role)) {
			out = append(out, r)
		}
	}
	return out
}

// RefusedAmount is the amount of team case c that the approval it, which
// crmd refused as over authority, was for: the amount its queued body
// names (crm.ApprovalRequest, as the desk showed it when deciding; crmd
// refuses a decision whose amount no longer matches, so it judged that
// one). A body without one (an earlier release's) falls back on the case
// alone (the package's RefusedAmount). The outbox keeps the refusal's
// code, not crmd's answer, so the body is what still says which it was.
func (s *Syncer) RefusedAmount(ctx context.Context, it crm.AsideItem, c *cases.Case, by ...string) (int64, bool) {
	if it.Kind == crm.OutboxDecision {
		if o, ok := s.cfg.Outbox.(outboxBodies); ok {
			if body, err := o.OutboxBody(ctx, it.ID); err == nil {
				var req crm.ApprovalRequest
				if json.Unmarshal(body, &req) == nil && req.Amount > 0 {
					return req.Amount, true
				}
			}
		}
	}
	return RefusedAmount(c, by...)
}

// outboxBodies is an outbox that reads back what an item sends, set aside
// or not (sqlite.DB).
type outboxBodies interface {
	OutboxBody(ctx context.Context, id int64) ([]byte, error)
}

// RefusedAmount is the amount of team case c that an approval crmd refused
// as over authority was for, when the case alone can tell: the one amount
// above authority with no decision crmd recorded, or approved by one of
// by (the approver, as the desk records their decisions). An aside item
// names its case, not the position decided, so with several such amounts
// (of different sizes) it cannot tell, and says so rather than pick one:
// who can approve the largest is not who can approve a smaller one.
// Syncer.RefusedAmount reads the decision's own amount.
func RefusedAmount(c *cases.Case, by ...string) (int64, bool) {
	var amount int64
	found := false
	for _, a := range c.Actions {
		if !a.Pending || a.Decision != nil && (!a.Decision.Approved || !slices.Contains(by, a.Decision.By)) {
			continue
		}
		if found && a.Amount != amount {
			return 0, false
		}
		amount, found = a.Amount, true
	}
	return amount, found
}
