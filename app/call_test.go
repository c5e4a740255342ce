package app

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

func (h *harness) entryWithPlaceholder(ph string) *widget.Entry {
	h.t.Helper()
	var found *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		e, ok := asEntry(o)
		if ok && found == nil && e.PlaceHolder == ph {
			found = e
		}
	})
	if found == nil {
		h.t.Fatalf("no entry with placeholder %q", ph)
	}
	return found
}

func (h *harness) selectWithPlaceholder(ph string) *widget.Select {
	h.t.Helper()
	var found *widget.Select
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && found == nil && s.PlaceHolder == ph {
			found = s
		}
	})
	if found == nil {
		h.t.Fatalf("no select with placeholder %q", ph)
	}
	return found
}

// startCall fills the start form as an agent would: account (found in the
// local customer cache), a type-ahead search for the call type, Enter.
func (h *harness) startCall(account, search string) *callScreen {
	h.t.Helper()
	return h.startCallIn(account, search, "")
}

// startCallIn starts a call as startCall does, the agent picking the call
// language l on the form once the customer is found (over the customer's
// preferred one), unless l is "".
func (h *harness) startCallIn(account, search string, l locales.Lang) *callScreen {
	h.t.Helper()
	tr := h.app.t
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), account)
	h.mustHave(tr.S("call.start.found"))
	if l != "" {
		h.startLangRadio().SetSelected(langNames[l])
	}
	q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
	test.Type(q, search)
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.tap(tr.S("call.start.button"))
	s := h.app.call
	if s.cur() == nil {
		h.t.Fatalf("call did not start: %q", h.texts())
	}
	return s
}

func (h *harness) tapDone() {
	h.t.Helper()
	h.tap(h.app.t.S("call.step.done"))
}

// toExploration walks the open call through its first three steps and the
// authentication gate (PIN) to the exploration step.
func (h *harness) toExploration() {
	h.t.Helper()
	for range 3 {
		h.tapDone()
	}
	h.tap(h.app.t.S("call.auth.confirm"))
	h.tap(h.app.t.S("call.next") + "  " + h.app.t.S("shortcut.next"))
}

