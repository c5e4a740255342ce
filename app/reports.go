package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/pdf"
)

// reportsScreen exports case summaries (one PDF or one file per case) and
// the weekly reason-code report. Agents export their own cases;
// supervisors choose among all. Exports run in the background with a
// progress bar and a cancel button, and open in the system viewer.
type reportsScreen struct {
	a *App
	// body is the screen's column, laid out again when the export's
	// controls come and go (drawn at size 0 over the page otherwise).
	body *fyne.Container

	from, to, agent string
	// datesLang is the language from and to are written in: the interface
	// language when they were typed or filled in. A date is read in it,
	// and written again when the interface language changes ("03/12/2026"
	// is 3 December in Spanish and 12 March in English).
	datesLang locales.Lang
	// autoFrom and autoTo are the range the screen wrote itself, the
	// week up to today (defaultDates). While from and to are still those,
	// nothing was typed, and the range follows the clock each time the
	// screen is shown, as the weekly report's week does.
	autoFrom, autoTo string
	status           cases.Status
	reason           string
	// docLang is the language documents are written in: the interface
	// language, until the person picks one (docLangChosen).
	docLang       locales.Lang
	docLangChosen bool
	perCase       bool
	// week is the weekly report's ISO week: the current one, worked out
	// again each time the screen is shown, until the person types one
	// (weekTyped), or a screen left open past Monday offers last week.
	week      string
	weekTyped bool
	weekE     *widget.Entry

	fromE, toE, agentE *widget.Entry
	// reporting is set while the weekly report is written (in the
	// background); weekB, its button, waits for it.
	reporting atomic.Bool
	weekB     *widget.Button
	// findTmr lists the cases of what is typed once typing pauses
	// (findSoon).
	findTmr *time.Timer

	matches   []*cases.Case
	running   atomic.Bool
	finishing bool // inside finish: the export is over but running is still set
	cancel    atomic.Bool
	done      float64 // the running export's progress, for a page drawn anew
	progress  *widget.ProgressBar
	result    *widget.Label
	found     *widget.Label
	exportB   *widget.Button
	cancelB   *widget.Button
}

func newReportsScreen(a *App) *reportsScreen { return &reportsScreen{a: a} }

func (s *reportsScreen) key() string         { return "reports" }
func (s *reportsScreen) icon() fyne.Resource { return theme.DocumentPrintIcon() }

