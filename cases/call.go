package cases

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// AuthMethods are how a customer may be authenticated. What they said (the
// PIN, the answer) is never recorded.
var AuthMethods = []string{"pin", "security_question", "other"}

// CriterionOverAuthority is the escalation criterion an adjustment above
// the agent's authority always meets.
const CriterionOverAuthority = "exceeds_authority"

// StartCall opens a case for a new call: every step of the flow pending,
// the first one on screen.
func StartCall(pb *playbook.Playbook, agent string, role Role, callType string, lang locales.Lang, cu Customer, training bool) (*Case, error) {
	if pb.CallType(callType) == nil {
		return nil, &Error{Code: EInvalid, Field: "call_type", Detail: callType}
	}
	if strings.TrimSpace(cu.Name) == "" && strings.TrimSpace(cu.Account) == "" {
		return nil, &Error{Code: EInvalid, Field: "customer", Detail: "name or account required"}
	}
	if !ValidAccount(cu.Account) {
		return nil, &Error{Code: EInvalid, Field: "account", Detail: "at most 64 characters, no control characters"}
	}
	if AccountIsCard(cu.Account) {
		return nil, &Error{Code: EInvalid, Field: "account_card", Detail: "a card number"}
	}
	if err := checkCustomer(cu); err != nil {
		return nil, err
	}
	c := &Case{Agent: agent, Role: role, CallType: callType, CallLang: lang, Customer: cu, Training: training, Status: StatusOpen}
	for _, s := range pb.Steps {
		c.Steps = append(c.Steps, StepProgress{Step: s.ID, State: StepPending})
	}
	if len(c.Steps) > 0 {
		c.Current = c.Steps[0].Step
	}
	return c, nil
}

// Step returns the progress of a step.
func (c *Case) Step(id string) *StepProgress {
	for i := range c.Steps {
		if c.Steps[i].Step == id {
			return &c.Steps[i]
		}
	}
	return nil
}

func (c *Case) stepIndex(id string) int {
	return slices.IndexFunc(c.Steps, func(s StepProgress) bool { return s.Step == id })
}

// Move shows the next (+1) or previous (-1) step.
func (c *Case) Move(delta int) {
	if step, ok := c.StepFrom(delta); ok {
		c.Current = step
	}
}

// StepFrom is the step delta places from the one shown (+1 the next), and
// false past either end.
func (c *Case) StepFrom(delta int) (string, bool) {
	i := c.stepIndex(c.Current) + delta
	if i < 0 || i >= len(c.Steps) {
		return "", false
	}
	return c.Steps[i].Step, true
}

// SetStep records a step as done, skipped (a reason is required) or not
// applicable (only conditional steps, and never authentication on a call
// type that needs account details). The authentication step is completed
// through Authenticate, so the gate and the step cannot disagree.
func (c *Case) SetStep(pb *playbook.Playbook, id string, state StepState, reason string, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	sp, def := c.Step(id), pb.Step(id)
	if sp == nil || def == nil {
		return Event{}, &Error{Code: EInvalid, Field: "step", Detail: id}
	}
	reason = strings.TrimSpace(reason)
	switch state {
	case StepDone:
		if id == "authentication" && !c.Auth.Authenticated() {
			return Event{}, &Error{Code: EAuthRequired, Field: "step", Detail: "authenticate through Authenticate"}
		}
		// Likewise the closing step is done by closing the case, with its
		// reason code: ticked alone, the checklist would read complete on
		// a case left open with no reason.
		if id == "closing" {
			return Event{}, &Error{Code: EInvalid, Field: "closing", Detail: "close the case through Close"}
		}
	case StepSkipped:
		if id == "closing" { // nor skipped: every call ends with a close
			return Event{}, &Error{Code: EInvalid, Field: "closing", Detail: "close the case through Close"}
		}
		if reason == "" {
			return Event{}, &Error{Code: EInvalid, Field: "reason", Detail: "a skipped step needs a reason"}
		}
		if err := checkReason(reason); err != nil {
			return Event{}, err
		}
		if id == "authentication" {
			return c.SkipAuth(reason, now)
		}
	case StepNA:
		if !def.Conditional {
			return Event{}, &Error{Code: EInvalid, Field: "state", Detail: id + " always applies"}
		}
		if ct := pb.CallType(c.CallType); id == "authentication" && ct != nil && ct.RequiresAuth {
			return Event{}, &Error{Code: EInvalid, Field: "state", Detail: "this call type needs authentication"}
		}
		// Done is done: a customer authenticated on the call was, and the
		// step must not read "not applicable" beside an open gate.
		if id == "authentication" && c.Auth.Authenticated() {
			return Event{}, &Error{Code: EInvalid, Field: "authenticated", Detail: "the customer is authenticated"}
		}
	case StepPending:
		reason = ""
	default:
		return Event{}, &Error{Code: EInvalid, Field: "state", Detail: string(state)}
	}
	sp.State, sp.Reason, sp.At = state, reason, now
	return Event{At: now, Kind: "step", Detail: stepDetail(id, state, reason)}, nil
}

