package app

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/training"
)

// the values the scripts need are typed in entries a few px wide.
func TestValuesCardEntriesAreReadable(t *testing.T) {
	h := esHarness(t, true, locales.ES)
	s := h.startCall("4417001234", "aumento fact")
	h.toExploration()
	s.onGoto("education")
	kinds := map[string]bool{}
	for _, k := range []string{"text", "money", "date", "number", "months"} {
		kinds[h.app.t.S("call.value.kind."+k)] = true
	}
	n := 0
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := asEntry(o); ok && kinds[e.PlaceHolder] {
			n++
			if e.Size().Width < 120 {
				t.Errorf("value entry %q is %.0f px wide", e.PlaceHolder, e.Size().Width)
			}
		}
	})
	if n == 0 {
		t.Fatal("no value entries")
	}
}

// rich-text scripts start a line with the punctuation that follows a value.
func TestScriptLinesDoNotStartWithPunctuation(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyCallLang: "en"})
	s := h.startCall("4417001234", "bill incr")
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	if !s.escalate([]string{"complex_dispute"}, "", "dispute", cases.DisputePending) {
		t.Fatal("escalation refused")
	}
	s.onGoto("closing")
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		rt, ok := o.(*widget.RichText)
		if !ok {
			return
		}
		for _, x := range test.WidgetRenderer(rt).Objects() {
			if tx, ok := x.(*canvas.Text); ok && tx.Position().X <= theme.InnerPadding()+1 && strings.IndexAny(strings.TrimSpace(tx.Text), ",.;:") == 0 {
				t.Errorf("a script line starts with punctuation: %q", tx.Text)
			}
		}
	})
}

// Was: a calculator field's error is drawn over its entry.
func TestCalcErrorSitsUnderItsEntry(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("payback")
	h.typeIn(s, "investment", "100.000")
	h.typeIn(s, "annual", "30.000")
	h.typeIn(s, "flows", "30.000; 40.000")
	e, l := s.entries["annual"], s.errLabels["annual"]
	if !l.Visible() {
		t.Fatal("no error shown")
	}
	if l.Position().Y < e.Size().Height || l.Size().Height < l.MinSize().Height {
		t.Errorf("error %q at y=%.0f size %v, over its entry (height %.0f)", l.Text, l.Position().Y, l.Size(), e.Size().Height)
	}
}

// Was: the "added to the call" line is not laid out: drawn past the pane, unwrapped.
func TestCalcUsedStatusIsLaidOut(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCallLang: "en"})
	h.startCall("4417001234", "bill incr")
	s := h.calc("proration")
	h.typeIn(s, "old", "40.00")
	h.typeIn(s, "new", "70.00")
	test.Tap(s.useBtn)
	for _, l := range []*widget.Label{s.useStatus, s.useHint} {
		if l.Visible() && l.Size().Height+1 < l.MinSize().Height {
			t.Errorf("%q is %v, needs %v", l.Text, l.Size(), l.MinSize())
		}
	}
}

// Was: the chart's legend is drawn over the value labels of the tallest bars.
func TestErlangLegendClearsBarValues(t *testing.T) {
	tr := locales.New(locales.ES)
	in := calculators.ErlangCInput{Calls: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Target: 0.8, Within: 20 * time.Second}
	r, err := in.Compute()
	if err != nil {
		t.Fatal(err)
	}
	c := erlangChart(tr, in, r).(*barChart)
	test.NewTempApp(t)
	c.Resize(fyne.NewSize(440, 220))
	rr := test.WidgetRenderer(c).(*barChartRenderer)
	rr.Layout(c.Size())
	box := func(o fyne.CanvasObject) zrect {
		p, s := o.Position(), o.Size()
		return zrect{p.X, p.Y, p.X + s.Width, p.Y + s.Height}
	}
	for _, rt := range rr.refText {
		for _, vt := range rr.valueText {
			if vt.Visible() && box(rt).inter(box(vt)).area() > 0 {
				t.Errorf("legend %q overlaps bar value %q", rt.Text, vt.Text)
			}
		}
	}
}

