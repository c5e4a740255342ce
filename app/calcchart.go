package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// barChart is a small bar chart drawn with canvas primitives: a value per
// category, horizontal reference lines (a target, zero) and an optional
// vertical marker between bars (the moment a payback happens). Every text
// it shows is given to it already translated and formatted, so it knows
// nothing about languages.
type barChart struct {
	widget.BaseWidget

	bars []chartBar
	refs []chartRef
	// marker is a position on the category axis in bar units, 0 at the
	// centre of the first bar; NaN for none.
	marker      float64
	markerLabel string
	// fixed range (lo, hi) when fixed; otherwise the range is the data's,
	// always including zero so a bar's length means something.
	fixed          bool
	lo, hi         float64
	tick           func(float64) string // axis labels, and value labels unless value is set
	value          func(float64) string // value labels, when they are not written like the axis
	showValues     bool
	xTitle, yTitle string
}

type chartBar struct {
	label string
	value float64
	color fyne.ThemeColorName
	// strong bars are drawn in full colour, the rest softened, so the bar
	// that answers the question stands out.
	strong bool
}

type chartRef struct {
	value float64
	label string
}

func newBarChart() *barChart {
	c := &barChart{marker: math.NaN(), tick: func(float64) string { return "" }}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{c: c}
	r.rebuild()
	return r
}

type barChartRenderer struct {
	c    *barChart
	objs []fyne.CanvasObject

	lo, hi    float64
	ticks     []float64
	grid      []*canvas.Line
	tickText  []*canvas.Text
	zero      *canvas.Line
	bars      []*canvas.Rectangle
	barText   []*canvas.Text
	valueText []*canvas.Text
	refLine   []*canvas.Line
	refText   []*canvas.Text
	refSwatch []*canvas.Line
	marker    *canvas.Line
	markText  *canvas.Text
	xTitle    *canvas.Text
	yTitle    *canvas.Text
}

func chartTextSize() float32 { return theme.CaptionTextSize() }

