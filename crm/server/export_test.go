package server

// DecodeCase is decodeCase, for the fuzz target in package server_test.
var DecodeCase = decodeCase
