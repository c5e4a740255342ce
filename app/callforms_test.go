package app

// The call screen's forms and what surrounds the open call: the start
// form, the escalation form, opening another case, the timeline, a
// supervisor's decision arriving.

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// escalationForm opens the escalation form of the call on s and returns
// it with its dispute and reason entries and its criteria.
func (h *harness) escalationForm(s *callScreen) (ov fyne.CanvasObject, dispute, reason *widget.Entry, checks []*widget.Check) {
	h.t.Helper()
	s.onEscalate()
	ov = h.app.Window().Canvas().Overlays().Top()
	if ov == nil {
		h.t.Fatal("no form")
	}
	var entries []*widget.Entry
	walk(ov, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			entries = append(entries, x)
		case *widget.Check:
			checks = append(checks, x)
		}
	})
	if len(entries) != 2 || len(checks) == 0 {
		h.t.Fatalf("%d entries, %d criteria", len(entries), len(checks))
	}
	return ov, entries[0], entries[1], checks
}

// The cases screen's timeline says each event in the interface language:
// a step skipped with its reason, a check withdrawn, an amount as money,
// the priority by its title; never an ID, minor units or an English word
// on a Spanish screen.
func TestCasesTimelineReadsEachEvent(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: "es", cases.KeyCallLang: "es"})
	tr := h.app.t
	s := h.startCall("4417001234", "aumento fact")
	h.toExploration()
	ct := h.app.pb.CallType("bill_increase")
	test.Tap(s.checkBox[ct.Checks[0].ID])
	test.Tap(s.checkBox[ct.Checks[0].ID]) // and untick it
	s.onAction("credit", "80,00", "promo")
	if !s.escalate([]string{"complex_dispute"}, "", "Crédito por encima de la autoridad", cases.DisputePending) {
		t.Fatal("escalation refused")
	}
	c, err := h.db.GetCase(h.app.ctx, s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	h.app.show("cases")
	h.cases().onSelect(c)
	credit := h.app.pb.Say(locales.ES, h.app.pb.Action("credit").Title)
	h.mustHave(tr.S("event.check_withdrawn") + ": " + h.app.pb.Say(locales.ES, ct.Checks[0].Text))
	h.mustHave(tr.S("event.action") + ": " + credit + " — 80,00 US$ (" + tr.S("cases.action.pending") + ")")
	h.mustHave(tr.D("event.priority", map[string]any{"Priority": h.app.pb.Say(locales.ES, h.app.pb.Priority(c.Escalation.Priority).Title)}))
	all := strings.Join(h.texts(), "\n")
	for _, bad := range []string{"8000", "pending", " " + c.Escalation.Priority + "\n", "bill_increase.", "!step.", "!event.", "!auth."} {
		if strings.Contains(all, bad) {
			t.Errorf("the Spanish timeline shows %q", bad)
		}
	}

	// A step skipped with a reason reads as the step, its state and why.
	text := h.cases().eventText(c, cases.Event{Kind: "step", Detail: "authentication=skipped: no recuerda el PIN"})
	want := tr.S("event.step") + ": " + h.app.pb.Say(locales.ES, h.app.pb.Step("authentication").Title) + ": " + tr.S("step.state.skipped") + " — no recuerda el PIN"
	if text != want {
		t.Errorf("skipped step: %q, want %q", text, want)
	}
}

// An account found in the cache, then corrected to one that is not: the
// first customer's hidden figures, address and phone do not go onto the
// new caller's call, nor into the cache under the new account.
func TestStartFormDropsTheLastProfileWhenTheAccountChanges(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	h.app.show("call")
	acc := h.entryWithPlaceholder(tr.S("call.start.account_placeholder"))
	test.Type(acc, "4417001234")
	h.mustHave(tr.S("call.start.found"))
	test.Type(acc, "9") // the caller's account is 44170012349
	q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
	test.Type(q, "balance")
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.tap(tr.S("call.start.button"))
	c := h.app.call.cur()
	if c == nil {
		t.Fatalf("no call: %q", h.texts())
	}
	if cu := c.Customer; cu.Account != "44170012349" || cu.Address != "" || cu.Balance != 0 || cu.Phone != "" || cu.Monthly != 0 || !cu.DueDate.IsZero() {
		t.Errorf("the new caller carries another customer's profile: %+v", cu)
	}
	if cached, err := h.db.GetCustomer(h.app.ctx, "44170012349"); err == nil && (cached.Address != "" || cached.Balance != 0) {
		t.Errorf("cached under the new account: %+v", cached)
	}
}

