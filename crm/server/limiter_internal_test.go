package server

import (
	"strconv"
	"testing"
	"time"
)

// A flood of made-up addresses keeps the anonymous buckets bounded, and a
// new address does not walk the whole map each time once it is full.
func TestLimiterKeysStayBounded(t *testing.T) {
	l := newLimiters(5, 20)
	key := func(i int) string { return "198.51." + strconv.Itoa(i/250) + "." + strconv.Itoa(i%250) }
	for i := range maxLimiterKeys {
		l.allow(key(i))
	}
	start := time.Now()
	for i := maxLimiterKeys; i < maxLimiterKeys+2000; i++ {
		l.allow(key(i))
	}
	if n := len(l.m); n > maxLimiterKeys {
		t.Errorf("%d keys kept, bound %d", n, maxLimiterKeys)
	}
	// One walk for the 2,000: well under what 2,000 walks take.
	if per := time.Since(start) / 2000; per > 200*time.Microsecond {
		t.Logf("%v per new key once full", per)
	}
}

// One host's IPv6 addresses share a bucket; IPv4 ones and other hosts do not.
func TestBudgetKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "::ffff:203.0.113.7"},
		{"not an address", "not an address"},
	} {
		if got := budgetKey(tc.in); got != tc.want {
			t.Errorf("budgetKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
