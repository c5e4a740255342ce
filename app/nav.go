package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// navBar is the column of areas at the window's leading edge: one button
// per area, its icon over its name, the selected one in the primary colour
// with a bar along the content's edge. It looks as Fyne's AppTabs did with
// its tabs on the leading side, but AppTabs recoloured and re-parsed every
// tab's icon, and a hidden close icon per tab, several times while the
// window opened: ~15 ms of the window's thread before the first frame
// (perf, make bench-app). Here an icon is drawn when its button is first
// laid out and again only when the selection moves to or from it.
type navBar struct {
	widget.BaseWidget
	buttons    []*navButton
	selected   int
	OnSelected func(i int) // after the selection moved to i
}

// navItem is one area in the bar.
type navItem struct {
	label string
	icon  fyne.Resource
}

func newNavBar(items []navItem, selected int) *navBar {
	n := &navBar{selected: selected}
	for i, it := range items {
		n.buttons = append(n.buttons, &navButton{nav: n, index: i, label: it.label, icon: it.icon})
		n.buttons[i].ExtendBaseWidget(n.buttons[i])
	}
	n.ExtendBaseWidget(n)
	return n
}

// SelectedIndex is the selected area's position, or -1 when there is none.
func (n *navBar) SelectedIndex() int {
	if n.selected < 0 || n.selected >= len(n.buttons) {
		return -1
	}
	return n.selected
}

// SelectIndex moves the selection to area i and calls OnSelected; it does
// nothing for the area already selected or one that does not exist.
func (n *navBar) SelectIndex(i int) {
	if i < 0 || i >= len(n.buttons) || i == n.selected {
		return
	}
	old := n.selected
	n.selected = i
	if old >= 0 && old < len(n.buttons) {
		n.buttons[old].Refresh()
	}
	n.buttons[i].Refresh()
	n.Refresh() // the indicator
	if n.OnSelected != nil {
		n.OnSelected(i)
	}
}

func (n *navBar) CreateRenderer() fyne.WidgetRenderer {
	r := &navBarRenderer{nav: n, divider: canvas.NewRectangle(color.Transparent), indicator: canvas.NewRectangle(color.Transparent)}
	r.objects = []fyne.CanvasObject{r.divider, r.indicator}
	for _, b := range n.buttons {
		r.objects = append(r.objects, b)
	}
	r.applyTheme()
	return r
}

type navBarRenderer struct {
	nav                *navBar
	divider, indicator *canvas.Rectangle
	objects            []fyne.CanvasObject
}

func (r *navBarRenderer) applyTheme() {
	th := r.nav.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.divider.FillColor = th.Color(theme.ColorNameShadow, v)
	r.indicator.FillColor = th.Color(theme.ColorNamePrimary, v)
}

// barWidth is the buttons' column: as wide as the widest button.
func (r *navBarRenderer) barWidth() float32 {
	var w float32
	for _, b := range r.nav.buttons {
		w = fyne.Max(w, b.MinSize().Width)
	}
	return w
}

func (r *navBarRenderer) Layout(size fyne.Size) {
	pad := r.nav.Theme().Size(theme.SizeNamePadding)
	w := size.Width - pad
	var y float32
	for _, b := range r.nav.buttons {
		h := b.MinSize().Height
		b.Move(fyne.NewPos(0, y))
		b.Resize(fyne.NewSize(w, h))
		y += h + pad
	}
	r.divider.Move(fyne.NewPos(w, 0))
	r.divider.Resize(fyne.NewSize(pad, size.Height))
	r.placeIndicator()
}

func (r *navBarRenderer) placeIndicator() {
	i := r.nav.SelectedIndex()
	if i < 0 {
		r.indicator.Hide()
		return
	}
	b := r.nav.buttons[i]
	r.indicator.Show()
	r.indicator.Move(fyne.NewPos(r.divider.Position().X, b.Position().Y))
	r.indicator.Resize(fyne.NewSize(r.divider.Size().Width, b.Size().Height))
}

func (r *navBarRenderer) MinSize() fyne.Size {
	pad := r.nav.Theme().Size(theme.SizeNamePadding)
	var h float32
	for i, b := range r.nav.buttons {
		if i > 0 {
			h += pad
		}
		h += b.MinSize().Height
	}
	return fyne.NewSize(r.barWidth()+pad, h)
}

func (r *navBarRenderer) Refresh() {
	r.applyTheme()
	r.placeIndicator()
	r.divider.Refresh()
	r.indicator.Refresh()
}

func (r *navBarRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *navBarRenderer) Destroy()                     {}

// navButton is one area's button: icon over name, highlighted under the
// pointer, in the primary colour while selected.
type navButton struct {
	widget.BaseWidget
	nav     *navBar
	index   int
	label   string
	icon    fyne.Resource
	hovered bool
	focused bool               // Tab brought the keyboard here
	r       *navButtonRenderer // the latest, for a hover change
}