func TestFullBillIncreaseCallInBothLanguages(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{
				cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: string(l), cases.KeyCallLang: string(l),
			})
			tr := h.app.t
			search := map[locales.Lang]string{locales.ES: "aumento fact", locales.EN: "bill incr"}[l]
			s := h.startCallIn("4417001234", search, l)
			if s.cur().CallType != "bill_increase" || s.cur().CallLang != l || s.cur().Customer.Name != "Lucía Fernández Ortiz" {
				t.Fatalf("started %s in %s for %q", s.cur().CallType, s.cur().CallLang, s.cur().Customer.Name)
			}
			h.noMissingKeys()

			// Introduction, acknowledgement, expectations.
			h.mustHave("Telco Norte") // the greeting names the company
			for i := 0; i < 3; i++ {
				h.tapDone()
			}
			if s.cur().Current != "authentication" {
				t.Fatalf("current = %s", s.cur().Current)
			}
			// Authentication: no account figure on screen before, all after.
			secret := []string{"89,50", "$89.50", "Olive Street", "555-0142"}
			for _, x := range secret {
				h.mustNotHave(x)
			}
			h.tap(tr.S("call.auth.confirm"))
			if !s.cur().Auth.Authenticated() || s.cur().Auth.Method != "pin" {
				t.Fatalf("auth = %+v", s.cur().Auth)
			}
			h.mustHave("Olive Street")
			h.tap(tr.S("call.next") + "  " + tr.S("shortcut.next"))

			// Exploration: two diagnosis checks.
			if s.cur().Current != "exploration" {
				t.Fatalf("current = %s", s.cur().Current)
			}
			ct := h.app.pb.CallType("bill_increase")
			for _, ch := range ct.Checks[:2] {
				test.Tap(s.checkBox[ch.ID])
			}
			h.tapDone()

			// Education: the expired-promotion script needs values only the
			// agent knows; until typed it cannot be copied.
			if s.cur().Current != "education" {
				t.Fatalf("current = %s", s.cur().Current)
			}
			h.noMissingKeys()
			promo := slices.IndexFunc(s.scripts, func(r renderedScript) bool { return strings.Contains(r.id, "promo") })
			if promo < 0 || s.scripts[promo].r.Complete() || !s.scripts[promo].copy.Disabled() {
				t.Fatalf("promotion script should wait for values: %+v", s.scripts)
			}
			amount := map[locales.Lang][2]string{locales.ES: {"20,00", "80,00"}, locales.EN: {"20.00", "80.00"}}[l]
			date := map[locales.Lang]string{locales.ES: "31/10/2026", locales.EN: "10/31/2026"}[l]
			for _, n := range s.scripts[promo].r.Missing() {
				ph := h.app.pb.Placeholder(n)
				v := map[string]string{"text": "TV Esencial", "number": "12", "months": "12", "date": date, "money": amount[0]}[ph.Kind]
				s.onValue(n, ph.Kind, v)
			}
			promo = slices.IndexFunc(s.scripts, func(r renderedScript) bool { return strings.Contains(r.id, "promo") })
			if !s.scripts[promo].r.Complete() || s.scripts[promo].copy.Disabled() {
				t.Fatalf("promotion script still incomplete: %v", s.scripts[promo].r.Missing())
			}
			test.Tap(s.scripts[promo].copy)
			clip := h.app.fy.Clipboard().Content()
			if !strings.Contains(clip, "TV Esencial") || strings.Contains(clip, "{{") || strings.Contains(clip, "[") {
				t.Fatalf("clipboard = %q", clip)
			}

			// An adjustment within authority, then a credit above it.
			s.onAction("adjustment", amount[0], "promo")
			s.onAction("credit", amount[1], "compensación")
			if len(s.cur().Actions) != 2 || !s.cur().Actions[0].Approved || !s.cur().Actions[1].Pending {
				t.Fatalf("actions = %+v", s.cur().Actions)
			}
			h.mustHave(tr.S("call.action.over_authority.title"))
			// Closing now is refused: the credit waits on an escalation.
			s.onGoto("closing")
			h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).SetSelectedIndex(0)
			h.tap(tr.S("call.close.button"))
			if s.cur().ClosedAt != (s.cur().ClosedAt) || s.cur().Status == cases.StatusClosed {
				t.Fatal("closed with an amount above authority")
			}
			// Escalate: the authority criterion is added by construction.
			if !s.escalate([]string{"complex_dispute"}, "", "Clienta pide compensación por la subida", cases.DisputePending) {
				t.Fatal("escalation refused")
			}
			e := s.cur().Escalation
			if !strings.HasPrefix(e.Ticket, "ESC-20261123-") || !slices.Contains(e.Criteria, cases.CriterionOverAuthority) || e.Dispute != 8000 {
				t.Fatalf("escalation = %+v", e)
			}
			h.mustHave(e.Ticket)

			// Education done (go back), summary with the recap, then close.
			s.onGoto("education")
			h.tapDone()
			if s.cur().Current != "summary" {
				t.Fatalf("current = %s", s.cur().Current)
			}
			h.mustHave(e.Ticket) // the recap tells the customer the ticket
			h.tapDone()
			if s.cur().Current != "closing" {
				t.Fatalf("current = %s", s.cur().Current)
			}
			h.mustHave("6") // tenure thanks for a six-year customer
			h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).SetSelectedIndex(0)
			h.tap(tr.S("call.close.button"))
			h.mustHave(tr.S("call.closed"))

			// The record, as stored.
			got, err := h.db.GetCase(context.Background(), s.cur().ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range got.Steps {
				if sp.State != cases.StepDone || sp.At.IsZero() {
					t.Errorf("step %s = %s at %v", sp.Step, sp.State, sp.At)
				}
			}
			if got.Status != cases.StatusEscalated || got.Reason != "billing.promo_expired" || got.CallLang != l ||
				len(got.Checks) != 2 || len(got.Actions) != 2 || got.Escalation == nil || got.ClosedAt.IsZero() {
				t.Fatalf("stored case = %+v", got)
			}
			tl, _ := h.db.Timeline(context.Background(), got.ID)
			kinds := map[cases.EventKind]int{}
			for _, ev := range tl {
				kinds[ev.Kind]++
			}
			for _, k := range []cases.EventKind{"created", "step", "auth", "check", "value", "action", "escalated", "closed"} {
				if kinds[k] == 0 {
					t.Errorf("timeline has no %s event: %v", k, kinds)
				}
			}
		})
	}
}