func (s *reportsScreen) build() fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	now := s.a.deps.Now()
	if !s.docLangChosen {
		s.docLang = t.Lang // never picked: it follows the interface
	}
	if s.datesAuto() {
		s.defaultDates(now)
	}
	// A range typed (a start cleared on purpose too: everything up to a
	// day) stays across redraws, in the language it was typed in.
	if s.datesLang != t.Lang {
		for _, p := range []*string{&s.from, &s.to} {
			if d, err := locales.ParseDate(s.datesLang, strings.TrimSpace(*p)); err == nil {
				*p = locales.FormatDate(t.Lang, d)
			}
		}
		s.datesLang = t.Lang
	}
	if !s.weekTyped {
		s.week = isoWeek(now)
	}
	bind := func(p *string, ph string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(*p)
		e.SetPlaceHolder(ph)
		e.OnChanged = func(v string) { *p = v; s.findSoon() }
		return e
	}
	from := bind(&s.from, t.S("call.value.kind.date"))
	to := bind(&s.to, t.S("call.value.kind.date"))
	s.fromE, s.toE = from, to
	from.OnChanged = func(v string) { s.from, s.datesLang = v, t.Lang; s.findSoon() }
	to.OnChanged = func(v string) { s.to, s.datesLang = v, t.Lang; s.findSoon() }
	var agent *widget.Entry
	if s.a.role() == cases.RoleSupervisor {
		agent = bind(&s.agent, t.S("reports.agent.placeholder"))
	} else {
		// An agent's reports are their own: the name is shown, not kept
		// as the filter, or the same desk made a supervisor's would list
		// only that agent's cases.
		agent = widget.NewEntry()
		agent.SetText(s.a.ws.Agent)
		agent.Disable()
	}
	s.agentE = agent
	status := statusSelect(t, &s.status, s.onFind)
	reasonOpts := []string{t.S("cases.status.all")}
	reasonIDs := []string{""}
	for _, rc := range pb.ReasonCodes {
		reasonOpts, reasonIDs = append(reasonOpts, pb.Say(t.Lang, rc.Title)), append(reasonIDs, rc.ID)
	}
	reason := widget.NewSelect(reasonOpts, nil)
	reason.SetSelectedIndex(0)
	if i := slices.Index(reasonIDs, s.reason); i > 0 {
		reason.SetSelectedIndex(i)
	} else {
		// A code the pack in force no longer has (one published since
		// it was picked) cannot be shown: the list reads "All", and so
		// must the filter.
		s.reason = ""
	}
	reason.OnChanged = func(string) { s.reason = reasonIDs[max(reason.SelectedIndex(), 0)]; s.onFind() }

	lang := widget.NewRadioGroup(langOptions(), nil)
	lang.Required = true // clicked again, a choice stays chosen
	lang.Horizontal = true
	lang.SetSelected(langNames[s.docLang])
	lang.OnChanged = func(v string) { s.docLang, s.docLangChosen = langFromName(v), true }
	mode := widget.NewRadioGroup([]string{t.S("reports.mode.one"), t.S("reports.mode.each")}, nil)
	mode.Required = true // clicked again, a choice stays chosen
	mode.Horizontal = true
	mode.SetSelected(map[bool]string{false: t.S("reports.mode.one"), true: t.S("reports.mode.each")}[s.perCase])
	mode.OnChanged = func(v string) { s.perCase = v == t.S("reports.mode.each") }

	s.found = widget.NewLabel("")
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.exportB = widget.NewButtonWithIcon(t.S("reports.export"), theme.DocumentSaveIcon(), s.onExport)
	s.exportB.Importance = widget.HighImportance
	s.cancelB = widget.NewButtonWithIcon(t.S("dialog.cancel"), theme.CancelIcon(), func() { s.cancel.Store(true) })
	s.cancelB.Hide()
	if s.running.Load() && !s.finishing {
		// Drawn anew (another interface language) while an export runs:
		// it goes on, and can still be followed and canceled.
		s.progress.SetValue(s.done)
		s.progress.Show()
		s.cancelB.Show()
	}

	filters := widget.NewForm(
		widget.NewFormItem(t.S("reports.from"), from),
		widget.NewFormItem(t.S("reports.to"), to),
		widget.NewFormItem(t.S("cases.col.status"), status),
		widget.NewFormItem(t.S("reports.agent.label"), agent),
		widget.NewFormItem(t.S("cases.reason"), reason),
		widget.NewFormItem(t.S("reports.doc_lang"), lang),
		widget.NewFormItem(t.S("reports.mode.label"), mode),
	)
	weekEntry := widget.NewEntry()
	s.weekE = weekEntry
	weekEntry.SetText(s.week)
	weekEntry.OnChanged = func(v string) {
		if v = strings.TrimSpace(v); v != s.week {
			// Cleared, it is the current week's again when next shown.
			s.week, s.weekTyped = v, v != ""
		}
	}
	// On a Monday morning the current week has hardly begun: the week
	// before is one tap away, without working out its ISO number.
	lastWeek := widget.NewButton(t.S("reports.week.last"), s.onLastWeek)
	weekBtn := widget.NewButtonWithIcon(t.S("reports.week.button"), theme.DocumentPrintIcon(), s.onReasonReport)
	s.weekB = weekBtn
	if s.reporting.Load() {
		weekBtn.Disable() // drawn anew while a report is written
	}

	title := subheading(t.S("reports.title"))
	body := container.NewVBox(
		title,
		heading(t.S("reports.summaries")),
		filters,
		s.found,
		container.NewHBox(s.exportB, s.cancelB),
		s.progress,
		widget.NewSeparator(),
		heading(t.S("reports.week.title")),
		widget.NewForm(widget.NewFormItem(t.S("reports.week.label"), container.NewBorder(nil, nil, nil, lastWeek, weekEntry))),
		container.NewHBox(weekBtn),
		widget.NewSeparator(),
		s.result,
	)
	s.body = body
	s.onFind()
	return container.NewPadded(container.NewVScroll(container.NewCenter(fixedWidth(640, body))))
}

// onLastWeek puts the week before today's in the field, as if typed: it
// stays until the field is cleared or changed.
func (s *reportsScreen) onLastWeek() {
	s.weekE.SetText(isoWeek(s.a.deps.Now().AddDate(0, 0, -7)))
}

