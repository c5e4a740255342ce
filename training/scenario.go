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
	say *sayer
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
	Name        string `toml:"name"` // a drawn text value, so names vary
	Description Text   `toml:"description"`
	Mood        Text   `toml:"mood"`
	Tenure      string `toml:"tenure"` // a drawn int value: years with the company
	VIP         bool   `toml:"vip"`
}

// Var kinds.
const (
	KindMoney = "money"
	KindInt   = "int"
	KindDate  = "date" // min and max are day offsets from the day of the call
	KindText  = "text" // one of values (same in both languages) or options
	KindBool  = "bool"
	KindCard  = "card" // a Luhn-valid test card number, for the notes trap
)

var varKinds = []string{KindMoney, KindInt, KindDate, KindText, KindBool, KindCard}

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
	pos     Pos
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
}

// Fact is one line of the simulated account screen.
type Fact struct {
	Kind  string `toml:"kind"`
	Value string `toml:"value"` // a drawn value
	Text  Text   `toml:"text"`  // or a description with placeholders
	pos   Pos
}

// Sensitive reports whether the fact stays masked until the customer is
// authenticated; only the VIP flag is visible from the caller's number.
func (f Fact) Sensitive() bool { return f.Kind != "vip" }

// Turn is one exchange: what the customer says and the decision that follows.
type Turn struct {
	ID   string `toml:"id"`
	Step string `toml:"step"` // the flow step the trainee is in when answering
	// Criterion is the rubric criterion this decision counts towards; by
	// default it follows the step (see defaultCriterion).
	Criterion string   `toml:"criterion"`
	Say       Text     `toml:"say"`
	Hint      Text     `toml:"hint"`
	Choices   []Choice `toml:"choice"`
	Entry     *Entry   `toml:"entry"`
	pos       Pos
}

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
	Closes     string   `toml:"closes"` // a reason code: the call ends
	pos        Pos
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
func (sc *Scenario) Say(l locales.Lang, t Text) string { return sc.say.say(l, t) }

// Currency is the currency of every amount in the scenario (the playbook's).
func (sc *Scenario) Currency() string { return sc.env.currency }

// AuthorityLimit is the scenario role's authority in minor units.
func (sc *Scenario) AuthorityLimit() int64 { return sc.env.limit }

// StepTitle is the playbook title of a flow step, in l.
func (sc *Scenario) StepTitle(l locales.Lang, step string) string {
	return sc.env.stepTitles[step].Raw(l)
}

// texts visits every Text of the scenario, for IDs and the bundle.
func (sc *Scenario) texts(visit func(*Text)) {
	visit(&sc.Title)
	visit(&sc.Brief)
	visit(&sc.Persona.Description)
	visit(&sc.Persona.Mood)
	for i := range sc.Vars {
		for j := range sc.Vars[i].Options {
			visit(&sc.Vars[i].Options[j])
		}
	}
	for i := range sc.Facts {
		visit(&sc.Facts[i].Text)
	}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		visit(&t.Say)
		visit(&t.Hint)
		for j := range t.Choices {
			c := &t.Choices[j]
			visit(&c.Label)
			visit(&c.Feedback)
			visit(&c.Reply)
			visit(&c.Note)
		}
		if e := t.Entry; e != nil {
			visit(&e.Prompt)
			visit(&e.Model)
			visit(&e.Feedback)
			for j := range e.Terms {
				visit(&e.Terms[j])
			}
		}
	}
}

func (sc *Scenario) assignIDs() {
	p := "scenario." + sc.ID
	sc.Title.id = p + ".title"
	sc.Brief.id = p + ".brief"
	sc.Persona.Description.id = p + ".persona.description"
	sc.Persona.Mood.id = p + ".persona.mood"
	for i := range sc.Vars {
		for j := range sc.Vars[i].Options {
			sc.Vars[i].Options[j].id = p + ".var." + sc.Vars[i].Name + ".option." + itoa(j)
		}
	}
	for i := range sc.Facts {
		sc.Facts[i].Text.id = p + ".fact." + itoa(i)
	}
	for i := range sc.Turns {
		t := &sc.Turns[i]
		tp := p + ".turn." + t.ID
		t.Say.id = tp + ".say"
		t.Hint.id = tp + ".hint"
		for j := range t.Choices {
			c := &t.Choices[j]
			cp := tp + ".choice." + c.ID
			c.Label.id = cp + ".label"
			c.Feedback.id = cp + ".feedback"
			c.Reply.id = cp + ".reply"
			c.Note.id = cp + ".note"
		}
		if e := t.Entry; e != nil {
			e.Prompt.id = tp + ".entry.prompt"
			e.Model.id = tp + ".entry.model"
			e.Feedback.id = tp + ".entry.feedback"
			for j := range e.Terms {
				e.Terms[j].id = tp + ".entry.term." + itoa(j)
			}
		}
	}
}

// flowIndex is a step's position in the playbook's flow, or -1.
func flowIndex(step string) int { return slices.Index(playbook.FlowSteps, step) }
