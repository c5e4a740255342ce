package server

// DecodeCase is decodeCase, for the fuzz target in package server_test.
var DecodeCase = decodeCase

// Fingerprint is fingerprint, for the tests of what crmd stored before.
var Fingerprint = fingerprint