// Authenticate opens the gate. Only the method is recorded.
func (c *Case) Authenticate(method string, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	if !slices.Contains(AuthMethods, method) {
		return Event{}, &Error{Code: EInvalid, Field: "method", Detail: method}
	}
	c.Auth = Auth{Method: method, At: now}
	if sp := c.Step("authentication"); sp != nil {
		sp.State, sp.Reason, sp.At = StepDone, "", now
	}
	return Event{At: now, Kind: "auth", Detail: method}, nil
}

// SkipAuth records that authentication was skipped and why. The gate stays
// closed: sensitive values remain masked and scripts that need them locked.
func (c *Case) SkipAuth(reason string, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Event{}, &Error{Code: EInvalid, Field: "reason", Detail: "skipping authentication needs a reason"}
	}
	if err := checkReason(reason); err != nil {
		return Event{}, err
	}
	c.Auth = Auth{Skipped: true, Reason: reason, At: now}
	if sp := c.Step("authentication"); sp != nil {
		sp.State, sp.Reason, sp.At = StepSkipped, reason, now
	}
	return Event{At: now, Kind: "step", Detail: stepDetail("authentication", StepSkipped, reason)}, nil
}

// ToggleCheck records or withdraws a diagnosis check of the call type.
func (c *Case) ToggleCheck(pb *playbook.Playbook, id string, done bool, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	ct := pb.CallType(c.CallType)
	if ct == nil || !slices.ContainsFunc(ct.Checks, func(i playbook.Item) bool { return i.ID == id }) {
		return Event{}, &Error{Code: EInvalid, Field: "check", Detail: id}
	}
	i := slices.IndexFunc(c.Checks, func(ch Check) bool { return ch.ID == id })
	switch {
	case done && i < 0:
		c.Checks = append(c.Checks, Check{ID: id, At: now})
	case !done && i >= 0:
		c.Checks = slices.Delete(c.Checks, i, i+1)
	default:
		return Event{}, nil
	}
	return Event{At: now, Kind: "check", Detail: checkDetail(id, done)}, nil
}

// HasCheck reports whether a check was performed.
func (c *Case) HasCheck(id string) bool {
	return slices.ContainsFunc(c.Checks, func(ch Check) bool { return ch.ID == id })
}

// ActionResult says what happened to an action: recorded within authority,
// or recorded as pending because it needs an escalation.
type ActionResult struct {
	Action          Action
	NeedsEscalation bool
	// Granted is what the case had been granted within authority before
	// this amount: when it is not 0, the amount was pending because of the
	// case's total, not because of its own size.
	Granted int64
}

