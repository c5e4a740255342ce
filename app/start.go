package app

import (
	"errors"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/internal/instance"
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
	win.Resize(windowSize(p.FloatWithFallback(prefWidth, 1180), p.FloatWithFallback(prefHeight, 760)))
	return win
}

// The largest window opened: a 4K screen's. A size kept from a larger
// screen than this one still opens past its edges, but no larger.
const (
	maxWindowWidth  = 3840
	maxWindowHeight = 2160
)

// windowSize is the size a window last closed at, as the preferences file
// keeps it, held to what the screens need and a screen has: a size that
// is no number (a damaged or hand-edited file) is the default.
func windowSize(w, h float64) fyne.Size {
	if math.IsNaN(w) || math.IsInf(w, 0) || math.IsNaN(h) || math.IsInf(h, 0) {
		w, h = 1180, 760
	}
	return fyne.NewSize(float32(min(max(w, 800), maxWindowWidth)), float32(min(max(h, 560), maxWindowHeight)))
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
	titleKey, key := "startup.failed.title", "startup.failed.body"
	var icon fyne.Resource = theme.NewErrorThemedResource(theme.ErrorIcon())
	switch {
	case errors.Is(err, sqlite.ErrWrongKind):
		key = "startup.failed.wrong_kind"
	case errors.Is(err, instance.ErrHeld):
		// Nothing failed: the app runs already, in another window.
		titleKey, key = "startup.open.title", "startup.open.body"
		icon = theme.NewPrimaryThemedResource(theme.InfoIcon())
	}
	title := subheading(t.S(titleKey))
	title.Alignment = fyne.TextAlignCenter
	body := widget.NewLabel(t.D(key, map[string]any{"Dir": dataDir, "Log": logPath}))
	body.Wrapping = fyne.TextWrapWord
	body.Alignment = fyne.TextAlignCenter
	closeBtn := widget.NewButtonWithIcon(t.S("startup.failed.close"), theme.CancelIcon(), onClose)
	closeBtn.Importance = widget.HighImportance
	win.SetTitle(appName)
	win.SetContent(container.NewCenter(fixedWidth(560, container.NewVBox(
		widget.NewIcon(icon), title, body, container.NewCenter(closeBtn)))))
}
