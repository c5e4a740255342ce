package desksync

import (
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// pullOverlap is how far before the newest crmd time a desk has pulled it
// asks again. crmd stamps a row with its time before the transaction that
// writes it commits, so a row can become visible after another stamped
// later has already been pulled: two writes in flight at once, or two
// crmd instances whose clocks differ a little. Asking from a little
// earlier picks such a row up on the next pull instead of never.
//
// The window is wider than a pull's interval on purpose: what it must cover
// is the time from crmd's stamp to the commit (a write can wait in crmd's
// commit queue, then for a row lock, and be tried again with the same
// stamp) plus any difference between the clocks of crmd's instances.
// Re-reading a minute of escalations is a few rows.
const pullOverlap = time.Minute

// sinceWithOverlap is the updated_since to ask crmd for after last, the
// newest crmd time already pulled (zero: from the beginning).
func sinceWithOverlap(last time.Time) time.Time {
	if last.IsZero() {
		return last
	}
	return last.Add(-pullOverlap)
}

// escCursor is where a desk's escalation pulls start and what they have
// delivered within the overlap, so that asking again does not hand the
// same status to the desk twice.
type escCursor struct {
	last time.Time          // the newest UpdatedAt delivered
	seen map[string]escSeen // by case ID: the status delivered last, within the overlap
}

// escSeen is enough of a status to tell it from the next one of its case.
// Not its time alone: a move stamped earlier can commit after one stamped
// later, and the case's time then goes back.
type escSeen struct {
	at                    int64 // UpdatedAt in Unix nanoseconds, so escSeen compares with ==
	status                cases.EscalationState
	moves, decisions      int
	resolution, updatedBy string
}

func seenOf(st crm.EscalationStatus) escSeen {
	return escSeen{at: st.UpdatedAt.UnixNano(), status: st.Status, moves: len(st.History), decisions: len(st.Decisions),
		resolution: st.Resolution, updatedBy: st.UpdatedBy}
}

// since is the updated_since of the next pull.
func (c *escCursor) since() time.Time { return sinceWithOverlap(c.last) }

// take returns the statuses of a pull's answer that were not delivered
// before, and moves the cursor past them.
func (c *escCursor) take(list []crm.EscalationStatus) []crm.EscalationStatus {
	var out []crm.EscalationStatus
	for _, st := range list {
		s := seenOf(st)
		if prev, ok := c.seen[st.CaseID]; ok && prev == s {
			continue
		}
		if c.seen == nil {
			c.seen = map[string]escSeen{}
		}
		c.seen[st.CaseID] = s
		if st.UpdatedAt.After(c.last) {
			c.last = st.UpdatedAt
		}
		out = append(out, st)
	}
	// What is at or before the next pull's start cannot come back.
	from := c.since().UnixNano()
	for id, s := range c.seen {
		if s.at <= from {
			delete(c.seen, id)
		}
	}
	return out
}
