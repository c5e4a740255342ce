package cases

import (
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Recap summarises the call for the customer, in the call language: what
// was looked at, what was done, and what happens next.
func (c *Case) Recap(pb *playbook.Playbook, lang locales.Lang, currency string, now time.Time) string {
	t := locales.New(lang)
	var parts []string
	if ct := pb.CallType(c.CallType); ct != nil {
		parts = append(parts, t.D("recap.topic", map[string]any{"Topic": pb.ReasonPhrase(lang, ct)}))
	}
	if n := len(c.Checks); n > 0 {
		parts = append(parts, t.N("recap.checks", n, nil))
	}
	// Done: what was within authority, and what a supervisor approved
	// since; an amount a supervisor denied is said apart, and only what
	// is still undecided needs approval.
	var done, denied, waiting []string
	for _, a := range c.Actions {
		def := pb.Action(a.ID)
		if def == nil && a.Settled() {
			continue
		}
		// An action a later pack no longer has is still said while it
		// waits, by its ID in words.
		s := strings.ReplaceAll(a.ID, "_", " ")
		if def != nil {
			s = strings.ToLower(pb.Say(lang, def.Title))
		}
		if a.Amount > 0 {
			s = t.D("recap.amount", map[string]any{"Action": s, "Amount": calculators.FormatMoney(calculators.FromMinor(a.Amount, currency), lang)})
		}
		if !a.Settled() {
			switch {
			case c.Escalation != nil && c.Escalation.Status == EscRejected:
				// The back office turned the escalation down: nothing of
				// it still waits.
				denied = append(denied, s)
			case c.Escalation != nil && c.Escalation.Status.Final():
				// Resolved: the resolution says what became of it.
			default:
				// Named as what it is: an account credit waiting is not
				// "the adjustment".
				waiting = append(waiting, s)
			}
			continue
		}
		if a.Decision != nil && !a.Decision.Approved {
			denied = append(denied, s)
			continue
		}
		done = append(done, s)
	}
	if len(done) > 0 {
		parts = append(parts, t.D("recap.actions", map[string]any{"List": joinList(t, done)}))
	}
	if len(denied) > 0 {
		parts = append(parts, t.D("recap.denied", map[string]any{"List": joinList(t, denied)}))
	}
	if len(waiting) > 0 {
		parts = append(parts, t.N("recap.pending", len(waiting), map[string]any{"List": joinList(t, waiting)}))
	}
	if e := c.Escalation; e != nil {
		switch e.Status {
		case EscResolved:
			// A call back after the back office finished: no specialist
			// will call any more; what they did is said instead.
			// The sentence ends it: a resolution typed with its own full stop
			// would end it twice.
			res := strings.TrimRight(strings.TrimSpace(e.Resolution), ".")
			parts = append(parts, t.D("recap.escalation_resolved", map[string]any{"Ticket": e.Ticket, "Resolution": res}))
		case EscRejected:
			parts = append(parts, t.D("recap.escalation_rejected", map[string]any{"Ticket": e.Ticket}))
		default:
			hours := e.PromisedHours()
			parts = append(parts, t.D("recap.escalated", map[string]any{"Ticket": e.Ticket, "Time": t.N("call.hours", hours, nil)}))
		}
	}
	if c.Retention {
		parts = append(parts, t.S("recap.retention"))
	}
	return strings.Join(parts, " ")
}

// joinList joins "a, b and c" the way the language does.
func joinList(t *locales.T, items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + t.S("recap.and") + items[len(items)-1]
}
