package crm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The client asks for an account's contacts on its own path, escaped,
// with the limit asked; it keeps no more than crmd's cap, redacts what an
// answer that did not come from crmd's store could carry, and gives
// crmd's refusals their codes.
func TestAccountContacts(t *testing.T) {
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.EscapedPath()+"?"+r.URL.RawQuery)
		if r.Header.Get("Authorization") != "Bearer secret-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch {
		case strings.Contains(r.URL.Path, "NOPE"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"not_found","message":"Not found."}}`))
		case strings.Contains(r.URL.Path, "ADMIN"):
			w.WriteHeader(http.StatusForbidden)
		default:
			list := ContactList{}
			for i := range MaxContacts + 5 {
				list.Contacts = append(list.Contacts, Contact{CaseID: fmt.Sprint("C-", i), Agent: "ben", Status: "closed",
					Resolution: "refunded to card 4111 1111 1111 1111"})
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(list)
		}
	}))
	defer srv.Close()
	c := loggedIn(t, srv.URL, nil)
	ctx := context.Background()

	list, err := c.AccountContacts(ctx, "ACC 1/2", 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := "/v1/customers/ACC%201%2F2/contacts?limit=5"; asked[0] != want {
		t.Errorf("asked %s, want %s", asked[0], want)
	}
	if len(list) != MaxContacts || list[0].CaseID != "C-0" || list[0].Agent != "ben" {
		t.Errorf("%d contacts: %+v", len(list), list[0])
	}
	if strings.Contains(list[0].Resolution, "4111 1111") {
		t.Errorf("a card number kept: %q", list[0].Resolution)
	}
	if _, err := c.AccountContacts(ctx, "ACC-1", 0); err != nil || !strings.HasSuffix(asked[1], "/contacts?") {
		t.Errorf("no limit: asked %s, %v", asked[1], err)
	}
	if _, err := c.AccountContacts(ctx, "NOPE-1", 0); CodeOf(err) != CodeNotFound {
		t.Errorf("an unknown account: %v", err)
	}
	if _, err := c.AccountContacts(ctx, "ADMIN-1", 0); CodeOf(err) != CodeForbidden {
		t.Errorf("a role that may not: %v", err)
	}
}
