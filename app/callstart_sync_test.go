package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// crmd's answer to a lookup can arrive after the agent has started the
// call with the account alone (it is asked once the typing pauses, and may
// take seconds). It belongs to the form it was asked from: it must not
// fill the next caller's form with this customer's profile (their figures
// then reach a caller typed by name only) nor choose its call language.
func TestALateLookupDoesNotFillTheNextCallersForm(t *testing.T) {
	env := startCRM(t)
	rosa := &cases.Customer{Account: "4417008888", Name: "Rosa Márquez Gil", Plan: "Fibra 1 Gb", Lang: locales.ES, Currency: "USD",
		Balance: 12345, Address: "Calle 5 #12", Since: time.Date(2019, 3, 14, 0, 0, 0, 0, time.UTC), UpdatedAt: fixedNow}
	if err := env.store.UpsertCustomers(context.Background(), []*cases.Customer{rosa}); err != nil {
		t.Fatal(err)
	}
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), rosa.Account)
	q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
	test.Type(q, "bill incr")
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.tap(tr.S("call.start.button")) // before crmd answered
	s := h.app.call
	if s.cur() == nil {
		t.Fatalf("not started: %q", h.texts())
	}
	h.waitFor("crmd's answer", func() bool {
		cu, err := h.db.GetCustomer(context.Background(), rosa.Account)
		return err == nil && cu.Name == rosa.Name // cached on its way to the form
	})
	time.Sleep(100 * time.Millisecond)
	h.q.run()
	h.tap(tr.S("call.new"))
	if got := s.startCustomer; got != (cases.Customer{}) {
		t.Errorf("the next caller's form holds %s's profile", got.Name)
	}
	if s.startLang != locales.EN {
		t.Errorf("the next call would be held in %s", s.startLang)
	}
	h.mustNotHave(rosa.Name)
}

// crmd's answer fills the form on screen even when the form was drawn
// again while crmd was asked (a playbook published meanwhile, the
// interface language switched): it filled the form no longer shown, and
// the agent saw nothing found.
func TestALookupAnsweredAfterARedrawFillsTheFormOnScreen(t *testing.T) {
	env := startCRM(t)
	rosa := &cases.Customer{Account: "4417008888", Name: "Rosa Márquez Gil", Plan: "Fibra 1 Gb", Currency: "USD",
		Since: time.Date(2019, 3, 14, 0, 0, 0, 0, time.UTC), UpdatedAt: fixedNow}
	if err := env.store.UpsertCustomers(context.Background(), []*cases.Customer{rosa}); err != nil {
		t.Fatal(err)
	}
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("online", func() bool { return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"})) })
	h.app.show("call")
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), rosa.Account)
	h.app.call.refresh() // drawn again before crmd answered
	h.waitFor("the form filled from crmd", func() bool { return h.has(rosa.Name) && h.has(tr.S("sync.lookup.found")) })
}
