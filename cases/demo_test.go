package cases_test

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/playbook"
)

// checksInPack reports (under name) a case whose call type the pack does
// not have, or a check its call type does not ask; it is false when the
// call type is unknown.
func checksInPack(t *testing.T, pb *playbook.Playbook, c *cases.Case, name string) bool {
	t.Helper()
	ct := pb.CallType(c.CallType)
	if ct == nil {
		t.Errorf("%s: unknown call type %s", name, c.CallType)
		return false
	}
	for _, ch := range c.Checks {
		if !slices.ContainsFunc(ct.Checks, func(x playbook.Item) bool { return x.ID == ch.ID }) {
			t.Errorf("%s: %s has no check %s", name, c.CallType, ch.ID)
		}
	}
	return true
}

// Demo data names playbook IDs; this keeps them in step with the default pack.
func TestDemoDataMatchesPlaybook(t *testing.T) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 7, 30, 0, 0, time.UTC)
	customers, demo := cases.DemoData(now, "demo")
	if len(customers) < 4 || len(demo) < 6 {
		t.Fatalf("%d customers, %d cases", len(customers), len(demo))
	}
	statuses := map[cases.Status]int{}
	langs := map[string]int{}
	for _, d := range demo {
		c := d.Case
		statuses[c.Status]++
		langs[string(c.CallLang)]++
		if c.CreatedAt.After(now) {
			t.Errorf("%s created in the future", c.CallType)
		}
		if !checksInPack(t, pb, c, c.CallType) {
			continue
		}
		for _, a := range c.Actions {
			if pb.Action(a.ID) == nil {
				t.Errorf("unknown action %s", a.ID)
			}
		}
		if c.Reason != "" && pb.ReasonCode(c.Reason) == nil {
			t.Errorf("unknown reason code %s", c.Reason)
		}
		if c.Status == cases.StatusClosed && c.Reason == "" {
			t.Errorf("closed case %s without a reason code", c.CallType)
		}
		if e := c.Escalation; e != nil {
			if pb.Priority(e.Priority) == nil {
				t.Errorf("unknown priority %s", e.Priority)
			}
			for _, cr := range e.Criteria {
				if pb.Criterion(cr) == nil {
					t.Errorf("unknown criterion %s", cr)
				}
			}
		}
	}
	if statuses[cases.StatusOpen] == 0 || statuses[cases.StatusClosed] == 0 || statuses[cases.StatusEscalated] == 0 {
		t.Errorf("statuses %v: want open, closed and escalated", statuses)
	}
	if langs["es"] == 0 || langs["en"] == 0 {
		t.Errorf("languages %v: want both", langs)
	}
}

// The demo customers live where the product bills: US addresses ending in
// a state and ZIP code, US phone numbers from the range kept for fiction.
func TestDemoCustomersAreUSHouseholds(t *testing.T) {
	customers, _ := cases.DemoData(time.Date(2026, 11, 23, 7, 30, 0, 0, time.UTC), "demo")
	address := regexp.MustCompile(`^\d+ [A-Z][A-Za-z ]+(, (Apt|Unit) \w+)?, [A-Z][a-z]+( [A-Z][a-z]+)*, [A-Z]{2} \d{5}$`)
	phone := regexp.MustCompile(`^\(\d{3}\) 555-01\d{2}$`)
	for _, c := range customers {
		if !address.MatchString(c.Address) {
			t.Errorf("%s: address %q is not a US address", c.Name, c.Address)
		}
		if !phone.MatchString(c.Phone) {
			t.Errorf("%s: phone %q is not a fictional US number", c.Name, c.Phone)
		}
		if c.Currency != "USD" {
			t.Errorf("%s: billed in %s", c.Name, c.Currency)
		}
	}
}

// The team demo names only the default playbook's IDs, every priority,
// both languages, and is the queue a supervisor meets on a real shift:
// valid cases, some overdue, some with amounts to decide.
func TestDemoTeamMatchesPlaybook(t *testing.T) {
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 7, 30, 0, 0, time.UTC)
	list := cases.DemoTeam(now)
	prios, langs, agents := map[string]bool{}, map[string]bool{}, map[string]bool{}
	overdue, undecided := 0, 0
	for _, c := range list {
		if c.ID == "" || c.Escalation == nil || c.Escalation.Ticket == "" || c.Status != cases.StatusEscalated || c.CreatedAt.After(now) {
			t.Errorf("not an escalated case: %+v", c)
			continue
		}
		if !checksInPack(t, pb, c, c.ID) {
			continue
		}
		for _, a := range c.Actions {
			if pb.Action(a.ID) == nil {
				t.Errorf("%s: unknown action %s", c.ID, a.ID)
			}
			if a.Pending {
				undecided++
			}
		}
		e := c.Escalation
		if pb.Priority(e.Priority) == nil {
			t.Errorf("%s: unknown priority %s", c.ID, e.Priority)
		}
		for _, cr := range e.Criteria {
			if pb.Criterion(cr) == nil {
				t.Errorf("%s: unknown criterion %s", c.ID, cr)
			}
		}
		if e.DueAt.Before(now) {
			overdue++
		}
		prios[e.Priority], langs[string(c.CallLang)], agents[c.Agent] = true, true, true
	}
	if len(prios) != 4 || len(langs) != 2 || len(agents) < 3 || overdue == 0 || undecided == 0 {
		t.Errorf("priorities %v, languages %v, agents %v, %d overdue, %d to decide", prios, langs, agents, overdue, undecided)
	}
}

// A demo case's timeline reads as a call's does: in the order things
// happened, an action with its amount (and whether it waits on a
// supervisor), an escalation with its priority, as the call screen
// records them, so the cases screen and agentctl case show present the
// demo as they present a real case.
func TestDemoTimelinesAreWrittenAsCallsWriteThem(t *testing.T) {
	now := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	_, demo := cases.DemoData(now, "ana")
	for _, d := range demo {
		c := d.Case
		if !slices.IsSortedFunc(d.Events, func(a, b cases.Event) int { return a.At.Compare(b.At) }) {
			var at []string
			for _, e := range d.Events {
				at = append(at, e.At.Format("15:04:05")+" "+string(e.Kind))
			}
			t.Errorf("%s: timeline out of order: %v", c.CallType, at)
		}
		actions := 0
		for _, e := range d.Events {
			switch e.Kind {
			case cases.EventAction:
				if c.Retention && e.Detail == "retention_transfer" {
					continue
				}
				id, amount, pending, ok := cases.ActionDetail(e.Detail)
				if actions >= len(c.Actions) {
					t.Errorf("%s: more action events than actions", c.CallType)
					continue
				}
				a := c.Actions[actions]
				actions++
				if !ok || id != a.ID || amount != a.Amount || pending != a.Pending {
					t.Errorf("%s: action event %q, action %s %d pending=%v", c.CallType, e.Detail, a.ID, a.Amount, a.Pending)
				}
			case cases.EventEscalated:
				ticket, priority, ok := cases.EscalatedDetail(e.Detail)
				if !ok || ticket != c.Escalation.Ticket || priority != c.Escalation.Priority {
					t.Errorf("%s: escalated event %q", c.CallType, e.Detail)
				}
			}
		}
	}
}
