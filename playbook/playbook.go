// Package playbook is AgentDesk's content: the call flow and its steps, the
// call types with their exploration questions, diagnosis checks, education
// scripts and resolution options, escalation criteria and policy, reason
// codes, authority limits, compensation levels and conversation templates.
//
// A playbook is a folder of TOML files (the embedded default pack, one an
// organisation supplies, or one the CRM distributes). Every text exists in
// Spanish and English; Load validates everything and reports each problem
// with file:line, so an author fixes a pack in one pass. Texts are said
// through go-i18n (locales.Content) under their message IDs, so the
// interface and the call content share one localisation mechanism.
package playbook

import (
	"slices"

	"agentdesk/locales"
)

// Text is one piece of content in both languages. Its ID is assigned on load
// (for example "calltype.bill_increase.script.promo_expired") and is the
// go-i18n message ID.
type Text struct {
	ES string `toml:"es"`
	EN string `toml:"en"`

	id string
}

// ID is the text's go-i18n message ID.
func (t Text) ID() string { return t.id }

// Raw returns the text in lang without going through go-i18n; the loader
// and validator use it, everything that shows content uses Playbook.Say.
func (t Text) Raw(l locales.Lang) string {
	if l == locales.EN {
		return t.EN
	}
	return t.ES
}

// Meta identifies a pack.
type Meta struct {
	ID       string `toml:"id"`
	Version  string `toml:"version"`
	Currency string `toml:"currency"` // ISO 4217, the currency of every amount in the pack
	Name     Text   `toml:"name"`
}

// Step is one of the call-flow steps, in order.
type Step struct {
	ID    string `toml:"id"`
	Title Text   `toml:"title"`
	// Goal tells the agent what the step is for, shown above its scripts.
	Goal Text `toml:"goal"`
	// Conditional steps (authentication) may be marked "not applicable";
	// the others may only be done or skipped with a reason.
	Conditional bool     `toml:"conditional"`
	Scripts     []Script `toml:"script"`
	pos         Pos
}

// Script is something the agent says, with {{placeholders}}.
type Script struct {
	ID    string `toml:"id"`
	Title Text   `toml:"title"`
	Text  Text   `toml:"text"`
	// Groups limits a step script to call types of these groups
	// (billing, financial, technical, account); empty means every call.
	Groups []string `toml:"groups"`
	// When limits a script to a situation: "new_customer", "tenured",
	// "retention" (last-resort transfer), "escalated"; empty means always.
	When string `toml:"when"`
	pos  Pos
}

// Conditions a Script.When may name.
var Conditions = []string{"new_customer", "tenured", "vip", "retention", "escalated", "payment_taken"}

// Groups a call type may belong to: billing questions, charges and plans,
// technical support, and the account itself (moves, security, third
// parties, complaints).
var Groups = []string{"billing", "financial", "technical", "account"}

// CallType is a reason a customer calls, with everything the agent needs
// for it.
type CallType struct {
	ID    string `toml:"id"`
	Group string `toml:"group"`
	Title Text   `toml:"title"`
	// Reason is the call type said inside a sentence, with its article:
	// "un cobro duplicado" / "a duplicate charge", for {{call_reason}} ("nos
	// llama por …", "you're calling about …") and the customer recap. A
	// pack without it falls back to the lower-cased title.
	Reason Text `toml:"reason"`
	// Keywords feed the type-ahead search, in both languages.
	Keywords Text `toml:"keywords"`
	// RequiresAuth: account details are needed, so the authentication step
	// applies and cannot be marked not applicable.
	RequiresAuth bool     `toml:"requires_auth"`
	Questions    []Item   `toml:"question"`    // exploration questions
	Checks       []Item   `toml:"check"`       // diagnosis checks ("checks performed")
	Scripts      []Script `toml:"script"`      // education scripts
	Resolutions  []string `toml:"resolutions"` // Action IDs offered for first-line resolution
	Escalation   []string `toml:"escalation"`  // Criterion IDs that typically apply
	ReasonCodes  []string `toml:"reason_codes"`
	pos          Pos
}

// Item is a question or a check: a short text with an ID.
type Item struct {
	ID   string `toml:"id"`
	Text Text   `toml:"text"`
	pos  Pos
}

// Action is a first-line resolution action an agent can record.
type Action struct {
	ID    string `toml:"id"`
	Title Text   `toml:"title"`
	// Amount: the action moves money (adjustment, credit, refund) and needs
	// an amount and a reason, checked against the role's authority.
	Amount bool `toml:"amount"`
	pos    Pos
}

// ReasonCode tags every closed case for the weekly report.
type ReasonCode struct {
	ID    string `toml:"id"`
	Group string `toml:"group"`
	Title Text   `toml:"title"`
	pos   Pos
}

// Criterion is an escalation criterion (seed 001's list and more).
type Criterion struct {
	ID   string `toml:"id"`
	Text Text   `toml:"text"`
	// Priority is the default priority when this criterion is met.
	Priority string `toml:"priority"`
	pos      Pos
}

// Priority is an escalation priority and its promised response time.
type Priority struct {
	ID            string `toml:"id"`
	Title         Text   `toml:"title"`
	ResponseHours int    `toml:"response_hours"`
	Rank          int    `toml:"rank"` // higher is more urgent
	pos           Pos
}

