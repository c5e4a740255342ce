package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/assets"
)

// The marks the interface shows beside text. They are icons, not
// characters: Fyne's text font (Noto Sans) has no tick, lock, star or
// arrow, and the app is built without Fyne's 4 MB emoji font (no_emoji,
// see the Makefile), which it would otherwise parse once per text style
// at start. An icon looks the same on every system and in every theme.
var (
	markLock   = fyne.NewStaticResource("lock.svg", assets.Mark("lock.svg"))
	markUnlock = fyne.NewStaticResource("unlock.svg", assets.Mark("unlock.svg"))
	markStar   = fyne.NewStaticResource("star.svg", assets.Mark("star.svg"))
	markCert   = fyne.NewStaticResource("certificate.svg", assets.Mark("certificate.svg"))
)

// tinted colours a mark like text of the given importance.
func tinted(res fyne.Resource, imp widget.Importance) fyne.Resource {
	switch imp {
	case widget.SuccessImportance:
		return theme.NewSuccessThemedResource(res)
	case widget.WarningImportance:
		return theme.NewWarningThemedResource(res)
	case widget.DangerImportance:
		return theme.NewErrorThemedResource(res)
	case widget.HighImportance:
		return theme.NewPrimaryThemedResource(res)
	}
	return theme.NewThemedResource(res)
}

// marked puts a mark before a label, in the label's colour; set the
// label's importance first.
func marked(res fyne.Resource, l *widget.Label) *fyne.Container {
	return container.NewBorder(nil, nil, widget.NewIcon(tinted(res, l.Importance)), nil, l)
}

// stepMark is a checklist step's state: to do, done, skipped, not needed.
func stepMark(done, skipped, na bool) fyne.Resource {
	switch {
	case done:
		return theme.ConfirmIcon()
	case skipped:
		return theme.MediaSkipNextIcon()
	case na:
		return theme.ContentRemoveIcon()
	}
	return theme.RadioButtonIcon()
}
