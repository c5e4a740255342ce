package postgres

// Trap is trap, for the tests outside the package.
var Trap = trap
