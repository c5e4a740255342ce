package cases

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// BackOffice is the back office's side of one escalation as crmd keeps it:
// where it stands, its times, every move and the decisions on the case's
// actions (by position).
type BackOffice struct {
	Status     EscalationState
	Resolution string
	ReceivedAt time.Time
	DueAt      time.Time
	History    []EscalationChange
	Decisions  map[int]Decision
}

// EventDecision is a supervisor's decision on an action, in the timeline.
const EventDecision EventKind = "decision"

// ApplyBackOffice records on the case what the back office did, and
// returns a timeline event for each move and decision the case did not
// have yet: the agent reads them in the case's history, with who and when.
// A case without an escalation, or nothing new, gives no events.
func (c *Case) ApplyBackOffice(b BackOffice) []Event {
	e := c.Escalation
	if e == nil {
		return nil
	}
	var evs []Event
	known := len(e.History)
	if n := len(b.History); n > 0 && n < known {
		// An older word than the case holds (an answer that arrived after
		// a newer refresh): the history only grows, so it is passed over
		// rather than set the status back.
		return nil
	}
	for _, ch := range b.History[min(known, len(b.History)):] {
		detail := string(ch.To)
		if ch.Comment != "" {
			detail += " — " + ch.Comment
		}
		evs = append(evs, Event{At: ch.At, Kind: EventEscalationStatus, Detail: detail, Actor: ch.By})
	}
	if len(b.History) == 0 && b.Status != "" && b.Status != e.Status && e.Status != "" {
		// A crmd that keeps no history still says where things stand.
		evs = append(evs, Event{Kind: EventEscalationStatus, Detail: string(b.Status)})
	}
	for i, d := range b.Decisions {
		if i < 0 || i >= len(c.Actions) {
			continue
		}
		a := &c.Actions[i]
		if a.Decision != nil && a.Decision.At.Equal(d.At) && a.Decision.Approved == d.Approved {
			continue
		}
		// Decided on another action or amount than this desk has there.
		if d.ActionID != "" && (d.ActionID != a.ID || d.Amount != a.Amount) {
			continue
		}
		d := d
		a.Decision = &d
		verdict := "denied"
		if d.Approved {
			verdict = "approved"
		}
		detail := verdict + " " + strconv.Itoa(i) + " " + a.ID
		if d.Comment != "" {
			detail += " — " + d.Comment
		}
		evs = append(evs, Event{At: d.At, Kind: EventDecision, Detail: detail, Actor: d.By})
	}
	changed := len(evs) > 0 || e.Status != b.Status || e.Resolution != b.Resolution || !e.DueAt.Equal(b.DueAt)
	if b.Status != "" {
		e.Status = b.Status
	}
	e.Resolution, e.ReceivedAt, e.DueAt = b.Resolution, b.ReceivedAt, b.DueAt
	if len(b.History) >= known {
		e.History = append([]EscalationChange(nil), b.History...)
	}
	if changed && len(evs) == 0 {
		// Nothing for the timeline, but the record changed: save it.
		evs = append(evs, Event{Kind: EventEscalationStatus, Detail: string(e.Status)})
	}
	return evs
}

// BackOffice is what the back office said on the case as the case holds
// it: its escalation's state, times and history, and the decisions on its
// actions.
func (c *Case) BackOffice() BackOffice {
	var b BackOffice
	if e := c.Escalation; e != nil {
		b = BackOffice{Status: e.Status, Resolution: e.Resolution, ReceivedAt: e.ReceivedAt, DueAt: e.DueAt,
			History: slices.Clone(e.History)}
	}
	for i, a := range c.Actions {
		if a.Decision != nil {
			if b.Decisions == nil {
				b.Decisions = map[int]Decision{}
			}
			b.Decisions[i] = *a.Decision
		}
	}
	return b
}

// DecisionDetail reads a decision event's detail: the verdict, the
// action's position and ID, and the comment.
func DecisionDetail(detail string) (approved bool, index int, action, comment string, ok bool) {
	head, comment, _ := strings.Cut(detail, " — ")
	var verdict string
	if n, _ := fmt.Sscan(head, &verdict, &index, &action); n != 3 {
		return false, 0, "", "", false
	}
	return verdict == "approved", index, action, comment, true
}
