package pdf

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
	"agentdesk/training"

	"github.com/jung-kurt/gofpdf"
)

// Colours of the training documents that the case documents do not use:
// a compliance failure must not read as just another bar, and the pass
// mark must stand out from the gridlines it crosses.
var (
	colDanger = rgb{176, 42, 55}
	colMark   = rgb{191, 107, 0}
	colGold   = rgb{176, 141, 62}
)

// certSide is the certificate's text margin, well inside its border.
const certSide = 32.0

// maxChartAttempts keeps the bars of the progress chart wide enough to
// read; older attempts stay in the history table.
const maxChartAttempts = 60

// newTrainingDoc starts a training document about content (the embedded
// content when nil).
func newTrainingDoc(content *training.Content, opt Options) (*doc, *training.Content, error) {
	content, err := trainingContent(content)
	if err != nil {
		return nil, nil, err
	}
	d, err := newDoc(opt)
	return d, content, err
}

// trainingContent is the content to name tracks, scenarios and criteria
// with: the caller's, or the embedded set.
func trainingContent(c *training.Content) (*training.Content, error) {
	if c != nil {
		return c, nil
	}
	c, err := training.LoadDefault()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return c, nil
}

// Certificate writes a trainee's certificate for a track: one landscape
// page, to sign and to frame. recs are the trainee's records; the attempts
// the certificate rests on are looked up in them for their test scores, so
// without them the scenarios are listed with a dash for the score.
func Certificate(w io.Writer, cert training.Certificate, content *training.Content, opt Options, recs ...training.Record) error {
	if strings.TrimSpace(cert.Trainee) == "" {
		return errors.New("pdf: certificate without a trainee")
	}
	d, content, err := newTrainingDoc(content, opt)
	if err != nil {
		return err
	}
	d.certificate(cert, content, recs)
	return d.output(w)
}

// certRow is a scenario the certificate rests on.
type certRow struct {
	title string
	score float64
	known bool
}

// certRows lists the track's scenarios in the track's order with the score
// of the attempt the certificate counted; a track no longer in the content
// falls back to the attempts themselves, so an old certificate still prints.
func (d *doc) certRows(cert training.Certificate, content *training.Content, recs []training.Record) []certRow {
	if len(cert.Calls) > 0 {
		// Earned under a rule (4 of 5 calls, say): the calls it rests on,
		// most recent first, each with its own score, as the certificate
		// recorded them.
		rows := make([]certRow, 0, len(cert.Calls))
		for _, c := range cert.Calls {
			rows = append(rows, certRow{title: d.scenarioTitle(content, c.Scenario), score: c.Total, known: true})
		}
		return rows
	}
	if cert.Rule != nil {
		var rows []certRow
		for _, id := range cert.Attempts {
			i := slices.IndexFunc(recs, func(r training.Record) bool { return r.Attempt.ID == id && id != "" })
			if i < 0 {
				rows = append(rows, certRow{title: id})
				continue
			}
			r := recs[i]
			rows = append(rows, certRow{title: d.scenarioTitle(content, r.Attempt.Scenario), score: r.Report.Total, known: true})
		}
		return rows
	}
	byScenario := map[string]training.Record{}
	var order []string
	for _, r := range recs {
		if !slices.Contains(cert.Attempts, r.Attempt.ID) || r.Attempt.ID == "" {
			continue
		}
		id := r.Report.Scenario
		if id == "" {
			id = r.Attempt.Scenario
		}
		if _, seen := byScenario[id]; !seen {
			order = append(order, id)
		}
		byScenario[id] = r
	}
	if tr := content.Track(cert.Track); tr != nil {
		order = tr.Scenarios
	}
	rows := make([]certRow, 0, len(order))
	for _, id := range order {
		r, ok := byScenario[id]
		rows = append(rows, certRow{title: d.scenarioTitle(content, id), score: r.Report.Total, known: ok})
	}
	return rows
}

func (d *doc) scenarioTitle(content *training.Content, id string) string {
	if sc := content.Scenario(id); sc != nil {
		return clean(sc.Say(d.lang, sc.Title))
	}
	return humanize(id)
}