// Before authentication no sensitive value appears in any widget of the
// window, whatever step is shown; after it, they do.
func TestAuthenticationGateHidesSensitiveValues(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	s := h.startCall("4417009012", "saldo")
	cu := s.cur().Customer
	sensitive := []string{"189,00", "$189.00", cu.Address, cu.Phone, locales.FormatDate(locales.ES, cu.DueDate)}
	for _, step := range s.cur().Steps {
		s.onGoto(step.Step)
		for _, x := range sensitive {
			h.mustNotHave(x)
		}
	}
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	for _, x := range sensitive[2:] {
		h.mustHave(x)
	}
	s.onGoto("education")
	h.mustHave("189,00")
}

// A card number typed in the notes never reaches the database file or its
// write-ahead log.
func TestNotesAreRedactedBeforeTheyReachTheDisk(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.startCall("4417003456", "refund")
	test.Type(s.notes, "Customer read me the card 4111 1111 1111 1111, cvv 123, PIN 9876.\nCard 5500-0000-\n0000-0004 too.")
	s.flushNotes()
	got, _ := h.db.GetCase(context.Background(), s.cur().ID)
	if !strings.Contains(got.Notes, "1111") || strings.Contains(got.Notes, "9876") || strings.Contains(got.Notes, "cvv 123") {
		t.Fatalf("stored notes = %q", got.Notes)
	}
	h.db.SQL().Exec("PRAGMA wal_checkpoint(PASSIVE)")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(h.db.Path + suffix)
		if err != nil {
			if suffix == "-wal" && os.IsNotExist(err) {
				continue
			}
			t.Fatal(err)
		}
		for _, card := range []string{"4111111111111111", "4111 1111 1111 1111", "5500-0000-", "5500000000000004"} {
			if bytes.Contains(data, []byte(card)) {
				t.Errorf("%s%s contains %q", h.db.Path, suffix, card)
			}
		}
	}
}

func TestSwitchingCallLanguageMidCallKeepsEverything(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	s := h.startCall("4417001234", "aumento")
	h.tapDone()
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	test.Type(s.notes, "nota importante")
	s.langSel.SetSelected("English")
	if s.cur().CallLang != locales.EN || !s.cur().Auth.Authenticated() || s.cur().Notes != "nota importante" || s.cur().Step("introduction").State != cases.StepDone {
		t.Fatalf("after switching: %+v", s.cur())
	}
	s.onGoto("introduction")
	h.mustHave("Thank you for calling Telco")
	// The interface stays in Spanish: the two languages are separate.
	h.mustHave(h.app.t.S("call.checklist"))
	if h.app.t.Lang != locales.ES {
		t.Fatal("interface language followed the call language")
	}
	s.onToggleLang()
	if s.cur().CallLang != locales.ES {
		t.Fatal("toggle did not switch back")
	}
}

