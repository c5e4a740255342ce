package app

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// formEntry is the entry of the form item labelled label, nil when none
// is on screen.
func (h *harness) formEntry(label string) *widget.Entry {
	var found *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		f, ok := o.(*widget.Form)
		if !ok || found != nil {
			return
		}
		for _, it := range f.Items {
			if e, ok := asEntry(it.Widget); ok && it.Text == label {
				found = e
			}
		}
	})
	return found
}

// scriptShown is the rendered script id on screen.
func (h *harness) scriptShown(id string) renderedScript {
	h.t.Helper()
	i := slices.IndexFunc(h.app.call.scripts, func(rs renderedScript) bool { return rs.id == id })
	if i < 0 {
		h.t.Fatalf("script %s not on screen", id)
	}
	return h.app.call.scripts[i]
}

// A customer typed by hand has no bill on file: the scripts leave the
// balance as a gap "to check and type" and say to fill in the highlighted
// values on the right. The values card must then ask for it, or the script
// can never be completed nor copied.
func TestABalanceNotOnFileCanBeTyped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	if err := h.db.UpsertCustomer(context.Background(), &cases.Customer{Account: "ACC-TYPED-1", Name: "Julia Paredes", Plan: "Fibra 500"}); err != nil {
		t.Fatal(err)
	}
	s := h.startCall("ACC-TYPED-1", "balance")
	h.toExploration()
	s.onGoto("education")
	if got := h.scriptShown("balance_question.balance").r.Missing(); !slices.Contains(got, "balance") {
		t.Fatalf("the balance is not a gap: %v", got)
	}
	pb := h.app.pb
	for _, name := range []string{"balance", "past_due", "due_date"} {
		if h.formEntry(pb.Say(locales.EN, pb.Placeholder(name).Label)) == nil {
			t.Errorf("the values card does not ask for %s, a gap in the scripts on screen: %q", name, h.texts())
		}
	}
	e := h.formEntry(pb.Say(locales.EN, pb.Placeholder("balance").Label))
	if e == nil {
		t.FailNow()
	}
	test.Type(e, "89.50")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r := h.scriptShown("balance_question.balance").r
	if slices.Contains(r.Missing(), "balance") || !h.has("your current balance is $89.50") {
		t.Errorf("the balance typed is not in the script: %q", r.Display())
	}
}

// A third party's call may go without authentication ("not applicable"),
// but once the customer is authenticated the button is gone: it would
// have marked the step not applicable beside an open gate.
func TestNotApplicableIsNotOfferedOnceAuthenticated(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.startCall("4417009012", "third party")
	if s.cur().CallType != "third_party_caller" {
		t.Fatalf("started %s", s.cur().CallType)
	}
	s.onGoto("authentication")
	h.mustHave(h.app.t.S("call.step.na"))
	h.tap(h.app.t.S("call.auth.confirm"))
	s.onGoto("authentication")
	if findButton(h.app.Window().Content(), h.app.t.S("call.step.na")) != nil {
		t.Errorf("an authenticated customer's step offers %q", h.app.t.S("call.step.na"))
	}
}

// A closed call is a record: its closing step offers to reopen it, not a
// transfer to retention that could only be refused ("reopen it first").
func TestAClosedCallOffersNoRetentionTransfer(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417009012", "duplicate")
	s.onGoto("closing")
	h.mustHave(tr.S("call.retention.button"))
	h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).SetSelectedIndex(0)
	h.tap(tr.S("call.close.button"))
	h.tapInDialog(tr.S("dialog.yes")) // closed with the steps still pending
	if !s.cur().Ended() {
		t.Fatalf("not closed: %q", h.texts())
	}
	h.mustHave(tr.S("call.reopen"))
	if h.has(tr.S("call.retention.button")) {
		t.Errorf("a closed call offers %q", tr.S("call.retention.button"))
	}
}

// A case from an older playbook can list a step the playbook in force no
// longer has. The checklist leaves it out; moving with Ctrl+Right or Next
// must not land on it and show an empty panel with no step lit, and the
// steps shown are numbered 1, 2, 3 without a hole.
func TestAStepThePlaybookNoLongerHasIsPassedOver(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	c := &cases.Case{ID: "C-OLD-1", Agent: "Ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.EN, Status: cases.StatusOpen,
		Customer: cases.Customer{Account: "4417009012", Name: "Margaret O'Neill"},
		Steps: []cases.StepProgress{{Step: "introduction", State: cases.StepDone}, {Step: "old_step", State: cases.StepPending},
			{Step: "authentication", State: cases.StepPending}, {Step: "closing", State: cases.StepPending}},
		Current: "introduction"}
	if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	h.app.show("call")
	s := h.app.call
	if !s.open(c) {
		t.Fatal("not opened")
	}
	h.mustHave("2. " + h.app.pb.Say(locales.EN, h.app.pb.Step("authentication").Title))
	s.onMove(1)
	if got := s.cur().Current; got != "authentication" {
		t.Errorf("Next from the introduction shows %q", got)
	}
	s.onMove(-1)
	if got := s.cur().Current; got != "introduction" {
		t.Errorf("Previous from authentication shows %q", got)
	}
}

// A caller who gave only the account number has no name yet: the header
// names the call by the account (masked, as on the customer card), not
// with a line that starts with its separator.
func TestTheHeaderOfACallerWithoutANameShowsTheAccount(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	c, err := cases.StartCall(h.app.pb, "Ana", cases.RoleAgent, "bill_increase", locales.EN, cases.Customer{Account: "5550001111"}, false)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = "C-NONAME-1"
	if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	h.app.show("call")
	if !h.app.call.open(c) {
		t.Fatal("not opened")
	}
	title := h.app.pb.Say(locales.EN, h.app.pb.CallType("bill_increase").Title)
	h.mustHave(cases.MaskAccount("5550001111") + "  ·  " + title)
}

// A caller not on file who gave their name on the introduction is named
// by it in the header, as the scripts name them, once it is recorded.
func TestTheHeaderNamesACallerByTheNameTheyGave(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	h.startWithTheAccountAlone("5550001111")
	s := h.app.call
	if s.cur() == nil {
		t.Fatalf("not started: %q", h.texts())
	}
	title := h.app.pb.Say(locales.EN, h.app.pb.CallType("bill_increase").Title)
	h.mustHave(cases.MaskAccount("5550001111") + "  ·  " + title)
	s.onValue("customer_name", "text", "Julia Paredes")
	h.mustHave("Julia Paredes  ·  " + title)
}

// A call type that needs the account's details needs the customer
// authenticated: its authentication step offers no "Does not apply",
// which could only be refused, while a call type that does not need them
// still does.
func TestNotApplicableIsNotOfferedWhereAuthenticationIsRequired(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417009012", "bill incr")
	if ct := h.app.pb.CallType(s.cur().CallType); ct == nil || !ct.RequiresAuth {
		t.Fatalf("started %s, which does not need authentication", s.cur().CallType)
	}
	s.onGoto("authentication")
	if findButton(h.app.Window().Content(), tr.S("call.step.na")) != nil {
		t.Errorf("%s's authentication step offers %q", s.cur().CallType, tr.S("call.step.na"))
	}
	h.mustHave(tr.S("call.step.skip.button")) // skipping, with a reason, still is
}
