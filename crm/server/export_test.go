package server

import "time"

// DecodeCase is decodeCase, for the fuzz target in package server_test.
var DecodeCase = decodeCase

// Fingerprint is fingerprint, for the tests of what crmd stored before.
var Fingerprint = fingerprint

// SlowLineBounds sets the write timeout of an answer and the slowest
// client speed its larger answers are given time for, until the test ends.
func SlowLineBounds(t interface{ Cleanup(func()) }, timeout time.Duration, speed int) {
	oldT, oldS := writeTimeout, minClientSpeed
	writeTimeout, minClientSpeed = timeout, speed
	t.Cleanup(func() { writeTimeout, minClientSpeed = oldT, oldS })
}
