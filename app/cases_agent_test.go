package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A supervisor's cases screen lists every agent's cases on this desk, so
// each row and the detail say whose case it is; an agent's lists only
// their own, and the rows do not repeat their name.
func TestCasesSayWhoseCaseToASupervisor(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Sup", cases.KeyRole: "supervisor"})
	svc := &cases.Service{Store: h.db}
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	for i, agent := range []string{"Ana", "Ben"} {
		c := &cases.Case{Agent: agent, Role: cases.RoleAgent, Status: cases.StatusClosed, CallType: "bill_payment", CallLang: locales.EN,
			Customer:  cases.Customer{Account: "441700000" + string(rune('1'+i)), Name: "Customer of " + strings.ToLower(agent)},
			CreatedAt: at, UpdatedAt: at, ClosedAt: at}
		if err := svc.Import(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
	}
	h.app.show("cases")
	s := h.cases()
	if len(s.items) != 2 {
		t.Fatalf("listed %d", len(s.items))
	}
	for _, c := range s.items {
		if meta := s.rowMeta(c); !strings.Contains(meta, c.Agent) {
			t.Errorf("the row of %s's case reads %q", c.Agent, meta)
		}
	}
	s.onSelect(s.items[0])
	if !labelled(s.detail, s.items[0].Agent) {
		t.Errorf("the detail does not name the agent %q", s.items[0].Agent)
	}
	h.noMissingKeys()
}

// labelled reports whether a label under o reads text.
func labelled(o fyne.CanvasObject, text string) bool {
	switch x := o.(type) {
	case *widget.Label:
		return x.Text == text
	case *widget.Form:
		for _, it := range x.Items {
			if labelled(it.Widget, text) {
				return true
			}
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if labelled(c, text) {
				return true
			}
		}
	case *container.Scroll:
		return labelled(x.Content, text)
	}
	return false
}

// An agent looking back at an escalated case reads where the back office
// stands on it, and what it resolved, in the detail as on the call
// screen, not only in the timeline's last lines.
func TestCaseDetailSaysWhereTheEscalationStands(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana"})
		at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
		for i, st := range []cases.EscalationState{cases.EscInProgress, cases.EscResolved} {
			c := &cases.Case{Agent: "Ana", Role: cases.RoleAgent, Status: cases.StatusEscalated, CallType: "bill_payment", CallLang: locales.EN,
				Customer:  cases.Customer{Account: "441700000" + string(rune('1'+i)), Name: "Customer " + string(st)},
				CreatedAt: at, UpdatedAt: at.Add(time.Duration(i) * time.Minute), ClosedAt: at,
				Escalation: &cases.Escalation{Ticket: "ESC-20260901-00000" + string(rune('1'+i)), Criteria: []string{"exceeds_authority"}, Priority: "high",
					Reason: "Refund above authority", At: at, ExpectedBy: at.Add(24 * time.Hour), Status: st}}
			if st == cases.EscResolved {
				c.Escalation.Resolution = "Refund of 189.00 issued to the card on file"
			}
			if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
				t.Fatal(err)
			}
		}
		h.app.show("cases")
		s := h.cases()
		if len(s.items) != 2 {
			t.Fatalf("listed %d", len(s.items))
		}
		for _, c := range s.items {
			s.onSelect(c)
			shown := strings.Join(texts(s.detail), "\n")
			if want := cases.EscalationStateText(h.app.t, c.Escalation.Status); !strings.Contains(shown, want) {
				t.Errorf("%s: the detail of a case the back office has %s does not say %q:\n%s", l, c.Escalation.Status, want, shown)
			}
			if r := c.Escalation.Resolution; r != "" && !strings.Contains(shown, r) {
				t.Errorf("%s: the resolution %q is not shown:\n%s", l, r, shown)
			}
		}
		h.noMissingKeys()
	}
}

// A supervisor's desk lists every agent's cases, but continues only the
// supervisor's own: a save on Ana's case here would be recorded as Ana's
// doing (her name on each line of the timeline) and go out under her
// login, or wait for it for ever. Nothing offers it, and nothing is
// written when it is asked for all the same.
func TestASupervisorContinuesOnlyTheirOwnCases(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Sup", cases.KeyRole: "supervisor"})
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	for i, agent := range []string{"Ana", "Sup"} {
		c := &cases.Case{Agent: agent, Role: cases.RoleAgent, Status: cases.StatusClosed, CallType: "bill_payment", CallLang: locales.EN,
			Customer:  cases.Customer{Account: "441700000" + string(rune('1'+i)), Name: "Customer of " + agent},
			CreatedAt: at, UpdatedAt: at.Add(time.Duration(i) * time.Minute), ClosedAt: at}
		if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
	}
	h.app.show("cases")
	s := h.cases()
	continueLabel := h.app.t.S("cases.continue")
	for _, c := range s.items {
		s.onSelect(c)
		offered := slices.Contains(texts(s.detail), continueLabel)
		if offered != (c.Agent == "Sup") {
			t.Errorf("%s's case: continue offered %v", c.Agent, offered)
		}
		if c.Agent != "Ana" {
			continue
		}
		s.onContinue(c)
		got, err := h.db.GetCase(context.Background(), c.ID)
		if err != nil || got.Version != c.Version || got.Status != cases.StatusClosed {
			t.Errorf("Ana's case continued on the supervisor's desk: %+v %v", got, err)
		}
		if open := h.app.sess.Case(); open != nil && open.ID == c.ID {
			t.Errorf("Ana's case is open on the supervisor's call screen")
		}
	}
}

// A call started with the account alone (no name on the start form, none
// in the CRM) is listed, and shown, by its account's last four, not as a
// row with an empty first line and a record without a title.
func TestACaseWithoutANameIsListedByItsAccount(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Ana"})
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	c := &cases.Case{Agent: "Ana", Role: cases.RoleAgent, Status: cases.StatusOpen, CallType: "bill_payment", CallLang: locales.ES,
		Customer: cases.Customer{Account: "4417009876"}, CreatedAt: at, UpdatedAt: at}
	if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	h.app.show("cases")
	s := h.cases()
	masked := cases.MaskAccount(c.Customer.Account)
	listed := false
	walk(s.list, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.TextStyle.Bold && l.Text == masked {
			listed = true
		}
	})
	if !listed {
		t.Errorf("the row does not name the case by %q: %q", masked, texts(s.list))
	}
	s.list.Select(0)
	if ts := texts(s.detail); len(ts) == 0 || ts[0] != masked {
		t.Errorf("the record's title is not %q: %q", masked, ts)
	}
}

// A case written by a desk of a later release may record a step state or
// an authentication method this one does not know: the supervisor's
// review shows it as recorded, not as a missing message.
func TestCaseRecordShowsWhatItDoesNotKnowAsRecorded(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Sup", cases.KeyRole: "supervisor"})
	c := &cases.Case{ID: "C-20260901-NEWER00001", Agent: "Ana", Status: cases.StatusClosed, CallType: "bill_payment", CallLang: locales.ES,
		Customer: cases.Customer{Account: "4417000001", Name: "Lucía"},
		Steps:    []cases.StepProgress{{Step: "introduction", State: "deferred"}},
		Auth:     cases.Auth{Method: "voice_print"}}
	shown := texts(container.NewVBox(h.app.caseRecord(c)...))
	for _, s := range shown {
		if strings.Contains(s, "!step.") || strings.Contains(s, "!auth.") {
			t.Errorf("the review shows %q", s)
		}
	}
	for _, want := range []string{"deferred", "voice_print"} {
		if !slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("the review does not show %q: %q", want, shown)
		}
	}
}
