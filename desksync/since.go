package desksync

import (
	"time"

	"agentdesk/crm"
)

// pullOverlap is how far before the newest crmd time a desk has pulled it
// asks again. crmd stamps a row with its time before the transaction that
// writes it commits, so a row can become visible after another stamped
// later has already been pulled: two writes in flight at once, or two
// crmd instances whose clocks differ a little. Asking from a little
// earlier picks such a row up on the next pull instead of never.
const pullOverlap = 10 * time.Second

// sinceWithOverlap is the updated_since to ask crmd for after last, the
// newest crmd time already pulled (zero: from the beginning).
func sinceWithOverlap(last time.Time) time.Time {
	if last.IsZero() {
		return last
	}
	return last.Add(-pullOverlap)
}

// escCursor is where a desk's escalation pulls start and what they have
// delivered within the overlap, so that asking again never hands the same
// status to the desk twice.
type escCursor struct {
	last time.Time            // the newest UpdatedAt delivered
	seen map[string]time.Time // case ID → the UpdatedAt delivered, within the overlap
}

// since is the updated_since of the next pull.
func (c *escCursor) since() time.Time { return sinceWithOverlap(c.last) }

// take returns the statuses of a pull's answer that were not delivered
// before, and moves the cursor past them.
func (c *escCursor) take(list []crm.EscalationStatus) []crm.EscalationStatus {
	var out []crm.EscalationStatus
	for _, st := range list {
		if at, ok := c.seen[st.CaseID]; ok && !st.UpdatedAt.After(at) {
			continue
		}
		if c.seen == nil {
			c.seen = map[string]time.Time{}
		}
		c.seen[st.CaseID] = st.UpdatedAt
		if st.UpdatedAt.After(c.last) {
			c.last = st.UpdatedAt
		}
		out = append(out, st)
	}
	// What is at or before the next pull's start cannot come back.
	from := c.since()
	for id, at := range c.seen {
		if !at.After(from) {
			delete(c.seen, id)
		}
	}
	return out
}
