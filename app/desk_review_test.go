package app

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// What an agent meets around the calls: the default call language, the
// case timeline, the language choices, the reports' range, the cases
// list. Each was found wrong by a bug hunt of these screens.

// The default call language chosen in Settings is what the next call
// starts in, without restarting the app.
func TestCallLanguageSettingReachesTheNextCall(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCallLang: "en"})
	h.app.show("call")
	h.app.show("settings")
	h.settings().callLang.SetSelected("Español")
	h.tap("Save")
	h.mustHave("Settings saved.")
	// A customer on file with no preferred language: the desk's decides.
	if err := h.app.deps.Store.UpsertCustomer(context.Background(), &cases.Customer{Account: "4417000001", Name: "Robin Vale"}); err != nil {
		t.Fatal(err)
	}
	c := h.startCall("4417000001", "duplicate")
	if got := c.cur().CallLang; got != locales.ES {
		t.Errorf("the next call started in %q after the default call language was set to es", got)
	}
}

// spanningCase stores Ana's case opened on 16 November, reopened on the
// 20th, with a sync conflict resolved on the 21st.
func spanningCase(t *testing.T, h *harness) *cases.Case {
	t.Helper()
	opened := time.Date(2026, 11, 16, 10, 0, 0, 0, time.Local)
	c := &cases.Case{
		ID: "C-20261116-SPAN0001", Agent: "Ana", Role: cases.RoleAgent, Status: cases.StatusOpen, CallType: "bill_payment", CallLang: locales.ES,
		Customer: cases.Customer{Account: "4417009012", Name: "Margaret O'Neill"}, CreatedAt: opened, UpdatedAt: time.Date(2026, 11, 22, 8, 0, 0, 0, time.Local),
	}
	evs := []cases.Event{
		{At: opened, Kind: cases.EventCreated, Detail: "bill_payment"},
		{At: time.Date(2026, 11, 20, 9, 15, 0, 0, time.Local), Kind: cases.EventReopened},
		{At: time.Date(2026, 11, 21, 9, 30, 0, 0, time.Local), Kind: cases.EventSyncResolved, Detail: "kept_mine", Actor: "Ana"},
	}
	if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, evs); err != nil {
		t.Fatal(err)
	}
	h.app.show("cases")
	s := h.cases()
	for i, it := range s.items {
		if it.ID == c.ID {
			s.list.Select(i)
			return c
		}
	}
	t.Fatalf("%s not listed", c.ID)
	return nil
}

// A timeline line says on which day it happened, and a conflict resolved
// says which version was kept in the interface's language, not as stored.
func TestTimelineSaysTheDayAndTheVersionKept(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Ana"})
		spanningCase(t, h)
		tr := h.app.t
		h.mustHave(locales.FormatDate(l, time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local)))
		h.mustHave(tr.S("event.sync_resolved") + ": " + tr.S("sync.resolved_as.kept_mine"))
		h.mustNotHave("kept_mine")
	}
}

// tapRadio taps the option of a radio group labelled label, as a person
// clicks it.
func tapRadio(t *testing.T, r *widget.RadioGroup, label string) {
	t.Helper()
	for _, o := range test.WidgetRenderer(r).Objects() {
		if f := reflect.ValueOf(o).Elem().FieldByName("Label"); f.IsValid() && f.String() == label {
			test.Tap(o.(fyne.Tappable))
			return
		}
	}
	t.Fatalf("no option %q", label)
}

func (h *harness) langRadio() *widget.RadioGroup {
	var lang *widget.RadioGroup
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && lang == nil && len(r.Options) == 2 && r.Options[1] == "English" {
			lang = r
		}
	})
	if lang == nil {
		h.t.Fatal("no language radio")
	}
	return lang
}

// A language clicked again stays chosen: on the welcome it does not switch
// the screen to Spanish, and the reports are not written in a language
// nobody chose.
func TestALanguageClickedAgainStaysChosen(t *testing.T) {
	h := newHarness(t, locales.EN, false, nil)
	h.mustHave("Welcome to AgentDesk")
	tapRadio(t, h.langRadio(), "English")
	h.mustHave("Welcome to AgentDesk")

	h = newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("reports")
	r := h.langRadio()
	tapRadio(t, r, "English")
	if s := h.reports(); r.Selected == "" || s.docLang != locales.EN {
		t.Errorf("document language shown %q, PDFs written in %q", r.Selected, s.docLang)
	}
}

