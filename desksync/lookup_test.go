package desksync_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
)

// crmd (or whatever answers in its place) giving back another customer's
// profile for the account typed is no profile of the caller: the form is
// not filled with it and the desk does not cache it.
func TestSyncerLookupKeepsOnlyTheAccountAsked(t *testing.T) {
	r, _ := start(t)
	srv := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.URL.Path != "/v1/customers/ACC-1002" {
			return false
		}
		// A mistyped account answered with another's profile.
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"account":"ACC-1001","name":"Lucía García","plan":"Fibra"}`)
		return true
	})
	d := newSyncDesk(t, srv.URL, "ana")
	d.s.Start(srv.URL, "ana")
	ask := func(acc string) *cases.Customer {
		t.Helper()
		got := make(chan *cases.Customer, 1)
		if !d.s.LookupCustomer(acc, func(c *cases.Customer) { got <- c }) {
			t.Fatalf("%s: no lookup", acc)
		}
		select {
		case c := <-got:
			return c
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no answer", acc)
		}
		return nil
	}
	if c := ask("ACC-1002"); c != nil {
		t.Errorf("another customer's profile for ACC-1002: %+v", c)
	}
	for _, acc := range []string{"ACC-1001", "ACC-1002"} {
		if cu, err := d.db.GetCustomer(context.Background(), acc); err == nil {
			t.Errorf("%s cached from the answer for ACC-1002: %+v", acc, cu)
		}
	}
}

// A card number in crmd's answer (a profile stored before crmd redacted
// them, a proxy) is neither shown on the form nor cached on the desk.
func TestSyncerLookupCachesNoCardNumber(t *testing.T) {
	r, _ := start(t)
	srv := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.URL.Path != "/v1/customers/ACC-2002" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"account":"ACC-2002","name":"Rosa Díaz","address":"card 4111 1111 1111 1111"}`)
		return true
	})
	d := newSyncDesk(t, srv.URL, "ana")
	d.s.Start(srv.URL, "ana")
	got := make(chan *cases.Customer, 1)
	if !d.s.LookupCustomer("ACC-2002", func(c *cases.Customer) { got <- c }) {
		t.Fatal("no lookup")
	}
	var c *cases.Customer
	select {
	case c = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
	}
	if c == nil || strings.Contains(c.Address, "4111") {
		t.Errorf("shown: %+v", c)
	}
	if cu, err := d.db.GetCustomer(context.Background(), "ACC-2002"); err != nil || strings.Contains(cu.Address, "4111") {
		t.Errorf("cached: %+v %v", cu, err)
	}
}

// A card number typed as the account is not looked up: it would go to
// crmd in the request's path.
func TestSyncerDoesNotLookUpACardNumber(t *testing.T) {
	r, _ := start(t)
	var asked atomic.Int64
	srv := inFront(t, r.URL, func(_ http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if strings.HasPrefix(req.URL.Path, "/v1/customers/") {
			asked.Add(1)
		}
		return false
	})
	d := newSyncDesk(t, srv.URL, "ana")
	d.s.Start(srv.URL, "ana")
	d.waitFor("the login", func() bool { s, ok := d.s.Session(); return ok && s.Username == "ana" })
	if d.s.LookupCustomer("4111 1111 1111 1111", func(*cases.Customer) {}) {
		t.Error("a card number was looked up")
	}
	time.Sleep(600 * time.Millisecond) // past the lookup's pause
	if n := asked.Load(); n != 0 {
		t.Errorf("crmd was asked %d times", n)
	}
}