// AddAction records a first-line action. Actions that move money need the
// customer authenticated, an amount and a reason. The role's authority is
// what it may grant on one case, all amounts together: three credits just
// under the limit are not three small credits. An amount that takes the
// case's granted total above it is recorded as pending and the case must
// be escalated. crmd counts the same way (crm.DecideCaseWrite).
func (c *Case) AddAction(pb *playbook.Playbook, id string, amount int64, reason string, role Role, now time.Time) (ActionResult, Event, error) {
	if err := c.editable(); err != nil {
		return ActionResult{}, Event{}, err
	}
	def := pb.Action(id)
	if def == nil {
		return ActionResult{}, Event{}, &Error{Code: EInvalid, Field: "action", Detail: id}
	}
	a := Action{ID: id, At: now, Role: role, Reason: strings.TrimSpace(reason)}
	if err := checkAction(c, a); err != nil {
		return ActionResult{}, Event{}, err
	}
	res := ActionResult{}
	if def.Amount {
		if !c.Auth.Authenticated() {
			return ActionResult{}, Event{}, &Error{Code: EAuthRequired, Field: "action", Detail: id}
		}
		// Positive and bounded as every amount is (crmd refuses the rest):
		// two amounts near the int64 limit would overflow the totals.
		// The amount is not repeated in the error, which the desk logs:
		// "-42222222222.22" is a card number with a minus sign.
		if amount <= 0 || amount > calculators.MaxMinor {
			return ActionResult{}, Event{}, &Error{Code: EInvalid, Field: "amount", Detail: "not a positive amount within bounds"}
		}
		// A card number typed where the amount goes is not an amount, and
		// must not be stored as one (nor said in the error: it is logged).
		if isCardNumber(amount) {
			return ActionResult{}, Event{}, &Error{Code: EInvalid, Field: "amount_card", Detail: "a card number"}
		}
		if a.Reason == "" {
			return ActionResult{}, Event{}, &Error{Code: EInvalid, Field: "reason", Detail: "an amount needs a reason"}
		}
		a.Amount = amount
		a.Limit = pb.AuthorityMinor(string(role))
		res.Granted = c.GrantedAmount()
		if WithinAuthority(res.Granted, amount, a.Limit) {
			a.Approved = true
		} else {
			if e := c.Escalation; e != nil && e.Status.Final() {
				// The back office has closed this case's escalation, and a
				// case has one: an amount that needs it again is refused,
				// not filed where no one will look.
				return ActionResult{}, Event{}, &Error{Code: EInvalid, Field: "escalation_closed", Detail: string(e.Status)}
			}
			a.Pending = true
			res.NeedsEscalation = true
		}
	}
	c.Actions = append(c.Actions, a)
	res.Action = a
	if e := c.Escalation; e != nil && a.Pending && !e.Status.Final() {
		// Already escalated for another reason, and the back office still
		// working on it: it gets this amount on the record it works from, under the authority
		// criterion and in the amount in dispute, as if it had been there
		// when the case was escalated. No second escalation is needed.
		if !slices.Contains(e.Criteria, CriterionOverAuthority) {
			e.Criteria = append(e.Criteria, CriterionOverAuthority)
		}
		e.Dispute = max(e.Dispute, c.PendingAmount())
		res.NeedsEscalation = false
	}
	return res, Event{At: now, Kind: "action", Detail: actionDetail(a)}, nil
}

// GrantedAmount is the total the case's actions granted within authority:
// what counts against the limit of the next amount.
func (c *Case) GrantedAmount() int64 { return c.total(func(a Action) bool { return a.Approved }) }

// total adds up the amounts of the actions keep selects.
func (c *Case) total(keep func(Action) bool) int64 {
	var n int64
	for _, a := range c.Actions {
		if keep(a) {
			n += a.Amount
		}
	}
	return n
}

// WithinAuthority reports whether amount can be granted under limit on a
// case that was already granted the total granted. Both are bounded (an
// amount by calculators.MaxMinor, what was granted by the limit it was
// granted under), so the sum does not overflow.
func WithinAuthority(granted, amount, limit int64) bool {
	return granted+amount <= limit
}

// PendingAmount is the total of actions above the agent's authority: what
// the case must be escalated for, decided since or not.
func (c *Case) PendingAmount() int64 { return c.total(func(a Action) bool { return a.Pending }) }

// UndecidedAmount is the total of actions above authority that no
// supervisor has decided yet: what still needs approval.
func (c *Case) UndecidedAmount() int64 {
	return c.total(func(a Action) bool { return !a.Settled() })
}

