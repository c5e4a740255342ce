// Command hello is the yardstick for .ci/bench-app: the smallest Fyne app
// that opens a window, built with the same toolchain and flags as
// agentdesk, so the difference between the two is what AgentDesk itself
// costs at start and in memory.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	// An ID, like agentdesk's, so both pay for loading preferences and
	// neither prints the missing-ID warning.
	a := app.NewWithID("org.agentdesk.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello"))
	// The size agentdesk opens at by default: drawing the first frame
	// costs in proportion to the pixels, so compare equal windows.
	w.Resize(fyne.NewSize(1180, 760))
	w.ShowAndRun()
}