func (s *reportsScreen) onShow() {
	if !s.weekTyped && s.weekE != nil {
		s.week = isoWeek(s.a.deps.Now())
		s.weekE.SetText(s.week)
	}
	if s.datesAuto() && s.fromE != nil {
		s.defaultDates(s.a.deps.Now())
		s.fromE.SetText(s.from)
		s.toE.SetText(s.to)
	}
	s.onFind()
}

// datesAuto reports whether the range is still the one the screen wrote
// (none yet, at first).
func (s *reportsScreen) datesAuto() bool { return s.from == s.autoFrom && s.to == s.autoTo }

// defaultDates sets the range to the week up to now's day, in the
// interface language. Written once, a desk left open from Monday offered
// Monday's range on Friday, and its export left out the days since.
func (s *reportsScreen) defaultDates(now time.Time) {
	l := s.a.t.Lang
	s.from = locales.FormatDate(l, now.AddDate(0, 0, -7))
	s.to = locales.FormatDate(l, now)
	s.autoFrom, s.autoTo, s.datesLang = s.from, s.to, l
}

// isoWeek is t's ISO week as the weekly report reads it: 2026-W47.
func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// filter turns the form into a store query; agents only ever get their own.
func (s *reportsScreen) filter() (cases.Filter, error) {
	l := s.datesLang
	if l == "" {
		l = s.a.t.Lang
	}
	f := cases.Filter{Status: s.status, ReasonCode: s.reason, Agent: strings.TrimSpace(s.agent)}
	if s.a.role() != cases.RoleSupervisor {
		f.Agent = s.a.ws.Agent
	}
	if v := strings.TrimSpace(s.from); v != "" {
		d, err := locales.ParseDate(l, v)
		if err != nil {
			return f, &cases.Error{Code: cases.EInvalid, Field: "from"}
		}
		f.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local)
	}
	if v := strings.TrimSpace(s.to); v != "" {
		d, err := locales.ParseDate(l, v)
		if err != nil {
			return f, &cases.Error{Code: cases.EInvalid, Field: "to"}
		}
		f.To = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local).AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return f, &cases.Error{Code: cases.EInvalid, Field: "range"}
	}
	return f, nil
}

// findPause is how long typing in a filter pauses before its cases are
// listed.
const findPause = 300 * time.Millisecond

// findSoon lists the cases once typing pauses: listing them at every
// keystroke reads and decodes every case of the range each time (a year
// of a busy team is most of a second), on the window's thread. Until
// then the cases found are the previous filter's, and cannot be exported.
func (s *reportsScreen) findSoon() {
	if s.exportB != nil {
		s.exportB.Disable()
	}
	if s.findTmr != nil {
		s.findTmr.Stop()
	}
	s.findTmr = time.AfterFunc(findPause, func() { s.a.do(s.onFind) })
}

func (s *reportsScreen) onFind() {
	if s.findTmr != nil {
		s.findTmr.Stop() // listed now: a pending list would repeat it
	}
	if s.found == nil {
		return
	}
	t := s.a.t
	f, err := s.filter()
	if err != nil {
		msg := "reports.bad_date"
		if ce, ok := err.(*cases.Error); ok && ce.Field == "range" {
			msg = "reports.bad_range"
		}
		s.found.SetText(t.S(msg))
		s.matches = nil
		s.exportB.Disable()
		return
	}
	list, err := s.listCases(f)
	if err != nil {
		// The cases of the filter before are not this one's to export.
		s.found.SetText(s.a.errorText(err))
		s.matches = nil
		s.exportB.Disable()
		return
	}
	s.matches = list
	s.found.SetText(t.N("reports.found", len(list), nil))
	if len(list) == 0 || s.running.Load() && !s.finishing {
		s.exportB.Disable()
	} else {
		s.exportB.Enable()
	}
}

// listCases lists the cases of f. The agent a supervisor typed is a
// person's name, matched whatever its case ("ana" is Ana's cases); the
// store matches names exactly, so it is asked for everyone's and the
// name is matched here.
func (s *reportsScreen) listCases(f cases.Filter) ([]*cases.Case, error) {
	agent := f.Agent
	if s.a.role() == cases.RoleSupervisor {
		f.Agent = ""
	}
	list, err := s.a.deps.Store.ListCases(s.a.ctx, f)
	if err != nil || f.Agent != "" || agent == "" {
		return list, err
	}
	return slices.DeleteFunc(list, func(c *cases.Case) bool {
		return !strings.EqualFold(strings.TrimSpace(c.Agent), agent)
	}), nil
}