func (d *doc) trackTitle(content *training.Content, id string) string {
	return clean(content.TrackName(id, d.lang))
}

// score prints a 0-100 score with one decimal, the way the document's
// language writes it: the app and the CLI show the same figure.
func (d *doc) score(v float64) string { return calculators.FormatNumber(v, 1, d.lang) }

// longDate spells the month out: a framed certificate is read by people
// who may not know which way round a numeric date goes.
func (d *doc) longDate(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	t = t.In(d.tz)
	return d.t.D("pdf.cert.long_date", map[string]any{
		"Day": t.Day(), "Month": d.t.S("pdf.cert.month." + strconv.Itoa(int(t.Month()))), "Year": t.Year(),
	})
}

// fitFont returns the largest size from size down to least at which s fits
// in w, and sets it.
func (d *doc) fitFont(s string, bold bool, size, least, w float64) float64 {
	for ; size > least; size -= 0.5 {
		d.font(bold, size)
		if d.width(s) <= w {
			return size
		}
	}
	d.font(bold, least)
	return least
}

func (d *doc) certificate(cert training.Certificate, content *training.Content, recs []training.Record) {
	t := d.t
	name := clean(strings.TrimSpace(cert.Trainee))
	track := d.trackTitle(content, cert.Track)
	title := t.S("pdf.cert.title")
	d.f.SetTitle(clean(title+" · "+name+" · "+track), true)
	d.f.SetSubject(clean(track), true)

	// newDoc sets up portrait pages; a certificate is landscape on the same
	// paper.
	d.f.AddPageFormat("L", gofpdf.SizeType{Wd: d.pw, Ht: d.ph})
	d.pw, d.ph = d.f.GetPageSize()
	d.start = d.f.PageNo()
	pw, ph := d.pw, d.ph

	// Border: a heavy outer rule, a hairline inside it and small diamonds
	// at the corners, in the document's accent.
	const outer, inner = 9.0, 12.5
	d.draw(colAccent)
	d.f.SetLineWidth(1.1)
	d.f.Rect(outer, outer, pw-2*outer, ph-2*outer, "D")
	d.draw(colGold)
	d.f.SetLineWidth(0.35)
	d.f.Rect(inner, inner, pw-2*inner, ph-2*inner, "D")
	d.fill(colGold)
	for _, c := range [][2]float64{{inner, inner}, {pw - inner, inner}, {inner, ph - inner}, {pw - inner, ph - inner}} {
		const r = 2.2
		d.f.Polygon([]gofpdf.PointType{{X: c[0], Y: c[1] - r}, {X: c[0] + r, Y: c[1]}, {X: c[0], Y: c[1] + r}, {X: c[0] - r, Y: c[1]}}, "F")
	}

	x, w := certSide, pw-2*certSide
	y := 23.0
	// line writes s centred, lh high, in col, and moves down by step.
	line := func(s string, col rgb, lh, step float64) {
		d.color(col)
		d.textAt(x, y, lh, d.ellipsis(s, w), "C", w)
		y += step
	}
	// rule draws a centred rule 2·half long and moves down by step.
	rule := func(col rgb, width, half, step float64) {
		d.draw(col)
		d.f.SetLineWidth(width)
		d.f.Line(pw/2-half, y, pw/2+half, y)
		y += step
	}

	if d.opt.Company != "" {
		d.font(true, 11)
		line(clean(d.opt.Company), colAccent, 5, 8)
	} else {
		y += 3
	}
	d.fitFont(title, true, 26, 16, w)
	line(title, colText, 11, 13.5)
	rule(colGold, 0.6, 22, 5.5)

	d.font(false, 11)
	line(t.S("pdf.cert.certifies"), colMuted, 5, 7.5)
	d.fitFont(name, true, 28, 14, w-20)
	line(name, colAccent, 12, 14)
	rule(colRule, 0.3, 75, 4)

	d.font(false, 11)
	line(t.S("pdf.cert.completed"), colMuted, 5, 6.5)
	d.fitFont(track, true, 16, 11, w)
	line(track, colText, 7, 10)

	// The bottom of the page is laid out from the bottom up, so the
	// scenario list gets whatever room is left between. The reference
	// (the attempts it rests on, then when it was generated) is printed
	// whole: it is what traces a paper certificate back to the training
	// database, so it wraps rather than being cut.
	d.font(false, refPt)
	refs := d.certReference(cert.Attempts, w)
	if d.generated != "" {
		refs = append(refs, d.generated)
	}
	refY := ph - inner - 7.5 - float64(len(refs)-1)*refLH
	signY := refY - 13
	fieldsY := signY - 27
	rows := d.certRows(cert, content, recs)
	d.font(false, ptBody)
	intro := t.N("pdf.cert.scenarios_intro", len(rows), nil)
	if r := cert.Rule; r != nil {
		intro = t.N("pdf.cert.rule_intro", r.Calls, map[string]any{"Passes": r.Passes, "Calls": r.Calls})
	}
	line(intro, colMuted, lhBody, lhBody+2.5)
	d.certScenarios(rows, y, fieldsY-4)

	// Date, rubric and pass mark, in three columns under the list.
	pass := content.CurrentRubric().PassMark
	if tr := content.Track(cert.Track); tr != nil && tr.PassMark > 0 {
		pass = tr.PassMark
	}
	if cert.PassMark > 0 {
		pass = cert.PassMark // the mark it was earned at
	}
	version := cert.RubricVersion
	if version == "" {
		version = dash
	}
	fs := []field{
		{t.S("pdf.cert.date"), d.longDate(cert.Date)},
		{t.S("pdf.cert.rubric"), version},
		{t.S("pdf.cert.pass_mark"), t.D("pdf.cert.pass_mark_value", map[string]any{"Mark": pass})},
	}
	colW := 62.0
	fx := pw/2 - 1.5*colW
	for i, f := range fs {
		cx := fx + float64(i)*colW
		d.font(false, ptSmall)
		d.color(colMuted)
		d.textAt(cx, fieldsY, lhSmall, d.ellipsis(f.label, colW-4), "C", colW)
		d.font(true, 10.5)
		d.color(colText)
		d.textAt(cx, fieldsY+lhSmall+0.8, 5.5, d.ellipsis(f.value, colW-4), "C", colW)
	}

	// Signature lines: the supervisor's, with room for a printed name, and
	// the date it was signed, which need not be the date it was earned.
	const lineW, gap = 86.0, 40.0
	sx := pw/2 - lineW - gap/2
	d.draw(colText)
	d.f.SetLineWidth(0.3)
	for i, s := range []struct{ label, below string }{
		{t.S("pdf.cert.sign.supervisor"), t.S("pdf.cert.sign.name")},
		{t.S("pdf.cert.sign.date"), ""},
	} {
		lx := sx + float64(i)*(lineW+gap)
		d.f.Line(lx, signY, lx+lineW, signY)
		d.font(true, ptSmall+0.5)
		d.color(colText)
		d.textAt(lx, signY+1.2, lhSmall, d.ellipsis(s.label, lineW), "C", lineW)
		if s.below != "" {
			d.font(false, ptSmall)
			d.color(colMuted)
			d.textAt(lx, signY+1.2+lhSmall, lhSmall, d.ellipsis(s.below, lineW), "C", lineW)
		}
	}

	d.font(false, refPt)
	d.color(colMuted)
	for i, r := range refs {
		d.textAt(x, refY+float64(i)*refLH, refLH, r, "C", w)
	}
}

