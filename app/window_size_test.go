package app

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The window opens at the size it had when last closed, read from Fyne's
// preferences file: a size that is no number (a hand-edited or damaged
// file) opened a window of NaN by NaN, and one from a larger screen
// opened past this one's edges. Neither is a window an agent can use.
func TestWindowOpensAtAUsableSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h float64
		want fyne.Size
	}{
		{"as last closed", 1300, 800, fyne.NewSize(1300, 800)},
		{"smaller than the screens need", 300, 200, fyne.NewSize(800, 560)},
		{"no number", math.NaN(), math.Inf(1), fyne.NewSize(1180, 760)},
		{"negative", -5, -1e9, fyne.NewSize(800, 560)},
		{"past any screen", 1e7, 3e5, fyne.NewSize(maxWindowWidth, maxWindowHeight)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fy := test.NewTempApp(t)
			fy.Preferences().SetFloat(prefWidth, tc.w)
			fy.Preferences().SetFloat(prefHeight, tc.h)
			if got := OpenWindow(fy).Canvas().Size(); got != tc.want {
				t.Errorf("opened at %v, want %v", got, tc.want)
			}
		})
	}
}
