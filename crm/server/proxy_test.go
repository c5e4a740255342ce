package server_test

import (
	"net/netip"
	"testing"

	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// anonBudget is a server whose anonymous budget is two requests per
// address, not refilled during the test.
func anonBudget(trusted ...string) func(*server.Config) {
	return func(c *server.Config) {
		c.AnonRate, c.AnonBurst = 0.001, 2
		for _, p := range trusted {
			c.TrustedProxies = append(c.TrustedProxies, netip.MustParsePrefix(p))
		}
	}
}

// healthz sends an anonymous request with the X-Forwarded-For given (none
// when empty) and returns the status.
func healthz(a *crmtest.API, xff string) int {
	h := map[string]string{}
	if xff != "" {
		h["X-Forwarded-For"] = xff
	}
	return a.Do("GET", "/healthz", "", h, nil).Status
}

// A peer that is not a trusted proxy is budgeted by its own address: a
// forged X-Forwarded-For does not buy it a fresh bucket.
func TestForgedForwardedForIsIgnored(t *testing.T) {
	_, a := start(t, anonBudget())
	got := []int{healthz(a, "203.0.113.1"), healthz(a, "203.0.113.2"), healthz(a, "203.0.113.3, 198.51.100.9")}
	if got[0] != 200 || got[1] != 200 || got[2] != 429 {
		t.Errorf("three anonymous requests from one peer with forged addresses: %v, want [200 200 429]", got)
	}
	// Trusting another network changes nothing for this peer.
	_, a = start(t, anonBudget("10.0.0.0/8"))
	got = []int{healthz(a, "203.0.113.1"), healthz(a, "203.0.113.2"), healthz(a, "203.0.113.3")}
	if got[2] != 429 {
		t.Errorf("peer outside the trusted proxies: %v", got)
	}
}

// Behind a trusted proxy each client has its own bucket, found from the
// right of X-Forwarded-For: what a client prepends itself is not read.
func TestTrustedProxyForwardsTheClientAddress(t *testing.T) {
	_, a := start(t, anonBudget("127.0.0.1/32", "192.0.2.0/24"))
	for _, c := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		if s := healthz(a, c); s != 200 {
			t.Errorf("client %s behind the proxy: %d", c, s)
		}
	}
	// One client: its two requests, then 429, even with a new forged
	// address on the left and a second trusted proxy in the chain.
	got := []int{
		healthz(a, "198.51.100.7"),
		healthz(a, "6.6.6.6, 198.51.100.7"),
		healthz(a, "7.7.7.7, 198.51.100.7, 192.0.2.10"),
	}
	if got[0] != 200 || got[1] != 200 || got[2] != 429 {
		t.Errorf("one client, forged left parts: %v, want [200 200 429]", got)
	}
	// A port after the address, as some proxies write it.
	if s := healthz(a, "198.51.100.8:4431"); s != 200 {
		t.Errorf("address with a port: %d", s)
	}
	// Without the header the proxy's own address is the client.
	if s := []int{healthz(a, ""), healthz(a, ""), healthz(a, "")}; s[2] != 429 {
		t.Errorf("the proxy itself: %v", s)
	}
	// Garbage written by a trusted proxy stops the walk: the request is
	// budgeted under the last address vouched for, the proxy's, whose
	// bucket is spent.
	if s := healthz(a, "198.51.100.20, not-an-address"); s != 429 {
		t.Errorf("unreadable hop: %d", s)
	}
}