// The certificate's reference lines: small, under the signatures.
const refPt, refLH, refLines = 6.5, 3.2, 3

// certReference is the attempts a certificate rests on, in at most
// refLines lines: every ID when they fit, else as many as fit and how many
// more there are (the training database has them all), never an ID cut.
func (d *doc) certReference(ids []string, w float64) []string {
	t := d.t
	lines := d.wrap(t.N("pdf.cert.reference", len(ids), map[string]any{"Attempts": d.or(strings.Join(ids, ", "), dash)}), w)
	for k := len(ids) - 1; len(lines) > refLines && k > 0; k-- {
		lines = d.wrap(t.D("pdf.cert.reference_more", map[string]any{"Attempts": strings.Join(ids[:k], ", "), "More": len(ids) - k}), w)
	}
	return lines
}

// certScenarios lists the scenarios with their scores, centred between top
// and bottom; a long track takes two columns, and what still does not fit
// is counted rather than drawn over the signatures.
func (d *doc) certScenarios(rows []certRow, top, bottom float64) {
	t := d.t
	if len(rows) == 0 {
		d.font(false, ptBody)
		d.color(colMuted)
		d.textAt(certSide, top, lhBody, dash, "C", d.pw-2*certSide)
		return
	}
	// A long track trades the roomy single column for two compact ones.
	rowH, headH, size := 6.4, 5.8, ptBody+0.5
	cols := 1
	if float64(len(rows))*rowH+headH > bottom-top {
		rowH, headH, size, cols = 5.2, 5.0, ptBody-0.5, 2
	}
	perCol := (len(rows) + cols - 1) / cols
	room := int((bottom - top - headH) / rowH)
	shown := rows
	more := 0
	if perCol > room {
		perCol = max(room, 1)
		shown = rows[:min(len(rows), perCol*cols)]
		if len(shown) < len(rows) {
			// The last slot says how many are left out.
			shown = shown[:len(shown)-1]
			more = len(rows) - len(shown)
		}
	}
	colW := 150.0 // as wide as the rule under the name
	if cols == 2 {
		colW = 118
	}
	const colGap = 10.0
	total := float64(cols)*colW + float64(cols-1)*colGap
	x0 := (d.pw - total) / 2
	height := headH + float64(min(perCol, len(shown)+min(more, 1)))*rowH
	y0 := top + max(0, (bottom-top-height)/2)
	scoreW := 30.0
	for c := range cols {
		x := x0 + float64(c)*(colW+colGap)
		d.fill(colHead)
		d.f.Rect(x, y0, colW, headH, "F")
		d.font(true, ptTable)
		d.color(colAccent)
		d.textAt(x+cellPadX, y0, headH, t.S("pdf.cert.col.scenario"), "L", colW-scoreW-2*cellPadX)
		d.textAt(x+colW-scoreW-cellPadX, y0, headH, t.S("pdf.cert.col.score"), "R", scoreW)
	}
	for i, r := range shown {
		c, k := i/perCol, i%perCol
		x := x0 + float64(c)*(colW+colGap)
		y := y0 + headH + float64(k)*rowH
		if k%2 == 1 {
			d.fill(colZebra)
			d.f.Rect(x, y, colW, rowH, "F")
		}
		d.font(false, size)
		d.color(colText)
		d.textAt(x+cellPadX, y, rowH, d.ellipsis(r.title, colW-scoreW-3*cellPadX), "L", colW-scoreW-2*cellPadX)
		s := dash
		if r.known {
			s = d.score(r.score)
		}
		d.font(true, size)
		d.textAt(x+colW-scoreW-cellPadX, y, rowH, s, "R", scoreW)
		d.draw(colRule)
		d.f.SetLineWidth(0.15)
		d.f.Line(x, y+rowH, x+colW, y+rowH)
	}
	if more > 0 {
		i := len(shown)
		c, k := i/perCol, i%perCol
		x := x0 + float64(c)*(colW+colGap)
		d.font(false, ptTable)
		d.color(colMuted)
		d.textAt(x+cellPadX, y0+headH+float64(k)*rowH, rowH, t.N("pdf.cert.more", more, nil), "L", colW)
	}
}

