package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// deskTheme is Fyne's own theme with secondary text an agent can read all
// day. Fyne draws low-importance labels (hints, counts, the status bar,
// the limits under a form, masked digits in a script) in its "disabled"
// colour, which is 1.5:1 against the dark background and 1.3:1 against
// the light one: next to invisible. Here that colour is a grey of about
// 5:1 on both (WCAG's 4.5:1 for body text), still well apart from the
// main text, so a hint reads as a hint and a disabled button still looks
// off. Fonts, sizes and every other colour are Fyne's: the faces Fyne
// parses are the same resources either way, so this costs no memory.
type deskTheme struct{ fyne.Theme }

var (
	secondaryOnDark  = color.NRGBA{R: 0x8e, G: 0x8e, B: 0x92, A: 0xff}
	secondaryOnLight = color.NRGBA{R: 0x74, G: 0x74, B: 0x74, A: 0xff}
)

func newDeskTheme() fyne.Theme { return &deskTheme{theme.DefaultTheme()} }

func (t *deskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		if v == theme.VariantLight {
			return secondaryOnLight
		}
		return secondaryOnDark
	}
	return t.Theme.Color(n, v)
}

// useDeskTheme installs deskTheme unless it is in place. A change of theme
// makes Fyne drop the fonts it has parsed, so OpenWindow installs it before
// PrepareFonts loads them, and New's call then changes nothing.
func useDeskTheme(fy fyne.App) {
	s := fy.Settings()
	if _, ok := s.Theme().(*deskTheme); !ok {
		s.SetTheme(newDeskTheme())
	}
}
