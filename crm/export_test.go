package crm

// KnownCodes is knownCodes, for the tests that keep it whole.
var KnownCodes = knownCodes
