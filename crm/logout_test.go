package crm_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Logging out after the access token is over (a desk idle through a
// coffee break) still ends the refresh token's family on crmd: a copy of
// that token must not go on working for a week.
func TestLogoutAfterTheAccessTokenIsOver(t *testing.T) {
	clk := &clock{t: time.Now()}
	r, a := crmtest.StartSQLite(t, func(c *server.Config) { c.Now = clk.now })
	c, err := crm.NewClient(r.URL, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Now = clk.now
	if _, err := c.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	s, _ := c.Session()
	copied := s.RefreshToken
	clk.add(20 * time.Minute)
	if err := c.Logout(context.Background()); err != nil {
		t.Fatalf("logout: %v", err)
	}
	if _, ok := c.Session(); ok {
		t.Fatal("the session is still kept")
	}
	res := a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: copied})
	if res.Status == http.StatusOK {
		t.Errorf("after logout the refresh token still works: %d", res.Status)
	}
}
