package server_test

import (
	"net/http"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// The accounts' list pages through every account whatever its name: a
// page that ended on "ana.perez" (a dot is a username's, not a case ID's)
// gave a cursor crmd then refused with 400, and the rest of the list could
// not be read.
func TestUserListPagesPastADottedName(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	a := crmtest.NewAPI(t, crmtest.Start(t, db).URL)
	admin := a.Login("admin", crmtest.Password)
	for _, n := range []string{"ana.perez", "zoe.diaz"} {
		crmtest.Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, crm.NewUser{Username: n, Role: crm.RoleAgent, Password: crmtest.Password}), http.StatusCreated, n)
	}
	seen := map[string]bool{}
	path := "/v1/users?limit=1"
	for range 20 {
		r := a.Do("GET", path, admin.AccessToken, nil, nil)
		crmtest.Expect(t, r, http.StatusOK, path)
		var page struct {
			Users []crm.User `json:"users"`
			Next  string     `json:"next"`
		}
		r.JSON(t, &page)
		for _, u := range page.Users {
			seen[u.Username] = true
		}
		if page.Next == "" {
			break
		}
		path = "/v1/users?limit=1&cursor=" + page.Next
	}
	for _, n := range []string{"ana.perez", "zoe.diaz", "admin"} {
		if !seen[n] {
			t.Errorf("%s not listed: %v", n, seen)
		}
	}
}
