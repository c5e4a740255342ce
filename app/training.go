package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/speech"
	"agentdesk/training"
)

// trainingScreen is the offline training mode. A trainee picks a track and
// a scenario, practises (hints, feedback, retries) or takes the test (no
// hints, no going back, timed), and works a simulated call laid out like
// the live one: the checklist, the step's scripts with the drawn figures
// behind the same authentication gate, the account screen, and the
// customer's lines with the decisions to make. Attempts are graded on the
// spot and kept in the training database only. Supervisors also see every
// trainee's attempts, a chart of their scores and a CSV export.
type trainingScreen struct {
	a *App

	track    string
	scenario string
	mode     training.Mode
	lang     locales.Lang
	sess     *training.Session
	// openID is the ID the test call under way is kept under in the
	// training database (training.OpenStore) and recorded under at its end.
	openID string
	report *training.Report
	// reportScenario is the scenario the report grades, whose element
	// labels explain the judged lines.
	reportScenario *training.Scenario
	cert           *training.Certificate
	// certFailed says a certificate earned could not be issued or saved.
	certFailed string
	entryVal   string
	status     string
	voice      trainingVoice

	trainee string // supervisor view: who is shown
	tab     int    // supervisor: practise or trainees
	tabs    *container.AppTabs
	team    teamTrainees // supervisor view: trainees of every desk, from crmd

	root *fyne.Container
}

func newTrainingScreen(a *App) *trainingScreen {
	return &trainingScreen{a: a, mode: training.Practice, root: container.NewStack(),
		voice: trainingVoice{engine: speech.System()}}
}

func (s *trainingScreen) key() string         { return "training" }
func (s *trainingScreen) icon() fyne.Resource { return theme.AccountIcon() }

func (s *trainingScreen) build() fyne.CanvasObject {
	s.closeAbandoned()
	s.issueEarned()
	s.refresh()
	return s.root
}

// onShow redraws the picker or the supervisor view with fresh records;
// a call in progress is left as it is.
func (s *trainingScreen) onShow() {
	if s.sess == nil {
		s.closeAbandoned()
		s.issueEarned()
		s.refresh()
	}
}

// closeAbandoned records the trainee's test calls left under way by a
// desk closed or stopped mid-call (training.Content.CloseAbandoned), and
// tells the trainee once: the records leave nothing open to tell again.
// One stopped mid-call is a call cut short; one answered to its end and
// stopped before Finish is graded as it ended, and may complete its
// track, whose certificate is issued now, as Finish would have.
func (s *trainingScreen) closeAbandoned() {
	st, ok := s.a.deps.TrainingStore.(training.OpenStore)
	if !ok || s.sess != nil || !s.available() || s.me() == "" {
		return
	}
	tc, t := s.a.trainingContent(), s.a.t
	closed, err := tc.CloseAbandoned(s.a.ctx, st, s.me())
	if err != nil {
		s.a.deps.Log.Error("training: unfinished test calls not closed", "err", err)
	}
	cut, answered := 0, 0
	var certs []string
	for _, r := range closed {
		if !r.Report.Complete {
			cut++
			continue
		}
		answered++
		if tr := tc.TrackFor(r.Attempt.Track, r.Attempt.Scenario); tr != nil {
			switch cert, failed := s.certify(tr, r.Attempt.Trainee); {
			case failed != "":
				certs = append(certs, failed)
			case cert != nil:
				certs = append(certs, t.D("training.ui.new_certificate", map[string]any{"Track": tc.TrackTitle(tr, t.Lang)}))
			}
		}
	}
	var body []string
	if cut > 0 {
		body = append(body, t.N("training.ui.abandoned.body", cut, nil))
	}
	if answered > 0 {
		body = append(body, t.N("training.ui.recovered.body", answered, nil))
	}
	if body = append(body, certs...); len(body) > 0 {
		s.a.inform(t.N("training.ui.abandoned.title", cut+answered, nil), strings.Join(body, "\n\n"))
	}
}