// Was: a language's own name inside a sentence of the other language.
func TestLanguageNamedInTheSentencesLanguage(t *testing.T) {
	h := esHarness(t, true, locales.EN)
	h.startCall("4417001234", "aumento fact")
	s := h.calc("commission")
	h.typeIn(s, "sales", "1.000,00")
	h.typeIn(s, "rate", "5 %")
	if strings.Contains(s.useHint.Text, "English") {
		t.Errorf("Spanish hint says %q", s.useHint.Text)
	}
}

// Was: the cases list's status column shows one letter.
func TestCasesListStatusIsWhole(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("cases")
	seen := 0
	walk(h.cases().list, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Cerrado") {
			seen++
			if l.Size().Width+1 < l.MinSize().Width {
				t.Errorf("status %q drawn %.0f px wide, needs %.0f", l.Text, l.Size().Width, l.MinSize().Width)
			}
		}
	})
	if seen == 0 {
		t.Fatal("no closed case in the list")
	}
}

// scrollsWiderThanViewport finds vertical scrolls whose content is wider
// than what they show: the right of it is cut off.
func scrollsWiderThanViewport(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		if sc, ok := o.(*container.Scroll); ok && sc.Direction == container.ScrollVerticalOnly && sc.Content != nil {
			if w, v := sc.Content.MinSize().Width, sc.Size().Width; w > v+1 {
				out = append(out, fmt.Sprintf("content %.0f px wide in a %.0f px scroll: %q", w, v, texts(sc.Content)[:min(3, len(texts(sc.Content)))]))
			}
		}
	})
	return out
}

// Was: the case detail is wider than its pane: status and notes cut off.
func TestCaseDetailFitsItsPane(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("cases")
	s := h.cases()
	s.list.Select(0)
	for _, p := range scrollsWiderThanViewport(s.detail) {
		t.Error(p)
	}
}

// Was: with a few passes (scenario names grow "· best 95.5"), the
// training picker's detail column is cut off on the right.
func TestTrainingPickerFitsTheWindow(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
		fivePasses(h)
		h.app.show("training")
		for _, p := range scrollsWiderThanViewport(h.app.Window().Content()) {
			t.Errorf("%s: %s", l, p)
		}
	}
}

func fivePasses(h *harness) {
	ver := h.app.trainingContent().CurrentRubric().Version
	for i, sc := range []string{"bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check", "promo_expired"} {
		at := fixedNow.Add(time.Duration(i-60) * time.Minute)
		a := training.Attempt{Format: 2, Scenario: sc, Mode: training.Test, Trainee: "Nuria", Started: at, Finished: at.Add(time.Minute), RubricVersion: ver, Track: "billing_1"}
		h.tdb.SaveAttempt(context.Background(), a, training.Report{Scenario: sc, Total: 95.5, Passed: true, Complete: true, RubricVersion: ver, PassMark: 85})
	}
}

// Was: "5/4": passes counted beyond what the track needs.
func TestTrackProgressNeverOverNeeded(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	fivePasses(h)
	h.app.show("training")
	h.mustNotHave("5/4")
}

// Was: training scripts leave {{call_reason}} as a gap the trainee cannot fill.
func TestTrainingScriptsFillTheCallReason(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s := h.pickScenario("billing_1", "promo_expired", training.Practice, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	h.playOne(s)
	gap := "[" + h.app.pb.Say(locales.ES, h.app.pb.Placeholder("call_reason").Label) + "]"
	h.mustNotHave(gap)
}

// Was: the report names a raw turn ID and scores criteria above their maximum.
func TestTrainingReportWordsAndPoints(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s := h.pickScenario("billing_2", "balance_no_pin", training.Test, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, func(turn *training.Turn) string {
		if turn.ID == "insist" {
			return "rude"
		}
		return ""
	})
	h.tap(h.app.t.S("training.ui.finish"))
	h.mustNotHave("colgó en insist")
	// Each criterion's points are shown against what it could earn.
	frac := regexp.MustCompile(`^([0-9.,]+) / ([0-9.,]+) —`)
	num := func(x string) float64 {
		f, _ := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(x, ".", ""), ",", "."), 64)
		return f
	}
	shown := 0
	for _, txt := range texts(h.app.Window().Content()) {
		if g := frac.FindStringSubmatch(txt); g != nil {
			shown++
			if num(g[1]) > num(g[2]) {
				t.Errorf("criterion shown as %s", g[0])
			}
		}
	}
	if shown == 0 {
		t.Error("no criterion's points shown")
	}
}

