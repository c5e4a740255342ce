package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A notice about the case already on the call screen, opened: the agent
// stays on the same call, and what they were typing there (an action's
// reason, not yet added) is still theirs, not reset as if another case
// had been opened from the store.
func TestNoticeForTheCaseOnScreenKeepsWhatWasTyped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	h.selectWithPlaceholder(tr.S("call.action.pick")).SetSelected(h.app.pb.Say(locales.EN, h.app.pb.Action("credit").Title))
	test.Type(h.entryWithPlaceholder(tr.S("call.action.reason")), "promo expired")
	id := s.cur().ID
	s.notify(caseNotice{caseID: id, ticket: "T-1", customer: s.cur().Customer.Name, status: cases.EscReceived, comment: "looking"})
	h.tap(tr.S("call.notice.open"))
	if s.cur() == nil || s.cur().ID != id {
		t.Fatalf("the call on screen changed: %+v", s.cur())
	}
	if got, ok := s.draft("action.reason", "0"); !ok || got != "promo expired" {
		t.Fatalf("the reason being typed is %q (%v) after opening the notice", got, ok)
	}
	if got := h.entryWithPlaceholder(tr.S("call.action.reason")).Text; got != "promo expired" {
		t.Errorf("the reason entry shows %q after opening the notice", got)
	}
	if len(s.notices) != 0 {
		t.Errorf("the notice stayed: %+v", s.notices)
	}
}

// A card number typed into an action's amount (the digits of a 13-digit
// card, with a decimal point) is refused, and the agent is told why; the
// credit is not recorded with the card's digits as its amount.
func TestActionAmountThatIsACardNumberIsRefused(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	h.toExploration()
	s.onAction("credit", "42222222222.22", "promo expired")
	if n := len(s.cur().Actions); n != 0 {
		t.Fatalf("recorded: %+v", s.cur().Actions)
	}
	top := h.app.Window().Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("call.invalid.amount_card")) {
		t.Fatalf("the agent was not told why: %v", top)
	}
}

// A notice about a case goes once that case is open, however it was
// opened: continued from the cases screen, it does not stay on the call
// screen as news still to be read.
func TestNoticeGoesWhenItsCaseIsOpenedFromTheCasesScreen(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.startCall("4417001234", "bill increase")
	first := s.cur().ID
	s.onNewCall()
	h.startCall("4417001234", "bill increase")
	s.notify(caseNotice{caseID: first, ticket: "T-1", customer: "x", status: cases.EscInProgress, comment: "looking"})
	c, err := h.db.GetCase(h.app.ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	h.app.show("cases")
	h.cases().onContinue(c)
	if s.cur() == nil || s.cur().ID != first {
		t.Fatalf("not opened: %+v", s.cur())
	}
	if len(s.notices) != 0 {
		t.Errorf("the notice about the case now open stayed: %+v", s.notices)
	}
}

// Notices are the agent's own news. When another agent takes the
// workstation (Settings, a new agent name), the previous agent's notices,
// with their customers' names, leave the call screen; a save that keeps
// the agent keeps them.
func TestNoticesGoWhenTheWorkstationChangesAgent(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.app.call
	s.notify(caseNotice{caseID: "C-1", ticket: "T-1", customer: "Lucía García", status: cases.EscInProgress, comment: "looking"})
	h.app.show("settings")
	h.settings().paper.SetSelected("Letter")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if len(s.notices) != 1 {
		t.Fatalf("a save by the same agent dropped the notices: %+v", s.notices)
	}
	h.settings().agent.SetText("Bruno")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if len(s.notices) != 0 || len(s.noticeBar().Objects) != 0 {
		t.Errorf("Bruno sees Ana's notices: %+v", s.notices)
	}
}

// A card number typed as the amount in dispute keeps the escalation form
// open and says why, as the action's amount does; the case is not
// escalated with the card's digits (nor, once stored, a dispute of zero).
func TestEscalationFormRefusesACardNumberAsTheDispute(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	ov, dispute, reason, checks := h.escalationForm(s)
	checks[0].SetChecked(true)
	test.Type(reason, "Customer disputes three months of charges")
	test.Type(dispute, "42222222222.22")
	test.Tap(findButton(ov, tr.S("call.escalate.send")))
	if s.cur().Escalation != nil || h.app.Window().Canvas().Overlays().Top() != ov ||
		!strings.Contains(strings.Join(texts(ov), " "), tr.S("call.invalid.amount_card")) {
		t.Fatalf("escalation %+v, form says %q", s.cur().Escalation, texts(ov))
	}
}

// A negative amount in dispute is refused with what to type, in the
// form, not with the generic "not valid" message.
func TestEscalationFormSaysWhatADisputeMustBe(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana"})
			tr := h.app.t
			s := h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[l])
			ov, dispute, reason, checks := h.escalationForm(s)
			checks[0].SetChecked(true)
			test.Type(reason, "Customer disputes three months of charges")
			test.Type(dispute, "-12")
			test.Tap(findButton(ov, tr.S("call.escalate.send")))
			if s.cur().Escalation != nil || !strings.Contains(strings.Join(strings.Fields(strings.Join(texts(ov), " ")), " "), tr.S("call.invalid.dispute")) {
				t.Fatalf("escalation %+v, form says %q", s.cur().Escalation, texts(ov))
			}
		})
	}
}
