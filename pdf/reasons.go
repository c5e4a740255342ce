package pdf

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// ReasonReportData is what the weekly reason-code report shows: closed
// cases per reason code in an ISO week and in the week before.
type ReasonReportData struct {
	Week     string    // "2026-W47"
	PrevWeek string    // "2026-W46"
	From, To time.Time // the week, [From, To): Monday 00:00 to the next Monday 00:00
	PrevFrom time.Time // the week before runs from PrevFrom to From
	Rows     []ReasonRow
	// Closed cases in each week, all codes together.
	This, Prev int
	// Agent, when set, is the one agent whose cases are counted (an
	// agent's own report); empty, every agent's are.
	Agent string
}

// ReasonRow is one reason code. Rows come most frequent first, so the top
// of the table and of the chart is where the week's problems are.
type ReasonRow struct {
	Code       string // playbook reason-code ID; "" for cases closed without one
	This, Prev int
	Cases      []ReasonCase // the cases of the week, oldest first
}

// ReasonCase is a case behind a code.
type ReasonCase struct {
	ID        string
	CreatedAt time.Time
	Customer  string
	CallType  string // playbook call-type ID
}

// WeekError reports a week that is not an ISO 8601 week such as "2026-W47".
type WeekError struct {
	Week string
	// Last is the year's last week ("2027-W52") when Week is written right
	// but the year has no such week (a week 53 in a year of 52), so the
	// person can be told that rather than how to write a week.
	Last string
}

func (e *WeekError) Error() string {
	return fmt.Sprintf("pdf: %q is not an ISO week such as 2026-W47", e.Week)
}

// WeekRange returns where an ISO week ("2026-W47") starts and ends in tz
// (nil means UTC): Monday 00:00 to the next Monday 00:00. Week 53 exists
// only in years that have it.
func WeekRange(week string, tz *time.Location) (from, to time.Time, err error) {
	if tz == nil {
		tz = time.UTC
	}
	bad := &WeekError{Week: week}
	if len(week) != 8 || week[4] != '-' || week[5] != 'W' {
		return from, to, bad
	}
	year, err1 := strconv.Atoi(week[:4])
	n, err2 := strconv.Atoi(week[6:])
	if err1 != nil || err2 != nil || !digits(week[:4]) || !digits(week[6:]) || year < 1 || n < 1 || n > 53 {
		return from, to, bad
	}
	// 4 January is always in week 1, so week 1 starts on the Monday on or
	// before it.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, tz)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	from = monday.AddDate(0, 0, 7*(n-1))
	if y, w := from.ISOWeek(); y != year || w != n {
		// 28 December is always in the year's last week.
		bad.Last = isoWeek(time.Date(year, 12, 28, 0, 0, 0, 0, tz))
		return time.Time{}, time.Time{}, bad
	}
	// AddDate keeps midnight across a daylight-saving change, where adding
	// 168 hours would land at 23:00 or 01:00.
	return from, from.AddDate(0, 0, 7), nil
}