// Other screens attach calculator results and template uses to the open
// call; both reach the stored record and its timeline, and both are
// refused when no call is open.
func TestCalculationsAndTemplatesReachTheOpenCall(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana"})
	if h.app.call.current() != nil {
		t.Fatal("a call is open before one was started")
	}
	if err := h.app.call.attachCalculation(cases.Calculation{Calculator: "roi", Summary: "x"}); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatalf("attach without a call: %v", err)
	}
	if err := h.app.call.useTemplate("objection.too_expensive", "x", true); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatalf("template without a call: %v", err)
	}
	s := h.startCall("4417001234", "cambio plan")
	if err := h.app.call.attachCalculation(cases.Calculation{Calculator: "proration", Summary: "Cargo prorrateado de 15,00 US$."}); err != nil {
		t.Fatal(err)
	}
	if err := h.app.call.useTemplate("objection.too_expensive", "Entiendo su preocupación por el precio.", true); err != nil {
		t.Fatal(err)
	}
	got, _ := h.db.GetCase(context.Background(), s.current().ID)
	if len(got.Calcs) != 1 || !strings.Contains(got.Notes, "Entiendo su preocupación") {
		t.Fatalf("stored: calcs %v notes %q", got.Calcs, got.Notes)
	}
	tl, _ := h.db.Timeline(context.Background(), got.ID)
	kinds := map[cases.EventKind]bool{}
	for _, e := range tl {
		kinds[e.Kind] = true
	}
	if !kinds["calc"] || !kinds["template"] {
		t.Fatalf("timeline kinds %v", kinds)
	}
	h.mustHave("Entiendo su preocupación por el precio.")
}

// The call view is drawn again after every change, but the parts whose
// content did not change are kept: a step click keeps the header, the
// customer card, the actions and the notes (with what is being typed);
// a change to what a part shows builds that part again.
func TestCallViewKeepsThePartsThatDidNotChange(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	s := h.startCall("4417001234", "plan change")
	kept := func() map[string]fyne.CanvasObject {
		out := map[string]fyne.CanvasObject{}
		for k, r := range s.regions {
			out[k] = r.obj
		}
		return out
	}
	before := kept()
	// The values card is kept too, while it asks for the same values.
	if len(before) != 5 {
		t.Fatalf("regions %v", before)
	}
	notes := s.notes
	test.Type(notes, "Customer asks about the new plan")
	step := s.cur().Current
	s.onMove(1)
	if s.cur().Current == step {
		t.Fatal("did not move to the next step")
	}
	for k, o := range kept() {
		if o != before[k] && k != "values" { // the values follow the step's scripts
			t.Errorf("%s was built again after a step click", k)
		}
	}
	if s.notes != notes || notes.Text != "Customer asks about the new plan" {
		t.Errorf("notes entry replaced or text lost: %q", s.notes.Text)
	}
	if s.saved.Text == "" {
		t.Error("the saved indicator was not updated")
	}

	// Authenticating changes the customer card (values unmasked); adding
	// an action changes the actions card.
	if !s.apply(func(c *cases.Case) (cases.Event, error) { return c.Authenticate(cases.AuthMethods[0], fixedNow) }) {
		t.Fatal("authentication refused")
	}
	after := kept()
	if after["profile"] == before["profile"] {
		t.Error("the customer card was kept after authentication")
	}
	if after["header"] != before["header"] {
		t.Error("the header was built again though it shows the same")
	}
	s.onAction("adjustment", "5.00", "goodwill")
	if len(s.cur().Actions) != 1 {
		t.Fatalf("actions = %+v", s.cur().Actions)
	}
	if kept()["actions"] == after["actions"] {
		t.Error("the actions card was kept after an action was added")
	}
	h.mustHave(tr.S("cases.actions"))

	// A template inserted into the notes shows in the kept entry.
	if err := s.useTemplate("objection.too_expensive", "I understand the price matters.", true); err != nil {
		t.Fatal(err)
	}
	if s.notes != notes || !strings.Contains(notes.Text, "I understand the price matters.") {
		t.Errorf("notes entry shows %q", notes.Text)
	}

	// The next call, even for the same customer, keeps nothing of this one.
	first := kept()
	s.onNewCall()
	h.startCall("4417001234", "plan change")
	for k, o := range kept() {
		if o == first[k] {
			t.Errorf("%s of the previous call kept in the next one", k)
		}
	}
	if s.notes.Text != "" {
		t.Errorf("the next call starts with notes %q", s.notes.Text)
	}
}

