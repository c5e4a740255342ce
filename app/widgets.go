package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// wrapButton is a button whose label wraps. A training answer is a
// sentence or two; on a one-line button the window had to be as wide as
// the longest answer, 1450 px for some scenarios.
type wrapButton struct {
	widget.BaseWidget
	button *widget.Button // draws the background and takes the taps
	label  *widget.Label
}

func newWrapButton(text string, tapped func()) *wrapButton {
	b := &wrapButton{button: widget.NewButton("", tapped), label: widget.NewLabel(text)}
	b.label.Wrapping = fyne.TextWrapWord
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer lays the label over the button; a label takes no taps,
// so they reach the button under it.
func (b *wrapButton) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(b.button, b.label))
}
