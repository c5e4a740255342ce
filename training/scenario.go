package training

import (
	"slices"

	"agentdesk/locales"
	"agentdesk/playbook"
)

// Scenario is one simulated call: who calls, what their account holds (drawn
// from a seed), what they say and the decisions the trainee makes.
type Scenario struct {
	ID      string `toml:"id"`
	Version int    `toml:"version"` // bumped when an edit changes what is graded
	Title   Text   `toml:"title"`
	// Brief is what the trainee reads before picking up the call.
	Brief      Text   `toml:"brief"`
	CallType   string `toml:"call_type"`
	Difficulty int    `toml:"difficulty"` // 1 to 3
	// Role is the seat the trainee sits in; its authority limit comes from
	// the playbook. Scenarios teach agent work, so it defaults to "agent".
	Role    string  `toml:"role"`
	Persona Persona `toml:"persona"`
	Vars    []Var   `toml:"var"`
	Calcs   []Calc  `toml:"calc"`
	Facts   []Fact  `toml:"fact"`
	Turns   []Turn  `toml:"turn"`
	Expect  Expect  `toml:"expect"`

	// File is where the scenario was loaded from, for messages.
	File string `toml:"-"`

	pos Pos
	env env
}

// env is what the playbook says about the call, copied at load so a session
// and the grader need no playbook: the grader stays a function of scenario,
// attempt and rubric alone.
type env struct {
	currency     string
	authRequired bool
	limit        int64 // authority of Role, minor units
	reasonCodes  []string
	stepTitles   map[string]Text
	stepGoals    map[string]Text
}

// Persona is the simulated customer.
type Persona struct {
	// Name is a drawn person value: a name and its grammatical gender,
	// which drives Spanish agreement ({{seguro|segura}}) in every text.
	Name        string `toml:"name"`
	Description Text   `toml:"description"`
	Mood        Text   `toml:"mood"`
	Tenure      string `toml:"tenure"` // a drawn int value: years with the company
	VIP         bool   `toml:"vip"`
	// Patience is how much poor handling the caller takes (1 to 5, default
	// DefaultPatience): each worsening answer costs points, at 0 the
	// caller hangs up and the attempt ends.
	Patience int `toml:"patience"`
	// Supervisor is the turn the call detours to the first time patience
	// falls to 1: the caller demands a supervisor.
	Supervisor string `toml:"supervisor_turn"`
}

// DefaultPatience is a caller's patience when the scenario does not say.
const DefaultPatience = 3

// MaxPatience bounds patience: a good answer can calm a caller, not make
// them endlessly forgiving.
const MaxPatience = 5

// patience is the caller's starting patience.
func (p *Persona) patience() int {
	if p.Patience == 0 {
		return DefaultPatience
	}
	return p.Patience
}

// Var kinds.
const (
	KindMoney = "money"
	KindInt   = "int"
	KindDate  = "date" // min and max are day offsets from the day of the call
	KindText  = "text" // one of values (same in both languages) or options
	KindBool  = "bool"
	KindCard  = "card" // a Luhn-valid test card number, for the notes trap
	// KindPerson is a name with its grammatical gender, drawn from the
	// female and male lists.
	KindPerson = "person"
)

var varKinds = []string{KindMoney, KindInt, KindDate, KindText, KindBool, KindCard, KindPerson}

// Grammatical genders of a person.
const (
	Female = "f"
	Male   = "m"
)

// Var is a value drawn from the seed.
type Var struct {
	Name    string   `toml:"name"`
	Kind    string   `toml:"kind"`
	Min     float64  `toml:"min"`
	Max     float64  `toml:"max"`
	Step    float64  `toml:"step"`
	Values  []string `toml:"values"`
	Options []Text   `toml:"options"`
	Value   *bool    `toml:"value"`
	// Chance draws a bool: true with this probability (0 to 1), so a wrong
	// PIN or a second issue happens on some calls and not others.
	Chance *float64 `toml:"chance"`
	// Unit makes an int say its unit with the right plural: "año|años"
	// renders 1 as "1 año" and 3 as "3 años".
	Unit Text `toml:"unit"`
	// Female and Male are the names of a person value.
	Female []string `toml:"female"`
	Male   []string `toml:"male"`
	pos    Pos
}

