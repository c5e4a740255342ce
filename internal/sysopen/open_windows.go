//go:build windows

package sysopen

import "golang.org/x/sys/windows"

// openFile shows an exported PDF in the program Windows associates with
// PDFs, the way a double click in Explorer does. Fyne's OpenURL would pass
// a file:// URL through rundll32 url.dll,FileProtocolHandler instead: the
// path gets rebuilt as "file://C:/Users/..." with UTF-8 percent-escapes,
// which the shell's URL parser may read in the ANSI code page, so a user
// folder such as C:\Users\José Núñez would not be found. ShellExecute takes
// the native path as it is.
func openFile(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL)
}
