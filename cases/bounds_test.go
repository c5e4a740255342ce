package cases_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Values, action notes and calculations are refused past their bounds
// where they are added, with the field a screen words the refusal by; at
// the bound they are taken. What a case holds already past a bound (saved
// before there was one) is kept, and can still be changed or cleared.
func TestCaseBounds(t *testing.T) {
	pb := defaultPB(t)
	long := func(n int) string { return strings.Repeat("ñ", n) }
	calc := func(summary string) cases.Calculation {
		return cases.Calculation{Calculator: "roi", Summary: summary}
	}
	fullOfCalcs := func(c *cases.Case) {
		// Bounded, as a calculation refused is what this waits for.
		for i := 0; i < 1000; i++ {
			if _, err := c.AddCalculation(calc("x"), t0); err != nil {
				return
			}
		}
	}
	for _, tc := range []struct {
		name   string
		prep   func(c *cases.Case)
		change func(c *cases.Case) error
		field  string // "" when taken
	}{
		{"a value at the bound", nil, func(c *cases.Case) error { return c.SetValue("promo_name", long(cases.MaxValueChars)) }, ""},
		{"a value one over", nil, func(c *cases.Case) error { return c.SetValue("promo_name", long(cases.MaxValueChars+1)) }, "value_long"},
		{"a value name longer than any placeholder's", nil, func(c *cases.Case) error { return c.SetValue(long(41), "x") }, "value"},
		{"the last value there is room for", func(c *cases.Case) { fillValues(c, cases.MaxValues-1) }, func(c *cases.Case) error { return c.SetValue("promo_name", "x") }, ""},
		{"one value more than there is room for", func(c *cases.Case) { fillValues(c, cases.MaxValues) }, func(c *cases.Case) error { return c.SetValue("promo_name", "x") }, "values_full"},
		{"a recorded value changed on a full case", func(c *cases.Case) { fillValues(c, cases.MaxValues+5) }, func(c *cases.Case) error { return c.SetValue("v0", "otro") }, ""},
		{"a recorded value cleared on a full case", func(c *cases.Case) { fillValues(c, cases.MaxValues+5) }, func(c *cases.Case) error { return c.SetValue("v0", "") }, ""},
		{"a value saved long, kept as it was", func(c *cases.Case) { c.Values = map[string]string{"promo_name": long(cases.MaxValueChars + 50)} }, func(c *cases.Case) error { return c.SetValue("promo_name", long(cases.MaxValueChars+50)) }, ""},
		{"an action's reason at the bound", nil, func(c *cases.Case) error { return addAction(c, pb, long(cases.MaxActionNote)) }, ""},
		{"an action's reason one over", nil, func(c *cases.Case) error { return addAction(c, pb, long(cases.MaxActionNote+1)) }, "action_note"},
		{"the last action there is room for", func(c *cases.Case) { fillActions(c, cases.MaxActions-1) }, func(c *cases.Case) error { return addAction(c, pb, "ok") }, ""},
		{"one action more than there is room for", func(c *cases.Case) { fillActions(c, cases.MaxActions) }, func(c *cases.Case) error { return addAction(c, pb, "ok") }, "actions_full"},
		{"a skipped step's reason at the bound", nil, func(c *cases.Case) error {
			_, err := c.SetStep(pb, "acknowledgement", cases.StepSkipped, long(cases.MaxStepReason), t0)
			return err
		}, ""},
		{"a skipped step's reason one over", nil, func(c *cases.Case) error {
			_, err := c.SetStep(pb, "acknowledgement", cases.StepSkipped, long(cases.MaxStepReason+1), t0)
			return err
		}, "reason_long"},
		{"skipping the authentication with a reason one over", nil, func(c *cases.Case) error {
			_, err := c.SetStep(pb, "authentication", cases.StepSkipped, long(cases.MaxStepReason+1), t0)
			return err
		}, "reason_long"},
		{"skipping the authentication directly with a reason one over", nil, func(c *cases.Case) error {
			_, err := c.SkipAuth(long(cases.MaxStepReason+1), t0)
			return err
		}, "reason_long"},
		{"an escalation's reason at the bound", nil, func(c *cases.Case) error {
			_, err := c.Escalate(pb, []string{pb.Criteria[0].ID}, "", long(cases.MaxEscalationReason), 0, t0)
			return err
		}, ""},
		{"an escalation's reason one over", nil, func(c *cases.Case) error {
			_, err := c.Escalate(pb, []string{pb.Criteria[0].ID}, "", long(cases.MaxEscalationReason+1), 0, t0)
			return err
		}, "escalation_reason_long"},
		{"a calculation on a case with room", nil, func(c *cases.Case) error { _, err := c.AddCalculation(calc(long(500)), t0); return err }, ""},
		{"a calculation on a case whose results fill their room", fullOfCalcs, func(c *cases.Case) error { _, err := c.AddCalculation(calc("x"), t0); return err }, "calcs_full"},
		{"a calculation larger than the room alone", nil, func(c *cases.Case) error {
			_, err := c.AddCalculation(calc(strings.Repeat("<", cases.MaxCalcBytes/6+1)), t0)
			return err
		}, "calcs_full"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCall(t, pb, "bill_increase")
			if _, err := c.Authenticate("pin", t0); err != nil {
				t.Fatal(err)
			}
			if tc.prep != nil {
				tc.prep(c)
			}
			before, _ := json.Marshal(c)
			err := tc.change(c)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *cases.Error
			if !errors.As(err, &e) || e.Code != cases.EInvalid || e.Field != tc.field {
				t.Fatalf("got %v, want invalid (%s)", err, tc.field)
			}
			if after, _ := json.Marshal(c); string(after) != string(before) {
				t.Errorf("refused, yet the case changed")
			}
		})
	}
}