// keepOpen keeps the test call under way, as it stands, in the training
// database: at its start and after each answer. A practice call is not
// kept: dropping one on close is what practice is.
func (s *trainingScreen) keepOpen() error {
	st, ok := s.a.deps.TrainingStore.(training.OpenStore)
	if !ok || s.sess == nil || s.sess.Mode() != training.Test {
		return nil
	}
	id, err := st.SaveOpenAttempt(s.a.ctx, s.attempt())
	if err != nil {
		return err
	}
	s.openID = id
	return nil
}

// dropOpen forgets the test call under way that ends without a record.
func (s *trainingScreen) dropOpen() {
	st, ok := s.a.deps.TrainingStore.(training.OpenStore)
	if !ok || s.openID == "" {
		return
	}
	if err := st.DropOpenAttempt(s.a.ctx, s.openID); err != nil {
		s.a.deps.Log.Error("training: open test call not dropped", "id", s.openID, "err", err)
	}
	s.openID = ""
}

func (s *trainingScreen) available() bool {
	return s.a.trainingContent() != nil && s.a.deps.TrainingStore != nil
}

func (s *trainingScreen) refresh() {
	var c fyne.CanvasObject
	switch {
	case !s.available():
		l := widget.NewLabel(s.a.t.S("training.ui.unavailable"))
		l.Wrapping = fyne.TextWrapWord
		c = container.NewCenter(l)
	case s.report != nil:
		c = s.reportView()
	case s.sess != nil:
		c = s.sessionView()
	default:
		c = s.pickerView()
	}
	s.root.Objects = []fyne.CanvasObject{c}
	s.root.Refresh()
}

func (s *trainingScreen) me() string { return s.a.ws.Agent }

func (s *trainingScreen) records(trainee string) ([]training.Record, []training.Certificate) {
	recs, err := s.a.deps.TrainingStore.Attempts(s.a.ctx, trainee)
	if err != nil {
		s.status = s.a.errorText(err)
	}
	// A supervisor's desk also reads the calls played at other desks, as
	// crmd graded them; the desk's own record of a call comes first.
	recs = training.MergeRecords(recs, s.teamRecords(trainee))
	certs, err := s.a.deps.TrainingStore.Certificates(s.a.ctx, trainee)
	if err != nil {
		s.status = s.a.errorText(err)
	}
	return recs, certs
}

// ---------------------------------------------------------------- picker

