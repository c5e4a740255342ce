// Package pdf prints AgentDesk's documents with gofpdf: the case summary a
// supervisor signs, batches of summaries, and the weekly reason-code report.
//
// Every document is written in the language of Options.Lang, whatever the
// interface or the call language was: words come from go-i18n (locales/
// pdf.*.toml for the document, the playbook for call types, steps, checks,
// actions, reason codes, criteria and priorities), and money, numbers and
// dates are formatted the way that language writes them. The embedded
// DejaVu Sans font is added as a UTF-8 font so accents, ñ, ¿ ¡, € and the
// • of masked accounts print exactly and can be searched and copied.
//
// Documents leave the workstation, so nothing sensitive is trusted to have
// been cleaned upstream: accounts are masked to their last four characters
// and every free text (notes, reasons, summaries, but also names, plans,
// the agent and who acted in the back office) goes through cases.Redact
// again before it is printed.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"

	"github.com/go-text/typesetting/font"
	"github.com/jung-kurt/gofpdf"
)

// Options shape every document.
type Options struct {
	// Lang is the language of the document; empty means Spanish.
	Lang locales.Lang
	// Company heads the document; empty leaves the line out rather than
	// printing a placeholder a customer might see.
	Company string
	// Paper is "A4" (the default) or "Letter".
	Paper string
	// TZ is the zone times are printed in, with its abbreviation; nil means
	// the workstation's zone.
	TZ *time.Location
	// Playbook turns IDs into words; nil means the embedded default pack.
	Playbook *playbook.Playbook
	// Currency is the currency of amounts whose case names none when the
	// playbook names none either (cases.DefaultCurrency). A desk has no
	// currency setting (the playbook in force owns it), so the screens
	// and agentctl leave it empty; it is kept for callers that print a
	// case under a pack without one.
	Currency string
	// BackOfficeStatus, when set, returns the live back-office status of an
	// escalation ticket (sent, in_progress, resolved, rejected), so a
	// summary printed days later is not stale; "" keeps the status recorded
	// on the case.
	BackOfficeStatus func(ticket string) cases.EscalationState
	// Generated is printed in the footer and stored as the PDF's creation
	// date; zero means now. Fixing it makes output reproducible.
	Generated time.Time
}

// ErrCanceled is returned when a progress callback asks to stop; nothing
// has been written to the writer by then.
var ErrCanceled = errors.New("pdf: canceled")

// Font family names inside the PDF.
const family = "dejavu"

// Type sizes in points and the line heights that go with them, in mm. The
// body is large enough to read a signed copy after a photocopy.
const (
	ptTitle   = 18.0
	ptSection = 11.5
	ptBody    = 9.5
	ptTable   = 8.5
	ptSmall   = 7.5

	lhBody  = 4.7
	lhTable = 4.2
	lhSmall = 3.6

	ptToMM = 25.4 / 72
)

// Margins in mm: generous, with room for a binder's holes on the left.
const (
	marginLeft   = 22.0
	marginRight  = 20.0
	marginTop    = 20.0
	marginBottom = 22.0
)

type rgb struct{ r, g, b int }

var (
	colText    = rgb{33, 37, 41}
	colMuted   = rgb{100, 108, 117}
	colAccent  = rgb{26, 61, 107}
	colRule    = rgb{206, 212, 220}
	colHead    = rgb{232, 238, 246}
	colZebra   = rgb{247, 249, 252}
	colPanel   = rgb{244, 246, 249}
	colBarThis = rgb{26, 61, 107}
	colBarPrev = rgb{157, 178, 206}
	colWhite   = rgb{255, 255, 255}
)

// dash stands for a value that does not exist; it carries no words, so it
// reads the same in both languages.
const dash = "—"

// doc is one gofpdf document with AgentDesk's page furniture. It lays text
// out itself (Text at computed positions, its own wrapping and page breaks)
// instead of Cell/MultiCell, so tables can repeat their header after a break
// and footers can number the pages of each case in a batch.
type doc struct {
	f    *gofpdf.Fpdf
	t    *locales.T
	lang locales.Lang
	tz   *time.Location
	// tableCont, when set, heads each page a table continues on (table).
	tableCont string
	pb        *playbook.Playbook
	opt       Options

	pw, ph float64 // page size
	cw     float64 // content width
	y      float64 // where the next block starts

	start     int    // first page of the document being written
	running   string // running header of continuation pages
	footLeft  string // what a loose page belongs to
	generated string
}