func (s *reportsScreen) options() pdf.Options {
	return pdf.Options{Lang: s.docLang, Company: s.a.ws.Company, Paper: s.a.ws.Paper, Playbook: s.a.pb, Currency: s.a.ws.Currency, Generated: s.a.deps.Now()}
}

// onExport writes the summaries in the background. The progress bar and
// the result are updated through fyne.Do; cancel stops between cases and
// leaves no partial file.
func (s *reportsScreen) onExport() { s.onExportWith(nil) }

// onExportWith runs the export; before, when set, runs just after the
// cancel flag is reset (tests use it to cancel deterministically).
func (s *reportsScreen) onExportWith(before func()) {
	if len(s.matches) == 0 || !s.running.CompareAndSwap(false, true) {
		return
	}
	s.cancel.Store(false)
	if before != nil {
		before()
	}
	s.exportB.Disable()
	s.cancelB.Show()
	s.done = 0
	s.progress.SetValue(0)
	s.progress.Show()
	s.result.SetText("")
	s.body.Refresh()
	list := s.matches
	opt := s.options()
	perCase := s.perCase
	dir := s.exportDir()
	stamp := s.a.deps.Now().Format("20060102-150405")
	go func() {
		var items []pdf.CaseWithTimeline
		for _, c := range list {
			// Read again with its timeline: the back office may have
			// moved the case since it was listed, and the summary printed
			// the state it left beside the timeline line that changed it.
			c, err := s.a.deps.Store.GetCase(s.a.ctx, c.ID)
			if err != nil {
				s.finish("", err)
				return
			}
			tl, err := s.a.deps.Store.Timeline(s.a.ctx, c.ID)
			if err != nil {
				s.finish("", err)
				return
			}
			items = append(items, pdf.CaseWithTimeline{Case: c, Timeline: tl})
		}
		progress := func(done, total int) bool {
			s.a.do(func() {
				s.done = float64(done) / float64(max(total, 1))
				s.progress.SetValue(s.done)
			})
			return !s.cancel.Load()
		}
		s.finish(exportCases(dir, "cases-"+stamp, "cases-"+stamp+".pdf", perCase, items, opt, progress))
	}()
}

// finish reports an export's outcome on the screen and opens the result.
func (s *reportsScreen) finish(path string, err error) {
	s.a.do(func() {
		t := s.a.t
		s.cancelB.Hide()
		s.progress.Hide()
		switch {
		case err == pdf.ErrCanceled:
			s.result.SetText(t.S("reports.canceled"))
		case err != nil:
			s.result.SetText(s.a.exportErrorText(s.exportDir(), err))
		default:
			s.result.SetText(t.D("reports.done", map[string]any{"Path": path}))
			s.a.openFile(path)
		}
		s.finishing = true
		s.onFind()
		s.finishing = false
		s.body.Refresh()
		// Last: whoever waits on running sees every update above.
		s.running.Store(false)
	})
}