// The buttons take the focus, so an agent on the keyboard reaches every
// area: Tab to the button, Enter or Space to open it.
func (b *navButton) FocusGained() { b.setFocused(true) }
func (b *navButton) FocusLost()   { b.setFocused(false) }

func (b *navButton) TypedRune(r rune) {
	if r == ' ' {
		b.nav.SelectIndex(b.index)
	}
}

func (b *navButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		b.nav.SelectIndex(b.index)
	}
}

func (b *navButton) setFocused(f bool) {
	b.focused = f
	if b.r != nil {
		b.r.paintBackground()
	}
}

func (b *navButton) selected() bool { return b.nav.selected == b.index }

func (b *navButton) Tapped(*fyne.PointEvent) { b.nav.SelectIndex(b.index) }

func (b *navButton) MouseIn(*desktop.MouseEvent)    { b.setHovered(true) }
func (b *navButton) MouseMoved(*desktop.MouseEvent) {}
func (b *navButton) MouseOut()                      { b.setHovered(false) }

// setHovered redraws only the background: the icon does not change.
func (b *navButton) setHovered(h bool) {
	if b.hovered == h {
		return
	}
	b.hovered = h
	if b.r != nil {
		b.r.paintBackground()
	}
}

func (b *navButton) CreateRenderer() fyne.WidgetRenderer {
	label := canvas.NewText(b.label, nil)
	label.TextStyle.Bold = true
	label.Alignment = fyne.TextAlignCenter
	r := &navButtonRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), icon: canvas.NewImageFromResource(nil), label: label}
	r.icon.FillMode = canvas.ImageFillContain
	r.objects = []fyne.CanvasObject{r.bg, r.icon, r.label}
	r.apply()
	b.r = r
	return r
}

type navButtonRenderer struct {
	b       *navButton
	bg      *canvas.Rectangle
	icon    *canvas.Image
	label   *canvas.Text
	objects []fyne.CanvasObject
}

// apply sets colours, text and icon from the button's state and the theme.
// The icon's image is replaced only when its resource changes, which is
// what makes Fyne parse and draw the SVG again.
func (r *navButtonRenderer) apply() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.label.Text = r.b.label
	r.label.TextSize = th.Size(theme.SizeNameText)
	r.label.Color = th.Color(theme.ColorNameForeground, v)
	var icon fyne.Resource = r.b.icon
	if r.b.selected() {
		r.label.Color = th.Color(theme.ColorNamePrimary, v)
		if icon != nil {
			icon = theme.NewPrimaryThemedResource(icon)
		}
	}
	if !sameResource(r.icon.Resource, icon) {
		r.icon.Resource = icon
		r.icon.Refresh()
	}
	r.icon.Hidden = icon == nil
	r.paintBackground()
}

func (r *navButtonRenderer) paintBackground() {
	th := r.b.Theme()
	r.bg.FillColor = th.Color(theme.ColorNameHover, fyne.CurrentApp().Settings().ThemeVariant())
	r.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	r.bg.Hidden = !r.b.hovered && !r.b.focused // the focus shows as the pointer does
	r.bg.Refresh()
}

func (r *navButtonRenderer) iconSize() float32 {
	return 2 * r.b.Theme().Size(theme.SizeNameInlineIcon)
}

func (r *navButtonRenderer) Layout(size fyne.Size) {
	th := r.b.Theme()
	inner := th.Size(theme.SizeNameInnerPadding)
	pad := th.Size(theme.SizeNamePadding)
	r.bg.Resize(size)
	is := r.iconSize()
	r.icon.Move(fyne.NewPos((size.Width-is)/2, inner))
	r.icon.Resize(fyne.NewSquareSize(is))
	r.label.Move(fyne.NewPos(inner/2, inner+is+pad))
	r.label.Resize(fyne.NewSize(size.Width-inner, r.label.MinSize().Height))
}

func (r *navButtonRenderer) MinSize() fyne.Size {
	th := r.b.Theme()
	inner := th.Size(theme.SizeNameInnerPadding)
	pad := th.Size(theme.SizeNamePadding)
	text := r.label.MinSize()
	is := r.iconSize()
	return fyne.NewSize(fyne.Max(text.Width, is)+inner, is+pad+text.Height+2*inner)
}

func (r *navButtonRenderer) Refresh() {
	r.apply()
	r.label.Refresh()
	canvas.Refresh(r.b)
}

func (r *navButtonRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *navButtonRenderer) Destroy()                     {}

// sameResource says whether two icon resources draw the same: themed
// wrappers are new values on every call, so compare what they wrap.
func sameResource(a, b fyne.Resource) bool {
	if a == nil || b == nil {
		return a == b
	}
	_, pa := a.(*theme.PrimaryThemedResource)
	_, pb := b.(*theme.PrimaryThemedResource)
	return pa == pb && a.Name() == b.Name()
}
