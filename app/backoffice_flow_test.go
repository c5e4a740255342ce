package app

import (
	"agentdesk/crm/crmtest"
	"context"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// escalatedCall starts a call, records a credit above authority and
// escalates it; it returns the call screen.
func escalatedCall(t *testing.T, h *harness, lang locales.Lang) *callScreen {
	t.Helper()
	search := map[locales.Lang]string{locales.ES: "aumento fact", locales.EN: "bill incr"}[lang]
	amount := map[locales.Lang]string{locales.ES: "80,00", locales.EN: "80.00"}[lang]
	s := h.startCall("4417001234", search)
	h.toExploration()
	s.onAction("credit", amount, "promo")
	if a := s.cur().Actions; len(a) != 1 || !a[0].Pending {
		t.Fatalf("credit not above authority: %+v", a)
	}
	if !s.escalate([]string{"complex_dispute"}, "", "credit above authority", cases.DisputePending) {
		t.Fatal("escalation refused")
	}
	return s
}

// Was: The supervisor approved the credit; the cases screen of the agent's desk
// still says the amount is awaiting approval.
func TestCasesScreenShowsTheDecisionOnAnAmount(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "ana", cases.KeyUILang: "en", cases.KeyCallLang: "en"})
	tr := h.app.t
	s := escalatedCall(t, h, locales.EN)
	c := s.cur()
	at := fixedNow.Add(time.Hour)
	h.app.applyEscalations([]crm.EscalationStatus{{
		CaseID: c.ID, Ticket: c.Escalation.Ticket, Agent: "ana", Status: cases.EscInProgress,
		History:   []cases.EscalationChange{{At: at, By: "sup", From: cases.EscReceived, To: cases.EscInProgress}},
		Decisions: []crm.IndexedDecision{{Action: 0, Decision: cases.Decision{Approved: true, By: "sup", At: at, ActionID: "credit", Amount: 8000}}},
		UpdatedAt: at,
	}})
	got, err := h.db.GetCase(h.app.ctx, c.ID)
	if err != nil || got.Actions[0].Decision == nil || !got.Actions[0].Decision.Approved {
		t.Fatalf("the approval was not recorded: %+v %v", got.Actions, err)
	}
	h.app.show("cases")
	h.cases().onSelect(got)
	credit := h.app.pb.Say(locales.EN, h.app.pb.Action("credit").Title)
	for _, line := range h.texts() {
		if strings.HasPrefix(line, "• "+credit) && strings.Contains(line, tr.S("cases.action.pending")) {
			t.Errorf("the cases screen shows the approved credit as %q", line)
		}
	}
}

// Was: crmd's first word on a new escalation is "received", with its due time
// and no move by anyone: nothing happened the agent must read about. The
// desk still puts a notice on the call screen, and its timeline credits the
// agent with the back office's status.
func TestReceivedIsNoNewsAndNotTheAgents(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "ana", cases.KeyUILang: "en", cases.KeyCallLang: "en"})
	s := escalatedCall(t, h, locales.EN)
	c := s.cur()
	h.app.applyEscalations([]crm.EscalationStatus{{
		CaseID: c.ID, Ticket: c.Escalation.Ticket, Agent: "ana", Status: cases.EscReceived,
		ReceivedAt: fixedNow, DueAt: fixedNow.Add(24 * time.Hour), UpdatedAt: fixedNow,
	}})
	if n := len(s.notices); n != 0 {
		t.Errorf("%d notice(s) on the call screen for an escalation nobody moved: %+v", n, s.notices)
	}
	tl, _ := h.db.Timeline(h.app.ctx, c.ID)
	for _, e := range tl {
		if e.Kind == cases.EventEscalationStatus && e.Actor == "ana" {
			t.Errorf("the timeline says the agent set the back office's status: %+v", e)
		}
	}
}

