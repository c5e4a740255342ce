package cases

import (
	"strings"

	"agentdesk/locales"
	"agentdesk/playbook"
)

// LangNames are the call languages by their own names, as the screens and
// the CLI list them whatever the interface language.
var LangNames = map[locales.Lang]string{locales.ES: "Español", locales.EN: "English"}

// EventText says what a timeline event of case c was, in t's language:
// IDs as their titles in pb, amounts as money of the case's currency
// (currency when the case names none). A detail without the layout its
// kind writes (an earlier release's, a hand-made one) is shown as it is.
// The cases screen and agentctl case show both write timelines with it.
func EventText(t *locales.T, pb *playbook.Playbook, c *Case, e Event, currency string) string {
	l := t.Lang
	label, detail := t.S("event."+string(e.Kind)), e.Detail
	switch e.Kind {
	case "created":
		if ct := pb.CallType(e.Detail); ct != nil {
			detail = pb.Say(l, ct.Title)
		}
	case "step":
		if id, state, reason, ok := StepDetail(e.Detail); ok {
			title := id
			if st := pb.Step(id); st != nil {
				title = pb.Say(l, st.Title)
			}
			detail = title + ": " + StepStateText(t, state)
			if reason != "" {
				detail += " — " + reason
			}
		}
	case "action":
		if id, amount, pending, ok := ActionDetail(e.Detail); ok {
			detail = id
			if a := pb.Action(id); a != nil {
				detail = pb.Say(l, a.Title)
			}
			if amount != 0 {
				detail += " — " + c.FormatMoney(amount, currency, l)
			}
			if pending {
				detail += " (" + t.S("cases.action.pending") + ")"
			}
		}
	case "check":
		id, done := CheckDetail(e.Detail)
		if !done {
			label = t.S("event.check_withdrawn")
		}
		detail = id
		for _, ct := range pb.CallTypes {
			for _, ch := range ct.Checks {
				if ch.ID == id {
					detail = pb.Say(l, ch.Text)
				}
			}
		}
	case "escalated":
		if ticket, priority, ok := EscalatedDetail(e.Detail); ok {
			detail = ticket
			if p := pb.Priority(priority); p != nil {
				detail += " — " + t.D("event.priority", map[string]any{"Priority": pb.Say(l, p.Title)})
			}
		}
	case "lang":
		if name, ok := LangNames[locales.Lang(e.Detail)]; ok {
			detail = name
		}
	case EventValue:
		if ph := pb.Placeholder(e.Detail); ph != nil {
			detail = pb.Say(l, ph.Label)
		}
	case "calc":
		if key := "calcui." + e.Detail + ".title"; t.Has(key) {
			detail = t.S(key)
		}
	case "template":
		if x := pb.Template(e.Detail); x != nil {
			detail = pb.Say(l, x.Title)
		}
	case "closed":
		if rc := pb.ReasonCode(e.Detail); rc != nil {
			detail = pb.Say(l, rc.Title)
		}
	case "auth":
		if key := "auth.method." + e.Detail; t.Has(key) {
			detail = t.S(key)
		}
	case EventEscalationStatus:
		state, comment, _ := strings.Cut(e.Detail, " — ")
		detail = EscalationStateText(t, EscalationState(state))
		if comment != "" {
			detail += " — " + comment
		}
		if e.Actor != "" {
			detail += " (" + e.Actor + ")"
		}
	case EventDecision:
		if d := DecisionText(t, pb, e); d != "" {
			detail = d
		}
	case EventSyncResolved:
		// Which version was kept, as recorded ("kept_mine").
		if k := "sync.resolved_as." + e.Detail; t.Has(k) {
			detail = t.S(k)
		}
	}
	if !t.Has("event." + string(e.Kind)) {
		label = string(e.Kind)
	}
	if detail == "" {
		return label
	}
	return label + ": " + detail
}

// StepStateText names a step's state; a state this release does not know
// is shown as it was recorded.
func StepStateText(t *locales.T, state StepState) string {
	if key := "step.state." + string(state); t.Has(key) {
		return t.S(key)
	}
	return string(state)
}

// EscalationStateText names where the back office stands on an
// escalation; none yet is "received".
func EscalationStateText(t *locales.T, st EscalationState) string {
	if st == "" {
		st = EscReceived
	}
	if key := "sync.esc." + string(st); t.Has(key) {
		return t.S(key)
	}
	return string(st)
}

// DecisionText says a supervisor's decision event: the verdict on which
// action, by whom, and the comment; "" when e is not one.
func DecisionText(t *locales.T, pb *playbook.Playbook, e Event) string {
	approved, _, action, comment, ok := DecisionDetail(e.Detail)
	if e.Kind != EventDecision || !ok {
		return ""
	}
	title := action
	if x := pb.Action(action); x != nil {
		title = pb.Say(t.Lang, x.Title)
	}
	key := "cases.decision.denied"
	if approved {
		key = "cases.decision.approved"
	}
	text := t.D(key, map[string]any{"Action": title, "By": e.Actor})
	if comment != "" {
		text += " — " + comment
	}
	return text
}

// DecisionVerdict says a supervisor's decision on an action: approved or
// denied, by whom.
func DecisionVerdict(t *locales.T, d Decision) string {
	key := "cases.verdict.denied"
	if d.Approved {
		key = "cases.verdict.approved"
	}
	return t.D(key, map[string]any{"By": d.By})
}