// NormalWeek is week as ISO writes it ("2026-W05") when it is one as
// people type it: in small letters, without the hyphen ("2026w05") or
// the leading zero ("2026-W5"), with spaces around. Anything else comes
// back as typed, for WeekRange to refuse as typed.
func NormalWeek(week string) string {
	y, n, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(week)), "W")
	y = strings.TrimSuffix(y, "-")
	if !ok || len(y) != 4 || !digits(y) || n == "" || len(n) > 2 || !digits(n) {
		return week
	}
	if len(n) == 1 {
		n = "0" + n
	}
	return y + "-W" + n
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// BuildReasonReport counts the cases whose call ended by reason code, by
// the time they were created, in an ISO week and in the week before, in tz
// (nil means UTC). A call closed while escalated counts: the agent closed
// it with a reason code, and the case keeps its escalated status only for
// the back office. Training cases are left out: practice is not what
// customers called about.
func BuildReasonReport(list []*cases.Case, week string, tz *time.Location) (ReasonReportData, error) {
	from, to, err := WeekRange(week, tz)
	if err != nil {
		return ReasonReportData{}, err
	}
	prevFrom := from.AddDate(0, 0, -7)
	data := ReasonReportData{Week: week, PrevWeek: isoWeek(prevFrom), From: from, To: to, PrevFrom: prevFrom}
	rows := map[string]*ReasonRow{}
	row := func(code string) *ReasonRow {
		r := rows[code]
		if r == nil {
			r = &ReasonRow{Code: code}
			rows[code] = r
		}
		return r
	}
	for _, c := range list {
		if c == nil || !c.Ended() || c.Training {
			continue
		}
		// By the call's opening: a case made offline reaches crmd later,
		// and crmd's copy dates its record by that receipt (Case.Opened).
		switch at := c.Opened(); {
		case !at.Before(from) && at.Before(to):
			r := row(c.Reason)
			r.This++
			r.Cases = append(r.Cases, ReasonCase{ID: c.ID, CreatedAt: at, Customer: c.Customer.Name, CallType: c.CallType})
			data.This++
		case !at.Before(prevFrom) && at.Before(from):
			row(c.Reason).Prev++
			data.Prev++
		}
	}
	for _, r := range rows {
		sort.Slice(r.Cases, func(i, j int) bool {
			a, b := r.Cases[i], r.Cases[j]
			if !a.CreatedAt.Equal(b.CreatedAt) {
				return a.CreatedAt.Before(b.CreatedAt)
			}
			return a.ID < b.ID
		})
		data.Rows = append(data.Rows, *r)
	}
	sort.Slice(data.Rows, func(i, j int) bool {
		a, b := data.Rows[i], data.Rows[j]
		switch {
		case a.This != b.This:
			return a.This > b.This
		case a.Prev != b.Prev:
			return a.Prev > b.Prev
		case (a.Code == "") != (b.Code == ""):
			return b.Code == "" // cases without a code go last among equals
		}
		return a.Code < b.Code
	})
	return data, nil
}