func (s *trainingScreen) pickerView() fyne.CanvasObject {
	t, tc := s.a.t, s.a.trainingContent()
	if s.lang == "" {
		s.lang = s.a.ws.CallLang
	}
	if s.track == "" && len(tc.Tracks) > 0 {
		s.track = tc.Tracks[0].ID
	}
	recs, certs := s.records(s.me())
	prog := tc.Progress(s.me(), recs, certs)

	// Tracks, with how far the trainee is in each.
	var trackRows []fyne.CanvasObject
	for i := range tc.Tracks {
		tr := &tc.Tracks[i]
		label, certified := tc.TrackTitle(tr, t.Lang), false
		for _, tp := range prog.Tracks {
			if tp.Track == tr.ID {
				label += "  " + t.D("training.ui.track_progress", map[string]any{"Passed": min(tp.Passed, tp.Needed), "Total": tp.Needed})
				// Certified is what a certificate says, not the standing:
				// a rule met whose certificate could not be saved is only
				// complete (as the progress PDF says it), with nothing to
				// print.
				switch {
				case tp.HasCertificate:
					label += " · " + t.S("training.ui.certified")
					certified = true
				case tp.Certified:
					label += " · " + t.S("training.ui.not_certified")
				case tp.Blocked:
					// No score makes up for it: "4/4" alone read as done.
					label += " · " + t.N("training.ui.track_blocked", 1, nil)
				case tp.Passed >= tp.Needed && len(tp.Counted) < tp.Calls:
					label += " · " + t.N("training.ui.track_calls_short", tp.Calls-len(tp.Counted), nil)
				}
			}
		}
		id := tr.ID
		var icon fyne.Resource
		if certified {
			icon = theme.NewThemedResource(markCert)
		}
		trackRows = append(trackRows, pickButton(label, icon, id == s.track, func() { s.track = id; s.scenario = ""; s.refresh() }))
	}

	// Scenarios of the track, with the trainee's best result so far.
	best := map[string]float64{}
	for _, r := range recs {
		best[r.Attempt.Scenario] = max(best[r.Attempt.Scenario], r.Report.Total)
	}
	// The scenarios whose test call counts as passed under the track's
	// rule: the standing the PDF and the CLI report too.
	passedTest := map[string]bool{}
	for _, tp := range prog.Tracks {
		if tp.Track == s.track {
			for _, id := range tp.PassedScenarios {
				passedTest[id] = true
			}
		}
	}
	var scRows []fyne.CanvasObject
	if tr := tc.Track(s.track); tr != nil {
		for _, id := range tr.Scenarios {
			sc := tc.Scenario(id)
			if sc == nil {
				continue
			}
			if s.scenario == "" {
				s.scenario = id
			}
			// The level is in the detail beside (training.ui.meta): the
			// column stays as narrow as a title and a best score, or the
			// detail is pushed off the window's right edge.
			label := sc.Say(t.Lang, sc.Title)
			if v, ok := best[id]; ok {
				label += " · " + t.D("training.ui.best", map[string]any{"Score": score(t.Lang, v)})
			}
			sid := id
			var icon fyne.Resource
			if passedTest[id] {
				icon = theme.ConfirmIcon()
			}
			scRows = append(scRows, pickButton(label, icon, sid == s.scenario, func() { s.scenario = sid; s.refresh() }))
		}
	}

	detail := []fyne.CanvasObject{}
	if sc := tc.Scenario(s.scenario); sc != nil {
		title := subheading(sc.Say(t.Lang, sc.Title))
		title.Wrapping = fyne.TextWrapWord // a long title in the column's width
		ct := sc.CallType
		if x := s.a.pb.CallType(sc.CallType); x != nil {
			ct = s.a.pb.Say(t.Lang, x.Title)
		}
		// The persona's words carry drawn values ({{customer_name}}): they
		// are shown once the call starts and the draw is made.
		meta := widget.NewLabel(t.D("training.ui.meta", map[string]any{"CallType": ct, "Difficulty": sc.Difficulty}))
		meta.Wrapping = fyne.TextWrapWord
		detail = append(detail, title, meta)
	}
	modes := []string{t.S("training.ui.mode.practice"), t.S("training.ui.mode.test")}
	mode := widget.NewRadioGroup(modes, func(v string) {
		if v == modes[1] {
			s.mode = training.Test
		} else {
			s.mode = training.Practice
		}
	})
	mode.Required = true // clicked again, a choice stays chosen
	mode.Horizontal = true
	mode.SetSelected(modes[map[bool]int{false: 0, true: 1}[s.mode == training.Test]])
	modeHint := widget.NewLabel(t.S("training.ui.mode.hint"))
	modeHint.Wrapping = fyne.TextWrapWord
	modeHint.Importance = widget.LowImportance
	lang := widget.NewRadioGroup(langOptions(), func(v string) { s.lang = langFromName(v) })
	lang.Required = true // clicked again, a choice stays chosen
	lang.Horizontal = true
	lang.SetSelected(langNames[s.lang])
	start := widget.NewButtonWithIcon(t.S("training.ui.start"), theme.MediaPlayIcon(), s.onStart)
	start.Importance = widget.HighImportance
	voiceCheck, voiceNote := s.voiceSetting()
	choices := widget.NewForm(
		widget.NewFormItem(t.S("training.ui.mode.label"), mode),
		widget.NewFormItem(t.S("call.lang"), lang),
		widget.NewFormItem(t.S("training.ui.voice.label"), voiceCheck),
	)
	// Labels above the choices: beside them, the column was wider than
	// the room the lists leave, and its right side was cut off.
	choices.Orientation = widget.Vertical
	detail = append(detail, choices, modeHint, voiceNote, container.NewHBox(start))
	if s.status != "" {
		st := widget.NewLabel(s.status)
		st.Importance = widget.DangerImportance
		st.Wrapping = fyne.TextWrapWord
		detail = append(detail, st)
	}

	// Where the trainee stands: most missed criteria, what to practise next.
	progress := []fyne.CanvasObject{heading(t.S("training.ui.progress"))}
	// The detail column takes the width the lists leave: its lines wrap
	// rather than set the window's width (wrapped).
	if len(prog.History) == 0 {
		progress = append(progress, wrapped(t.S("training.ui.no_attempts")))
	}
	for i, m := range prog.Missed {
		if i == 3 || m.Missed == 0 {
			break
		}
		progress = append(progress, wrapped("• "+training.CriterionTitle(t, m.Criterion)+"  "+
			t.D("training.ui.missed", map[string]any{"Missed": m.Missed, "Graded": m.Graded})))
	}
	if n := prog.Next; n.Scenario != "" {
		if sc := tc.Scenario(n.Scenario); sc != nil {
			next := widget.NewLabel(t.D("training.ui.next", map[string]any{"Scenario": sc.Say(t.Lang, sc.Title)}))
			next.Wrapping = fyne.TextWrapWord
			next.Importance = widget.HighImportance
			progress = append(progress, next)
		}
	}
	progress = append(progress, s.refusedView(recs)...)
	// Every certificate, a retired track's too: it was earned, and prints.
	for _, c := range certs {
		progress = append(progress, container.NewBorder(nil, nil, nil, s.certificateButton(c), marked(markCert, wrapped(t.D("training.ui.certificate", map[string]any{
			"Track": tc.TrackName(c.Track, t.Lang), "Date": locales.FormatDate(t.Lang, c.Date)})))))
	}

	left := container.NewVBox(append([]fyne.CanvasObject{heading(t.S("training.ui.tracks"))}, trackRows...)...)
	mid := container.NewVBox(append([]fyne.CanvasObject{heading(t.S("training.ui.scenarios"))}, scRows...)...)
	right := container.NewVBox(append(detail, widget.NewSeparator(), container.NewVBox(progress...))...)
	// The tracks and the scenarios are as wide as their names; the detail
	// has the rest. Three equal columns were each as wide as the widest,
	// which made the window 1330 px wide in Spanish, more than a 1280 or
	// 1366 px laptop screen leaves.
	top := container.NewBorder(nil, nil, container.NewHBox(container.NewVScroll(left), container.NewVScroll(mid)), nil, container.NewVScroll(right))
	title := subheading(t.S("training.ui.title"))
	var body fyne.CanvasObject = top
	if s.a.role() == cases.RoleSupervisor {
		s.tabs = container.NewAppTabs(
			container.NewTabItem(t.S("training.ui.practice_tab"), top),
			container.NewTabItem(t.S("training.ui.supervisor_tab"), s.supervisorView()),
		)
		s.tabs.SelectIndex(s.tab)
		s.tabs.OnSelected = func(*container.TabItem) {
			// Rebuilt on selection: attempts may have been made since.
			if i := s.tabs.SelectedIndex(); i != s.tab {
				s.tab = i
				s.refresh()
			}
		}
		body = s.tabs
	}
	note := widget.NewLabel(t.S("training.ui.offline"))
	note.Importance = widget.LowImportance
	return container.NewPadded(container.NewBorder(container.NewVBox(title, note), nil, nil, nil, body))
}