// Was: the team queue's SLA clock is drawn over the rest of its line.
func TestTeamRowSLAClockBesideItsLine(t *testing.T) {
	h, ts := newTeamHarness(t, locales.ES)
	_ = h
	row := ts.newRow().(*fyne.Container)
	row.Resize(fyne.NewSize(560, 80)) // as the list sizes its template, then fills it
	ts.updateRow(0, row)
	second := row.Objects[0].(*fyne.Container).Objects[1].(*fyne.Container)
	rest, sla := second.Objects[0].(*widget.Label), second.Objects[1].(*widget.Label)
	if sla.Position().X+sla.MinSize().Width > rest.Position().X+1 {
		t.Errorf("%q (ends at %.0f) drawn over %q (starts at %.0f)", sla.Text, sla.Position().X+sla.MinSize().Width, rest.Text, rest.Position().X)
	}
}

// Was: Settings' error lines are drawn over the separator and the playbook line.
func TestSettingsErrorsAreLaidOut(t *testing.T) {
	h, s := settingsOfX(t)
	s.agent.SetText("")
	s.crmURL.SetText("crm.local")
	h.tap("Save")
	if s.status.Size().Height+1 < s.status.MinSize().Height {
		t.Errorf("status %q is %.0f px high, needs %.0f", s.status.Text, s.status.Size().Height, s.status.MinSize().Height)
	}
}

// Was: the conflict dialog shows typed values by their IDs, in stored form.
func TestConflictDialogWritesValuesInWords(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "ana"})
	customers, _ := cases.DemoData(fixedNow, "ana")
	mine, _ := cases.StartCall(h.app.pb, "ana", "agent", "bill_increase", locales.ES, *customers[0], false)
	theirs := *mine
	mine.Values = map[string]string{"past_due": "6950", "payment_date": "2026-10-31"}
	v := h.app.sync.conflictView(desksync.CaseConflict{Theirs: &theirs, Mine: mine}, 1, 1, func(bool) {}, func() {})
	all := strings.Join(texts(v), " | ")
	for _, bad := range []string{"past_due", "6950", "2026-10-31"} {
		if strings.Contains(all, bad) {
			t.Errorf("conflict dialog shows %q: %s", bad, all)
		}
	}
}

type slowStore struct {
	cases.Store
	gate chan struct{}
}

func (s slowStore) Timeline(ctx context.Context, id string) ([]cases.Event, error) {
	<-s.gate
	return s.Store.Timeline(ctx, id)
}

// Was: during an export, Cancel and the progress bar are drawn at size 0.
func TestExportControlsAreLaidOut(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	gate := make(chan struct{})
	h.app.deps.Store = slowStore{h.app.deps.Store, gate}
	s.onExport()
	for _, o := range []fyne.CanvasObject{s.cancelB, s.progress} {
		if o.Visible() && (o.Size().Width+1 < o.MinSize().Width || o.Size().Height+1 < o.MinSize().Height) {
			t.Errorf("%T shown at %v, needs %v", o, o.Size(), o.MinSize())
		}
	}
	close(gate)
	waitExport(t, s)
}

// Was: the recap calls an account credit awaiting approval "the adjustment".
func TestRecapNamesTheActionWaiting(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCallLang: "en"})
	s := h.startCall("4417001234", "bill incr")
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	s.onAction("credit", "80.00", "goodwill")
	s.onGoto("summary")
	h.mustNotHave("The adjustment of $80.00")
}

type zrect struct{ x0, y0, x1, y1 float32 }

func (r zrect) inter(o zrect) zrect {
	return zrect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}

func (r zrect) area() float32 {
	if r.x1 <= r.x0 || r.y1 <= r.y0 {
		return 0
	}
	return (r.x1 - r.x0) * (r.y1 - r.y0)
}
