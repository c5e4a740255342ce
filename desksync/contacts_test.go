package desksync_test

import (
	"net/http"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// The start form asks crmd for the account's history at every desk: ana
// sees the call ben took. Only the last account typed is answered; a card
// number typed as the account, or a desk with nobody logged in, asks
// nothing.
func TestSyncerAccountContacts(t *testing.T) {
	r, api := start(t)
	ben := api.Login("ben", crmtest.Password).AccessToken
	c := crmtest.NewCase("C-HIST-1", "ben")
	crmtest.Expect(t, api.PutCase(ben, "hist:1", c), http.StatusCreated, "ben's call")

	d := newSyncDesk(t, r.URL, "ana")
	d.s.Start(r.URL, "ana")
	type answer struct {
		list []crm.Contact
		err  error
	}
	got := make(chan answer, 4)
	ask := func(acc string) bool {
		return d.s.AccountContacts(acc, func(l []crm.Contact, err error) { got <- answer{l, err} })
	}
	// Typed on: the first account is never answered.
	if !ask("ACC-9") || !ask("ACC-1001") {
		t.Fatal("not asked")
	}
	select {
	case a := <-got:
		if a.err != nil || len(a.list) != 1 || a.list[0].CaseID != "C-HIST-1" || a.list[0].Agent != "ben" {
			t.Errorf("contacts: %+v %v", a.list, a.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
	}
	if !ask("NOPE-404") {
		t.Fatal("not asked")
	}
	select {
	case a := <-got:
		if crm.CodeOf(a.err) != crm.CodeNotFound {
			t.Errorf("an unknown account: %+v %v", a.list, a.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
	}
	select {
	case a := <-got:
		t.Errorf("an answer for an account typed over: %+v %v", a.list, a.err)
	case <-time.After(600 * time.Millisecond):
	}
	if ask("4111 1111 1111 1111") {
		t.Error("a card number sent as an account")
	}

	nobody := newSyncDesk(t, r.URL, "")
	nobody.s.Start(r.URL, "")
	if nobody.s.AccountContacts("ACC-1001", func([]crm.Contact, error) {}) {
		t.Error("asked with nobody logged in")
	}
}
