package main

// The team commands for whoever decides amounts above an agent's
// authority (cases.DeciderRoles), each within their own authority.

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"agentdesk/crm/crmtest"
)

// crmd keeps no cases of an admin's own and refuses them the route of
// one's own escalations: an admin's sync must not ask it and end in that
// refusal, as the desk's sync does not.
func TestAdminSyncDoesNotAskForOwnEscalations(t *testing.T) {
	r, _ := crmtest.StartSQLite(t)
	dbPath := filepath.Join(t.TempDir(), "agentdesk.db")
	mustRun(t, crmtest.Password+"\n", "crm", "login", "--url", r.URL, "--user", "admin", "--db", dbPath)
	out, errs, code := crmRun(t, "", "en", "sync", "--db", dbPath, "--json")
	var rep syncReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Offline || rep.LastError != "" {
		t.Errorf("an admin's sync: exit %d %q %q", code, out, errs)
	}
}