// Calc derives a value from earlier ones, so expected answers follow the
// draw: fn is one of calcFns.
type Calc struct {
	Name string   `toml:"name"`
	Fn   string   `toml:"fn"`
	Args []string `toml:"args"`
	N    int      `toml:"n"` // days or months for add_days, add_business_days, add_months
	pos  Pos
}

// FactKinds label the account screen (locales: training.fact.<kind>).
var FactKinds = []string{
	"plan", "services", "monthly", "balance", "past_due", "due_date", "cycle", "promotion",
	"plan_change", "prorated_charge", "purchase", "payment", "payment_in_flight", "late_fee",
	"card_on_file", "address", "phone", "email", "tenure", "vip", "service_status", "previous_contacts",
	"authorized_users",
}

// Fact is one line of the simulated account screen.
type Fact struct {
	Kind  string `toml:"kind"`
	Value string `toml:"value"` // a drawn value
	Text  Text   `toml:"text"`  // or a description with placeholders
	pos   Pos
}

// Sensitive reports whether the fact stays masked until the customer is
// authenticated. The VIP flag is visible from the caller's number, and the
// account's authorized users are what the agent checks a caller against
// before anything else can be shared.
func (f Fact) Sensitive() bool { return f.Kind != "vip" && f.Kind != "authorized_users" }

// Turn is one exchange: what the customer says and the decision that follows.
type Turn struct {
	ID   string `toml:"id"`
	Step string `toml:"step"` // the flow step the trainee is in when answering
	// Criterion is the rubric criterion this decision counts towards; by
	// default it follows the step (see defaultCriterion).
	Criterion string `toml:"criterion"`
	// Notice is what the systems show at this point (a PIN that does not
	// match, hold music ending), before the customer speaks.
	Notice   Text      `toml:"notice"`
	Say      Text      `toml:"say"`
	Hint     Text      `toml:"hint"`
	Choices  []Choice  `toml:"choice"`
	Entry    *Entry    `toml:"entry"`
	Response *Response `toml:"response"`
	// Next is the turn after this one; by default the next turn of the
	// file that is not a branch. "end" ends the call.
	Next string `toml:"next"`
	// Branch turns are reached only through a next (a poor answer, a
	// failed PIN, the supervisor demand); the plain order skips them.
	Branch bool `toml:"branch"`
	// When and Unless name a drawn bool: the turn happens only when it is
	// true (When) or false (Unless); otherwise the call moves past it.
	When   string `toml:"when"`
	Unless string `toml:"unless"`
	pos    Pos
}

// End is the next that ends the call.
const End = "end"

// Grades of a choice.
const (
	Best       = "best"
	Acceptable = "acceptable"
	Poor       = "poor"
	Violation  = "violation"
)

var grades = []string{Best, Acceptable, Poor, Violation}

// gradePoints turns a choice's grade into a mark. Acceptable is a pass on
// its own; poor is not; a violation earns nothing and normally also brings
// a blocker through its effects.
func gradePoints(g string) float64 {
	switch g {
	case Best:
		return 1
	case Acceptable:
		return 0.6
	case Poor:
		return 0.25
	}
	return 0
}