// The customer a call starts with has bounded texts: what the agent types
// on the start form (the name, the plan) and what the profile brings (the
// services, the address, the phone), each as crmd's import of the
// directory bounds it, so a profile crmd holds always starts a call.
func TestStartCallBoundsTheCustomer(t *testing.T) {
	pb := defaultPB(t)
	long := func(n int) string { return strings.Repeat("ñ", n) }
	for _, tc := range []struct {
		name  string
		cu    cases.Customer
		field string // "" when taken
	}{
		{"every text at its bound", cases.Customer{Account: "4417001234", Name: long(cases.MaxCustomerName), Plan: long(cases.MaxCustomerPlan),
			Services: long(cases.MaxCustomerServices), Address: long(cases.MaxCustomerAddress), Phone: long(cases.MaxCustomerPhone)}, ""},
		{"a name one over", cases.Customer{Name: long(cases.MaxCustomerName + 1)}, "name_long"},
		{"a plan one over", cases.Customer{Account: "4417001234", Plan: long(cases.MaxCustomerPlan + 1)}, "plan_long"},
		{"services one over", cases.Customer{Account: "4417001234", Services: long(cases.MaxCustomerServices + 1)}, "profile_long"},
		{"an address one over", cases.Customer{Account: "4417001234", Address: long(cases.MaxCustomerAddress + 1)}, "profile_long"},
		{"a phone one over", cases.Customer{Account: "4417001234", Phone: long(cases.MaxCustomerPhone + 1)}, "profile_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cases.StartCall(pb, "ana", cases.RoleAgent, "bill_increase", locales.ES, tc.cu, false)
			if tc.field == "" {
				if err != nil || c == nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *cases.Error
			if !errors.As(err, &e) || e.Code != cases.EInvalid || e.Field != tc.field || c != nil {
				t.Fatalf("got %v, want invalid (%s)", err, tc.field)
			}
		})
	}
}