// ReasonReport writes the weekly reason-code report: a table of counts, a
// bar chart of both weeks per code and the cases behind each code.
func ReasonReport(w io.Writer, data ReasonReportData, opt Options) error {
	if data.Week == "" {
		return errors.New("pdf: reason report without a week")
	}
	d, err := newDoc(opt)
	if err != nil {
		return err
	}
	t := d.t
	title := t.S("pdf.report.title")
	d.f.SetTitle(clean(title+" "+data.Week), true)
	d.beginDocument(
		d.joinNonEmpty(" · ", d.opt.Company, title, data.Week),
		d.joinNonEmpty(" · ", t.S("pdf.report.short"), data.Week))
	last := func(end time.Time) time.Time { return end.AddDate(0, 0, -1) }
	d.title(title, t.D("pdf.report.period", map[string]any{
		"Week": data.Week, "From": d.date(data.From), "To": d.date(last(data.To)),
		"Prev": data.PrevWeek, "PrevFrom": d.date(data.PrevFrom), "PrevTo": d.date(last(data.From)),
	}))
	fs := []field{
		{t.D("pdf.report.closed_in", map[string]any{"Week": data.Week}), d.count(data.This)},
		{t.D("pdf.report.closed_in", map[string]any{"Week": data.PrevWeek}), d.count(data.Prev)},
		{t.S("pdf.report.col.change"), d.change(data.This, data.Prev)},
	}
	if data.Agent != "" {
		// One agent's counts differ from the desk's: said, they are not
		// taken for the team's.
		fs = append(fs, field{t.S("pdf.field.agent"), redact(data.Agent)})
	}
	d.fields(fs, 3, true)

	if len(data.Rows) == 0 {
		d.y += 2
		d.muted(t.S("pdf.report.no_cases"))
		d.endDocument()
		return d.output(w)
	}

	rows := make([][]string, 0, len(data.Rows)+1)
	for _, r := range data.Rows {
		rows = append(rows, []string{d.reasonCode(r.Code), d.count(r.This), d.count(r.Prev), d.change(r.This, r.Prev)})
	}
	rows = append(rows, []string{t.S("pdf.report.total"), d.count(data.This), d.count(data.Prev), d.change(data.This, data.Prev)})
	cols := []column{
		{t.S("pdf.report.col.code"), 0.37, "L"},
		{t.D("pdf.report.col.this", map[string]any{"Week": data.Week}), 0.205, "R"},
		{t.D("pdf.report.col.prev", map[string]any{"Week": data.PrevWeek}), 0.205, "R"},
		{t.S("pdf.report.col.change"), 0.22, "R"},
	}
	d.section(t.S("pdf.report.section.table"), d.tableKeep(cols, rows))
	d.table(cols, rows, true)

	d.chart(data)

	caseCols := []column{
		// Wide enough for any ID cases.NewID makes, on one line: an ID
		// cut in two is copied or read out wrong.
		{t.S("pdf.report.col.case"), 0.32, "L"},
		{t.S("pdf.report.col.date"), 0.22, "L"}, // "12/05/2026 11:30 AM"
		{t.S("pdf.report.col.customer"), 0.235, "L"},
		{t.S("pdf.report.col.call_type"), 0.225, "L"},
	}
	first := true
	for _, r := range data.Rows {
		if len(r.Cases) == 0 {
			continue
		}
		list := make([][]string, 0, len(r.Cases))
		for _, c := range r.Cases {
			list = append(list, []string{c.ID, locales.FormatDateTime(d.lang, c.CreatedAt.In(d.tz)), redact(c.Customer), d.callType(c.CallType)})
		}
		keep := d.tableKeep(caseCols, list)
		if first {
			d.section(t.D("pdf.report.section.cases", map[string]any{"Week": data.Week}), 8+keep)
			first = false
		}
		d.subheading(d.reasonCode(r.Code), "  ·  "+t.N("pdf.report.cases_count", len(r.Cases), nil), keep)
		d.tableCont = t.D("pdf.report.continued", map[string]any{"Code": d.reasonCode(r.Code)})
		d.table(caseCols, list, false)
		d.tableCont = ""
	}
	if first {
		d.section(t.D("pdf.report.section.cases", map[string]any{"Week": data.Week}), lhBody)
		d.muted(t.D("pdf.report.no_cases_week", map[string]any{"Week": data.Week}))
	}
	d.endDocument()
	return d.output(w)
}

func (d *doc) count(n int) string { return calculators.FormatNumber(float64(n), 0, d.lang) }

// change is the difference with its sign, and the relative change when
// there is a week before to compare with.
func (d *doc) change(this, prev int) string {
	diff := this - prev
	s := d.signed(diff)
	switch {
	case prev > 0 && diff != 0:
		r := math.Abs(float64(diff)) / float64(prev)
		p := calculators.FormatPercent(r, 0, d.lang)
		if r < 0.005 {
			// Rounded, it would read 0 % beside a count that changed.
			p = "<" + calculators.FormatPercent(0.01, 0, d.lang)
		}
		sign := "+"
		if diff < 0 {
			sign = "−"
		}
		s += " (" + sign + p + ")"
	case prev == 0 && this > 0:
		s += " (" + d.t.S("pdf.report.new") + ")"
	}
	return s
}

func (d *doc) signed(n int) string {
	switch {
	case n > 0:
		return "+" + d.count(n)
	case n < 0:
		// A real minus sign: a hyphen is too short to read on paper.
		return "−" + d.count(-n)
	}
	return d.count(0)
}

// subheading writes s and then tail on one line; a long s is shortened,
// never tail (the number of cases under a reason's title).
func (d *doc) subheading(s, tail string, keep float64) {
	d.y += 1.5
	d.ensure(6.5 + keep)
	d.font(true, ptBody)
	d.color(colText)
	tail = clean(tail)
	d.textAt(marginLeft, d.y, 5.5, d.ellipsis(s, d.cw-d.width(tail))+tail, "L", d.cw)
	d.y += 6.5
}