// TraineeProgress writes a trainee's progress report: a summary, a chart of
// every attempt's score, the criteria missed most, what to practise next,
// the tracks and certificates, and the history of attempts.
func TraineeProgress(w io.Writer, trainee string, recs []training.Record, certs []training.Certificate, content *training.Content, opt Options) error {
	if strings.TrimSpace(trainee) == "" {
		return errors.New("pdf: progress report without a trainee")
	}
	d, content, err := newTrainingDoc(content, opt)
	if err != nil {
		return err
	}
	d.traineeProgress(trainee, recs, certs, content)
	return d.output(w)
}

func (d *doc) traineeProgress(trainee string, recs []training.Record, certs []training.Certificate, content *training.Content) {
	t := d.t
	name := clean(strings.TrimSpace(trainee))
	p := content.Progress(trainee, recs, certs)
	// Progress sorts by start; the chart and the table need the records in
	// that same order, with their reports.
	mine := make([]training.Record, 0, len(recs))
	for _, r := range recs {
		if r.Attempt.Trainee == trainee {
			mine = append(mine, r)
		}
	}
	slices.SortStableFunc(mine, func(a, b training.Record) int { return a.Attempt.Started.Compare(b.Attempt.Started) })

	title := t.S("pdf.progress.title")
	d.f.SetTitle(clean(title+" · "+name), true)
	d.beginDocument(d.joinNonEmpty(" · ", d.opt.Company, title, name), d.joinNonEmpty(" · ", t.S("pdf.progress.short"), name))
	sub := t.D("pdf.progress.trainee", map[string]any{"Name": name})
	if len(mine) > 0 {
		sub += "  ·  " + t.D("pdf.progress.period", map[string]any{
			"From": d.date(mine[0].Attempt.Started), "To": d.date(mine[len(mine)-1].Attempt.Started)})
	}
	d.title(title, sub)

	tests, passed, best, sum := 0, 0, 0.0, 0.0
	for _, r := range mine {
		if r.Attempt.Mode == training.Test {
			tests++
		}
		if r.Report.Passed {
			passed++
		}
		best = max(best, r.Report.Total)
		sum += r.Report.Total
	}
	nCerts := 0
	for _, c := range certs {
		if c.Trainee == trainee {
			nCerts++
		}
	}
	avg, top := dash, dash
	if len(mine) > 0 {
		avg = d.score(sum / float64(len(mine)))
		top = d.score(best)
	}
	d.fields([]field{
		{t.S("pdf.progress.field.attempts"), d.count(len(mine))},
		{t.S("pdf.progress.field.tests"), d.count(tests)},
		{t.S("pdf.progress.field.passed"), t.D("pdf.progress.of", map[string]any{"N": d.count(passed), "Total": d.count(len(mine))})},
		{t.S("pdf.progress.field.average"), avg},
		{t.S("pdf.progress.field.best"), top},
		{t.S("pdf.progress.field.certificates"), d.count(nCerts)},
	}, 3, true)

	if len(mine) == 0 {
		d.section(t.S("pdf.progress.section.chart"), lhBody)
		d.muted(t.S("pdf.progress.none"))
	} else {
		d.scoreChart(mine, content.CurrentRubric().PassMark)
	}
	d.missed(p)
	d.recommendation(p, content)
	d.tracks(p, mine, certs, content)
	d.history(mine, content)
	d.endDocument()
}

