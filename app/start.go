package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/locales"
	"agentdesk/sqlite"
)

// appName is the product's name, the same in every language: the window's
// title until the interface language is known.
const appName = "AgentDesk"

// OpenWindow opens the main window, empty, at the size it had when last
// closed. New calls it unless Deps.Window is given: cmd/agentdesk calls it
// first, so the window system starts while the data loads.
func OpenWindow(fy fyne.App) fyne.Window {
	useDeskTheme(fy)
	win := fy.NewWindow(appName)
	p := fy.Preferences()
	w, h := p.FloatWithFallback(prefWidth, 1180), p.FloatWithFallback(prefHeight, 760)
	win.Resize(fyne.NewSize(float32(max(w, 800)), float32(max(h, 560))))
	return win
}

// PrepareFonts loads the faces of the text most screens are made of,
// regular and bold. Fyne loads a face the first time text in its style is
// measured, parsing the font and looking up the system's fallback font for
// the language: about 30 ms of CPU a style on the bench machine. Called on a
// goroutine while the window system starts, that is off the path to the
// first frame (make bench-app); rarer styles (italic) load when first
// used. A loaded face is not safe for concurrent use, so this must finish
// before any text is measured or drawn: call it before New, not alongside.
func PrepareFonts() {
	size := theme.TextSize()
	for _, st := range []fyne.TextStyle{{}, {Bold: true}} {
		fyne.MeasureText(appName, size, st)
	}
}

// ShowStartupError fills the window with why the app cannot start, in
// lang, when the data it needs could not be opened: someone who started
// it from a menu has no terminal to read. The detail goes to the log;
// the screen says where that is. Close calls onClose.
func ShowStartupError(win fyne.Window, lang locales.Lang, dataDir, logPath string, err error, onClose func()) {
	if _, berr := locales.Bundle(lang); berr != nil {
		onClose() // no messages to say it with: a broken build, on stderr
		return
	}
	t := locales.New(lang)
	title := subheading(t.S("startup.failed.title"))
	title.Alignment = fyne.TextAlignCenter
	key := "startup.failed.body"
	if errors.Is(err, sqlite.ErrWrongKind) {
		key = "startup.failed.wrong_kind"
	}
	body := widget.NewLabel(t.D(key, map[string]any{"Dir": dataDir, "Log": logPath}))
	body.Wrapping = fyne.TextWrapWord
	body.Alignment = fyne.TextAlignCenter
	closeBtn := widget.NewButtonWithIcon(t.S("startup.failed.close"), theme.CancelIcon(), onClose)
	closeBtn.Importance = widget.HighImportance
	win.SetTitle(appName)
	win.SetContent(container.NewCenter(fixedWidth(560, container.NewVBox(
		widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), title, body, container.NewCenter(closeBtn)))))
}