func chartText(s string, col color.Color) *canvas.Text {
	t := canvas.NewText(s, col)
	t.TextSize = chartTextSize()
	return t
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten, so
// axis labels are numbers a person would write.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// axis is the range the value axis spans and the step between its ticks.
func (c *barChart) axis() (lo, hi, step float64) {
	lo, hi = c.lo, c.hi
	if !c.fixed {
		lo, hi = 0, 0
		for _, b := range c.bars {
			if finite(b.value) {
				lo, hi = math.Min(lo, b.value), math.Max(hi, b.value)
			}
		}
		for _, x := range c.refs {
			if finite(x.value) {
				lo, hi = math.Min(lo, x.value), math.Max(hi, x.value)
			}
		}
	}
	if hi-lo <= 0 {
		hi = lo + 1
	}
	step = niceStep((hi - lo) / 4)
	if !c.fixed {
		lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	}
	return lo, hi, step
}

// stepDecimals is how many decimals tell ticks step apart: none for a
// step of one or more, one for 0.5, two for 0.05.
func stepDecimals(step float64) int {
	if !finite(step) || step <= 0 {
		return 0
	}
	return max(0, int(-math.Floor(math.Log10(step)+1e-9)))
}

// rebuild makes the canvas objects for the current data; Layout only places
// them, so resizing the window does not allocate.
func (r *barChartRenderer) rebuild() {
	c := r.c
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	sep := theme.Color(theme.ColorNameSeparator)

	lo, hi, step := c.axis()
	r.lo, r.hi = lo, hi
	r.ticks = r.ticks[:0]
	for v := math.Ceil(lo/step) * step; v <= hi+step/1e6 && len(r.ticks) < 12; v += step {
		r.ticks = append(r.ticks, v)
	}

	r.objs = r.objs[:0]
	r.grid, r.tickText = nil, nil
	for _, v := range r.ticks {
		g := canvas.NewLine(sep)
		g.StrokeWidth = 1
		r.grid = append(r.grid, g)
		r.tickText = append(r.tickText, chartText(c.tick(v), muted))
		r.objs = append(r.objs, g)
	}
	r.zero = canvas.NewLine(fg)
	r.zero.StrokeWidth = 1
	r.bars, r.barText, r.valueText = nil, nil, nil
	for _, b := range c.bars {
		col := b.color
		if col == "" {
			col = theme.ColorNamePrimary
		}
		fill := theme.Color(col)
		if !b.strong {
			r, g, bl, _ := fill.RGBA()
			fill = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 0x99}
		}
		rect := canvas.NewRectangle(fill)
		rect.CornerRadius = 2
		r.bars = append(r.bars, rect)
		r.barText = append(r.barText, chartText(b.label, muted))
		vt := chartText("", fg)
		if c.showValues && finite(b.value) {
			if c.value != nil {
				vt.Text = c.value(b.value)
			} else {
				vt.Text = c.tick(b.value)
			}
		}
		r.valueText = append(r.valueText, vt)
		r.objs = append(r.objs, rect)
	}
	r.objs = append(r.objs, r.zero)
	r.refLine, r.refText, r.refSwatch = nil, nil, nil
	warn := theme.Color(theme.ColorNameWarning)
	for _, x := range c.refs {
		l := canvas.NewLine(warn)
		l.StrokeWidth = 2
		sw := canvas.NewLine(warn)
		sw.StrokeWidth = 2
		t := chartText(x.label, warn)
		t.TextStyle.Bold = true
		r.refLine = append(r.refLine, l)
		r.refSwatch = append(r.refSwatch, sw)
		r.refText = append(r.refText, t)
		r.objs = append(r.objs, l, sw)
	}
	r.marker = canvas.NewLine(fg)
	r.marker.StrokeWidth = 2
	r.markText = chartText(c.markerLabel, fg)
	r.markText.TextStyle.Bold = true
	r.xTitle = chartText(c.xTitle, muted)
	r.yTitle = chartText(c.yTitle, muted)
	if !finite(c.marker) {
		r.marker.Hide()
		r.markText.Hide()
	}
	for _, t := range r.tickText {
		r.objs = append(r.objs, t)
	}
	for i := range r.barText {
		r.objs = append(r.objs, r.barText[i], r.valueText[i])
	}
	r.objs = append(r.objs, r.marker, r.markText, r.xTitle, r.yTitle)
	for _, t := range r.refText {
		r.objs = append(r.objs, t)
	}
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	c := r.c
	pad := theme.Padding()
	ts := chartTextSize()
	lineH := fyne.MeasureText("Ag", ts, fyne.TextStyle{}).Height

	left := float32(0)
	for _, t := range r.tickText {
		left = max(left, fyne.MeasureText(t.Text, ts, t.TextStyle).Width)
	}
	// Text starts where a label's text would, so the chart lines up with
	// the labels above and below it.
	inset := theme.InnerPadding()
	left += 2*pad + inset
	top := lineH + 2*pad // y title
	if finite(c.marker) || c.showValues {
		// Room above the plot for the marker's label, or for the value
		// over the tallest bar, under the legend's row.
		top += lineH
	}
	bottom := 2*lineH + 2*pad // bar labels and x title
	x0, x1 := left, size.Width-inset
	y0, y1 := top, size.Height-bottom
	if x1-x0 < 10 || y1-y0 < 10 {
		return
	}
	yOf := func(v float64) float32 {
		f := (v - r.lo) / (r.hi - r.lo)
		f = math.Max(0, math.Min(1, f))
		return y1 - float32(f)*(y1-y0)
	}

	r.yTitle.Move(fyne.NewPos(inset, 0))
	r.yTitle.Resize(fyne.NewSize(size.Width, lineH))

	for i, v := range r.ticks {
		y := yOf(v)
		r.grid[i].Position1 = fyne.NewPos(x0, y)
		r.grid[i].Position2 = fyne.NewPos(x1, y)
		t := r.tickText[i]
		w := fyne.MeasureText(t.Text, ts, t.TextStyle).Width
		t.Move(fyne.NewPos(x0-pad-w, y-lineH/2))
		t.Resize(fyne.NewSize(w, lineH))
	}
	zy := yOf(0)
	r.zero.Position1 = fyne.NewPos(x0, zy)
	r.zero.Position2 = fyne.NewPos(x1, zy)

	n := len(r.bars)
	slot := (x1 - x0) / float32(max(n, 1))
	bw := slot * 0.62
	// Label every k-th bar when they would overlap.
	every := 1
	for _, t := range r.barText {
		if w := fyne.MeasureText(t.Text, ts, t.TextStyle).Width + pad; w > slot {
			every = max(every, int(math.Ceil(float64(w/slot))))
		}
	}
	for i, b := range c.bars {
		rect := r.bars[i]
		v := b.value
		if !finite(v) {
			v = 0
		}
		yv := yOf(v)
		bx := x0 + float32(i)*slot + (slot-bw)/2
		ytop, ybot := min(yv, zy), max(yv, zy)
		if ybot-ytop < 1 {
			ybot = ytop + 1
		}
		rect.Move(fyne.NewPos(bx, ytop))
		rect.Resize(fyne.NewSize(bw, ybot-ytop))

		t := r.barText[i]
		w := fyne.MeasureText(t.Text, ts, t.TextStyle).Width
		t.Move(fyne.NewPos(x0+float32(i)*slot+(slot-w)/2, y1+pad/2))
		t.Resize(fyne.NewSize(w, lineH))
		if i%every != 0 {
			t.Hide()
		} else {
			t.Show()
		}

		vt := r.valueText[i]
		vw := fyne.MeasureText(vt.Text, ts, vt.TextStyle).Width
		vy := ytop - lineH
		if v < 0 {
			vy = ybot
		}
		vt.Move(fyne.NewPos(x0+float32(i)*slot+(slot-vw)/2, vy))
		vt.Resize(fyne.NewSize(vw, lineH))
		if vw > slot {
			vt.Hide()
		} else {
			vt.Show()
		}
	}

	// Reference lines are named in a legend on the title row, right
	// aligned, where no bar can hide the text.
	lx := x1
	for i, x := range c.refs {
		y := yOf(x.value)
		r.refLine[i].Position1 = fyne.NewPos(x0, y)
		r.refLine[i].Position2 = fyne.NewPos(x1, y)
		t := r.refText[i]
		w := fyne.MeasureText(t.Text, ts, t.TextStyle).Width
		lx -= w
		t.Move(fyne.NewPos(lx, 0))
		t.Resize(fyne.NewSize(w, lineH))
		sw := r.refSwatch[i]
		sw.Position1 = fyne.NewPos(lx-pad-16, lineH/2)
		sw.Position2 = fyne.NewPos(lx-pad, lineH/2)
		lx -= 16 + 4*pad
	}

	if finite(c.marker) {
		mx := x0 + (float32(c.marker)+0.5)*slot
		// A marker past the last bar (a payback after the years shown)
		// has no place on the plot; its label, held inside, says when.
		r.marker.Hidden = mx < x0 || mx > x1
		r.marker.Position1 = fyne.NewPos(mx, y0-pad)
		r.marker.Position2 = fyne.NewPos(mx, y1)
		w := fyne.MeasureText(r.markText.Text, ts, r.markText.TextStyle).Width
		tx := min(max(mx-w/2, x0), x1-w)
		r.markText.Move(fyne.NewPos(tx, y0-pad-lineH))
		r.markText.Resize(fyne.NewSize(w, lineH))
	}

	w := fyne.MeasureText(r.xTitle.Text, ts, r.xTitle.TextStyle).Width
	r.xTitle.Move(fyne.NewPos(x0+(x1-x0-w)/2, size.Height-lineH-pad/2))
	r.xTitle.Resize(fyne.NewSize(w, lineH))
}

func (r *barChartRenderer) MinSize() fyne.Size { return fyne.NewSize(300, 220) }

func (r *barChartRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *barChartRenderer) Destroy()                     {}
