package server

import "time"

// DecodeCase is decodeCase, for the fuzz target in package server_test.
var DecodeCase = decodeCase

// Fingerprint is fingerprint, for the tests of what crmd stored before.
var Fingerprint = fingerprint

// SlowLineBounds sets the read timeout of a request, the write timeout of an answer and the slowest
// client speed its larger answers are given time for, until the test ends.
func SlowLineBounds(t interface{ Cleanup(func()) }, timeout time.Duration, speed int) {
	oldR, oldT, oldS := readTimeout, writeTimeout, minClientSpeed
	readTimeout, writeTimeout, minClientSpeed = timeout, timeout, speed
	t.Cleanup(func() { readTimeout, writeTimeout, minClientSpeed = oldR, oldT, oldS })
}
