package cases

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"agentdesk/calculators"
)

// Service is the only way the app and the CLI write cases: it redacts every
// free text before the store sees it and bumps versions, so no adapter and
// no screen can write a card number or lose track of a version.
type Service struct {
	Store Store
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Create stores a new case and its "created" event.
func (s *Service) Create(ctx context.Context, c *Case) error {
	now := s.now()
	if c.ID == "" {
		c.ID = NewID(now)
	}
	if c.Status == "" {
		c.Status = StatusOpen
	}
	c.Version = 1
	// Imports and demo data arrive with their own times; a live call has none.
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	if c.OpenedAt.IsZero() {
		c.OpenedAt = c.CreatedAt
	}
	Sanitize(c)
	ev := []Event{{CaseID: c.ID, At: c.CreatedAt, Kind: "created", Detail: c.CallType, Actor: c.Agent}}
	return s.Store.CreateCase(ctx, c, ev)
}

// Import stores a case that already has a history (demo data, a case
// pulled from the CRM) with its own events, after the same redaction.
func (s *Service) Import(ctx context.Context, c *Case, events []Event) error {
	if c.ID == "" {
		c.ID = NewID(c.CreatedAt)
	}
	if c.Version == 0 {
		c.Version = 1
	}
	Sanitize(c)
	for i := range events {
		events[i].CaseID = c.ID
		events[i].Detail = Scrub(events[i].Detail)
	}
	return s.Store.CreateCase(ctx, c, events)
}

// Save writes the case with its new events. On success c.Version is the
// stored version; on a conflict c is left as it was and nothing is written.
func (s *Service) Save(ctx context.Context, c *Case, events ...Event) error {
	now := s.now()
	prevV, prevT := c.Version, c.UpdatedAt
	c.Version++
	c.UpdatedAt = now
	Sanitize(c)
	// The caller's events stay as given: who reads them after (what is
	// news to the agent) must not see the agent filled in as the actor.
	events = slices.Clone(events)
	for i := range events {
		events[i].CaseID = c.ID
		if events[i].At.IsZero() {
			events[i].At = now
		}
		// The agent did what has no actor, except the back office's word
		// (a status crmd states without a move): that is nobody's here.
		if k := events[i].Kind; events[i].Actor == "" && k != EventEscalationStatus && k != EventDecision {
			events[i].Actor = c.Agent
		}
		events[i].Detail = Scrub(events[i].Detail)
	}
	if err := s.Store.SaveCase(ctx, c, events); err != nil {
		c.Version, c.UpdatedAt = prevV, prevT
		return err
	}
	return nil
}

// Sanitize redacts every free-text field of a case in place. Service calls
// it before every write; crmd calls it again on what clients send, since a
// client is not trusted with the rule that a card number, security code or
// PIN is never stored.
//
// Every string of the record is redacted, IDs and enums included (Redact
// leaves them as they are, and a client could put anything there), except
// the three that other records are keyed on: the case ID, the agent and the
// customer's account. crmd validates the first two; the account is an
// identifier people read out, and masking one by chance would lose the
// customer. TestSanitizeEveryField plants a card in every string and fails
// on a new field left out.
func Sanitize(c *Case) {
	red := func(s *string) { *s = Scrub(*s) }
	red((*string)(&c.Role))
	red((*string)(&c.Status))
	red(&c.CallType)
	red((*string)(&c.CallLang))
	SanitizeCustomer(&c.Customer)
	for i := range c.Steps {
		red(&c.Steps[i].Step)
		red((*string)(&c.Steps[i].State))
		red(&c.Steps[i].Reason)
	}
	red(&c.Current)
	red(&c.Auth.Method)
	red(&c.Auth.Reason)
	for i := range c.Checks {
		red(&c.Checks[i].ID)
	}
	for i := range c.Actions {
		a := &c.Actions[i]
		red(&a.ID)
		red(&a.Reason)
		red(&a.Note)
		red((*string)(&a.Role))
		if isCardNumber(a.Amount) { // as the amount in dispute
			a.Amount = 0
		}
		if d := a.Decision; d != nil {
			red(&d.By)
			red(&d.Comment)
			red(&d.ActionID)
		}
	}
	for i := range c.Calcs {
		k := &c.Calcs[i]
		red(&k.Calculator)
		red(&k.Summary)
		k.Figures = redactMap(k.Figures)
		for j := range k.Lines {
			sanitizeFigure(&k.Lines[j])
		}
	}
	c.Values = redactMap(c.Values)
	red(&c.Notes)
	red(&c.Reason)
	if e := c.Escalation; e != nil {
		if isCardNumber(e.Dispute) {
			e.Dispute = 0
		}
		red(&e.Ticket)
		for i := range e.Criteria {
			red(&e.Criteria[i])
		}
		red(&e.Priority)
		red(&e.Reason)
		red((*string)(&e.Status))
		red(&e.Resolution)
		for i := range e.History {
			h := &e.History[i]
			red(&h.By)
			red((*string)(&h.From))
			red((*string)(&h.To))
			red(&h.Comment)
			red(&h.Resolution)
		}
	}
}

// SanitizeCustomer redacts the free texts of a customer profile: what an
// agent typed on a call, or what a CSV file brought in. The account is
// left as it is (see Sanitize).
func SanitizeCustomer(c *Customer) {
	red := func(s *string) { *s = Scrub(*s) }
	// The name, the plan and the phone are said and printed on one line:
	// a carriage return pasted from another program is a space.
	line := func(s *string) { *s = strings.Join(strings.FieldsFunc(Scrub(*s), isSpaceOrControl), " ") }
	line(&c.Name)
	line(&c.Plan)
	red(&c.Services)
	red((*string)(&c.Lang))
	red(&c.Currency)
	red(&c.Address)
	line(&c.Phone)
	// Amounts typed as card numbers are still card numbers (see
	// sanitizeFigure): dropped, as nothing else can stand for an amount.
	for _, m := range []*int64{&c.Balance, &c.PastDue, &c.Monthly} {
		if isCardNumber(*m) {
			*m = 0
		}
	}
}

// isCardNumber says whether n's digits are a card number.
func isCardNumber(n int64) bool {
	_, r := Redact(strings.TrimPrefix(strconv.FormatInt(n, 10), "-"))
	return r.Any()
}

// sanitizeFigure redacts a calculator figure's texts, and its value when
// the value's digits are a card number: a count or an amount is a number a
// person typed, and one typed as a card number is still a card number.
// Only a number's whole part is read so: the decimals of a computed figure
// (4.666666666666667 years) are nobody's typing, and one time in ten
// sixteen of them pass a card's check digit.
func sanitizeFigure(f *calculators.Figure) {
	red := func(s *string) { *s = Scrub(*s) }
	red(&f.Key)
	red(&f.Kind)
	red(&f.Currency)
	red(&f.Text)
	red(&f.Name)
	for _, digits := range []string{strconv.FormatInt(f.Minor, 10), strconv.FormatFloat(math.Trunc(f.Number), 'f', -1, 64)} {
		digits = strings.TrimPrefix(digits, "-")
		if masked, r := Redact(digits); r.Any() { // as isCardNumber, with the mask kept for the text
			f.Kind, f.Text, f.Minor, f.Number, f.Currency = calculators.KindText, masked, 0, 0, ""
			return
		}
	}
}

// Scrub is a free text as it may be stored: redacted, and without NUL
// characters, which mean nothing in a text and which PostgreSQL refuses in
// a case body (a desk's write would be refused as a server error, and
// retried for ever).
func Scrub(s string) string {
	s, _ = Redact(s)
	return strings.ReplaceAll(s, "\x00", "")
}

func isSpaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// redactMap redacts keys as well as values: a placeholder's name comes from
// the client like its value. The map is changed in place unless a key
// changes, which needs a new one.
func redactMap(m map[string]string) map[string]string {
	rekeyed := false
	for k, v := range m {
		m[k] = Scrub(v)
		if rk := Scrub(k); rk != k {
			rekeyed = true
		}
	}
	if !rekeyed {
		return m
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		rk := Scrub(k)
		out[rk] = v
	}
	return out
}