// Choice is one option at a decision point, with what choosing it does to
// the call (its effects become events of the attempt).
type Choice struct {
	ID       string `toml:"id"`
	Grade    string `toml:"grade"`
	Label    Text   `toml:"label"`
	Feedback Text   `toml:"feedback"`
	Reply    Text   `toml:"reply"` // the customer's reaction

	Step       string   `toml:"step"`          // jumps to another flow step
	Auth       string   `toml:"authenticates"` // pin, security_question
	SkipsAuth  bool     `toml:"skips_auth"`
	Discloses  bool     `toml:"discloses_sensitive"`
	Volunteers bool     `toml:"volunteers_data"`
	Asks       []string `toml:"asks"`   // exploration questions of the call type
	Checks     []string `toml:"checks"` // diagnosis checks of the call type
	Action     string   `toml:"action"` // a playbook action
	Amount     Ref      `toml:"amount"`
	Adjustment Ref      `toml:"adjustment"` // shorthand: action "adjustment" with this amount
	Escalates  bool     `toml:"escalates"`  // an amount with it waits on the back office
	Criteria   []string `toml:"criteria"`   // escalation criteria
	Retention  bool     `toml:"retention"`  // transfers to the retention team
	WritesCard bool     `toml:"writes_card"`
	Note       Text     `toml:"note"`
	Closes     string   `toml:"closes"` // a reason code
	// AuthFails: the trainee tried this method (pin, security_question)
	// and the caller could not pass it. Trying is right; what follows
	// decides the grade.
	AuthFails string `toml:"auth_fails"`
	// Mood changes the caller's patience (-3 to 2); at 0 they hang up.
	Mood int `toml:"mood"`
	// HangsUp: the caller ends the call here, whatever their patience.
	HangsUp bool `toml:"hangs_up"`
	// Next branches to another turn ("end" ends the call).
	Next string `toml:"next"`
	pos  Pos
}

// action returns the action ID and amount reference the choice records.
func (c *Choice) action() (string, Ref) {
	if c.Adjustment.IsSet() {
		return "adjustment", c.Adjustment
	}
	return c.Action, c.Amount
}

// Entry kinds.
const (
	EntryMoney  = "money"
	EntryDate   = "date"
	EntryNumber = "number"
	EntryYesNo  = "yesno"
	EntryNote   = "note"
)

var entryKinds = []string{EntryMoney, EntryDate, EntryNumber, EntryYesNo, EntryNote}

// Entry is a decision typed rather than chosen: a figure, a date, yes/no, or
// the case note.
type Entry struct {
	Kind   string `toml:"kind"`
	Prompt Text   `toml:"prompt"`
	// Expect names the drawn value the answer must match.
	Expect string `toml:"expect"`
	// Tolerance: major units for money, days for dates, units for numbers.
	Tolerance float64 `toml:"tolerance"`
	// Model is a good note; Terms are what a note must mention, each
	// accepted in either language.
	Model    Text   `toml:"model"`
	Terms    []Text `toml:"terms"`
	Feedback Text   `toml:"feedback"`
	pos      Pos
}

// Response is a free-response turn: the trainee says the line in their own
// words (typed), and the answer is judged element by element.
type Response struct {
	Prompt Text `toml:"prompt"`
	// Model is a good answer: the robot says it, feedback shows it, and
	// validation checks that it earns every element in both languages.
	Model    Text      `toml:"model"`
	Elements []Element `toml:"element"`
	// Usted checks the Spanish register (default true): each tú form
	// costs the register's weight.
	Usted *bool `toml:"usted"`
	// RegisterWeight is the weight of the register check (default 1).
	RegisterWeight float64 `toml:"register_weight"`
	// PassAt is the mark below which the answer is poor and Poor happens
	// (default DefaultPassAt).
	PassAt   float64     `toml:"pass_at"`
	Reply    Text        `toml:"reply"` // the customer's reaction to a good answer
	Poor     Consequence `toml:"poor"`  // what a poor answer does to the call
	Feedback Text        `toml:"feedback"`
	pos      Pos
}

// DefaultPassAt is the share of a free response's weight below which the
// caller reacts as to a poor answer.
const DefaultPassAt = 0.6

func (r *Response) passAt() float64 {
	if r.PassAt == 0 {
		return DefaultPassAt
	}
	return r.PassAt
}