// scoreChart draws a bar per attempt in the order they were taken: dark
// for tests, light for practice, a red cross over an attempt with a
// compliance blocker, and the pass mark as a dashed line.
func (d *doc) scoreChart(recs []training.Record, passMark int) {
	t := d.t
	const (
		legendH = 7.0
		axisW   = 11.0
		plotH   = 58.0
		labelsH = 9.0
	)
	whole := legendH + lhSmall + 3 + plotH + labelsH
	d.section(t.S("pdf.progress.section.chart"), whole)
	offset := 0
	if len(recs) > maxChartAttempts {
		offset = len(recs) - maxChartAttempts
		d.para(t.D("pdf.progress.chart_last", map[string]any{"Shown": maxChartAttempts, "Total": len(recs)}), false, ptSmall, lhSmall, colMuted)
		d.y += 1.5
		recs = recs[offset:]
	}

	// Legend.
	d.font(false, ptTable)
	x := marginLeft + axisW
	item := func(draw func(x, y float64), text string) {
		draw(x, d.y+2.5)
		d.color(colText)
		d.textAt(x+5.5, d.y, 5, text, "L", 60)
		x += 5.5 + d.width(text) + 7
	}
	item(func(x, y float64) { d.fill(colBarThis); d.f.Rect(x, y-1.6, 3.2, 3.2, "F") }, t.S("pdf.progress.legend.test"))
	item(func(x, y float64) { d.fill(colBarPrev); d.f.Rect(x, y-1.6, 3.2, 3.2, "F") }, t.S("pdf.progress.legend.practice"))
	item(func(x, y float64) {
		d.draw(colMark)
		d.f.SetLineWidth(0.5)
		d.f.SetDashPattern([]float64{1.2, 0.8}, 0)
		d.f.Line(x-0.5, y, x+4, y)
		d.f.SetDashPattern(nil, 0)
	}, t.D("pdf.progress.legend.pass_mark", map[string]any{"Mark": joinMarks(training.PassMarks(recs, passMark))}))
	item(func(x, y float64) { d.cross(x+1.6, y, 1.3) }, t.S("pdf.progress.legend.blocker"))
	d.y += legendH
	d.font(false, ptSmall)
	d.color(colMuted)
	d.textAt(marginLeft, d.y, lhSmall, t.S("pdf.progress.axis.score"), "L", 60)
	d.y += lhSmall + 3

	x0, plotW := marginLeft+axisW, d.cw-axisW-1
	yTop, yBase := d.y, d.y+plotH
	yOf := func(v float64) float64 { return yBase - math.Max(0, math.Min(100, v))/100*plotH }

	// Gridlines and the scale first, so bars sit on top of them.
	d.font(false, ptSmall)
	for v := 0; v <= 100; v += 20 {
		y := yOf(float64(v))
		d.draw(colRule)
		d.f.SetLineWidth(0.15)
		if v == 0 {
			d.draw(colMuted)
			d.f.SetLineWidth(0.25)
		}
		d.f.Line(x0, y, x0+plotW, y)
		d.color(colMuted)
		d.textAt(marginLeft, y-lhSmall/2, lhSmall, d.count(v), "R", axisW-2)
	}

	n := len(recs)
	slot := plotW / float64(n)
	barW := math.Min(slot*0.68, 9)
	every := max(1, int(math.Ceil(float64(n)/20)))
	cx := func(i int) float64 { return x0 + slot*(float64(i)+0.5) }
	clamp := func(v float64) float64 { return math.Max(0, math.Min(100, v)) }
	for i, r := range recs {
		v := clamp(r.Report.Total)
		c := colBarPrev
		if r.Attempt.Mode == training.Test {
			c = colBarThis
		}
		if h := yBase - yOf(v); h > 0 {
			d.fill(c)
			d.f.Rect(cx(i)-barW/2, yOf(v), barW, h, "F")
		}
		if i%every == 0 || i == n-1 {
			d.font(false, ptSmall)
			d.color(colMuted)
			d.textAt(cx(i)-6, yBase+1, lhSmall, strconv.Itoa(offset+i+1), "C", 12)
		}
	}
	// The pass mark over the bars: it is what they are read against. Each
	// call is held to its own (a track's may be above the rubric's), so
	// the line steps where it changes, across each bar's slot.
	d.draw(colMark)
	d.f.SetLineWidth(0.45)
	d.f.SetDashPattern([]float64{1.6, 1.0}, 0)
	for i, r := range recs {
		pm := r.Report.PassMark
		if pm == 0 {
			pm = passMark
		}
		ym := yOf(float64(pm))
		d.f.Line(cx(i)-slot/2, ym, cx(i)+slot/2, ym)
	}
	d.f.SetDashPattern(nil, 0)
	// Values and blockers last, on a white ground where they cross the
	// pass mark, so a 79,5 under the line can still be read.
	for i, r := range recs {
		v := clamp(r.Report.Total)
		top := yOf(v) - 0.6
		if n <= 24 {
			s := d.score(r.Report.Total)
			d.font(false, 6.5)
			lw := d.width(s) + 1
			top -= 3
			d.fill(colWhite)
			d.f.Rect(cx(i)-lw/2, top+0.2, lw, 2.6, "F")
			d.color(colText)
			d.textAt(cx(i)-8, top, 3, s, "C", 16)
		}
		if len(r.Report.Blockers) > 0 {
			// Above the score where the chart has room; a score near 100
			// leaves none, and the cross went over its figure: it goes
			// into the bar's top instead.
			y := top - 2.2
			if y < yTop-1 {
				y = yOf(v) + 2.2
			}
			d.cross(cx(i), y, math.Min(1.5, barW/2+0.4))
		}
	}

	d.font(false, ptSmall)
	d.color(colMuted)
	d.textAt(x0, yBase+1+lhSmall+0.6, lhSmall, t.S("pdf.progress.axis.attempts"), "C", plotW)
	d.y = yBase + labelsH
}