// What the agent has picked or typed and not yet recorded survives a
// redraw of the whole view (a new playbook from crmd, a status from the
// back office): the action with its amount and reason, the close reason,
// and where the panels were scrolled to.
func TestCallViewKeepsWhatTheAgentHasNotRecorded(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	h.app.Window().Resize(fyne.NewSize(1000, 420)) // short, so the panels scroll
	s := h.startCall("4417001234", "duplicate charge")
	if !s.apply(func(c *cases.Case) (cases.Event, error) { return c.Authenticate(cases.AuthMethods[0], fixedNow) }) {
		t.Fatal("authentication refused")
	}
	for range 10 {
		if s.cur().Current == "closing" {
			break
		}
		s.onMove(1)
	}
	if s.cur().Current != "closing" {
		t.Fatalf("never reached the closing step: %s", s.cur().Current)
	}
	inActions := func(ph string) *widget.Entry {
		var found *widget.Entry
		walk(s.regions["actions"].obj, func(o fyne.CanvasObject) {
			if e, ok := asEntry(o); ok && e.PlaceHolder == ph {
				found = e
			}
		})
		if found == nil {
			t.Fatalf("no %q in the actions card", ph)
		}
		return found
	}
	pick := h.selectWithPlaceholder(tr.S("call.action.pick"))
	pb := h.app.pb
	withAmount := slices.IndexFunc(pb.CallType(s.cur().CallType).Resolutions, func(id string) bool { return pb.Action(id).Amount })
	if withAmount < 0 {
		t.Fatal("no action with an amount for this call type")
	}
	pick.SetSelectedIndex(withAmount)
	test.Type(inActions(tr.S("call.value.kind.money")), "12.50")
	test.Type(inActions(tr.S("call.action.reason")), "goodwill")
	closeReason := h.selectWithPlaceholder(tr.S("call.close.reason_placeholder"))
	closeReason.SetSelectedIndex(1)
	chosen := closeReason.Selected
	side, step := s.scrolls["side"].sc, s.scrolls["step"].sc
	side.ScrollToOffset(fyne.NewPos(0, 60))
	step.ScrollToOffset(fyne.NewPos(0, 30))
	if side.Offset.Y == 0 || step.Offset.Y == 0 {
		t.Fatalf("the panels do not scroll in a short window: %v %v", side.Offset, step.Offset)
	}
	sideY, stepY := side.Offset.Y, step.Offset.Y

	s.build() // every part of the view made anew, as a new playbook does

	if got := h.selectWithPlaceholder(tr.S("call.action.pick")).Selected; got == "" {
		t.Error("the action picked was lost")
	}
	if a, r := inActions(tr.S("call.value.kind.money")).Text, inActions(tr.S("call.action.reason")).Text; a != "12.50" || r != "goodwill" {
		t.Errorf("amount and reason typed were lost: %q %q", a, r)
	}
	if got := h.selectWithPlaceholder(tr.S("call.close.reason_placeholder")).Selected; got != chosen {
		t.Errorf("close reason %q, want %q", got, chosen)
	}
	if s.scrolls["side"].sc == side || s.scrolls["side"].sc.Offset.Y != sideY || s.scrolls["step"].sc.Offset.Y != stepY {
		t.Errorf("scrolled to %v and %v, want %v and %v", s.scrolls["side"].sc.Offset.Y, s.scrolls["step"].sc.Offset.Y, sideY, stepY)
	}

	// The same case opened again (from the cases screen) starts clean.
	s.open(s.cur())
	if got := h.selectWithPlaceholder(tr.S("call.action.pick")).Selected; got != "" {
		t.Errorf("a draft of the call before came back: %q", got)
	}
	pick = h.selectWithPlaceholder(tr.S("call.action.pick"))
	pick.SetSelectedIndex(withAmount)

	// Once the action is added, its draft is done with: the card is empty.
	s.onAction(pb.CallType(s.cur().CallType).Resolutions[withAmount], "12.50", "goodwill")
	if got := h.selectWithPlaceholder(tr.S("call.action.pick")).Selected; got != "" {
		t.Errorf("the action stayed picked after it was added: %q", got)
	}
}

