package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"agentdesk/locales"
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

// filterSelect offers "all" (the message allID) and each of ids, named by
// the message prefix+id. It starts at *chosen and keeps it at the id picked
// ("" for all), then calls changed.
func filterSelect[ID ~string](t *locales.T, allID, prefix string, ids []ID, chosen *ID, changed func()) *widget.Select {
	opts := []string{t.S(allID)}
	for _, id := range ids {
		opts = append(opts, t.S(prefix+string(id)))
	}
	sel := widget.NewSelect(opts, nil)
	sel.SetSelectedIndex(slices.Index(ids, *chosen) + 1)
	sel.OnChanged = func(string) {
		*chosen = ""
		if i := sel.SelectedIndex(); i > 0 {
			*chosen = ids[i-1]
		}
		changed()
	}
	return sel
}

// pickButton is one row of a list to pick from: left aligned, with an icon
// or none, and standing out when it is the one chosen.
func pickButton(label string, icon fyne.Resource, chosen bool, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	if chosen {
		b.Importance = widget.HighImportance
	}
	return b
}