func (d *doc) cross(x, y, r float64) {
	d.draw(colDanger)
	d.f.SetLineWidth(0.5)
	d.f.Line(x-r, y-r, x+r, y+r)
	d.f.Line(x-r, y+r, x+r, y-r)
}

func (d *doc) missed(p training.Progress) {
	t := d.t
	rows := make([][]string, 0, len(p.Missed))
	for _, m := range p.Missed {
		rows = append(rows, []string{
			training.CriterionTitle(t, m.Criterion),
			t.N("pdf.progress.missed_value", m.Graded, map[string]any{"Missed": d.count(m.Missed), "Graded": d.count(m.Graded)}),
			calculators.FormatPercent(m.Average, 0, d.lang),
		})
	}
	d.shortTable(t.S("pdf.progress.section.missed"), []column{
		{t.S("pdf.progress.col.criterion"), 0.46, "L"},
		{t.S("pdf.progress.col.missed"), 0.30, "L"},
		{t.S("pdf.progress.col.average"), 0.24, "R"},
	}, rows, t.S("pdf.progress.missed_none"))
}

// shortTable is tableSection for a table of a few rows, which moves whole
// to the next page rather than leave one row behind: four tracks split one
// and three read as two tables.
func (d *doc) shortTable(title string, cols []column, rows [][]string, none string) {
	if len(rows) == 0 {
		d.tableSection(title, cols, rows, none)
		return
	}
	h := d.rowHeight(cols, headerCells(cols), true) + 1
	for _, r := range rows {
		h += d.rowHeight(cols, r, false)
	}
	if h > (d.bottom()-marginTop)/3 {
		d.tableSection(title, cols, rows, none)
		return
	}
	d.section(title, h)
	d.table(cols, rows, false)
}

