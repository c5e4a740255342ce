package app

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
)

// A customer calls back about a matter another agent handled: once the
// account is typed, the start form lists the account's earlier contacts
// at every desk as crmd has them, in the language shown (dates too),
// with the outcome and the back office's side, never the notes; the
// agent's own open call, listed above to continue, is not listed twice.
func TestTheStartFormShowsEarlierContactsFromEveryDesk(t *testing.T) {
	env := startCRM(t)
	ctx := context.Background()
	const acc = "4417001234" // the demo customer the desk has on file
	ben := env.token("ben")
	closed := crmtest.NewCase("C-20261101-BENCLOSED", "ben")
	closed.Customer.Account, closed.CallType, closed.Status = acc, "bill_increase", cases.StatusClosed
	closed.Reason, closed.Notes = "billing.promo_expired", "read me her PIN 4821 by mistake"
	// Taken while ben's desk was offline, the day before it reached crmd:
	// the customer calls it yesterday's call, and so does the list.
	closed.OpenedAt = time.Now().Add(-30 * time.Hour).UTC().Truncate(time.Second)
	crmtest.Expect(t, env.api.PutCase(ben, "hist:closed", closed), http.StatusCreated, "ben's closed call")
	esc := crmtest.NewCase("C-20261102-BENESCALA", "ben")
	esc.Customer.Account, esc.CallType, esc.Status = acc, "bill_increase", cases.StatusEscalated
	esc.Escalation = &cases.Escalation{Ticket: "ESC-20261102-BENESC", Priority: "normal", At: time.Now()}
	crmtest.Expect(t, env.api.PutCase(ben, "hist:esc", esc), http.StatusCreated, "ben's escalated call")
	if _, err := env.store.MoveEscalation(ctx, crm.EscalationMove{CaseID: esc.ID, To: crm.EscResolved, Resolution: "Crédito aplicado", By: "sup", Now: time.Now()}); err != nil {
		t.Fatal(err)
	}

	h := newSyncHarness(t, locales.ES, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	own := h.storeCall("ana", "bill_increase", 0, nil) // ana's own call, still open
	h.waitFor("ana's call on crmd", func() bool { _, err := env.store.GetCase(ctx, own.ID); return err == nil })

	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), acc)
	h.waitFor("the earlier contacts", func() bool { return h.has(tr.S("call.history.title")) })

	contacts, err := env.store.ListContacts(ctx, acc, 10)
	if err != nil || len(contacts) != 3 {
		t.Fatalf("crmd's contacts: %+v %v", contacts, err)
	}
	pb := h.app.pb
	for _, c := range contacts {
		if c.CaseID == own.ID {
			continue
		}
		day := c.At
		if c.CaseID == closed.ID {
			day = closed.OpenedAt
		}
		h.mustHave(tr.D("call.history.contact", map[string]any{
			"Date": locales.FormatDate(locales.ES, day.Local()), "Type": pb.Say(locales.ES, pb.CallType("bill_increase").Title),
			"Status": tr.S("cases.status." + string(c.Status)), "Agent": "ben",
		}))
	}
	h.mustHave(tr.D("call.history.outcome", map[string]any{"Outcome": pb.Say(locales.ES, pb.ReasonCode("billing.promo_expired").Title)}))
	h.mustHave(tr.D("call.history.escalated", map[string]any{"Ticket": "ESC-20261102-BENESC", "State": tr.S("sync.esc.resolved")}))
	h.mustHave(tr.D("call.history.resolution", map[string]any{"Resolution": "Crédito aplicado"}))
	h.mustNotHave("4821")
	// ana's open call is the open-cases list's, with Continue, once.
	h.mustHave(tr.S("call.start.open_cases"))
	if n := strings.Count(strings.Join(h.texts(), "\n"), "· ana"); n != 0 {
		t.Errorf("ana's open call listed again among the earlier contacts: %q", h.texts())
	}
	h.noMissingKeys()

	// Drawn again in the other language, it is said in it, without asking
	// crmd again.
	h.app.setUILang(locales.EN)
	tr = h.app.t
	h.mustHave(tr.S("call.history.title"))
	h.mustHave(tr.D("call.history.escalated", map[string]any{"Ticket": "ESC-20261102-BENESC", "State": tr.S("sync.esc.resolved")}))

	// Another account, which crmd does not know: no history, quietly.
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), "99")
	h.waitFor("nothing on crmd", func() bool { return h.has(tr.S("call.history.none")) })
	if h.overlay() != nil {
		t.Errorf("a dialog: %q", h.overlayTexts())
	}
}

// Without a login to crmd, the history is one quiet line saying it needs
// the CRM: no dialog, no error.
func TestEarlierContactsNeedTheCRM(t *testing.T) {
	env := startCRM(t)
	for _, tc := range []struct {
		name string
		url  string
	}{{"not logged in", env.srv.URL}, {"no CRM", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newSyncHarness(t, locales.EN, tc.url, "")
			tr := h.app.t
			h.app.show("call")
			test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), "4417001234")
			h.q.run()
			h.mustHave(tr.S("call.history.needs_crm"))
			h.mustNotHave(tr.S("call.history.title"))
			if h.overlay() != nil {
				t.Errorf("a dialog: %q", h.overlayTexts())
			}
		})
	}
}

// failingContacts is a store whose contacts cannot be read while failing
// is set.
type failingContacts struct {
	crm.Store
	failing *atomic.Bool
}

func (s failingContacts) ListContacts(ctx context.Context, account string, limit int) ([]crm.Contact, error) {
	if s.failing.Load() {
		return nil, errors.New("disk I/O error")
	}
	return s.Store.ListContacts(ctx, account, limit)
}

// A history crmd could not read says so, with crmd's reason in the
// language shown, beside a button that asks again.
func TestEarlierContactsThatCouldNotBeRead(t *testing.T) {
	failing := &atomic.Bool{}
	failing.Store(true)
	env := startCRMOn(t, failingContacts{crmtest.OpenSQLite(t), failing})
	h := newSyncHarness(t, locales.ES, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), "4417001234")
	want := tr.D("call.history.failed", map[string]any{"Reason": tr.S("crm.error.internal")})
	h.waitFor("the failure", func() bool { return h.has(want) })
	if h.overlay() != nil {
		t.Errorf("a dialog: %q", h.overlayTexts())
	}
	failing.Store(false)
	h.tap(tr.S("call.history.again"))
	h.waitFor("read again", func() bool { return h.has(tr.S("call.history.none")) })
}

// An account typed while crmd is out of reach gets its history once the
// desk reaches crmd again, without typing it again.
func TestEarlierContactsComeOnceTheCRMIsBack(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	env.srv.Stop()
	h.app.sync.refreshNow()
	h.waitFor("offline", func() bool { return h.barHas(tr.S("sync.state.offline")) })
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), "4417001234")
	h.q.run()
	h.mustHave(tr.S("call.history.needs_crm"))
	env.restart()
	h.app.sync.refreshNow()
	h.waitFor("the history, crmd back", func() bool { return h.has(tr.S("call.history.none")) })
}
