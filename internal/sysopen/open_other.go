//go:build !windows

package sysopen

// openFile is nil: the app falls back to Fyne's OpenURL with a file:// URI,
// which xdg-open (Linux, BSD) and open (macOS) handle well.
var openFile func(path string) error