func (d *doc) recommendation(p training.Progress, content *training.Content) {
	t := d.t
	n := p.Next
	d.section(t.S("pdf.progress.section.next"), 2*lhBody+4)
	if n.Scenario != "" {
		d.para(t.D("pdf.progress.next.scenario", map[string]any{"Scenario": d.scenarioTitle(content, n.Scenario)}), true, ptBody+0.5, lhBody+0.4, colAccent)
		d.y += 1
	}
	reason := "training.next." + n.Reason
	if n.Reason == "" || !t.Has(reason) {
		reason = "training.next.continue"
	}
	d.para(t.S(reason), false, ptBody, lhBody, colText)
	var fs []field
	if n.Track != "" {
		fs = append(fs, field{t.S("pdf.progress.next.track"), d.trackTitle(content, n.Track)})
	}
	if n.Criterion != "" {
		label := t.S("pdf.progress.next.criterion")
		value := training.CriterionTitle(t, n.Criterion)
		if n.Reason == "blocker" {
			label, value = t.S("pdf.progress.next.blocker"), training.BlockerTitle(t, n.Criterion)
		}
		fs = append(fs, field{label, value})
	}
	d.y += 2
	if len(fs) > 0 {
		d.fields(fs, 2, false)
	}
}

func (d *doc) tracks(p training.Progress, recs []training.Record, certs []training.Certificate, content *training.Content) {
	t := d.t
	tried := map[string]bool{}
	for _, r := range recs {
		tried[r.Attempt.Scenario] = true
	}
	certified := map[string]training.Certificate{}
	for _, c := range certs {
		if c.Trainee == p.Trainee {
			certified[c.Track] = c
		}
	}
	rows := make([][]string, 0, len(p.Tracks))
	for _, tp := range p.Tracks {
		state := t.S("pdf.progress.track.not_started")
		switch c, ok := certified[tp.Track]; {
		case ok:
			state = t.D("pdf.progress.track.certified", map[string]any{"Date": d.date(c.Date)})
		case tp.Certified:
			state = t.S("pdf.progress.track.complete")
		// Passes enough for the rule are not a certificate: "4 of 4 — In
		// progress" read as a track waiting on nothing.
		case tp.Blocked:
			state = t.S("pdf.progress.track.blocked")
		case tp.Passed >= tp.Needed && len(tp.Counted) < tp.Calls:
			state = t.N("pdf.progress.track.calls_short", tp.Calls-len(tp.Counted), nil)
		case tp.Passed > 0 || slices.ContainsFunc(tp.Remaining, func(id string) bool { return tried[id] }):
			// Practice counts as a start: the track is under way before
			// any test is passed.
			state = t.S("pdf.progress.track.in_progress")
		}
		// Passes beyond what the rule asks add nothing: "5 of 4" read as
		// a miscount, and the training screen says "4/4".
		rows = append(rows, []string{d.trackTitle(content, tp.Track),
			t.D("pdf.progress.of", map[string]any{"N": d.count(min(tp.Passed, tp.Needed)), "Total": d.count(tp.Needed)}), state})
	}
	d.shortTable(t.S("pdf.progress.section.tracks"), []column{
		{t.S("pdf.progress.col.track"), 0.40, "L"},
		{t.S("pdf.progress.col.passed"), 0.24, "L"},
		{t.S("pdf.progress.col.state"), 0.36, "L"},
	}, rows, t.S("pdf.progress.tracks_none"))
}