// refusedView names the trainee's calls crmd refused for good
// (desksync.RefusedAttempts), and why: kept only on this desk, the
// supervisor never sees them on crmd, and nothing else would say so.
func (s *trainingScreen) refusedView(recs []training.Record) []fyne.CanvasObject {
	marks, ok := s.a.deps.TrainingStore.(cases.Settings)
	if !ok {
		return nil
	}
	refused, err := desksync.RefusedAttempts(s.a.ctx, marks)
	if err != nil {
		s.a.deps.Log.Error("training: refused attempts not read", "err", err)
		return nil
	}
	t, tc := s.a.t, s.a.trainingContent()
	var lines []fyne.CanvasObject
	for _, r := range recs {
		code, ok := refused[r.Attempt.ID]
		if !ok || r.Attempt.ID == "" {
			continue
		}
		title := r.Attempt.Scenario
		if sc := tc.Scenario(title); sc != nil {
			title = sc.Say(t.Lang, sc.Title)
		}
		why := t.S("training.ui.refused.other")
		switch code {
		case crm.CodeTooLarge:
			why = t.S("training.ui.refused.too_large")
		case crm.CodeNotReplayable, crm.CodeNoRubricVersion:
			why = t.S("training.ui.refused.not_graded")
		}
		lines = append(lines, wrapped("• "+t.D("training.ui.refused.call", map[string]any{
			"Scenario": title, "Date": locales.FormatDate(t.Lang, r.Attempt.Started), "Why": why})))
	}
	if len(lines) == 0 {
		return nil
	}
	head := widget.NewLabel(t.N("training.ui.refused.title", len(lines), nil))
	head.Wrapping = fyne.TextWrapWord
	head.Importance = widget.WarningImportance
	return append([]fyne.CanvasObject{head}, lines...)
}

