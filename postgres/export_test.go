package postgres

// Trap is trap, for the tests outside the package.
var Trap = trap

// MarkBusy is the dialect's Busy, for the tests outside the package.
var MarkBusy = dialect.Busy
