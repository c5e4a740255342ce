package desksync

import (
	"encoding/json"
	"slices"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// CaseConflict is one case's conflict as a person weighs it: crmd's
// version and the case as it now stands on this desk.
type CaseConflict struct {
	crm.Conflict
	Theirs *cases.Case // nil when crmd has none this agent may see
	Mine   *cases.Case
}

// ByCase turns the recorded conflicts into one per case: later versions of
// a case conflict for the same reason and are resolved with it. current
// returns the desk's case as it stands now (the one on screen, or the
// store's); when it cannot, the refused version stands in.
func ByCase(list []crm.Conflict, current func(id string) (*cases.Case, error)) []CaseConflict {
	var out []CaseConflict
	seen := map[string]bool{}
	for _, cf := range list {
		if seen[cf.CaseID] {
			continue
		}
		seen[cf.CaseID] = true
		cc := CaseConflict{Conflict: cf}
		if len(cf.Server) > 0 {
			var th cases.Case
			if json.Unmarshal(cf.Server, &th) == nil {
				cc.Theirs = &th
			}
		}
		if m, err := current(cf.CaseID); err == nil && m != nil {
			cc.Mine = m
		} else {
			var m cases.Case
			if json.Unmarshal(cf.Local, &m) != nil {
				continue
			}
			cc.Mine = &m
		}
		out = append(out, cc)
	}
	return out
}

// Choose is the version a person chose for a conflict, with the timeline
// event that says so. Keep mine is the case as it now stands on this desk
// (local), as the version after crmd's; take theirs is crmd's version.
func Choose(cc CaseConflict, local *cases.Case, mine bool, agent string, now time.Time) (*cases.Case, cases.Event, error) {
	ev := cases.Event{At: now, Kind: cases.EventSyncResolved, Actor: agent}
	if mine {
		cp := *local
		cp.Version, cp.UpdatedAt = cc.ServerVersion+1, now
		ev.Detail = "kept_mine"
		return &cp, ev, nil
	}
	if cc.Theirs == nil {
		return nil, ev, cases.Errorf(cases.ENotFound, "crmd has no version of %s", cc.CaseID)
	}
	th := *cc.Theirs
	// crmd's copy was read when the conflict arose; the back office may
	// have moved or decided since, and this desk has that already (the
	// pull marked it delivered: it will not come again). It is kept on the
	// version taken, where it is not older than crmd's copy.
	if local != nil && th.Escalation != nil {
		if lb := local.BackOffice(); !lb.ReceivedAt.IsZero() && len(lb.History) >= len(th.Escalation.History) {
			// A decision is kept only on the same action and amount at its
			// position: the two versions' actions may differ (that is the
			// conflict), and a decision of an earlier release names neither.
			for i := range lb.Decisions {
				if i >= len(th.Actions) || i >= len(local.Actions) ||
					th.Actions[i].ID != local.Actions[i].ID || th.Actions[i].Amount != local.Actions[i].Amount {
					delete(lb.Decisions, i)
				}
			}
			esc := *th.Escalation
			th.Escalation = &esc
			th.Actions = slices.Clone(th.Actions)
			th.ApplyBackOffice(lb)
		}
	}
	ev.Detail = "took_theirs"
	return &th, ev, nil
}
