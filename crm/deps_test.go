package crm_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The desktop and agentctl carry no server: crmd's handlers, metrics,
// password hashing and token signing stay in crm/server, which only
// cmd/crmd links. Prometheus and Argon2 would cost every desk megabytes and
// init work at each start for code it never runs.
func TestDesktopLinksNoServerCode(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../cmd/agentdesk", "../cmd/agentctl").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps gave %d packages; expected the whole graph", len(deps))
	}
	for _, d := range deps {
		for _, bad := range []string{"prometheus", "argon2", "golang-jwt", "agentdesk/crm/server"} {
			if strings.Contains(d, bad) {
				t.Errorf("the desktop or agentctl links %s", d)
			}
		}
	}
}