// A conflict waits while the supervisor approves the credit and moves the
// escalation on; the agent's desk pulls and records both. The agent then
// takes crmd's version in the conflict dialog. Was: the desk stored the
// copy fetched when the conflict arose, from before the approval, and
// never got the approval back.
func TestTakeTheirsKeepsTheBackOfficesLaterWord(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	s := h.startCall("4417001234", "bill incr")
	h.toExploration()
	s.onAction("credit", "80.00", "promo")
	if !s.escalate([]string{"complex_dispute"}, "", "credit above authority", cases.DisputePending) {
		t.Fatal("escalation refused")
	}
	id := s.cur().ID
	h.synced()

	tok := env.token("ana")
	r := env.api.Do("GET", "/v1/cases/"+id, tok, nil, nil)
	crmtest.Expect(t, r, 200, "get")
	var theirs cases.Case
	r.JSON(t, &theirs)
	theirs.Version++
	theirs.Notes = "Changed at the other desk"
	crmtest.Expect(t, env.api.PutCase(tok, "other-desk:1", &theirs), 200, "other desk saves")
	s.onNotes("Customer asked for a callback")
	s.flushNotes()
	h.waitFor("the conflict dialog", func() bool { return h.overlayHas(tr.S("sync.conflict.title")) })

	sup := env.token("sup")
	crmtest.Expect(t, env.api.Do("PUT", "/v1/cases/"+id+"/escalation", sup, nil, crm.EscalationUpdate{Status: crm.EscInProgress, Note: "on it"}), 200, "move")
	crmtest.Expect(t, env.api.Do("POST", "/v1/cases/"+id+"/decisions", sup, nil, crm.ApprovalRequest{Action: 0, Approved: true}), 200, "approve")
	h.waitFor("the approval on the agent's desk", func() bool {
		c, err := h.db.GetCase(context.Background(), id)
		return err == nil && c.Actions[0].Decision != nil && c.Escalation.Status == crm.EscInProgress
	})

	h.tapInDialog(tr.S("sync.conflict.take_theirs"))
	h.pumpFor(time.Second)
	c, err := h.db.GetCase(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Actions[0].Decision == nil || c.Escalation.Status != crm.EscInProgress {
		t.Errorf("after take theirs the agent's desk shows the credit decided=%v, escalation %q; crmd has it approved, in progress",
			c.Actions[0].Decision != nil, c.Escalation.Status)
	}
	if !s.cur().Actions[0].Settled() {
		t.Errorf("the call screen shows the approved credit as awaiting approval")
	}
}

// Was: The cases screen is on show with the escalated case picked when the back
// office's move arrives: the detail is not drawn again (the architecture's
// "screens are drawn again after changes a person did not make").
func TestCasesScreenRedrawnOnABackOfficeMove(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "ana", cases.KeyUILang: "en", cases.KeyCallLang: "en"})
	tr := h.app.t
	s := escalatedCall(t, h, locales.EN)
	c := s.cur()
	h.app.sess.Close()
	got, _ := h.db.GetCase(h.app.ctx, c.ID)
	h.app.show("cases")
	h.cases().onSelect(got)
	at := fixedNow.Add(time.Hour)
	h.app.applyEscalations([]crm.EscalationStatus{{
		CaseID: c.ID, Ticket: c.Escalation.Ticket, Agent: "ana", Status: cases.EscResolved, Resolution: "refund issued",
		History:   []cases.EscalationChange{{At: at, By: "sup", From: cases.EscReceived, To: cases.EscResolved, Comment: "done", Resolution: "refund issued"}},
		UpdatedAt: at,
	}})
	want := tr.S("sync.esc.resolved")
	if !strings.Contains(strings.Join(h.texts(), "\n"), want) {
		t.Errorf("the cases screen still shows the case as before the back office resolved it (no %q)", want)
	}
	h.cases().onShow() // shown again, it reads the store
	if !strings.Contains(strings.Join(h.texts(), "\n"), want) {
		t.Fatalf("even shown again the screen lacks %q", want)
	}
}

func TestNoNoticeForAnEscalationNobodyMoved(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	s := h.startCall("4417001234", "bill incr")
	h.toExploration()
	s.onAction("credit", "80.00", "promo")
	if !s.escalate([]string{"complex_dispute"}, "", "credit above authority", cases.DisputePending) {
		t.Fatal("refused")
	}
	h.synced()
	h.pumpFor(time.Second)
	if len(s.notices) != 0 {
		t.Errorf("nobody moved it, yet the call screen shows %d notice(s): %q", len(s.notices), h.texts()[:3])
	}
}

// escalatedAndClosed is a call escalated above authority, then closed:
// the case stays escalated for the back office, the call is over.
func escalatedAndClosed(t *testing.T, h *harness) *callScreen {
	t.Helper()
	s := escalatedAboveAuthority(t, h)
	code := h.app.pb.CallType(s.cur().CallType).ReasonCodes[0]
	if !s.apply(func(c *cases.Case) (cases.Event, error) { return c.Close(h.app.pb, code, fixedNow) }) {
		t.Fatal("close refused")
	}
	if c := s.cur(); c.Status != cases.StatusEscalated || !c.Ended() {
		t.Fatalf("not an escalated case whose call ended: %s %v", c.Status, c.ClosedAt)
	}
	return s
}

// Was: "Continue" on the cases screen says it reopens a closed case so it can
// be worked; it still tests Status == StatusClosed only, so an escalated
// case whose call ended opens on the call screen still ended: every edit
// (an action, a step, the language) is refused with "reopen it first".
func TestContinueReopensAnEscalatedCaseWhoseCallEnded(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := escalatedAndClosed(t, h)
	c := s.cur()
	h.app.show("cases")
	h.cases().onContinue(c)
	if got := h.app.sess.Case(); got == nil || got.Ended() {
		t.Fatalf("continued, but the case is still ended: %+v", got != nil && got.Ended())
	}
}

// Was: The calculators' "use in call" button is enabled for an escalated case
// whose call ended (it checks Status == StatusClosed), and the result is
// then refused by AddCalculation's editable().
func TestCalcUseIsOffForAnEndedEscalatedCall(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	escalatedAndClosed(t, h)
	s := h.calc("roi")
	h.typeIn(s, "investment", "1,000.00")
	h.typeIn(s, "gain", "1,500.00")
	if !s.useBtn.Disabled() {
		err := h.app.call.attachCalculation(cases.Calculation{Calculator: "roi", Summary: "x"})
		t.Errorf("use button enabled on an ended call; using it: %v", err)
	}
}