func newDoc(opt Options) (*doc, error) {
	if opt.Lang == "" {
		opt.Lang = locales.ES
	}
	lang, ok := locales.ParseLang(string(opt.Lang))
	if !ok {
		return nil, fmt.Errorf("pdf: unsupported language %q", opt.Lang)
	}
	opt.Lang = lang
	if opt.TZ == nil {
		opt.TZ = time.Local
	}
	if opt.Playbook == nil {
		pb, err := playbook.LoadDefault()
		if err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
		opt.Playbook = pb
	}
	paper := "A4"
	switch strings.ToLower(strings.TrimSpace(opt.Paper)) {
	case "", "a4":
	case "letter":
		paper = "Letter"
	default:
		return nil, fmt.Errorf("pdf: unsupported paper %q (A4 or Letter)", opt.Paper)
	}
	if opt.Generated.IsZero() {
		opt.Generated = time.Now()
	}
	regular, bold := assets.Font("DejaVuSans.ttf"), assets.Font("DejaVuSans-Bold.ttf")
	if regular == nil || bold == nil {
		return nil, errors.New("pdf: embedded DejaVu fonts missing")
	}
	f := gofpdf.New("P", "mm", paper, "")
	f.AddUTF8FontFromBytes(family, "", regular)
	f.AddUTF8FontFromBytes(family, "B", bold)
	f.SetMargins(marginLeft, marginTop, marginRight)
	// Page breaks are decided here, before a block is drawn, so a table row
	// or a signature block is never cut by gofpdf in the middle.
	f.SetAutoPageBreak(false, marginBottom)
	f.SetCellMargin(0)
	f.SetCreator("AgentDesk", true)
	// gofpdf writes fonts and images from maps; sorting the catalog makes
	// the same case give the same bytes, so a document can be checksummed.
	f.SetCatalogSort(true)
	f.SetCreationDate(opt.Generated)
	f.SetModificationDate(opt.Generated)
	if opt.Company != "" {
		f.SetAuthor(clean(opt.Company), true)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	d := &doc{f: f, t: locales.New(opt.Lang), lang: opt.Lang, tz: opt.TZ, pb: opt.Playbook, opt: opt}
	d.pw, d.ph = f.GetPageSize()
	d.cw = d.pw - marginLeft - marginRight
	d.generated = d.t.D("pdf.footer.generated", map[string]any{"When": d.dateTimeZone(opt.Generated)})
	return d, nil
}

func (d *doc) output(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// ---- formatting ----

func (d *doc) dateTimeZone(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return locales.FormatDateTimeZone(d.lang, t.In(d.tz))
}

func (d *doc) date(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return locales.FormatDate(d.lang, t.In(d.tz))
}

// calendarDate writes a date that is a day on the calendar, not an
// instant (a customer's "since"): as it was recorded, with no change of
// zone, or midnight UTC would print as the day before in the Americas.
func (d *doc) calendarDate(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return locales.FormatDate(d.lang, t)
}

func (d *doc) clock(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return locales.FormatTime(d.lang, t.In(d.tz))
}

// callClock writes when something happened on case c: the time alone on
// the day the case was opened (the header gives that date), the day too
// on any other (a case reopened days later, a call past midnight), on a
// line above the time, or "10:15" would read as the day the case was
// opened.
func (d *doc) callClock(c *cases.Case, t time.Time) string {
	if t.IsZero() {
		return dash
	}
	if opened := c.Opened(); !opened.IsZero() {
		y1, m1, d1 := opened.In(d.tz).Date()
		if y2, m2, d2 := t.In(d.tz).Date(); y1 == y2 && m1 == m2 && d1 == d2 {
			return d.clock(t)
		}
	}
	return d.date(t) + "\n" + d.clock(t)
}

// redact is the last line of defence: notes were cleaned before they were
// stored, but a case imported from elsewhere or edited by hand may not
// have been, and a printed page cannot be recalled. Every text a person
// or a client typed goes through it, the agent and names included (the
// agent is one of the texts cases.Sanitize leaves as it is). What it
// returns is also clean: safe for the font, and empty when nothing
// printable is left, for d.or.
func redact(s string) string {
	out, _ := cases.Redact(s)
	return clean(out)
}

// clean makes text safe for the font: gofpdf indexes glyph widths by rune
// in a 64K table and would panic on an emoji, and control characters have
// no glyph. A carriage return alone (an old Mac's line end) and the line
// and paragraph separators (text pasted from a web page or a mail) end a
// line: dropped or drawn as nothing, they ran two lines together into one
// word.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r >= 0x10000 || r == utf8.RuneError || (unicode.IsControl(r) && r != '\n') || r == '\u2028' || r == '\u2029' || !inFont(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch {
		case r == '\n', r == '\r', r == '\u2028', r == '\u2029':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r):
		case r >= 0x10000 || r == utf8.RuneError || !inFont(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fontFaces are the embedded fonts' character maps, read once.
var fontFaces = sync.OnceValue(func() []*font.Face {
	var faces []*font.Face
	for _, name := range []string{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"} {
		if f, err := font.ParseTTF(bytes.NewReader(assets.Font(name))); err == nil {
			faces = append(faces, f)
		}
	}
	return faces
})

// inFont reports whether both embedded fonts draw r. One they lack (a
// Chinese name) would print as an empty box, nothing on paper: clean
// writes the replacement character instead, a mark the reader sees.
func inFont(r rune) bool {
	if r < 0x250 { // Latin, every accent of it: in DejaVu Sans
		return true
	}
	for _, f := range fontFaces() {
		if _, ok := f.NominalGlyph(r); !ok {
			return false
		}
	}
	return true
}

// ---- drawing primitives ----

func (d *doc) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.f.SetFont(family, style, size)
}

func (d *doc) color(c rgb)            { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)             { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb)             { d.f.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) width(s string) float64 { return d.f.GetStringWidth(s) }

// textAt writes one line in a box of height lh whose top is y, vertically
// centred on the capitals.
func (d *doc) textAt(x, y, lh float64, s, align string, w float64) {
	size, _ := d.f.GetFontSize()
	base := y + lh/2 + 0.36*size*ptToMM
	switch align {
	case "R":
		x += w - d.width(s)
	case "C":
		x += (w - d.width(s)) / 2
	}
	d.f.Text(x, base, s)
}

// wrap breaks s into lines no wider than w in the current font, at spaces
// and line breaks; a word wider than a line is broken at its no-break
// spaces first (an amount before its currency, "12.345,67" over "US$"),
// and only then (a URL, a reference) cut between characters rather than
// overflowing the margin.
func (d *doc) wrap(s string, w float64) []string {
	s = clean(s)
	var out []string
	space := d.width(" ")
	for _, para := range strings.Split(s, "\n") {
		para = strings.TrimRight(para, " ")
		line, lw := "", 0.0
		var words []string
		for _, word := range strings.Split(para, " ") {
			if strings.ContainsAny(word, noBreak) && d.width(word) > w {
				if parts := strings.FieldsFunc(word, func(r rune) bool { return strings.ContainsRune(noBreak, r) }); len(parts) > 0 {
					words = append(words, parts...)
					continue
				}
			}
			words = append(words, word)
		}
		for i, word := range words {
			ww := d.width(word)
			if i > 0 && lw+space+ww <= w {
				line, lw = line+" "+word, lw+space+ww
				continue
			}
			if i > 0 {
				out = append(out, line)
			}
			for ww > w {
				n := d.fit(word, w)
				out = append(out, word[:n])
				word = word[n:]
				ww = d.width(word)
			}
			line, lw = word, ww
		}
		out = append(out, line)
	}
	return out
}

// noBreak are the no-break spaces that money and percentages are written
// with.
const noBreak = "\u00a0\u202f"

// fit returns how many bytes of s fit in w, at least one rune.
func (d *doc) fit(s string, w float64) int {
	n, acc := 0, 0.0
	for i, r := range s {
		acc += d.width(string(r))
		if acc > w {
			if i == 0 {
				return utf8.RuneLen(r)
			}
			return i
		}
		n = i + utf8.RuneLen(r)
	}
	return n
}

// ellipsis shortens s to one line of width w.
func (d *doc) ellipsis(s string, w float64) string {
	s = clean(strings.ReplaceAll(s, "\n", " "))
	if d.width(s) <= w {
		return s
	}
	return strings.TrimRight(s[:d.fit(s, w-d.width("…"))], " ") + "…"
}

func (d *doc) bottom() float64 { return d.ph - marginBottom }

// ensure starts a new page unless h mm fit above the bottom margin.
func (d *doc) ensure(h float64) {
	if d.y+h > d.bottom() {
		d.newPage()
	}
}

// beginDocument starts a document (a case of a batch, a report) on a new
// page; its pages are numbered on their own by endDocument.
func (d *doc) beginDocument(running, footLeft string) {
	d.running, d.footLeft = running, footLeft
	d.f.AddPage()
	d.start = d.f.PageNo()
	d.y = marginTop
}

func (d *doc) newPage() {
	d.f.AddPage()
	// Continuation pages say what they continue, so a loose page is never
	// anonymous.
	d.font(false, ptSmall)
	d.color(colMuted)
	d.textAt(marginLeft, 11, lhSmall, d.ellipsis(d.running, d.cw), "L", d.cw)
	d.draw(colRule)
	d.f.SetLineWidth(0.2)
	d.f.Line(marginLeft, 15.5, d.pw-marginRight, 15.5)
	d.y = marginTop + 2
}

// endDocument draws the footers of the document just finished, now that
// its page count is known. Going back with SetPage gives "Page 1 of 2" per
// case in a batch without gofpdf's alias, whose placeholder width would
// also push a right-aligned number off its margin.
func (d *doc) endDocument() {
	last := d.f.PageNo()
	total := last - d.start + 1
	for p := d.start; p <= last; p++ {
		d.f.SetPage(p)
		// SetPage keeps gofpdf's current font and colours but the page's
		// own stream may have ended on others: state everything again.
		d.f.SetLineWidth(0.2)
		d.draw(colRule)
		d.fill(colWhite)
		d.font(false, ptSmall)
		d.color(colMuted)
		y := d.ph - 15
		d.f.Line(marginLeft, y, d.pw-marginRight, y)
		page := d.t.D("pdf.footer.page", map[string]any{"Page": p - d.start + 1, "Total": total})
		third := d.cw / 3
		d.textAt(marginLeft, y+1.5, lhSmall, d.ellipsis(d.footLeft, third), "L", third)
		d.textAt(marginLeft+third, y+1.5, lhSmall, page, "C", third)
		d.textAt(marginLeft+2*third, y+1.5, lhSmall, d.ellipsis(d.generated, third), "R", third)
	}
	d.f.SetPage(last)
}

// ---- blocks ----

// title writes the document heading: company, title, subtitle.
func (d *doc) title(title, subtitle string) {
	if d.opt.Company != "" {
		d.font(true, 10)
		d.color(colAccent)
		d.textAt(marginLeft, d.y, 5, d.ellipsis(d.opt.Company, d.cw), "L", d.cw)
		d.y += 6.5
	}
	d.font(true, ptTitle)
	d.color(colText)
	d.textAt(marginLeft, d.y, 8, d.ellipsis(title, d.cw), "L", d.cw)
	d.y += 9
	if subtitle != "" {
		d.font(false, 10)
		d.color(colMuted)
		// Two lines at most: the subtitle names the case (call type and
		// customer), whose full details follow in their own fields.
		lines := d.wrap(subtitle, d.cw)
		if len(lines) > 2 {
			lines = []string{lines[0], d.ellipsis(strings.Join(lines[1:], " "), d.cw)}
		}
		for _, l := range lines {
			d.textAt(marginLeft, d.y, 4.8, l, "L", d.cw)
			d.y += 4.8
		}
	}
	d.y += 2
	d.draw(colAccent)
	d.f.SetLineWidth(0.6)
	d.f.Line(marginLeft, d.y, d.pw-marginRight, d.y)
	d.y += 5
}

// section writes a heading, moving to a new page if the heading would sit
// alone at the bottom: keep is the height of what must follow it.
func (d *doc) section(title string, keep float64) {
	d.y += 3
	d.ensure(9 + keep)
	d.font(true, ptSection)
	d.color(colAccent)
	d.textAt(marginLeft, d.y, 6, title, "L", d.cw)
	d.y += 6.5
	d.draw(colRule)
	d.f.SetLineWidth(0.3)
	d.f.Line(marginLeft, d.y, d.pw-marginRight, d.y)
	d.y += 2.5
}

// para writes wrapped text, breaking pages between lines.
func (d *doc) para(s string, bold bool, size, lh float64, c rgb) {
	d.font(bold, size)
	for _, l := range d.wrap(s, d.cw) {
		d.ensure(lh)
		d.font(bold, size) // newPage changed it
		d.color(c)
		d.textAt(marginLeft, d.y, lh, l, "L", d.cw)
		d.y += lh
	}
}

// muted writes a remark such as "No checks were recorded."
func (d *doc) muted(s string) {
	d.para(s, false, ptBody, lhBody, colMuted)
	d.y += 2
}

// field is a label over its value.
type field struct{ label, value string }

// fields lays out label/value pairs in a grid of n columns, in a light
// panel when panel is set (the header of a case).
func (d *doc) fields(fs []field, n int, panel bool) {
	const pad = 3.0
	colW := d.cw / float64(n)
	inner := colW - 2*pad
	for i := 0; i < len(fs); i += n {
		row := fs[i:min(i+n, len(fs))]
		lines := make([][]string, len(row))
		rowH := 0.0
		d.font(false, ptBody)
		for j, f := range row {
			lines[j] = d.wrap(f.value, inner)
			rowH = max(rowH, lhSmall+0.6+float64(len(lines[j]))*lhBody)
		}
		rowH += 2.5
		if rowH > d.bottom()-marginTop-2 {
			// A row taller than a page (an escalation reason pasted from
			// an email, a plan's description as an import brought it)
			// cannot be kept together: each of its fields flows on, line
			// by line, under its label, across the content's width.
			for _, f := range row {
				d.ensure(lhSmall + 0.6 + 2*lhBody)
				d.font(false, ptSmall)
				d.color(colMuted)
				d.textAt(marginLeft, d.y, lhSmall, d.ellipsis(f.label, d.cw), "L", d.cw)
				d.y += lhSmall + 0.6
				d.para(f.value, false, ptBody, lhBody, colText)
				d.y += 2.5
			}
			continue
		}
		top := i == 0
		extra := 0.0
		if panel && top {
			extra = 2
		}
		d.ensure(rowH + extra)
		if panel {
			d.fill(colPanel)
			h := rowH
			if top {
				d.f.Rect(marginLeft, d.y, d.cw, h+extra, "F")
				d.y += extra
			} else {
				d.f.Rect(marginLeft, d.y, d.cw, h, "F")
			}
		}
		for j, f := range row {
			x := marginLeft + float64(j)*colW + pad
			if !panel {
				x = marginLeft + float64(j)*colW
			}
			d.font(false, ptSmall)
			d.color(colMuted)
			d.textAt(x, d.y, lhSmall, d.ellipsis(f.label, inner), "L", inner)
			d.font(false, ptBody)
			d.color(colText)
			yy := d.y + lhSmall + 0.6
			for _, l := range lines[j] {
				d.textAt(x, yy, lhBody, l, "L", inner)
				yy += lhBody
			}
		}
		d.y += rowH
	}
	if panel {
		d.fill(colPanel)
		d.f.Rect(marginLeft, d.y, d.cw, 1, "F")
		d.y += 1
	}
	d.y += 1.5
}

// column of a table: its share of the content width and its alignment.
type column struct {
	title string
	frac  float64
	align string // "L" or "R"
}

// tableKeep is the height of a table's header and first row (its first
// lines, for a row taller than a page, which will be split anyway): what a
// section heading needs below it so it never ends a page alone.
func (d *doc) tableKeep(cols []column, rows [][]string) float64 {
	h := d.rowHeight(cols, headerCells(cols), true)
	if len(rows) > 0 {
		h += min(d.rowHeight(cols, rows[0], false), 3*lhTable+2*cellPadY)
	}
	return h + 1
}

func headerCells(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.title
	}
	return out
}

