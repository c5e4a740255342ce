// Package sysopen shows a file the app wrote (an exported PDF) in the
// program the system associates with it. It is one of the two pieces of
// code Windows compiles differently (internal/instance is the other),
// kept apart so that `make vet` can type-check it for Windows without
// cross-compiling Fyne and SQLite.
package sysopen

// Func opens path in the system's viewer; nil where Fyne's OpenURL does it
// well (Linux, BSD, macOS).
var Func = openFile