func (r *Response) usted() bool { return r.Usted == nil || *r.Usted }

func (r *Response) registerWeight() float64 {
	if r.RegisterWeight == 0 {
		return 1
	}
	return r.RegisterWeight
}

// Consequence is what a poor free response does, as a choice's effects do.
type Consequence struct {
	Reply   Text   `toml:"reply"`
	Mood    int    `toml:"mood"`
	HangsUp bool   `toml:"hangs_up"`
	Next    string `toml:"next"`
}

// Element kinds.
const (
	Must    = "must"
	MustNot = "must_not"
)

// Element is one thing a free response must or must not say.
type Element struct {
	ID    string `toml:"id"`
	Kind  string `toml:"kind"` // must (default) or must_not
	Label Text   `toml:"label"`
	// ES and EN are the phrases that count, any one of them: words match
	// without accents or case, a word ending in * matches its inflections
	// (reembols* → reembolso, reembolsamos), "..." skips up to three
	// words, and {{placeholders}} take the call's values.
	ES []string `toml:"es"`
	EN []string `toml:"en"`
	// Figure names a drawn money, date or int value the answer must state
	// (or must not), read in either language's number format.
	Figure    string  `toml:"figure"`
	Tolerance float64 `toml:"tolerance"` // money: major units (default 0.01); dates: days; ints: units
	Weight    float64 `toml:"weight"`    // default 1
	// Blocker makes a must_not fail the attempt when said:
	// disclosed_before_auth, volunteered_data or over_authority.
	Blocker string `toml:"blocker"`
	// BeforeAuth limits a must_not to answers given while the caller is
	// not yet authenticated (account data before authentication).
	BeforeAuth bool `toml:"before_auth"`
	// Negation: false when a negated phrase still counts (default true:
	// "no le puedo ofrecer un reembolso" is not an offer).
	Negation *bool `toml:"negation"`
	pos      Pos
}

func (e *Element) kind() string {
	if e.Kind == "" {
		return Must
	}
	return e.Kind
}

func (e *Element) weight() float64 {
	if e.Weight == 0 {
		return 1
	}
	return e.Weight
}

func (e *Element) negation() bool { return e.Negation == nil || *e.Negation }

// phrases are the element's phrases in l.
func (e *Element) phrases(l locales.Lang) []string {
	if l == locales.EN {
		return e.EN
	}
	return e.ES
}

// Expect is what a well-handled call does, for the event-based criteria.
type Expect struct {
	Questions   []string `toml:"questions"`
	Checks      []string `toml:"checks"`
	Actions     []string `toml:"actions"`
	Escalate    bool     `toml:"escalate"`
	ReasonCodes []string `toml:"reason_codes"`
	Minutes     float64  `toml:"minutes"` // target handling time
}

// defaultCriterion is the criterion a turn counts towards when the author
// does not say.
func (t *Turn) criterion() string {
	if t.Criterion != "" {
		return t.Criterion
	}
	if t.Response != nil {
		if t.Step == "summary" {
			return "summary"
		}
		return "spoken"
	}
	if t.Entry != nil {
		switch t.Entry.Kind {
		case EntryYesNo:
			return "resolution"
		case EntryNote:
			return "summary"
		}
		return "figures"
	}
	switch t.Step {
	case "authentication":
		return "authentication"
	case "exploration":
		return "exploration"
	case "education":
		return "resolution"
	case "summary":
		return "summary"
	case "closing":
		return "closing"
	}
	return "step_order"
}

// choice returns the choice with id, or nil.
func (t *Turn) choice(id string) *Choice {
	i := slices.IndexFunc(t.Choices, func(c Choice) bool { return c.ID == id })
	if i < 0 {
		return nil
	}
	return &t.Choices[i]
}

