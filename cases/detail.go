package cases

import (
	"strconv"
	"strings"
)

// A timeline event's Detail is a short text that names what happened; the
// kinds below carry more than one part in it. Each has its writer, used by
// the call methods, and its reader, used by whatever shows the timeline,
// so the two never disagree on the layout. Readers accept any text and
// report whether it had the layout: a timeline can hold events written by
// earlier releases or typed by hand.

// stepDetail is "id=state" or "id=state: reason".
func stepDetail(id string, state StepState, reason string) string {
	d := id + "=" + string(state)
	if reason != "" {
		d += ": " + reason
	}
	return d
}

// StepDetail reads a "step" event's detail: the step, its new state and
// the reason given for skipping it or finding it not applicable.
func StepDetail(detail string) (id string, state StepState, reason string, ok bool) {
	id, rest, ok := strings.Cut(detail, "=")
	if !ok || id == "" {
		return "", "", "", false
	}
	s, reason, _ := strings.Cut(rest, ": ")
	if s == "" {
		return "", "", "", false
	}
	return id, StepState(s), reason, true
}

// actionDetail is "id", or "id amount" with " pending" when the amount
// waits for a supervisor.
func actionDetail(a Action) string {
	if a.Amount == 0 {
		return a.ID
	}
	d := a.ID + " " + strconv.FormatInt(a.Amount, 10)
	if a.Pending {
		d += " pending"
	}
	return d
}

// ActionDetail reads an "action" event's detail: the action, its amount
// in minor units (0 for none) and whether it waits for approval.
func ActionDetail(detail string) (id string, amount int64, pending bool, ok bool) {
	f := strings.Fields(detail)
	switch {
	case len(f) == 1:
		return f[0], 0, false, true
	case len(f) == 2 || len(f) == 3 && f[2] == "pending":
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return "", 0, false, false
		}
		return f[0], n, len(f) == 3, true
	}
	return "", 0, false, false
}

// checkDetail is the check's ID, with a leading "-" when it was unticked.
func checkDetail(id string, done bool) string {
	if done {
		return id
	}
	return "-" + id
}

// CheckDetail reads a "check" event's detail: the check and whether it
// was ticked (false: withdrawn).
func CheckDetail(detail string) (id string, done bool) {
	if rest, ok := strings.CutPrefix(detail, "-"); ok {
		return rest, false
	}
	return detail, true
}

// escalatedDetail is "ticket priority".
func escalatedDetail(ticket, priority string) string { return ticket + " " + priority }

// EscalatedDetail reads an "escalated" event's detail: the ticket and the
// priority's ID.
func EscalatedDetail(detail string) (ticket, priority string, ok bool) {
	ticket, priority, ok = strings.Cut(detail, " ")
	return ticket, priority, ok && ticket != "" && priority != "" && !strings.Contains(priority, " ")
}
