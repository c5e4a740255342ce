package cases

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Bounds on what an agent adds to a case besides its notes (MaxNotes):
// crmd refuses a case body over crm.MaxCaseBytes (256 KiB = 262,144 bytes)
// for good and the desk then sets the save aside, so every part a call can
// grow without end is bounded where it is added, and a case with all of
// them full still fits. The figures are for JSON's worst, six bytes a
// character ('<' as \u003c, a control character as \u00XX; redaction only
// ever shortens a text):
//
//	notes          20,000 characters × 6                          120,000
//	values         60 × (name 40 × 6 + value 100 × 6 + 6 quoting)   50,760
//	actions        16 × (reason 200 × 6 + 631 for the rest: IDs,     29,296
//	               amounts, times, the verdict)
//	calculations   MaxCalcBytes, measured as JSON                   20,480
//	customer       (name 200 + plan 200 + services 500 +             8,784
//	               address 500 + phone 64) × 6
//	step reasons   13 × 200 × 6: a pack's most steps                 15,600
//	               (playbook.MaxSteps, 12; the built-in flow has 8)
//	               and the authentication's reason again on its gate
//	escalation     its reason, 1,000 × 6                              6,000
//	                                                               -------
//	                                                               250,920
//
// which leaves some 11 KB for the rest: IDs, times, amounts, checks and
// the JSON around them, a few kilobytes on a long call.
// TestCaseAtAllBoundsFitsCrmdsLimit builds that case.
//
// What crmd owns of a case is not in the sum: the back office's history
// (MaxHistoryMoves, MaxHistoryBytes of comments), its resolution and
// times, and the decisions on the actions (a comment of MaxBackOfficeText
// each). A desk sends them back with the case as it got them, but crmd
// drops them from every write and holds the rest to its cap
// (crm.CaseBytes), so the back office working a case never pushes the
// agent's next save over it. The request carrying them is read up to
// crmd's 1 MiB: real comments (letters, accents) take some 170 KB at
// most; only comments written all in '<' or control characters, at JSON's
// worst, would reach it.
//
// The bounds are checked where a part is added (StartCall, SetStep,
// SkipAuth, Escalate, SetValue, AddAction, AddCalculation), not on every
// save: a case saved before them keeps what it holds and still takes the
// back office's word and its other changes.
const (
	// MaxValues is how many values (the customer's figures the scripts
	// use) one case records: a call's scripts ask for a handful, and the
	// built-in pack has some fifty the agent may type in all.
	MaxValues = 60
	// MaxValueChars is the longest value: a figure, a date, a name.
	MaxValueChars = 100
	// maxValueName is the longest name of a value, a placeholder's ID
	// (the built-in pack's longest has 22); the agent never types it.
	maxValueName = 40
	// MaxActions is how many actions one case records.
	MaxActions = 16
	// MaxActionNote is the longest an action's reason and note may be
	// together: a sentence, as the details go in the notes.
	MaxActionNote = 200
	// MaxCalcBytes is the room the calculations attached to a case take
	// as JSON, all together: a calculation is a sentence and its figures,
	// one to three kilobytes, and a bill comparison can carry a figure per
	// bill line. Measured, not counted in characters: the agent does not
	// write them, and the figures are structure more than text.
	MaxCalcBytes = 20 << 10

	// MaxStepReason is the longest reason for skipping a step or the
	// authentication: a sentence ("the customer is driving"), as an
	// action's reason is; the details go in the notes.
	MaxStepReason = 200
	// MaxEscalationReason is the longest reason an escalation is sent
	// with: what the back office reads first, a paragraph or two; the
	// call's details are in the notes beside it.
	MaxEscalationReason = 1000

	// The longest texts of the customer a call starts with, as crmd's
	// import of the customer directory bounds them (crm/server/import.go),
	// so every profile crmd holds starts a call: the name and the plan the
	// agent may type on the start form, the services, address and phone
	// the profile brings.
	MaxCustomerName     = 200
	MaxCustomerPlan     = 200
	MaxCustomerServices = 500
	MaxCustomerAddress  = 500
	MaxCustomerPhone    = 64
)

func checkValue(c *Case, name, value string) error {
	if n := utf8.RuneCountInString(name); n > maxValueName {
		return &Error{Code: EInvalid, Field: "value", Detail: fmt.Sprintf("a name of %d characters, at most %d", n, maxValueName)}
	}
	if n := utf8.RuneCountInString(value); n > MaxValueChars {
		// What a case holds already stays, and may be set again as it
		// is: the bound refuses growth, not the record.
		if old, ok := c.Values[name]; !ok || old != value {
			return &Error{Code: EInvalid, Field: "value_long", Detail: fmt.Sprintf("%d characters, at most %d", n, MaxValueChars)}
		}
	}
	if _, ok := c.Values[name]; !ok && len(c.Values) >= MaxValues {
		return &Error{Code: EInvalid, Field: "values_full", Detail: fmt.Sprintf("%d values recorded, at most %d", len(c.Values), MaxValues)}
	}
	return nil
}

func checkAction(c *Case, a Action) error {
	if len(c.Actions) >= MaxActions {
		return &Error{Code: EInvalid, Field: "actions_full", Detail: fmt.Sprintf("%d actions recorded, at most %d", len(c.Actions), MaxActions)}
	}
	if n := utf8.RuneCountInString(a.Reason) + utf8.RuneCountInString(a.Note); n > MaxActionNote {
		return &Error{Code: EInvalid, Field: "action_note", Detail: fmt.Sprintf("%d characters, at most %d", n, MaxActionNote)}
	}
	return nil
}

func checkCalcs(calcs []Calculation) error {
	body, err := json.Marshal(calcs)
	if err != nil {
		return &Error{Code: EInvalid, Field: "calculation", Detail: err.Error()}
	}
	if len(body) > MaxCalcBytes {
		return &Error{Code: EInvalid, Field: "calcs_full", Detail: fmt.Sprintf("%d bytes of calculations, at most %d", len(body), MaxCalcBytes)}
	}
	return nil
}

// checkReason bounds a reason for skipping a step or the authentication.
func checkReason(reason string) error {
	if n := utf8.RuneCountInString(reason); n > MaxStepReason {
		return &Error{Code: EInvalid, Field: "reason_long", Detail: fmt.Sprintf("%d characters, at most %d", n, MaxStepReason)}
	}
	return nil
}

// checkCustomer bounds the texts of the customer a call starts with, by
// the field a screen words the refusal by: the name and the plan the agent
// typed, or the profile's other texts, which the start form does not show.
func checkCustomer(cu Customer) error {
	for _, f := range []struct {
		field, name, value string
		max                int
	}{
		{"name_long", "name", cu.Name, MaxCustomerName},
		{"plan_long", "plan", cu.Plan, MaxCustomerPlan},
		{"profile_long", "services", cu.Services, MaxCustomerServices},
		{"profile_long", "address", cu.Address, MaxCustomerAddress},
		{"profile_long", "phone", cu.Phone, MaxCustomerPhone},
	} {
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return &Error{Code: EInvalid, Field: f.field, Detail: fmt.Sprintf("the customer's %s has %d characters, at most %d", f.name, n, f.max)}
		}
	}
	return nil
}