func (d *doc) history(recs []training.Record, content *training.Content) {
	t := d.t
	rows := make([][]string, 0, len(recs))
	for _, r := range recs {
		var notes []string
		for _, b := range r.Report.Blockers {
			notes = append(notes, training.BlockerTitle(t, b.ID))
		}
		if !r.Report.Complete {
			notes = append(notes, t.S("pdf.progress.incomplete"))
		}
		mode := t.S("training.mode." + string(r.Attempt.Mode))
		if r.Attempt.Mode != training.Test && r.Attempt.Mode != training.Practice {
			mode = humanize(string(r.Attempt.Mode))
		}
		id := r.Report.Scenario
		if id == "" {
			id = r.Attempt.Scenario
		}
		rows = append(rows, []string{
			d.dateTimeShort(r.Attempt.Started), d.scenarioTitle(content, id), mode,
			d.score(r.Report.Total), d.or(strings.Join(notes, "\n"), dash),
		})
	}
	d.tableSection(t.S("pdf.progress.section.history"), []column{
		{t.S("pdf.progress.col.date"), 0.23, "L"},
		{t.S("pdf.progress.col.scenario"), 0.36, "L"},
		{t.S("pdf.progress.col.mode"), 0.10, "L"},
		{t.S("pdf.progress.col.score"), 0.14, "R"},
		{t.S("pdf.progress.col.blockers"), 0.17, "L"},
	}, rows, t.S("pdf.progress.none"))
}

// dateTimeShort leaves the zone out: the table's column is narrow and the
// footer already says which zone the document is in.
func (d *doc) dateTimeShort(at time.Time) string {
	if at.IsZero() {
		return dash
	}
	return locales.FormatDateTime(d.lang, at.In(d.tz))
}

// joinMarks writes pass marks as a list ("80, 85").
func joinMarks(marks []int) string {
	parts := make([]string, len(marks))
	for i, m := range marks {
		parts[i] = strconv.Itoa(m)
	}
	return strings.Join(parts, ", ")
}