// Once a supervisor approved an amount above authority, the open call
// says so: the actions card gives the verdict, and the recap no longer
// tells the customer it needs approval.
func TestCallShowsTheSupervisorsDecision(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco", cases.KeyCallLang: "en"})
	tr := h.app.t
	s := escalatedAboveAuthority(t, h)
	h.mustHave(tr.S("call.action.over_authority.title"))
	err := h.app.sess.Apply(h.app.ctx, s.cur().ID, func(c *cases.Case) ([]cases.Event, error) {
		return c.ApplyBackOffice(cases.BackOffice{Status: cases.EscResolved, Decisions: map[int]cases.Decision{
			0: {Approved: true, By: "sup", At: fixedNow, ActionID: "credit", Amount: 8000},
		}}), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.onGoto("summary")
	h.mustNotHave(tr.S("call.action.over_authority.title"))
	h.mustHave(tr.D("cases.verdict.approved", map[string]any{"By": "sup"}))
	h.mustNotHave("needs approval")
}

// The escalation form stays open while what is in it is refused, says why
// under it, and keeps what was typed; it closes once the escalation is
// recorded.
func TestEscalationFormKeepsWhatWasTyped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	ov, dispute, reason, checks := h.escalationForm(s)
	test.Type(reason, "Customer disputes three months of charges")
	send := findButton(ov, tr.S("call.escalate.send"))
	test.Tap(send) // no criterion
	if h.app.Window().Canvas().Overlays().Top() != ov || !strings.Contains(strings.Join(texts(ov), " "), tr.S("call.invalid.criteria")) {
		t.Fatalf("a refusal closed the form or said nothing: %q", texts(ov))
	}
	checks[0].SetChecked(true)
	test.Type(dispute, "€12") // another currency's sign
	test.Tap(send)
	if h.app.Window().Canvas().Overlays().Top() != ov || !strings.Contains(strings.Join(texts(ov), " "), tr.S("call.value.invalid.money")) {
		t.Fatalf("an amount that does not read: %q", texts(ov))
	}
	if reason.Text != "Customer disputes three months of charges" || s.cur().Escalation != nil {
		t.Fatalf("reason %q, escalation %+v", reason.Text, s.cur().Escalation)
	}
	dispute.SetText("12.00")
	test.Tap(send)
	if e := s.cur().Escalation; e == nil || e.Dispute != 1200 || e.Reason != "Customer disputes three months of charges" {
		t.Fatalf("escalation %+v", e)
	}
	if h.app.Window().Canvas().Overlays().Top() == ov {
		t.Error("the form stayed open after the escalation was recorded")
	}
}

// A save that fails when the escalation is sent (a full disk) is not a
// refusal: the form closes, the escalation stays on the call for the next
// save, and the header says the save failed.
func TestEscalationFormClosesWhenOnlyTheSaveFailed(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	h.fillDisk()
	// Notes typed and not saved: their save comes first and fails, before
	// the escalation is applied. The form stays, with what was typed.
	s.onNotes("the customer is upset")
	ov, _, reason, checks := h.escalationForm(s)
	checks[0].SetChecked(true)
	test.Type(reason, "Customer disputes three months of charges")
	test.Tap(findButton(ov, tr.S("call.escalate.send")))
	if h.app.Window().Canvas().Overlays().Top() != ov || s.cur().Escalation != nil || reason.Text == "" {
		t.Fatalf("notes' save failed: form open %v, escalation %+v", h.app.Window().Canvas().Overlays().Top() == ov, s.cur().Escalation)
	}
	ov.Hide()
	s.stopNotesTimer()
	if _, err := h.db.SQL().Exec(`DROP TRIGGER full_disk`); err != nil {
		t.Fatal(err)
	}
	if err := h.app.sess.FlushNotes(); err != nil {
		t.Fatal(err)
	}
	h.fillDisk()
	ov, _, reason, checks = h.escalationForm(s)
	checks[0].SetChecked(true)
	test.Type(reason, "Customer disputes three months of charges")
	test.Tap(findButton(ov, tr.S("call.escalate.send")))
	if h.app.Window().Canvas().Overlays().Top() == ov {
		t.Errorf("the form stayed open: %q", texts(ov))
	}
	if s.cur().Escalation == nil || h.app.sess.Err() == nil {
		t.Fatalf("escalation %+v, session error %v", s.cur().Escalation, h.app.sess.Err())
	}
	if _, err := h.db.SQL().Exec(`DROP TRIGGER full_disk`); err != nil {
		t.Fatal(err)
	}
}

// With notes that cannot be saved (a full disk), opening another case
// from the cases screen or a notice leaves the call on screen as it is,
// and says so; nothing is reopened in its place.
func TestOpeningAnotherCaseKeepsACallWithUnsavedNotes(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.startCall("4417001234", "bill increase")
	first := s.cur()
	other, err := h.db.ListCases(h.app.ctx, cases.Filter{Status: cases.StatusClosed})
	if err != nil || len(other) == 0 {
		t.Fatalf("no closed demo case: %v", err)
	}
	s.onNotes("dictated while the disk was full")
	h.fillDisk()
	if err := h.app.OpenCaseByID(other[0].ID); err == nil {
		t.Error("OpenCaseByID said the case opened")
	}
	h.app.show("cases")
	h.cases().onContinue(other[0])
	if h.app.sess.Case() != first || !h.app.sess.NotesPending() || first.Status != cases.StatusOpen {
		t.Errorf("the call on screen was left or changed: %v %v", h.app.sess.Case().ID, h.app.sess.NotesPending())
	}
	if _, err := h.db.SQL().Exec(`DROP TRIGGER full_disk`); err != nil {
		t.Fatal(err)
	}
}

// An account longer than an account is refused at the start, in words,
// with the form as it was typed.
func TestStartRefusesAnAccountTooLong(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	h.app.show("call")
	acc := h.entryWithPlaceholder(tr.S("call.start.account_placeholder"))
	test.Type(acc, strings.Repeat("9", 65))
	q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
	test.Type(q, "balance")
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.tap(tr.S("call.start.button"))
	if h.app.call.cur() != nil {
		t.Fatal("a call started")
	}
	h.mustHave(tr.S("call.start.bad_account"))
	if h.app.call.startCallType == "" || h.app.call.startCustomer.Account == "" {
		t.Errorf("the form lost what was typed: %q %+v", h.app.call.startCallType, h.app.call.startCustomer)
	}
}

// escalatedAboveAuthority is a call that granted an $80.00 credit, above
// an agent's authority, and escalated it.
func escalatedAboveAuthority(t *testing.T, h *harness) *callScreen {
	t.Helper()
	s := h.startCall("4417001234", "bill increase")
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	s.onAction("credit", "80.00", "goodwill")
	if !s.escalate([]string{"complex_dispute"}, "", "credit above authority", cases.DisputePending) {
		t.Fatal("escalation refused")
	}
	return s
}

// The authority is per case: after a credit within it the actions card
// says what is left, and a second credit that fits alone but not beside
// the first is pending, with a dialog that says why.
func TestAuthorityIsPerCaseOnTheCallScreen(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco", cases.KeyCallLang: "en"})
	tr := h.app.t
	s := h.startCall("4417001234", "bill increase")
	s.onGoto("authentication")
	h.tap(tr.S("call.auth.confirm"))
	s.onGoto("education")
	h.mustHave(tr.D("call.action.limit", map[string]any{"Role": tr.S("role.agent"), "Limit": "$50.00"}))
	s.onAction("credit", "30.00", "outage")
	if c := s.cur(); len(c.Actions) != 1 || !c.Actions[0].Approved {
		t.Fatalf("the first credit: %+v", c.Actions)
	}
	h.mustHave(tr.D("call.action.limit_left", map[string]any{"Role": tr.S("role.agent"), "Limit": "$50.00", "Left": "$20.00"}))
	s.onAction("credit", "30.00", "second outage")
	if c := s.cur(); len(c.Actions) != 2 || !c.Actions[1].Pending {
		t.Fatalf("the second credit: %+v", c.Actions)
	}
	want := tr.D("call.action.over_authority_case", map[string]any{"Granted": "$30.00", "Limit": "$50.00"})
	if got := strings.Join(h.overlayTexts(), " "); !strings.Contains(got, want) {
		t.Errorf("the dialog says %q, want %q", got, want)
	}
}

// Was: "0" typed as the amount in dispute, with an amount waiting for
// approval, escalated that amount as the dispute, as if the field had been
// left empty. Zero is nothing in dispute; the field emptied still means
// the amounts waiting for approval.
func TestEscalationFormDisputeOfZero(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  int64
	}{{"0", 0}, {"", 8000}, {"12.00", 1200}} {
		t.Run(tc.typed, func(t *testing.T) {
			h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
			s := h.startCall("4417001234", "bill increase")
			s.onGoto("authentication")
			h.tap(h.app.t.S("call.auth.confirm"))
			s.onAction("credit", "80.00", "goodwill")
			if a := s.cur().Actions; len(a) != 1 || !a[0].Pending {
				t.Fatalf("credit not above authority: %+v", a)
			}
			ov, dispute, reason, _ := h.escalationForm(s)
			test.Type(reason, "Credit above authority")
			dispute.SetText(tc.typed)
			test.Tap(findButton(ov, h.app.t.S("call.escalate.send")))
			if e := s.cur().Escalation; e == nil || e.Dispute != tc.want {
				t.Fatalf("dispute %q typed: escalation %+v, want a dispute of %d", tc.typed, e, tc.want)
			}
		})
	}
}
