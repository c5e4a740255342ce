package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// An agent taking a customer's call sees the account's earlier contacts
// at every desk, newest first, with where the back office stands, and
// nothing of the notes; a training token, an admin's or none gets nothing,
// and a limit above crmd's is capped, not refused.
func TestAccountContactsAcrossDesks(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password).AccessToken
	ben := a.Login("ben", crmtest.Password).AccessToken
	sup := a.Login("sup", crmtest.Password).AccessToken

	bens := crmtest.NewCase("C-H-BEN", "ben")
	bens.Notes = "customer read her PIN 4821 twice; card 4111 1111 1111 1111"
	bens.Status, bens.Reason, bens.ClosedAt = cases.StatusClosed, "billing_error", time.Now()
	crmtest.Expect(t, a.PutCase(ben, "h:ben", bens), http.StatusCreated, "ben's call")
	anas := crmtest.NewCase("C-H-ANA", "ana")
	anas.Status = cases.StatusEscalated
	anas.Escalation = &cases.Escalation{Ticket: "ESC-H-1", Priority: "normal", At: time.Now()}
	crmtest.Expect(t, a.PutCase(ana, "h:ana", anas), http.StatusCreated, "ana's call")
	other := crmtest.NewCase("C-H-OTHER", "ben")
	other.Customer.Account = "ACC-2002"
	crmtest.Expect(t, a.PutCase(ben, "h:other", other), http.StatusCreated, "another account's call")

	path := "/v1/customers/ACC-1001/contacts"
	for _, tok := range []string{ana, sup} {
		r := a.Do("GET", path, tok, nil, nil)
		crmtest.Expect(t, r, http.StatusOK, "contacts")
		if body := string(r.Body); strings.Contains(body, "PIN") || strings.Contains(body, "4111") || strings.Contains(body, "notes") || strings.Contains(body, "Lucía") {
			t.Errorf("the history carries more than a contact: %s", body)
		}
		var got crm.ContactList
		r.JSON(t, &got)
		if len(got.Contacts) != 2 {
			t.Fatalf("contacts: %+v", got.Contacts)
		}
		// ana's was received last: first.
		c0, c1 := got.Contacts[0], got.Contacts[1]
		if c0.CaseID != "C-H-ANA" || c0.Agent != "ana" || !c0.Escalated || c0.Escalation != cases.EscReceived || c0.Ticket != "ESC-H-1" ||
			c0.Status != cases.StatusEscalated || c0.CallType != "billing_dispute" || c0.At.IsZero() {
			t.Errorf("ana's contact: %+v", c0)
		}
		if c1.CaseID != "C-H-BEN" || c1.Agent != "ben" || c1.Escalated || c1.Escalation != "" || c1.Status != cases.StatusClosed ||
			c1.ReasonCode != "billing_error" || c1.At.After(c0.At) {
			t.Errorf("ben's contact: %+v", c1)
		}
	}

	for i := range crm.MaxContacts + 2 {
		c := crmtest.NewCase(fmt.Sprint("C-H-", i), "ana")
		c.Customer.Account = "ACC-3003"
		crmtest.Expect(t, a.PutCase(ana, fmt.Sprint("h:", i), c), http.StatusCreated, "a call")
	}
	for _, tc := range []struct {
		query string
		want  int
	}{{"", crm.DefaultContacts}, {"?limit=3", 3}, {"?limit=1000000", crm.MaxContacts}} {
		r := a.Do("GET", "/v1/customers/ACC-3003/contacts"+tc.query, ana, nil, nil)
		crmtest.Expect(t, r, http.StatusOK, tc.query)
		var got crm.ContactList
		r.JSON(t, &got)
		if len(got.Contacts) != tc.want {
			t.Errorf("%q: %d contacts, want %d", tc.query, len(got.Contacts), tc.want)
		}
	}
	for _, q := range []string{"?limit=0", "?limit=-1", "?limit=ten"} {
		crmtest.Expect(t, a.Do("GET", path+q, ana, nil, nil), http.StatusBadRequest, q)
	}

	// A customer crmd knows who has not called yet has no contacts; an
	// account crmd knows of neither way is not found, as its profile is
	// not; a card number typed as an account is not looked up.
	crmtest.Expect(t, a.Do("GET", "/v1/customers/ACC-2002/contacts", ana, nil, nil), http.StatusOK, "known by a case alone")
	crmtest.Expect(t, a.Do("GET", "/v1/customers/NOPE-9/contacts", ana, nil, nil), http.StatusNotFound, "unknown")
	crmtest.Expect(t, a.Do("GET", "/v1/customers/4111111111111111/contacts", ana, nil, nil), http.StatusNotFound, "a card number")

	crmtest.Expect(t, a.Do("GET", path, "", nil, nil), http.StatusUnauthorized, "no token")
	// A trainee's token is the training audience's: never production's
	// customers.
	tia := a.Login("tia", crmtest.Password).AccessToken
	crmtest.Expect(t, a.Do("GET", path, tia, nil, nil), http.StatusUnauthorized, "a training token")
	admin := a.Login("admin", crmtest.Password).AccessToken
	crmtest.Expect(t, a.Do("GET", path, admin, nil, nil), http.StatusForbidden, "an admin")
}
