package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"agentdesk/cases"
	"agentdesk/locales"
)

// luminance is WCAG's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	ch := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Hints, counts, the status bar and masked digits are low-importance
// labels, which Fyne draws in its disabled colour, and states (an
// authenticated customer, an amount above the agent's authority) are
// success, warning and error text: the app's theme makes all of them
// readable (WCAG 4.5:1 against the background) in both variants, the
// secondary text still apart from the main text, and the app runs with it.
func TestTextIsReadableInBothVariants(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
	th := h.app.fy.Settings().Theme()
	if _, ok := th.(*deskTheme); !ok {
		t.Fatalf("the app runs with %T", th)
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		bg := th.Color(theme.ColorNameBackground, v)
		dis, fg := th.Color(theme.ColorNameDisabled, v), th.Color(theme.ColorNameForeground, v)
		if c := contrast(dis, bg); c < 4.5 {
			t.Errorf("variant %d: secondary text %.2f:1 against the background", v, c)
		}
		if c := contrast(dis, fg); c < 1.4 {
			t.Errorf("variant %d: secondary text %.2f:1 against the main text, too alike", v, c)
		}
		if c := contrast(th.Color(theme.ColorNameInputBorder, v), bg); c < 3 {
			t.Errorf("variant %d: an entry's border, an unticked box %.2f:1 against the background", v, c)
		}
		for _, n := range []fyne.ThemeColorName{theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError} {
			if c := contrast(th.Color(n, v), bg); c < 4.5 {
				t.Errorf("variant %d: %s text %.2f:1 against the background", v, n, c)
			}
		}
		if th.Color(theme.ColorNamePrimary, v) != theme.DefaultTheme().Color(theme.ColorNamePrimary, v) {
			t.Errorf("variant %d: another colour than the disabled one changed", v)
		}
	}
	if f := th.Font(fyne.TextStyle{Bold: true}); f != theme.DefaultTheme().Font(fyne.TextStyle{Bold: true}) {
		t.Error("the theme brings other fonts: Fyne would parse them beside its own")
	}
}