const cellPadX, cellPadY = 2.0, 1.4

// contH is the height of the line that names a continued table.
const contH = 6.5

// ptTableMin is the smallest size a cell is written in to keep a word
// whole (cellLines).
const ptTableMin = 6.0

// cellLines wraps each cell of a row to its column, and says the size each
// is written in: ptTable, or smaller, down to ptTableMin, for a cell with
// a word wider than its column that then fits. Such a word is a figure in
// a narrow column ("999.999.999,99" of an amount); cut between its
// characters, "999.999.999,9" over "9 US$" reads as another amount.
func (d *doc) cellLines(cols []column, row []string, bold bool) ([][]string, []float64, int) {
	lines := make([][]string, len(cols))
	sizes := make([]float64, len(cols))
	n := 1
	for i, c := range cols {
		cell := ""
		if i < len(row) {
			cell = row[i]
		}
		w := c.frac*d.cw - 2*cellPadX
		sizes[i] = ptTable
		d.font(bold, ptTable)
		if ww := d.widestWord(cell); ww > w {
			// Widths grow with the size: the size the word fits at, a
			// little under so rounding cannot push it over.
			if size := math.Floor(ptTable*w/ww*10) / 10; size >= ptTableMin {
				sizes[i] = size
				d.font(bold, size)
			}
		}
		lines[i] = d.wrap(cell, w)
		n = max(n, len(lines[i]))
	}
	d.font(bold, ptTable)
	return lines, sizes, n
}