// A range with no start ("everything up to 20 November") survives a
// redraw of the screens (a playbook published on crmd).
func TestReportsKeepAnOpenRangeAcrossARedraw(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	var dates []*widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == h.app.t.S("call.value.kind.date") {
			dates = append(dates, e)
		}
	})
	if len(dates) != 2 {
		t.Fatalf("%d date entries", len(dates))
	}
	dates[0].SetText("")
	dates[1].SetText("11/20/2026")
	h.reports().onFind() // what typing pausing does
	before := len(h.reports().matches)
	h.app.usePublishedPlaybook(h.app.deps.Playbook, true)
	h.app.show("reports")
	s := h.reports()
	if s.from != "" || s.to != "11/20/2026" || len(s.matches) != before {
		t.Errorf("range typed as \"\"-\"11/20/2026\" (%d cases) is now %q-%q (%d)", before, s.from, s.to, len(s.matches))
	}
}

// The cases list holds the latest cases and says so when there are more,
// rather than give its length as the agent's count.
func TestCasesListSaysWhenThereAreMore(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
	svc := &cases.Service{Store: h.db}
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	for i := range casesListed + 5 {
		at := start.Add(time.Duration(i) * 6 * time.Hour)
		c := &cases.Case{Agent: "Ana", Role: cases.RoleAgent, Status: cases.StatusClosed, CallType: "bill_payment", CallLang: locales.EN,
			Customer: cases.Customer{Account: fmt.Sprintf("44170%05d", i), Name: fmt.Sprintf("Customer %03d", i)}, CreatedAt: at, UpdatedAt: at, ClosedAt: at}
		if err := svc.Import(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
	}
	h.app.show("cases")
	s := h.cases()
	if want := h.app.t.N("cases.count_latest", casesListed, nil); s.count.Text != want {
		t.Errorf("the count says %q, want %q", s.count.Text, want)
	}
	if n := len(s.items); n != casesListed {
		t.Errorf("the list holds %d", n)
	}
	// Searched, "search to find older ones" is what the agent just did:
	// more matches than the list holds ask for a narrower search.
	s.search.SetText("customer")
	if want := h.app.t.N("cases.count_latest_found", casesListed, nil); s.count.Text != want {
		t.Errorf("searched, the count says %q, want %q", s.count.Text, want)
	}
	h.noMissingKeys()
}

// A drill under way keeps the language it started in when the default
// call language changes in Settings; the next drill takes the new one.
func TestADrillKeepsItsLanguageWhenTheDefaultChanges(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco", cases.KeyCallLang: "es"})
	s := h.pickScenario("billing_1", "promo_expired", training.Practice, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	if s.sess == nil {
		t.Fatal("no drill")
	}
	h.app.show("settings")
	h.settings().callLang.SetSelected("English")
	h.tap("Save")
	h.mustHave("Settings saved.")
	h.app.show("training")
	s.refresh()
	if s.lang != locales.ES {
		t.Errorf("the drill started in es now renders in %q", s.lang)
	}
	h.mustHave(s.sess.Notice(locales.ES))
}

// The verification method clicked again stays chosen: the case records the
// method the agent picked, never the first one in its place.
func TestTheVerificationMethodClickedAgainStays(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	s := h.startCall("4417009012", "balance")
	s.onGoto("authentication")
	tr := h.app.t
	var method *widget.RadioGroup
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && len(r.Options) == len(cases.AuthMethods) && r.Options[0] == tr.S("auth.method.pin") {
			method = r
		}
	})
	if method == nil {
		t.Fatal("no method to choose")
	}
	sq := tr.S("auth.method.security_question")
	tapRadio(t, method, sq)
	tapRadio(t, method, sq)
	h.tap(tr.S("call.auth.confirm"))
	if got := s.cur().Auth.Method; got != "security_question" {
		t.Errorf("the agent chose %q; the case records %q", sq, got)
	}
}

func (h *harness) shortcut(k fyne.KeyName, m fyne.KeyModifier) {
	h.app.Window().Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: m})
}