// DisputePending, as the amount in dispute, asks Escalate for the amounts
// waiting for approval: the escalation form's field left empty. A dispute
// of zero is nothing in dispute, as the form's message says it may be.
const DisputePending int64 = -1

// Escalate builds the back-office record. It is complete by construction:
// criteria from the playbook (the authority criterion added when an action
// waits on it), a priority (the most urgent of the criteria unless one is
// chosen), a reason, the amount in dispute (DisputePending: the amounts
// waiting for approval), a ticket number (TicketFor)
// and the expected response time from the playbook's policy.
func (c *Case) Escalate(pb *playbook.Playbook, criteria []string, priority, reason string, dispute int64, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	if c.Escalation != nil {
		return Event{}, &Error{Code: EInvalid, Field: "escalation", Detail: "already escalated: " + c.Escalation.Ticket}
	}
	crit := slices.Clone(criteria)
	if c.PendingAmount() > 0 && !slices.Contains(crit, CriterionOverAuthority) {
		crit = append(crit, CriterionOverAuthority)
	}
	if len(crit) == 0 {
		return Event{}, &Error{Code: EInvalid, Field: "criteria", Detail: "at least one criterion"}
	}
	// Unless the agent chose one, the priority is the most urgent of the
	// criteria's defaults.
	chosen, best := priority, -1
	for _, id := range crit {
		cr := pb.Criterion(id)
		if cr == nil {
			return Event{}, &Error{Code: EInvalid, Field: "criteria", Detail: id}
		}
		if p := pb.Priority(cr.Priority); chosen == "" && p != nil && p.Rank > best {
			best, priority = p.Rank, p.ID
		}
	}
	p := pb.Priority(priority)
	if p == nil {
		return Event{}, &Error{Code: EInvalid, Field: "priority", Detail: priority}
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Event{}, &Error{Code: EInvalid, Field: "reason", Detail: "an escalation needs a reason"}
	}
	if n := utf8.RuneCountInString(reason); n > MaxEscalationReason {
		return Event{}, &Error{Code: EInvalid, Field: "escalation_reason_long", Detail: fmt.Sprintf("%d characters, at most %d", n, MaxEscalationReason)}
	}
	// As an action's amount: never repeated in the error (it is logged),
	// and a card number is refused, not dropped on the way to storage
	// with the back office left a dispute of zero.
	if dispute == DisputePending {
		dispute = c.PendingAmount()
	} else if dispute < 0 || dispute > calculators.MaxMinor {
		return Event{}, &Error{Code: EInvalid, Field: "dispute", Detail: "not an amount within bounds"}
	}
	if isCardNumber(dispute) {
		return Event{}, &Error{Code: EInvalid, Field: "amount_card", Detail: "a card number"}
	}
	c.Escalation = &Escalation{
		Ticket: TicketFor(now, c.ID), Criteria: crit, Priority: p.ID, Reason: reason, Dispute: dispute,
		At: now, ExpectedBy: now.Add(time.Duration(p.ResponseHours) * time.Hour), Status: EscReceived,
	}
	c.Status = StatusEscalated
	return Event{At: now, Kind: "escalated", Detail: escalatedDetail(c.Escalation.Ticket, p.ID)}, nil
}

// OfferRetention records the transfer to the retention team, offered only
// as a last resort: after the education step, never as an opening move.
func (c *Case) OfferRetention(now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	if sp := c.Step("education"); sp != nil && sp.State == StepPending {
		return Event{}, &Error{Code: EInvalid, Field: "retention", Detail: "explain the options first"}
	}
	c.Retention = true
	return Event{At: now, Kind: "action", Detail: "retention_transfer"}, nil
}

