package crm

import "time"

// KnownCodes is knownCodes, for the tests that keep it whole.
var KnownCodes = knownCodes

// SlowLineBounds sets the time an exchange has and the slowest line the
// client gives a large one the time of, until the test ends.
func SlowLineBounds(t interface{ Cleanup(func()) }, timeout time.Duration, speed int) {
	oldT, oldS := exchangeTimeout, minLineSpeed
	exchangeTimeout, minLineSpeed = timeout, speed
	t.Cleanup(func() { exchangeTimeout, minLineSpeed = oldT, oldS })
}