// widestWord is the width of the widest word of s in the current font,
// words as wrap takes them: between spaces, line breaks and the no-break
// spaces of money.
func (d *doc) widestWord(s string) float64 {
	widest := 0.0
	for _, word := range strings.FieldsFunc(clean(s), func(r rune) bool {
		return r == ' ' || r == '\n' || strings.ContainsRune(noBreak, r)
	}) {
		widest = max(widest, d.width(word))
	}
	return widest
}

func (d *doc) rowHeight(cols []column, row []string, bold bool) float64 {
	_, _, n := d.cellLines(cols, row, bold)
	return float64(n)*lhTable + 2*cellPadY
}

// table draws rows with a header that repeats after every page break. A
// row moves whole to the next page when it does not fit; only a row taller
// than a page is split, between its lines. With total set, the last row is
// a total: bold, under a darker rule.
func (d *doc) table(cols []column, rows [][]string, total bool) {
	header := func() {
		lines, sizes, n := d.cellLines(cols, headerCells(cols), true)
		h := float64(n)*lhTable + 2*cellPadY
		d.fill(colHead)
		d.f.Rect(marginLeft, d.y, d.cw, h, "F")
		d.color(colAccent)
		x := marginLeft
		for i, c := range cols {
			w := c.frac * d.cw
			d.font(true, sizes[i])
			for k, l := range lines[i] {
				d.textAt(x+cellPadX, d.y+cellPadY+float64(k)*lhTable, lhTable, l, c.align, w-2*cellPadX)
			}
			x += w
		}
		d.y += h
	}
	headerH := d.rowHeight(cols, headerCells(cols), true)
	if d.tableCont != "" {
		headerH += contH
	}
	// A table continued on a new page says again what it lists, when it is
	// one of several under a heading (the cases of each reason code): the
	// column titles alone do not say whose rows follow.
	pageBreak := func() {
		d.newPage()
		if d.tableCont != "" {
			d.font(true, ptBody)
			d.color(colText)
			d.textAt(marginLeft, d.y, 5.5, d.ellipsis(d.tableCont, d.cw), "L", d.cw)
			d.y += contH
		}
		header()
	}
	d.ensure(d.tableKeep(cols, rows))
	header()
	for r, row := range rows {
		isTotal := total && r == len(rows)-1
		lines, sizes, n := d.cellLines(cols, row, isTotal)
		full := float64(n)*lhTable + 2*cellPadY
		if d.y+full > d.bottom() && full <= d.bottom()-marginTop-2-headerH {
			pageBreak()
		}
		for from := 0; from < n; {
			room := int((d.bottom() - d.y - 2*cellPadY) / lhTable)
			if room < 1 {
				pageBreak()
				continue
			}
			to := min(n, from+room)
			h := float64(to-from)*lhTable + 2*cellPadY
			if r%2 == 1 && !isTotal {
				d.fill(colZebra)
				d.f.Rect(marginLeft, d.y, d.cw, h, "F")
			}
			if isTotal {
				d.draw(colMuted)
				d.f.SetLineWidth(0.3)
				d.f.Line(marginLeft, d.y, d.pw-marginRight, d.y)
			}
			d.color(colText)
			x := marginLeft
			for i, c := range cols {
				w := c.frac * d.cw
				d.font(isTotal, sizes[i])
				for k := from; k < to && k < len(lines[i]); k++ {
					d.textAt(x+cellPadX, d.y+cellPadY+float64(k-from)*lhTable, lhTable, lines[i][k], c.align, w-2*cellPadX)
				}
				x += w
			}
			d.y += h
			d.draw(colRule)
			d.f.SetLineWidth(0.15)
			d.f.Line(marginLeft, d.y, d.pw-marginRight, d.y)
			from = to
		}
	}
	d.y += 2
}