// Close ends the call. A reason code from the playbook is required, and an
// amount above authority must have been escalated first.
func (c *Case) Close(pb *playbook.Playbook, reasonCode string, now time.Time) (Event, error) {
	if c.Ended() {
		return Event{}, &Error{Code: EInvalid, Field: "status", Detail: "already closed"}
	}
	if pb.ReasonCode(reasonCode) == nil {
		return Event{}, &Error{Code: EInvalid, Field: "reason_code", Detail: reasonCode}
	}
	if c.PendingAmount() > 0 && c.Escalation == nil {
		return Event{}, &Error{Code: EAuthority, Field: "escalation", Detail: "an action above authority waits on an escalation"}
	}
	c.Reason = reasonCode
	if sp := c.Step("closing"); sp != nil {
		sp.State, sp.Reason, sp.At = StepDone, "", now
	}
	c.ClosedAt = now
	if c.Escalation == nil {
		c.Status = StatusClosed
	}
	// An escalated case keeps its status: the call is over, the case is not.
	return Event{At: now, Kind: "closed", Detail: reasonCode}, nil
}

// Reopen continues a closed case.
func (c *Case) Reopen(now time.Time) (Event, error) {
	if c.Status != StatusClosed && c.ClosedAt.IsZero() {
		return Event{}, &Error{Code: EInvalid, Field: "status", Detail: "not closed"}
	}
	if c.Escalation != nil {
		c.Status = StatusEscalated
	} else {
		c.Status = StatusOpen
	}
	// Open again, its close is still to come, with its own reason code:
	// the summary must not print the earlier close's, nor a time for a
	// step not yet done.
	c.ClosedAt, c.Reason = time.Time{}, ""
	if sp := c.Step("closing"); sp != nil {
		sp.State, sp.Reason, sp.At = StepPending, "", time.Time{}
	}
	return Event{At: now, Kind: "reopened"}, nil
}

// SetLang switches the call language; everything else stays as it was.
func (c *Case) SetLang(l locales.Lang, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	c.CallLang = l
	return Event{At: now, Kind: "lang", Detail: string(l)}, nil
}

// SetValue stores a placeholder value the agent typed.
func (c *Case) SetValue(name, value string) error {
	// A closed case is a record: the templates palette stays usable after
	// the call, but what is typed there must not change what was said.
	if err := c.editable(); err != nil {
		return err
	}
	if c.Values == nil {
		c.Values = map[string]string{}
	}
	if strings.TrimSpace(value) == "" {
		delete(c.Values, name)
		return nil
	}
	value = strings.TrimSpace(value)
	if err := checkValue(c, name, value); err != nil {
		return err
	}
	c.Values[name] = value
	return nil
}

func (c *Case) editable() error {
	if c.Ended() {
		return &Error{Code: EClosed, Field: "status", Detail: "the case is closed; reopen it first"}
	}
	return nil
}

// Ended reports whether the call on the case is over: closed, or closed
// while escalated (the case keeps its status for the back office, the
// call is over all the same, and the screens show it closed).
func (c *Case) Ended() bool { return c.Status == StatusClosed || !c.ClosedAt.IsZero() }

// Situations lists the conditions (playbook.Conditions) that hold for this
// call, which choose the closing and confirmation scripts.
func (c *Case) Situations(now time.Time) []string {
	var out []string
	switch {
	case c.Customer.Since.IsZero():
		// Tenure unknown (a profile without the date): neither thanked for
		// years nor welcomed as new; the plain goodbye stands.
	case c.Customer.TenureYears(now) >= 1:
		out = append(out, "tenured")
	default:
		out = append(out, "new_customer")
	}
	if c.Customer.VIP {
		out = append(out, "vip")
	}
	if c.Retention {
		out = append(out, "retention")
	}
	// Escalated while the back office still works on it: the closing
	// script then promises a specialist's call.
	if c.Escalation != nil && !c.Escalation.Status.Final() {
		out = append(out, "escalated")
	}
	if slices.ContainsFunc(c.Actions, func(a Action) bool { return a.ID == "payment_taken" }) {
		out = append(out, "payment_taken")
	}
	return out
}

// ValueContext is what the placeholders of a call draw on besides the case.
type ValueContext struct {
	Company, Agent, RetentionPhone string
	Currency                       string
	Now                            time.Time
	Recap                          string
}

