package server_test

import (
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// Disabling the last enabled admin is refused with a code of its own: as
// the plain conflict of a name taken, the admin was told "It already
// exists." and not why nothing was done.
func TestDisablingTheLastAdminSaysSo(t *testing.T) {
	_, a := start(t)
	admin := a.Login("admin", crmtest.Password)
	r := a.Do("POST", "/v1/users/admin/disable", admin.AccessToken, nil, nil)
	crmtest.Expect(t, r, 409, "the last admin")
	if r.Code() != crm.CodeLastAdmin {
		t.Errorf("code %q, want %q: %s", r.Code(), crm.CodeLastAdmin, r.Body)
	}
}
