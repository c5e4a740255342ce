package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"agentdesk/cases"
	"agentdesk/locales"
)

// navButtonNamed finds the navigation's button for an area by its label.
func (h *harness) navButtonNamed(label string) *navButton {
	h.t.Helper()
	for _, b := range h.app.tabs.buttons {
		if b.label == label {
			return b
		}
	}
	h.t.Fatalf("no navigation button %q", label)
	return nil
}

// Tapping an area's button shows that area, marks it (primary colour,
// indicator beside it) and unmarks the one before; the pointer over a
// button lights its background without drawing its icon again.
func TestNavigationSelectsAndMarksTheArea(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := locales.New(locales.EN)
	call, cs := h.navButtonNamed(tr.S("nav.call")), h.navButtonNamed(tr.S("nav.cases"))
	if h.app.tabs.SelectedIndex() != 0 || !call.selected() {
		t.Fatalf("selected at start: %d", h.app.tabs.SelectedIndex())
	}
	var told []int
	prev := h.app.tabs.OnSelected
	h.app.tabs.OnSelected = func(i int) { told = append(told, i); prev(i) }

	test.Tap(cs)
	if got := h.app.visible[h.app.tabs.SelectedIndex()].key(); got != "cases" {
		t.Fatalf("after tapping Cases: on %s", got)
	}
	if len(told) != 1 || told[0] != cs.index {
		t.Fatalf("OnSelected calls: %v", told)
	}
	h.mustHave(tr.S("cases.title"))
	test.Tap(cs) // the area already shown: nothing happens
	if len(told) != 1 {
		t.Fatalf("tapping the shown area again: OnSelected calls %v", told)
	}

	primary := theme.Color(theme.ColorNamePrimary)
	for _, c := range []struct {
		b    *navButton
		want bool
	}{{cs, true}, {call, false}} {
		r := test.WidgetRenderer(c.b).(*navButtonRenderer)
		_, isPrimary := r.icon.Resource.(*theme.PrimaryThemedResource)
		if isPrimary != c.want || (r.label.Color == primary) != c.want {
			t.Errorf("%s: icon primary %v, label primary %v, want %v", c.b.label, isPrimary, r.label.Color == primary, c.want)
		}
	}
	nr := test.WidgetRenderer(h.app.tabs).(*navBarRenderer)
	if nr.indicator.Hidden || nr.indicator.Position().Y != cs.Position().Y || nr.indicator.Size().Height != cs.Size().Height {
		t.Errorf("indicator at %v %v, Cases button at %v %v", nr.indicator.Position(), nr.indicator.Size(), cs.Position(), cs.Size())
	}

	r := test.WidgetRenderer(call).(*navButtonRenderer)
	icon := r.icon.Resource
	test.MoveMouse(h.app.Window().Canvas(), call.Position().Add(fyne.NewPos(10, 10)))
	if r.bg.Hidden || r.icon.Resource != icon {
		t.Errorf("hovered: background hidden %v, icon replaced %v", r.bg.Hidden, r.icon.Resource != icon)
	}
	test.MoveMouse(h.app.Window().Canvas(), fyne.NewPos(600, 400))
	if !r.bg.Hidden {
		t.Error("the hover background stays after the pointer left")
	}

	h.app.tabs.SelectIndex(99) // no such area
	h.app.tabs.SelectIndex(-1)
	if got := h.app.visible[h.app.tabs.SelectedIndex()].key(); got != "cases" {
		t.Errorf("after out-of-range selections: on %s", got)
	}
}

// The bar is as wide as its widest name and lays its buttons top to
// bottom with the theme's padding between them, icons above names.
func TestNavigationLayout(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana"})
	pad := theme.Padding()
	bs := h.app.tabs.buttons
	var widest float32
	for _, b := range bs {
		widest = max(widest, b.MinSize().Width)
	}
	if w := h.app.tabs.Size().Width; w != widest+pad {
		t.Errorf("bar width %v, want widest button %v + padding", w, widest)
	}
	for i := 1; i < len(bs); i++ {
		if got, want := bs[i].Position().Y, bs[i-1].Position().Y+bs[i-1].Size().Height+pad; got != want {
			t.Errorf("button %d at y=%v, want %v", i, got, want)
		}
	}
	// The column of seven areas is the tallest thing in the start screen
	// and sets the window's least height: it must leave the window room
	// on a 1280x720 screen with a taskbar.
	if h := h.app.Window().Content().MinSize().Height; h > 640 {
		t.Errorf("the window needs at least %v px high", h)
	}
	r := test.WidgetRenderer(bs[0]).(*navButtonRenderer)
	var label *canvas.Text = r.label
	if r.icon.Position().Y+r.icon.Size().Height > label.Position().Y {
		t.Errorf("icon (%v, %v) overlaps the name at %v", r.icon.Position(), r.icon.Size(), label.Position())
	}
}

// The areas are reached without a mouse: Tab moves the focus to an area's
// button, its background lit as under the pointer, and Enter or Space
// opens the area. The buttons took no focus, and an agent on the keyboard
// could not leave the call screen.
func TestNavigationByKeyboard(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr := locales.New(locales.EN)
	c := h.app.Window().Canvas()
	for _, k := range []struct {
		area string
		key  fyne.KeyName
	}{{"cases", fyne.KeyReturn}, {"settings", fyne.KeySpace}} {
		want := h.navButtonNamed(tr.S("nav." + k.area))
		for i := 0; i < 200 && c.Focused() != fyne.Focusable(want); i++ {
			c.FocusNext()
		}
		if c.Focused() != fyne.Focusable(want) {
			t.Fatalf("Tab never reaches the %s button (focus on %T)", k.area, c.Focused())
		}
		if r := test.WidgetRenderer(want).(*navButtonRenderer); r.bg.Hidden {
			t.Errorf("the focused %s button does not show it", k.area)
		}
		c.Focused().TypedKey(&fyne.KeyEvent{Name: k.key})
		if got := h.app.shownKey(); got != k.area {
			t.Errorf("%s on the %s button: on %s", k.key, k.area, got)
		}
	}
}