func (s *trainingScreen) onStart() {
	sc := s.a.trainingContent().Scenario(s.scenario)
	if sc == nil {
		return
	}
	seed := s.a.deps.Now().UnixNano() % 1_000_000
	sess, err := training.NewSession(sc, seed, s.mode,
		training.WithClock(s.a.deps.Now), training.WithLang(s.lang), training.WithTrainee(s.me()),
		training.WithCompany(s.company()), training.WithRubric(s.a.trainingContent().CurrentRubric()))
	if err != nil {
		s.status = s.a.errorText(err)
		s.refresh()
		return
	}
	s.sess, s.report, s.cert, s.certFailed, s.status, s.entryVal, s.openID = sess, nil, nil, "", "", "", ""
	// A test call is kept from its start: one that cannot be is not
	// begun, or closing the app on it would leave no trace.
	if err := s.keepOpen(); err != nil {
		s.sess, s.status = nil, s.a.errorText(err)
		s.refresh()
		return
	}
	s.forgetHeard()
	s.refresh()
}

func (s *trainingScreen) reportView() fyne.CanvasObject {
	t, r := s.a.t, s.report
	title := subheading(t.S("training.ui.report"))
	verdict := widget.NewLabel("")
	mark := theme.ConfirmIcon()
	if r.Passed {
		verdict.Text = t.D("training.ui.passed", map[string]any{"Score": score(t.Lang, r.Total), "Mark": r.PassMark})
		verdict.Importance = widget.SuccessImportance
	} else {
		verdict.Text = t.D("training.ui.failed", map[string]any{"Score": score(t.Lang, r.Total), "Mark": r.PassMark})
		verdict.Importance = widget.DangerImportance
		mark = theme.CancelIcon()
	}
	verdict.TextStyle = fyne.TextStyle{Bold: true}
	parts := []fyne.CanvasObject{title, marked(mark, verdict)}
	for _, b := range r.Blockers {
		l := widget.NewLabel(training.BlockerTitle(t, b.ID) + ": " + b.Explain(t))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		parts = append(parts, marked(theme.ErrorIcon(), l))
	}
	// What was said in one's own words, turn by turn, with the words
	// that decided each element: a trainer can see why.
	if sc := s.reportScenario; sc != nil && len(r.Responses) > 0 {
		parts = append(parts, heading(t.S("training.ui.responses")))
		for _, j := range r.Responses {
			prompt := j.Turn
			if turn := sc.Turn(j.Turn); turn != nil && turn.Response != nil {
				prompt = sc.Say(t.Lang, turn.Response.Prompt)
			}
			h := widget.NewLabelWithStyle(t.D("training.ui.response_score", map[string]any{"Prompt": prompt, "Score": score(t.Lang, j.Mark*100)}),
				fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			h.Wrapping = fyne.TextWrapWord
			parts = append(parts, h)
			parts = append(parts, s.judgementLines(sc, j)...)
		}
	}
	grid := widget.NewForm()
	for _, c := range r.Criteria {
		if !c.Applicable {
			continue
		}
		v := widget.NewLabel(fmt.Sprintf("%s / %s — %s", score(t.Lang, c.Points), score(t.Lang, r.MaxPoints(c)), c.Explain(t)))
		v.Wrapping = fyne.TextWrapWord
		grid.Append(training.CriterionTitle(t, c.ID), v)
	}
	parts = append(parts, grid, widget.NewLabel(t.D("training.ui.rubric", map[string]any{"Version": r.RubricVersion})))
	if s.cert != nil {
		if tr := s.a.trainingContent().Track(s.cert.Track); tr != nil {
			c := widget.NewLabel(t.D("training.ui.new_certificate", map[string]any{"Track": s.a.trainingContent().TrackTitle(tr, t.Lang)}))
			c.Importance = widget.SuccessImportance
			c.Wrapping = fyne.TextWrapWord
			parts = append(parts, marked(markCert, c), container.NewHBox(s.certificateButton(*s.cert)))
		}
	}
	if s.certFailed != "" {
		c := widget.NewLabel(s.certFailed)
		c.Importance = widget.DangerImportance
		c.Wrapping = fyne.TextWrapWord
		parts = append(parts, marked(theme.ErrorIcon(), c))
	}
	again := widget.NewButtonWithIcon(t.S("training.ui.back"), theme.NavigateBackIcon(), func() {
		s.report, s.reportScenario, s.cert, s.certFailed = nil, nil, nil, ""
		s.refresh()
	})
	again.Importance = widget.HighImportance
	parts = append(parts, container.NewHBox(again))
	return container.NewPadded(container.NewVScroll(container.NewCenter(fixedWidth(760, container.NewVBox(parts...)))))
}

// ---------------------------------------------------------------- supervisor

// trainees is implemented by the training database: everyone with an attempt.
type trainees interface {
	Trainees(ctx context.Context) ([]string, error)
}

func (s *trainingScreen) supervisorView() fyne.CanvasObject {
	t := s.a.t
	if s.team.state == traineesNotRead {
		s.readTeamTrainees()
	}
	var who []string
	if tl, ok := s.a.deps.TrainingStore.(trainees); ok {
		who, _ = tl.Trainees(s.a.ctx)
	}
	for _, n := range training.Trainees(s.teamRecs()) {
		if !slices.Contains(who, n) {
			who = append(who, n)
		}
	}
	slices.SortStableFunc(who, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	bar := s.teamTraineesBar()
	if len(who) == 0 {
		return container.NewBorder(bar, nil, nil, nil, container.NewCenter(widget.NewLabel(t.S("training.ui.no_trainees"))))
	}
	if s.trainee == "" || !slices.Contains(who, s.trainee) {
		s.trainee = who[0]
	}
	pick := widget.NewSelect(who, nil)
	pick.SetSelected(s.trainee)
	// Set after the initial selection: SetSelected calls it, and a redraw
	// from inside the redraw would never end.
	pick.OnChanged = func(v string) {
		if v != s.trainee {
			s.trainee = v
			s.refresh()
		}
	}
	recs, certs := s.records(s.trainee)
	tc := s.a.trainingContent()

	chart := newBarChart()
	chart.fixed, chart.lo, chart.hi = true, 0, 100
	chart.showValues = true
	chart.tick = func(v float64) string { return score(t.Lang, v) }
	chart.yTitle = t.S("training.ui.score")
	chart.xTitle = t.S("training.ui.attempts")
	for i, r := range recs {
		col := theme.ColorNamePrimary
		if !r.Report.Passed {
			col = theme.ColorNameError
		}
		chart.bars = append(chart.bars, chartBar{label: strconv.Itoa(i + 1), value: r.Report.Total, color: col, strong: r.Attempt.Mode == training.Test})
	}
	// Each call was graded against its own pass mark (a track's may be
	// above the rubric's): a line for each one the calls were held to, so
	// a red bar never stands above the only line drawn.
	for _, pm := range training.PassMarks(recs, tc.CurrentRubric().PassMark) {
		chart.refs = append(chart.refs, chartRef{value: float64(pm), label: t.D("training.ui.pass_mark_of", map[string]any{"Mark": pm})})
	}
	chart.Refresh()

	rows := []fyne.CanvasObject{}
	for i := len(recs) - 1; i >= 0 && i >= len(recs)-12; i-- {
		r := recs[i]
		title := r.Attempt.Scenario
		if sc := tc.Scenario(title); sc != nil {
			title = sc.Say(t.Lang, sc.Title)
		}
		line := fmt.Sprintf("%s · %s · %s · %s", locales.FormatDateTime(t.Lang, r.Attempt.Started.Local()), title,
			t.S("training.ui.mode."+string(r.Attempt.Mode)), score(t.Lang, r.Report.Total))
		for _, b := range r.Report.Blockers {
			line += " — " + training.BlockerTitle(t, b.ID)
		}
		l := widget.NewLabel(line)
		if len(r.Report.Blockers) > 0 {
			l.Importance = widget.DangerImportance
		}
		l.Truncation = fyne.TextTruncateEllipsis
		rows = append(rows, l)
	}
	for _, c := range certs {
		rows = append(rows, container.NewBorder(nil, nil, nil, s.certificateButton(c), marked(markCert, widget.NewLabel(t.D("training.ui.certificate", map[string]any{"Track": tc.TrackName(c.Track, t.Lang), "Date": locales.FormatDate(t.Lang, c.Date)})))))
	}
	csvB := widget.NewButtonWithIcon(t.S("training.ui.csv"), theme.DownloadIcon(), func() { s.onCSV(who) })
	top := container.NewBorder(nil, nil, widget.NewLabel(t.S("training.ui.trainee")), container.NewHBox(s.progressButton(), csvB), pick)
	return container.NewBorder(container.NewVBox(bar, top), nil, nil, nil, container.NewVSplit(chart, container.NewVScroll(container.NewVBox(rows...))))
}

// onCSV exports every trainee's attempts for a spreadsheet.
func (s *trainingScreen) onCSV(who []string) {
	// The supervisor's view has no status line: a failure is said in a
	// dialog, or the button would seem to do nothing.
	failed := func(err error) {
		s.a.inform(s.a.t.S("training.ui.csv_failed"), s.a.errorText(err))
	}
	dir := (&reportsScreen{a: s.a}).exportDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		failed(err)
		return
	}
	path, err := writeNewFile(filepath.Join(dir, "training-"+s.a.deps.Now().Format("20060102-150405")+".csv"), func(f *os.File) error {
		// A byte-order mark first: without it, the spreadsheet most
		// supervisors open a CSV in reads it in the system's legacy code
		// page, and every accented name comes out garbled (NÃºria).
		if _, err := f.WriteString("\ufeff"); err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.Write([]string{"trainee", "attempt", "scenario", "mode", "started", "duration_s", "score", "passed", "blockers", "rubric"})
		for _, tr := range who {
			recs, err := s.a.deps.TrainingStore.Attempts(s.a.ctx, tr)
			if err != nil {
				return err
			}
			// What the view lists: the calls played at other desks too, as
			// crmd graded them.
			for _, r := range training.MergeRecords(recs, s.teamRecords(tr)) {
				var bl []string
				for _, b := range r.Report.Blockers {
					bl = append(bl, b.ID)
				}
				w.Write([]string{textCell(tr), textCell(r.Attempt.ID), textCell(r.Attempt.Scenario), textCell(string(r.Attempt.Mode)), r.Attempt.Started.UTC().Format(time.RFC3339),
					strconv.FormatInt(r.Report.DurationMS/1000, 10), strconv.FormatFloat(r.Report.Total, 'f', 1, 64),
					strconv.FormatBool(r.Report.Passed), textCell(strings.Join(bl, ";")), textCell(r.Report.RubricVersion)})
			}
		}
		w.Flush()
		return w.Error()
	})
	if err != nil {
		failed(err)
		return
	}
	s.a.openFile(path)
}

// textCell is a text for a spreadsheet cell: one that starts as a formula
// would (=, +, -, @, or a tab or carriage return before one) gets a leading
// apostrophe, so a spreadsheet shows it rather than runs it. A trainee
// names themselves on their own desk, and the supervisor opens the export.
func textCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// score prints a 0-100 score with one decimal in the interface language.
func score(l locales.Lang, v float64) string { return calculators.FormatNumber(v, 1, l) }