// Turn returns the turn with id, or nil.
func (sc *Scenario) Turn(id string) *Turn {
	i := slices.IndexFunc(sc.Turns, func(t Turn) bool { return t.ID == id })
	if i < 0 {
		return nil
	}
	return &sc.Turns[i]
}

// Say returns a content text in l through the bundle, placeholders untouched.
func (sc *Scenario) Say(l locales.Lang, t Text) string { return t.Say(l) }

// Currency is the currency of every amount in the scenario (the playbook's).
func (sc *Scenario) Currency() string { return sc.env.currency }

// AuthorityLimit is the scenario role's authority in minor units.
func (sc *Scenario) AuthorityLimit() int64 { return sc.env.limit }

// StepTitle is the playbook title of a flow step, in l.
func (sc *Scenario) StepTitle(l locales.Lang, step string) string {
	return sc.env.stepTitles[step].Raw(l)
}

// texts visits every Text of the scenario, for IDs and the content checks.
func (sc *Scenario) texts(visit func(*Text)) { sc.eachText(func(_ string, t *Text) { visit(t) }) }

func (sc *Scenario) assignIDs() { sc.eachText(func(id string, t *Text) { t.id = id }) }

// eachText visits every Text of the scenario with its message ID. The IDs
// and the content checks walk this one list, so a text added to a
// scenario cannot get an ID and escape the checks, or the reverse.
func (sc *Scenario) eachText(visit func(id string, t *Text)) {
	p := "scenario." + sc.ID
	visit(p+".title", &sc.Title)
	visit(p+".brief", &sc.Brief)
	visit(p+".persona.description", &sc.Persona.Description)
	visit(p+".persona.mood", &sc.Persona.Mood)
	for i := range sc.Vars {
		for j := range sc.Vars[i].Options {
			visit(p+".var."+sc.Vars[i].Name+".option."+itoa(j), &sc.Vars[i].Options[j])
		}
	}
	for i := range sc.Facts {
		visit(p+".fact."+itoa(i), &sc.Facts[i].Text)
	}
	for i := range sc.Vars {
		visit(p+".var."+sc.Vars[i].Name+".unit", &sc.Vars[i].Unit)
	}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		tp := p + ".turn." + t.ID
		visit(tp+".notice", &t.Notice)
		visit(tp+".say", &t.Say)
		visit(tp+".hint", &t.Hint)
		if r := t.Response; r != nil {
			visit(tp+".response.prompt", &r.Prompt)
			visit(tp+".response.model", &r.Model)
			visit(tp+".response.reply", &r.Reply)
			visit(tp+".response.poor.reply", &r.Poor.Reply)
			visit(tp+".response.feedback", &r.Feedback)
			for j := range r.Elements {
				visit(tp+".response.element."+r.Elements[j].ID+".label", &r.Elements[j].Label)
			}
		}
		for j := range t.Choices {
			c := &t.Choices[j]
			cp := tp + ".choice." + c.ID
			visit(cp+".label", &c.Label)
			visit(cp+".feedback", &c.Feedback)
			visit(cp+".reply", &c.Reply)
			visit(cp+".note", &c.Note)
		}
		if e := t.Entry; e != nil {
			visit(tp+".entry.prompt", &e.Prompt)
			visit(tp+".entry.model", &e.Model)
			visit(tp+".entry.feedback", &e.Feedback)
			for j := range e.Terms {
				visit(tp+".entry.term."+itoa(j), &e.Terms[j])
			}
		}
	}
}

// flowIndex is a step's position in the playbook's flow, or -1.
func flowIndex(step string) int { return slices.Index(playbook.FlowSteps, step) }

// PersonaGenders are the grammatical genders the persona can be drawn
// with ("f", "m"), for listings and the agreement tests.
func (sc *Scenario) PersonaGenders() []string {
	g := personaGenders(sc)
	var out []string
	for _, x := range []string{Female, Male} {
		if g[x] {
			out = append(out, x)
		}
	}
	return out
}
