//go:build windows

package speech

import (
	"os/exec"
	"syscall"
)

// hideWindow keeps PowerShell from flashing a console window over the
// desktop app each time the customer speaks.
func hideWindow(cmd *exec.Cmd) {
	const createNoWindow = 0x08000000
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: createNoWindow}
}