// Authority is the largest adjustment or credit a role may grant on one
// case without escalating, in major units of the pack's currency.
type Authority struct {
	Role  string  `toml:"role"`
	Limit float64 `toml:"limit"`
	pos   Pos
}

// Roles known to the product.
var Roles = []string{"trainee", "agent", "supervisor", "admin"}

// CompensationLevel is one rung of the compensation scale by incident level.
type CompensationLevel struct {
	Level       int     `toml:"level"`
	Title       Text    `toml:"title"`
	Description Text    `toml:"description"`
	Percent     float64 `toml:"percent"` // share of the monthly bill credited, 0..1
	Fixed       float64 `toml:"fixed"`   // or a fixed credit, major units
	Max         float64 `toml:"max"`     // cap, major units; 0 means none
	MinRole     string  `toml:"min_role"`
	pos         Pos
}

// Placeholder describes a {{name}} that scripts and templates may use.
type Placeholder struct {
	ID    string `toml:"id"`
	Label Text   `toml:"label"`
	// Source says where the value comes from: "case", "customer",
	// "settings", "calculator" or "agent" (typed during the call).
	Source string `toml:"source"`
	// Kind decides formatting: text, money, date, number, percent, or a
	// quantity (years, months, days, business_days, hours), which renders
	// with its unit in agreement with the number ("1 año", "3 años"), so a
	// script writes "{{tenure_years}}" and never "{{tenure_years}} años".
	Kind string `toml:"kind"`
	// Default is the value a quantity or number takes when neither the case
	// nor the agent gives one, written as a plain number ("7"). It carries
	// policy the agent would otherwise make up, such as how many business
	// days a refund takes.
	Default string `toml:"default"`
	// Sensitive values (balance, due date, amounts, address, phone, payment
	// details) stay masked until the customer is authenticated.
	Sensitive bool `toml:"sensitive"`
	pos       Pos
}

// Sources and kinds a placeholder may have.
var (
	Sources = []string{"case", "customer", "settings", "calculator", "agent"}
	Kinds   = []string{"text", "money", "date", "number", "percent", "years", "months", "days", "business_days", "hours"}
	// QuantityKinds render with their unit (calculators.Units).
	QuantityKinds = []string{"years", "months", "days", "business_days", "hours"}
)

// IsCount reports whether the placeholder's value is a count: a number or
// a quantity. A plural noun written beside it would be wrong for one of
// its values (FixedPlurals).
func (p *Placeholder) IsCount() bool {
	return p != nil && (p.Kind == "number" || slices.Contains(QuantityKinds, p.Kind))
}

// Template categories and COST stages (Clarify, Optimize, Solve, Transform).
// compliance holds what the law or the card networks require be said
// (recording disclosure, card payments, privacy); care holds what an agent
// says to an upset or vulnerable caller.
var (
	Categories = []string{"opening", "discovery", "value", "objection", "closing", "follow_up", "decision", "apology", "hold_transfer", "compliance", "care"}
	Stages     = []string{"clarify", "optimize", "solve", "transform"}
	Scopes     = []string{"global", "team", "personal"}
)

// Template is a conversation or objection-handling template.
type Template struct {
	ID       string `toml:"id"`
	Category string `toml:"category"`
	Title    Text   `toml:"title"`
	// Tags are search words in both languages, unaccented and in every
	// variant an agent may type; unlike texts they are not held to the
	// glossary (Validate), or the variants would become unfindable.
	Tags []string `toml:"tags"`
	// CallTypes and Steps where the template fits; empty means anywhere.
	CallTypes []string `toml:"call_types"`
	Steps     []string `toml:"steps"`
	// Text is the whole template, or Parts when an objection answer is
	// built along the COST stages.
	Text  Text           `toml:"text"`
	Parts []TemplatePart `toml:"part"`
	// Optional lists placeholders the template reads well without; every
	// other placeholder it uses is required before it can be copied.
	Optional []string `toml:"optional"`
	Scope    string   `toml:"scope"`
	Owner    string   `toml:"owner"` // team or agent name for non-global scopes
	pos      Pos
}

// Guide is reference content for the agent, never said to a customer: what
// a method is for and how to use it (the COST method beside the objection
// templates, recognizing a vulnerable caller beside the care templates).
type Guide struct {
	ID      string `toml:"id"`
	Title   Text   `toml:"title"`
	Summary Text   `toml:"summary"`
	// Categories are the template categories the guide explains; a screen
	// shows it beside their templates (GuidesFor).
	Categories []string       `toml:"categories"`
	Sections   []GuideSection `toml:"section"`
	pos        Pos
}

// GuideSection is one part of a guide. Stage ties it to a COST stage, so
// it can be shown beside the template parts of that stage (StageGuide).
type GuideSection struct {
	ID      string `toml:"id"`
	Stage   string `toml:"stage"`
	Title   Text   `toml:"title"`
	Text    Text   `toml:"text"`
	Example Text   `toml:"example"` // optional: a line the agent might say
	pos     Pos
}

// The guide every objection template is built on.
const GuideCOST = "cost"

// TemplatePart is one COST stage of an objection answer.
type TemplatePart struct {
	Stage string `toml:"stage"`
	Text  Text   `toml:"text"`
	pos   Pos
}
