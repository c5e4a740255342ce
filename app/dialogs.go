package app

import (
	"fyne.io/fyne/v2/dialog"
)

// Fyne's ready-made dialogs label their buttons ("OK", "Yes", "No") in the
// system's language, which need not be the interface language the agent
// chose: a Spanish desk on an English system asked "¿Cerrar la llamada?"
// with Yes and No. These say them through the interface's messages.

// inform shows a message with one button that dismisses it.
func (a *App) inform(title, msg string) {
	d := dialog.NewInformation(title, msg, a.win)
	d.SetDismissText(a.t.S("dialog.ok"))
	d.Show()
}

// confirm asks a yes-or-no question; done hears the answer.
func (a *App) confirm(title, msg string, done func(yes bool)) {
	d := dialog.NewConfirm(title, msg, done, a.win)
	d.SetConfirmText(a.t.S("dialog.yes"))
	d.SetDismissText(a.t.S("dialog.no"))
	d.Show()
}