// Lookup returns the placeholder lookup for rendering this call's scripts
// in lang: case fields, the customer profile, settings and what the agent
// typed, each formatted in that language.
func (c *Case) Lookup(pb *playbook.Playbook, lang locales.Lang, vc ValueContext) playbook.Values {
	money := func(minor int64) string {
		return calculators.FormatMoney(calculators.FromMinor(minor, vc.Currency), lang)
	}
	cu := c.Customer
	return func(name string) (string, bool) {
		if v, ok := c.Values[name]; ok && v != "" {
			return DisplayValue(kindOf(pb, name), v, lang, vc.Currency), true
		}
		switch name {
		case "company":
			return vc.Company, vc.Company != ""
		case "agent_name":
			return vc.Agent, vc.Agent != ""
		case "retention_phone":
			return vc.RetentionPhone, vc.RetentionPhone != ""
		case "customer_name":
			return cu.Name, cu.Name != ""
		case "account_last4":
			return Last4(cu.Account), cu.Account != ""
		case "call_reason":
			if ct := pb.CallType(c.CallType); ct != nil {
				return pb.ReasonPhrase(lang, ct), true
			}
		case "ticket":
			if c.Escalation != nil {
				return c.Escalation.Ticket, true
			}
		case "response_time":
			if c.Escalation != nil {
				hours := c.Escalation.PromisedHours()
				return locales.New(lang).N("call.hours", hours, nil), true
			}
		case "priority":
			if c.Escalation != nil {
				if p := pb.Priority(c.Escalation.Priority); p != nil {
					return strings.ToLower(pb.Say(lang, p.Title)), true
				}
			}
		case "recap":
			// Scripts put their own full stop after the recap.
			r := strings.TrimSuffix(strings.TrimSpace(vc.Recap), ".")
			return r, r != ""
		case "tenure_years":
			// Under a year there are no years to thank for: "0 years"
			// is no tenure, and the new customer's goodbye fits instead.
			if y := cu.TenureYears(vc.Now); !cu.Since.IsZero() && y >= 1 {
				return strconv.Itoa(y), true
			}
		case "plan":
			return cu.Plan, cu.Plan != ""
		case "services":
			return cu.Services, cu.Services != ""
		case "balance":
			return money(cu.Balance), cu.HasBill()
		case "past_due":
			return money(cu.PastDue), cu.HasBill()
		case "monthly_amount":
			return money(cu.Monthly), cu.Monthly != 0
		case "due_date":
			return locales.FormatDate(lang, cu.DueDate), !cu.DueDate.IsZero()
		case "address":
			return cu.Address, cu.Address != ""
		case "phone":
			return cu.Phone, cu.Phone != ""
		}
		return "", false
	}
}

// AddCalculation attaches a calculator result used in the call, so it
// shows in the case record and its PDF.
func (c *Case) AddCalculation(calc Calculation, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	if strings.TrimSpace(calc.Calculator) == "" || strings.TrimSpace(calc.Summary) == "" {
		return Event{}, &Error{Code: EInvalid, Field: "calculation", Detail: "calculator and summary required"}
	}
	calc.At = now
	calcs := append(slices.Clip(c.Calcs), calc)
	if err := checkCalcs(calcs); err != nil {
		return Event{}, err
	}
	c.Calcs = calcs
	return Event{At: now, Kind: "calc", Detail: calc.Calculator}, nil
}

// UseTemplate records that a template was used; with text, it is also
// appended to the notes (redacted on save like any note).
func (c *Case) UseTemplate(id, text string, now time.Time) (Event, error) {
	if err := c.editable(); err != nil {
		return Event{}, err
	}
	if strings.TrimSpace(id) == "" {
		return Event{}, &Error{Code: EInvalid, Field: "template", Detail: "empty id"}
	}
	if t := strings.TrimSpace(text); t != "" {
		notes := c.Notes
		if strings.TrimSpace(notes) != "" && !strings.HasSuffix(notes, "\n") {
			notes += "\n"
		}
		notes += t
		if err := CheckNotes(notes); err != nil {
			return Event{}, err
		}
		c.Notes = notes
	}
	return Event{At: now, Kind: "template", Detail: id}, nil
}
