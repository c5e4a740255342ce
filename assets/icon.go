package assets

import "embed"

// Icon is the application icon (a headset with a checklist tick), PNG 512².
// The SVG beside it is the source.
//
//go:embed icon/agentdesk.png
var Icon []byte

// WindowIcon is the icon at 128², for the window's title bar and the
// window switcher. The window system takes it pixel by pixel on the
// window's thread before the first frame: the 512² icon cost ~15 ms there
// (make bench-app), this one a sixteenth of that. Desktops draw the
// installed desktop entry's icon (the 512² one) where they show it large;
// a HiDPI switcher that falls back to this one scales it up.
//
//go:embed icon/agentdesk-128.png
var WindowIcon []byte

//go:embed marks/*.svg
var markFS embed.FS

// Mark returns one of the small monochrome marks the interface shows
// beside text (lock.svg, unlock.svg, star.svg, certificate.svg), or nil.
// They are drawn rather than typed: Fyne's text font has no lock, star or
// mortarboard, and a system font cannot be relied on to.
func Mark(name string) []byte {
	b, err := markFS.ReadFile("marks/" + name)
	if err != nil {
		return nil
	}
	return b
}