// Ctrl+Shift+C copies the script the call screen shows: none once the
// call has ended (the last caller's name is in the scripts drawn last),
// none from another screen.
func TestCopyShortcutCopiesOnlyTheCallOnScreen(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	s := h.startCall("4417001234", "bill incr")
	s.onGoto("closing")
	h.app.show("templates")
	h.app.fy.Clipboard().SetContent("")
	h.shortcut(fyne.KeyC, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if got := h.app.fy.Clipboard().Content(); got != "" {
		t.Errorf("Ctrl+Shift+C on the templates screen copied the call's script: %q", got)
	}
	h.app.show("call")
	h.shortcut(fyne.KeyC, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if h.app.fy.Clipboard().Content() == "" {
		t.Fatal("nothing copied from the call on screen")
	}
	h.app.fy.Clipboard().SetContent("")
	h.tap(h.app.t.S("call.new"))
	h.shortcut(fyne.KeyC, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if got := h.app.fy.Clipboard().Content(); got != "" {
		t.Errorf("Ctrl+Shift+C with no call on screen copied the last call's script: %q", got)
	}
}

// A closed case is read, not written: looking through its steps, and its
// notes (which take no typing), leave its version as it was. The closing
// step is done by closing the case, not by a tick.
func TestAClosedCaseIsReadNotWritten(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	s := h.startCall("4417001234", "bill incr")
	s.onGoto("closing")
	if s.setStep("closing", cases.StepDone, "") {
		t.Error("the closing step ticked done on a case still open")
	}
	top := h.app.Window().Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), h.app.t.S("call.invalid.closing")) {
		t.Errorf("no word on how the closing step is done: %v", top)
	} else {
		top.Hide()
	}
	if !s.apply(func(c *cases.Case) (cases.Event, error) {
		return c.Close(h.app.pb, h.app.pb.ReasonCodes[0].ID, fixedNow)
	}) {
		t.Fatal("close")
	}
	v := s.cur().Version
	s.onGoto("introduction")
	h.shortcut(fyne.KeyRight, fyne.KeyModifierControl)
	if s.cur().Current != "acknowledgement" {
		t.Errorf("the closed case shows %q", s.cur().Current)
	}
	if !s.notes.Disabled() {
		t.Error("the closed case's notes take typing")
	}
	s.a.sess.SetNotes("customer called back, wants a refund")
	s.flushNotes()
	stored, err := h.db.GetCase(context.Background(), s.cur().ID)
	if err != nil || stored.Version != v || stored.Notes != "" {
		t.Errorf("the closed case was written: version %d -> %d, notes %q (%v)", v, stored.Version, stored.Notes, err)
	}
}

// startWithTheAccountAlone starts a bill-increase call for an account
// that is on no file, typed alone on the start form.
func (h *harness) startWithTheAccountAlone(account string) {
	h.t.Helper()
	tr := h.app.t
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), account)
	q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
	test.Type(q, "bill incr")
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.tap(tr.S("call.start.button"))
}

// A caller not on file, started with the account alone, says their name on
// the introduction: the values card asks for it, and the scripts use it.
func TestTheNameOfACallerNotOnFileCanBeGiven(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	tr := h.app.t
	h.startWithTheAccountAlone("ACC-NEW-1")
	s := h.app.call
	if s.cur() == nil || s.cur().Customer.Name != "" {
		t.Fatalf("not started with the account alone: %+v", s.cur())
	}
	h.mustHave(tr.S("call.values")) // the card that asks for values, with the name in it
	h.mustHave(h.app.pb.Say(tr.Lang, h.app.pb.Placeholder("customer_name").Label))
	s.onValue("customer_name", "text", "Julia Paredes")
	for _, rs := range s.scripts {
		if rs.id == "introduction.name_received" {
			if txt, err := rs.r.Plain(); err != nil || !strings.Contains(txt, "Julia Paredes") {
				t.Errorf("the script says %q (%v)", txt, err)
			}
			return
		}
	}
	t.Fatal("no script that uses the name on the introduction")
}

// A name typed in the values card and not yet entered is still there
// after the interface language changes: text reads the same in both
// languages. (A number, money or a date typed the other language's way
// is not carried over: it would be read with the other separators.)
func TestATypedNameSurvivesAnInterfaceLanguageSwitch(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	tr := h.app.t
	h.startWithTheAccountAlone("ACC-NEW-1")
	test.Type(h.entryWithPlaceholder(tr.S("call.value.kind.text")), "Julia Paredes")
	h.app.setUILang(locales.ES)
	if got := h.entryWithPlaceholder(h.app.t.S("call.value.kind.text")).Text; got != "Julia Paredes" {
		t.Errorf("the name being typed reads %q after the switch", got)
	}
}

// The retention transfer script gives the retention line set in Settings,
// rather than leave a gap on every transfer.
func TestTheRetentionLineComesFromSettings(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco"})
	h.app.show("settings")
	h.settings().retention.SetText("(800) 555-0147")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if kv, _ := h.db.AllSettings(context.Background()); kv[cases.KeyRetention] != "(800) 555-0147" {
		t.Errorf("stored %q", kv[cases.KeyRetention])
	}
	s := h.startCall("4417001234", "bill incr")
	s.setStep("education", cases.StepDone, "")
	s.apply(func(c *cases.Case) (cases.Event, error) { return c.OfferRetention(fixedNow) })
	s.onGoto("closing")
	for _, rs := range s.scripts {
		if rs.id == "closing.retention_transfer" {
			if txt, err := rs.r.Plain(); err != nil || !strings.Contains(txt, "(800) 555-0147") {
				t.Errorf("the transfer script says %q (%v)", txt, err)
			}
			return
		}
	}
	t.Fatal("no retention transfer script on the closing step")
}

// A card number typed as the account on the start form is refused with
// what to type instead; no call is started on it.
func TestStartFormRefusesACardAsTheAccount(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.startWithTheAccountAlone("4111 1111 1111 1111")
	if c := h.app.call.cur(); c != nil {
		t.Fatalf("a call started on a card number: %+v", c.Customer)
	}
	h.mustHave(h.app.t.S("call.invalid.account_card"))
}