// A customer typed in by hand (not in the cache) stays in the start form
// when the form is drawn again, as a playbook arriving from crmd makes it.
func TestStartFormKeepsACustomerTypedByHand(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := h.app.t
	h.app.show("call")
	form := func() (account, name, plan, since *widget.Entry, vip *widget.Check) {
		var entries []*widget.Entry
		walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *widget.Entry:
				entries = append(entries, w)
			case *widget.Check:
				if w.Text == tr.S("call.customer.vip") {
					vip = w
				}
			}
		})
		if len(entries) < 4 || vip == nil {
			t.Fatalf("start form: %d entries", len(entries))
		}
		return entries[0], entries[1], entries[2], entries[3], vip
	}
	account, name, plan, since, vip := form()
	test.Type(account, "ACC-NUEVA-77")
	test.Type(name, "Julia Paredes")
	test.Type(plan, "Fibra 500")
	test.Type(since, "15/03/2019")
	test.Tap(vip)

	h.app.call.build() // the whole form drawn again

	account, name, plan, since, vip = form()
	if account.Text != "ACC-NUEVA-77" || name.Text != "Julia Paredes" || plan.Text != "Fibra 500" || since.Text != "15/03/2019" || !vip.Checked {
		t.Errorf("after a redraw: %q %q %q %q vip=%v", account.Text, name.Text, plan.Text, since.Text, vip.Checked)
	}

	// In English the same date is written the English way, not read anew.
	h.app.setUILang(locales.EN)
	tr = h.app.t
	if _, _, _, since, _ = form(); since.Text != "03/15/2019" {
		t.Errorf("since after switching to English: %q, want 03/15/2019", since.Text)
	}
}

// A customer in the cache with no customer-since date on file can be
// called: the empty date is not read back as a date typed wrong.
func TestStartWithACachedCustomerWithoutASinceDate(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	if err := h.db.UpsertCustomer(context.Background(), &cases.Customer{Account: "ACC-NODATE-1", Name: "Noel Ibarra", Plan: "Fibra 100", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	s := h.startCall("ACC-NODATE-1", "plan change")
	if s.cur().Customer.Name != "Noel Ibarra" || !s.cur().Customer.Since.IsZero() {
		t.Errorf("customer on the call: %+v", s.cur().Customer)
	}
}

// A closed case is a record: a click on the other call language is
// refused with a message, and the radio goes back to the language the
// record keeps instead of showing the refused one until the next redraw.
func TestARefusedLanguageClickOnAClosedCaseLeavesTheRadioAsItWas(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	closed, err := h.db.ListCases(h.app.ctx, cases.Filter{Status: cases.StatusClosed})
	if err != nil || len(closed) == 0 {
		t.Fatalf("no closed demo case: %v", err)
	}
	if err := h.app.OpenCaseByID(closed[0].ID); err != nil {
		t.Fatal(err)
	}
	s := h.app.call
	was := s.cur().CallLang
	s.langSel.SetSelected(langNames[was.Other()])
	if s.cur().CallLang != was {
		t.Fatalf("the closed case's language changed to %s", s.cur().CallLang)
	}
	if got := s.langSel.Selected; got != langNames[was] {
		t.Errorf("the radio shows %q, the record keeps %q", got, langNames[was])
	}
}

// A customer the agent typed on an earlier call is in the cache with no
// bill: once authenticated, the profile shows dashes for the figures, not
// a balance of $0.00 the agent could read out as checked.
func TestAProfileWithoutABillShowsNoZeroBalance(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	if err := h.db.UpsertCustomer(context.Background(), &cases.Customer{Account: "ACC-TYPED-1", Name: "Julia Paredes", Plan: "Fibra 500"}); err != nil {
		t.Fatal(err)
	}
	h.startCall("ACC-TYPED-1", "balance")
	for range 3 {
		h.tapDone()
	}
	h.tap(h.app.t.S("call.auth.confirm"))
	h.mustHave("Julia Paredes")
	h.mustHave(h.app.t.S("call.customer.balance"))
	if h.has("$0.00") {
		t.Errorf("a profile without a bill shows $0.00: %q", h.texts())
	}
}