// chart draws a horizontal bar per code and week with gofpdf primitives,
// on a scale of round numbers so the gridlines can be read off.
func (d *doc) chart(data ReasonReportData) {
	t := d.t
	const (
		labelW = 62.0
		valueW = 10.0
		barH   = 3.2
		barGap = 0.6
		rowGap = 3.0
		axisH  = 6.0
	)
	blockH := 2*barH + barGap + rowGap
	most := 0
	for _, r := range data.Rows {
		most = max(most, r.This, r.Prev)
	}
	step := niceStep(most)
	top := step * int(math.Ceil(float64(most)/float64(step)))
	if top == 0 {
		top = step
	}
	x0 := marginLeft + labelW
	plotW := d.cw - labelW - valueW
	scale := plotW / float64(top)

	legend := func() {
		d.font(false, ptTable)
		x := x0
		for _, l := range []struct {
			c    rgb
			text string
		}{
			{colBarThis, t.D("pdf.report.legend", map[string]any{"Week": data.Week})},
			{colBarPrev, t.D("pdf.report.legend", map[string]any{"Week": data.PrevWeek})},
		} {
			d.fill(l.c)
			d.f.Rect(x, d.y+0.9, 3.2, 3.2, "F")
			d.color(colText)
			d.textAt(x+5, d.y, 5, l.text, "L", 50)
			x += 5 + d.width(l.text) + 8
		}
		d.y += 7.5
	}
	axis := func() {
		d.draw(colMuted)
		d.f.SetLineWidth(0.25)
		d.f.Line(x0, d.y, x0+plotW, d.y)
		d.font(false, ptSmall)
		d.color(colMuted)
		for v := 0; v <= top; v += step {
			x := x0 + float64(v)*scale
			d.f.Line(x, d.y, x, d.y+1.2)
			d.textAt(x-10, d.y+1.5, lhSmall, d.count(v), "C", 20)
		}
		d.y += axisH
	}

	// The whole chart moves to the next page when it fits there and not
	// here: two halves of a chart are hard to compare.
	keep := 7.5 + blockH + axisH
	if whole := 7.5 + float64(len(data.Rows))*blockH + axisH; whole <= d.bottom()-marginTop-12 {
		keep = whole
	}
	d.section(t.D("pdf.report.section.chart", map[string]any{"Week": data.Week}), keep)
	legend()
	for _, r := range data.Rows {
		if d.y+blockH+axisH > d.bottom() {
			axis()
			d.newPage()
			legend()
		}
		yTop := d.y
		// Gridlines first, so bars and numbers sit on top of them.
		d.draw(colRule)
		d.f.SetLineWidth(0.15)
		for v := 0; v <= top; v += step {
			x := x0 + float64(v)*scale
			d.f.Line(x, yTop, x, yTop+blockH)
		}
		d.font(false, ptTable)
		d.color(colText)
		label := d.wrap(d.reasonCode(r.Code), labelW-4)
		if len(label) > 2 {
			label = []string{label[0], d.ellipsis(strings.Join(label[1:], " "), labelW-4)}
		}
		barsH := 2*barH + barGap
		ly := yTop + (barsH-float64(len(label))*lhTable)/2
		for k, l := range label {
			d.textAt(marginLeft, ly+float64(k)*lhTable, lhTable, l, "L", labelW-4)
		}
		for k, v := range []int{r.This, r.Prev} {
			y := yTop + float64(k)*(barH+barGap)
			c := colBarThis
			if k == 1 {
				c = colBarPrev
			}
			w := float64(v) * scale
			if w > 0 {
				d.fill(c)
				d.f.Rect(x0, y, w, barH, "F")
			}
			d.font(false, ptSmall)
			d.color(colText)
			d.textAt(x0+w+1.2, y, barH, d.count(v), "L", valueW)
		}
		d.y += blockH
	}
	d.y -= rowGap / 2
	axis()
}

// niceStep picks a gridline step of 1, 2 or 5 times a power of ten that
// gives at most six intervals.
func niceStep(most int) int {
	if most <= 5 {
		return 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * mag; (most+s-1)/s <= 6 {
				return s
			}
		}
	}
}