// The session writes a case that holds more than the bounds allow, saved
// before there were bounds: nothing on it is lost, and the call goes on.
func TestCaseOverTheBoundsStillSaves(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newSession(t)
	c := call()
	fillValues(c, cases.MaxValues+10)
	for i := 0; i < cases.MaxActions+3; i++ {
		c.Actions = append(c.Actions, cases.Action{ID: "charge_explained", Reason: strings.Repeat("r", cases.MaxActionNote+10), At: t0})
	}
	if err := s.Start(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) {
		c.Current = "closing"
		return []cases.Event{{Kind: cases.EventStep, Detail: "closing"}}, nil
	}); err != nil {
		t.Fatalf("a change beside what a case held before the bounds: %v", err)
	}
	got, _ := st.GetCase(ctx, s.Case().ID)
	if len(got.Values) != cases.MaxValues+10 || len(got.Actions) != cases.MaxActions+3 || got.Actions[0].Reason != c.Actions[0].Reason {
		t.Errorf("stored %d values, %d actions", len(got.Values), len(got.Actions))
	}
}

// The figures of the bounds (cases/bounds.go): a case with its notes,
// values, actions and calculations full, in the characters JSON writes
// longest ('<' as \u003c, six bytes for one), and the rest of the case
// generous, is still one crmd takes.
func TestCaseAtAllBoundsFitsCrmdsLimit(t *testing.T) {
	shared := defaultPB(t)
	// A published pack may have more steps than the built-in flow, each
	// with its skip reason on the case: the most a pack may have (on a
	// copy: the default pack is loaded once for every test).
	pbCopy := *shared
	pbCopy.Steps = slices.Clone(shared.Steps)
	pb := &pbCopy
	for n := len(pb.Steps); n < playbook.MaxSteps; n++ {
		extra := pb.Steps[len(pb.Steps)-1]
		extra.ID = fmt.Sprintf("centre_step_%d", n)
		pb.Steps = append(pb.Steps, extra)
	}
	for _, r := range []string{"<", "\x01", "😀"} {
		t.Run(fmt.Sprintf("%q", r), func(t *testing.T) {
			worst := func(n int) string { return strings.Repeat(r, n) }
			c, err := cases.StartCall(pb, "ana", cases.RoleAgent, "bill_increase", locales.ES, cases.Customer{
				Account: strings.Repeat("9", cases.MaxAccountLen), Name: worst(cases.MaxCustomerName), Plan: worst(cases.MaxCustomerPlan),
				Services: worst(cases.MaxCustomerServices), Address: worst(cases.MaxCustomerAddress), Phone: worst(cases.MaxCustomerPhone),
				Since: t0, DueDate: t0, Balance: calculators.MaxMinor, PastDue: calculators.MaxMinor, Monthly: calculators.MaxMinor,
				Currency: "USD", Lang: locales.ES, UpdatedAt: t0}, false)
			if err != nil {
				t.Fatal(err)
			}
			c.ID, c.Version = "C-20261206-0001", 1<<30
			c.Agent = worst(64)
			for _, sp := range c.Steps {
				if sp.Step == "closing" {
					continue
				}
				if _, err := c.SetStep(pb, sp.Step, cases.StepSkipped, worst(cases.MaxStepReason), t0); err != nil {
					t.Fatalf("step %s: %v", sp.Step, err)
				}
			}
			if _, err := c.SkipAuth(worst(cases.MaxStepReason), t0); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 12; i++ {
				c.Checks = append(c.Checks, cases.Check{ID: worst(40), At: t0})
			}
			if _, err := c.Authenticate("pin", t0); err != nil {
				t.Fatal(err)
			}
			// Every bounded part at its bound, through the domain's own
			// edges.
			for i := 0; i < cases.MaxValues; i++ {
				if err := c.SetValue(worst(40-2)+fmt.Sprintf("%02d", i), worst(cases.MaxValueChars)); err != nil {
					t.Fatalf("value %d: %v", i, err)
				}
			}
			for i := 0; i < cases.MaxActions; i++ {
				if _, _, err := c.AddAction(pb, "adjustment", calculators.MaxMinor/cases.MaxActions, worst(cases.MaxActionNote), cases.RoleSupervisor, t0); err != nil {
					t.Fatalf("action %d: %v", i, err)
				}
				// crmd's word on it, as it comes back, with as long a
				// comment as crmd takes.
				c.Actions[i].Decision = &cases.Decision{Approved: true, By: worst(64), At: t0, ActionID: "adjustment", Amount: calculators.MaxMinor,
					Comment: strings.Repeat(r, cases.MaxBackOfficeText/len(r))}
			}
			filled := false
			for i := 0; i < 1000 && !filled; i++ {
				_, err := c.AddCalculation(cases.Calculation{Calculator: "billdiff", Summary: worst(300),
					Lines:   []calculators.Figure{{Key: "calc.line.bill_difference", Kind: calculators.KindChange, Minor: -calculators.MaxMinor, Currency: "USD", Name: worst(30)}},
					Figures: map[string]string{"calc.line.bill_difference": worst(30)}}, t0)
				if err != nil {
					if cases.ErrorCode(err) != cases.EInvalid {
						t.Fatal(err)
					}
					filled = true
				}
			}
			if !filled {
				t.Fatal("calculations were never refused")
			}
			c.Notes = worst(cases.MaxNotes)
			if _, err := c.Escalate(pb, []string{pb.Criteria[0].ID}, "", worst(cases.MaxEscalationReason), 0, t0); err != nil {
				t.Fatal(err)
			}
			// The back office's history as full as crmd keeps it: moves
			// with comments of MaxBackOfficeText up to MaxHistoryBytes, the
			// rest of the moves without, and a final one with both texts.
			comment, moves, bytes := strings.Repeat(r, cases.MaxBackOfficeText/len(r)), 0, 0
			to := []cases.EscalationState{cases.EscInProgress, cases.EscWaitingCustomer}
			for ; moves < cases.MaxHistoryMoves; moves++ {
				m := cases.EscalationChange{At: t0, By: worst(64), From: to[(moves+1)%2], To: to[moves%2]}
				if cases.HistoryHasRoom(moves, bytes, m.To, comment, "") {
					m.Comment, bytes = comment, bytes+len(comment)
				}
				c.Escalation.History = append(c.Escalation.History, m)
			}
			c.Escalation.History = append(c.Escalation.History, cases.EscalationChange{At: t0, By: worst(64), From: cases.EscInProgress, To: cases.EscResolved, Comment: comment, Resolution: comment})
			c.Escalation.Status, c.Escalation.Resolution, c.Escalation.ReceivedAt, c.Escalation.DueAt = cases.EscResolved, comment, t0, t0
			// crmd holds the case to its cap without its own records,
			// which the desk sends back as it got them.
			checked, err := crm.CaseBytes(c)
			if err != nil {
				t.Fatal(err)
			}
			if checked > crm.MaxCaseBytes {
				t.Errorf("a case at all bounds is %d bytes as crmd measures it; crmd takes %d", checked, crm.MaxCaseBytes)
			}
			body, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes of %d as crmd measures it; %d with crmd's records", checked, crm.MaxCaseBytes, len(body))
		})
	}
}

func fillValues(c *cases.Case, n int) {
	if c.Values == nil {
		c.Values = map[string]string{}
	}
	for i := 0; i < n; i++ {
		c.Values[fmt.Sprintf("v%d", i)] = "1"
	}
}

func fillActions(c *cases.Case, n int) {
	for i := 0; i < n; i++ {
		c.Actions = append(c.Actions, cases.Action{ID: "charge_explained", At: t0})
	}
}

func addAction(c *cases.Case, pb *playbook.Playbook, reason string) error {
	_, _, err := c.AddAction(pb, "adjustment", 100, reason, cases.RoleAgent, t0)
	return err
}
