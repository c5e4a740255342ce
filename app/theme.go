package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// deskTheme is Fyne's own theme with text an agent can read all day, in
// the dark variant and in the light one most office desktops use.
//
//   - Fyne draws low-importance labels (hints, counts, the status bar, the
//     limits under a form, masked digits in a script) in its "disabled"
//     colour, 1.5:1 against the dark background and 1.3:1 against the
//     light one: next to invisible. Here it is a grey of about 5:1 on both
//     (WCAG's 4.5:1 for body text), still apart from the main text, so a
//     hint reads as a hint and a disabled button still looks off.
//   - Entries' borders and the boxes of unticked checks and radios are in
//     Fyne's input-border colour, the same faint grey: an unticked box was
//     hard to find. It is about 3.4:1 on both (WCAG's 3:1 for a control's
//     outline).
//   - Fyne's success, warning and error colours are the same bright ones
//     in both variants: on white, "Customer authenticated" in green is
//     1.5:1 and "Above your authority" in orange 2.1:1. The light variant
//     uses darker shades of the same hues (5:1 and more); white on them,
//     as on the buttons of those importances, reads better too.
//
// Fonts, sizes and every other colour are Fyne's: the faces Fyne parses
// are the same resources either way, so this costs no memory.
type deskTheme struct{ fyne.Theme }

var (
	secondaryOnDark  = color.NRGBA{R: 0x8e, G: 0x8e, B: 0x92, A: 0xff}
	secondaryOnLight = color.NRGBA{R: 0x74, G: 0x74, B: 0x74, A: 0xff}
	borderOnDark     = color.NRGBA{R: 0x6e, G: 0x6e, B: 0x72, A: 0xff}
	borderOnLight    = color.NRGBA{R: 0x8c, G: 0x8c, B: 0x8c, A: 0xff}
	// The light variant's states: Material's green 800, a burnt orange,
	// red 800.
	lightStates = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameSuccess: color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
		theme.ColorNameWarning: color.NRGBA{R: 0xb3, G: 0x4d, B: 0x00, A: 0xff},
		theme.ColorNameError:   color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
	}
)

func newDeskTheme() fyne.Theme { return &deskTheme{theme.DefaultTheme()} }

func (t *deskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		if v == theme.VariantLight {
			return secondaryOnLight
		}
		return secondaryOnDark
	}
	if n == theme.ColorNameInputBorder {
		if v == theme.VariantLight {
			return borderOnLight
		}
		return borderOnDark
	}
	if c, ok := lightStates[n]; ok && v == theme.VariantLight {
		return c
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