// onReasonReport writes the weekly report in the background: two weeks
// of cases are read and a PDF of them written, which on a busy desk takes
// long enough to freeze the window. The button waits for it.
func (s *reportsScreen) onReasonReport() {
	t := s.a.t
	// As people type it ("2026-w47"), named as ISO writes it.
	week := pdf.NormalWeek(s.week)
	if _, _, err := pdf.WeekRange(week, time.Local); err != nil {
		s.result.SetText(weekErrorText(t, err))
		return
	}
	if !s.reporting.CompareAndSwap(false, true) {
		return // a click while it is written
	}
	agent := cases.ReportAgent(s.a.role(), s.a.ws.Agent)
	opt, dir, store := s.options(), s.exportDir(), s.a.deps.Store
	// A supervisor's report is the team's: every desk's cases, as crmd
	// holds them, beside this desk's.
	var client *crm.Client
	if b := s.a.sync; agent == "" && b != nil && b.s != nil && b.st.LoggedIn && b.st.Role == crm.RoleSupervisor {
		client = b.s.Client()
	}
	if s.weekB != nil {
		s.weekB.Disable()
	}
	s.result.SetText("") // the previous report's "saved to" is not this one's
	go func() {
		var team []*cases.Case
		var teamErr error
		var more bool
		if client != nil {
			from, to, _ := pdf.WeekRange(week, time.Local)
			team, more, teamErr = desksync.TeamCases(s.a.ctx, client, from.AddDate(0, 0, -7), to)
			if teamErr != nil {
				s.a.deps.Log.Warn("every desk's cases not read from the CRM", "err", teamErr)
			} else if more {
				s.a.deps.Log.Warn("the weekly report counts the first cases the CRM listed", "count", len(team))
			}
		}
		path, err := writeReasonReport(s.a.ctx, store, week, agent, dir, opt, team)
		s.a.do(func() {
			t := s.a.t
			var le listCasesError
			switch {
			case errors.As(err, &le):
				s.result.SetText(s.a.errorText(le.err))
			case err != nil:
				s.result.SetText(s.a.exportErrorText(dir, err))
			default:
				msg := t.D("reports.done", map[string]any{"Path": path})
				switch {
				case client != nil && teamErr != nil:
					msg += "\n" + t.S("reports.reasons.desk_only")
				case client != nil && more:
					// Not "every desk's": the figures are short, and
					// crmd lists the earlier week first, so this week's
					// are the ones cut.
					msg += "\n" + t.N("reports.reasons.first", len(team), nil)
				case client != nil:
					msg += "\n" + t.S("reports.reasons.every_desk")
				}
				s.result.SetText(msg)
				s.a.openFile(path)
			}
			if s.weekB != nil {
				s.weekB.Enable()
			}
			// Last: whoever waits on reporting sees every update above.
			s.reporting.Store(false)
		})
	}()
}

// listCasesError is a failure to list the report's cases, said as the
// store's error rather than as a file's.
type listCasesError struct{ err error }

func (e listCasesError) Error() string { return e.err.Error() }
func (e listCasesError) Unwrap() error { return e.err }

// writeReasonReport writes the weekly report of week (of agent's cases
// only, unless agent is empty) under dir and returns its path. team are
// other desks' cases (crmd's), counted beside the store's unless the
// store has the same case.
func writeReasonReport(ctx context.Context, store cases.Store, week, agent, dir string, opt pdf.Options, team []*cases.Case) (string, error) {
	from, to, err := pdf.WeekRange(week, time.Local)
	if err != nil {
		return "", err
	}
	list, err := store.ListCases(ctx, cases.Filter{From: from.AddDate(0, 0, -7), To: to, Agent: agent})
	if err != nil {
		return "", listCasesError{err}
	}
	data, err := pdf.BuildReasonReport(cases.WithOthers(list, team), week, time.Local)
	if err != nil {
		return "", err
	}
	data.Agent = agent
	// Named by its language too, as a case's summary is: the same week in
	// the other language is another document, not a newer copy of this one.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return writeNewFile(filepath.Join(dir, "reasons-"+week+"-"+string(opt.Lang)+".pdf"), func(f *os.File) error { return pdf.ReasonReport(f, data, opt) })
}

// weekErrorText says what is wrong with a week typed for the report: a
// week the year does not have, else how to write one.
func weekErrorText(t *locales.T, err error) string {
	var we *pdf.WeekError
	if errors.As(err, &we) && we.Last != "" {
		return t.D("reports.no_week", map[string]any{"Year": we.Week[:4], "Last": we.Last})
	}
	return t.S("reports.bad_week")
}

func (s *reportsScreen) exportDir() string {
	if s.a.deps.ExportDir != "" {
		return s.a.deps.ExportDir
	}
	return filepath.Join(os.TempDir(), "agentdesk-exports")
}

// exportCases writes items under dir: one PDF per case in the folder
// folder when perCase, else all of them in the file file; either under a
// name of its own (freeName), as the stamp they are named by changes
// once a second. It returns the path written ("" when none was).
func exportCases(dir, folder, file string, perCase bool, items []pdf.CaseWithTimeline, opt pdf.Options, progress func(done, total int) bool) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if perCase {
		path, err := newDir(filepath.Join(dir, folder))
		if err != nil {
			return "", err
		}
		if _, err := pdf.WriteCaseFiles(path, items, opt, progress); err != nil {
			os.Remove(path) // made here, and emptied by WriteCaseFiles
			return path, err
		}
		return path, nil
	}
	return writeNewFile(filepath.Join(dir, file), func(f *os.File) error { return pdf.CaseBatch(f, items, opt, progress) })
}

// writeFileAtomic writes through a temporary file and renames it, so a
// cancelled or failed export never leaves half a PDF behind.
func writeFileAtomic(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
