package app

import (
	"cmp"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/pdf"
)

// teamPrinter prints case summaries of the team's escalations from the
// desk's copy (so it works with crmd down): the ticked rows, or the rows
// shown when none is ticked, as one PDF or one file per case, with
// progress and cancel.
type teamPrinter struct {
	s       *teamScreen
	running atomic.Bool
	cancel  atomic.Bool
	at      float64 // the running print's progress, for a bar drawn anew

	printB, cancelB *widget.Button
	progress        *widget.ProgressBar
	result          *widget.Label
	box             *fyne.Container
	// one is the review's "Print the case summary": off while a print
	// runs, as the bar's button is, since a second print does not start.
	one *widget.Button
	// done, when set, is told where a run ended (tests wait on it).
	done func(path string, err error)
}

// newTeamPrinter draws the print bar in the interface language. prev is
// the bar of the page this one replaces (the language or the role
// changed), nil the first time: a print it runs goes on, its progress and
// cancel button shown here, and a second print cannot start beside it.
func newTeamPrinter(s *teamScreen, prev *teamPrinter) *teamPrinter {
	p := prev
	if p == nil {
		p = &teamPrinter{s: s}
	}
	// prev is this screen's own printer: its s is s already, and is not
	// written again, since a print's goroutine reads it (to hand its
	// progress and end to the UI thread) while the bar is drawn anew.
	p.box = nil
	t := s.a.t
	p.printB = widget.NewButtonWithIcon(t.S("team.print.batch"), theme.DocumentPrintIcon(), p.ask)
	p.cancelB = widget.NewButtonWithIcon(t.S("team.print.cancel"), theme.CancelIcon(), func() { p.cancel.Store(true) })
	p.cancelB.Hide()
	p.progress = widget.NewProgressBar()
	p.progress.Hide()
	p.result = widget.NewLabel("")
	p.result.Wrapping = fyne.TextWrapWord
	p.result.Hide()
	if p.running.Load() {
		p.progress.SetValue(p.at)
		p.progress.Show()
		p.cancelB.Show()
	}
	return p
}

func (p *teamPrinter) bar() fyne.CanvasObject {
	if p.box == nil {
		p.box = container.NewVBox(container.NewHBox(p.printB, p.cancelB), p.progress, p.result)
	}
	p.update()
	return p.box
}

// targets are the ticked rows, else the rows shown.
func (p *teamPrinter) targets() []string {
	var ids []string
	for _, r := range p.s.rows {
		if p.s.picked[r.CaseID] {
			ids = append(ids, r.CaseID)
		}
	}
	if len(ids) == 0 {
		for _, r := range p.s.rows {
			ids = append(ids, r.CaseID)
		}
	}
	return ids
}

func (p *teamPrinter) update() {
	t := p.s.a.t
	n := len(p.targets())
	p.printB.SetText(t.N("team.print.batch_n", n, nil))
	if n == 0 || p.running.Load() {
		p.printB.Disable()
	} else {
		p.printB.Enable()
	}
	if p.one != nil {
		if p.running.Load() {
			p.one.Disable()
		} else {
			p.one.Enable()
		}
	}
}

// ask chooses between one PDF and one file per case, then prints.
func (p *teamPrinter) ask() {
	t := p.s.a.t
	ids := p.targets()
	if len(ids) == 0 {
		return
	}
	one := t.S("reports.mode.one")
	each := t.S("reports.mode.each")
	choice := widget.NewRadioGroup([]string{one, each}, nil)
	choice.Required = true // clicked again, a choice stays chosen
	choice.SetSelected(one)
	dialog.ShowForm(t.S("team.print.title"), t.S("team.print.go"), t.S("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(t.N("team.print.count", len(ids), nil), choice)}, func(ok bool) {
			if ok {
				p.start(ids, choice.Selected == each)
			}
		}, p.s.a.win)
}

// start prints ids in the background; the screen shows the progress.
func (p *teamPrinter) start(ids []string, perCase bool) {
	a := p.s.a
	if len(ids) == 0 || !p.running.CompareAndSwap(false, true) {
		return
	}
	p.cancel.Store(false)
	p.update()
	p.cancelB.Show()
	p.at = 0
	p.progress.SetValue(0)
	p.progress.Show()
	p.result.Hide()
	opt := pdf.Options{Lang: a.t.Lang, Company: a.ws.Company, Paper: a.ws.Paper, Playbook: a.pb, Currency: a.ws.Currency, Generated: a.deps.Now()}
	dir := (&reportsScreen{a: a}).exportDir()
	stamp := a.deps.Now().Format("20060102-150405")
	store := a.deps.Team
	// Each case is named to the supervisor by its ticket, as the queue
	// shows it, should it not print.
	tickets := map[string]string{}
	for _, r := range p.s.rows {
		tickets[r.CaseID] = r.Ticket
	}
	go func() {
		// The whole queue, not the rows shown: the case under review may
		// be filtered out of them.
		rows, err := store.TeamQueue(a.ctx, cases.TeamFilter{})
		if err != nil {
			p.finish("", err)
			return
		}
		waiting := map[string]bool{}
		for _, r := range rows {
			waiting[r.CaseID] = r.Pending
		}
		var items []pdf.CaseWithTimeline
		var skipped []skippedCase
		var first error
		for _, id := range ids {
			c, err := store.TeamCase(a.ctx, id)
			if err != nil {
				// One case gone (a refresh removed it meanwhile) or
				// unreadable does not cost the supervisor the others:
				// they print, and this one is named with why.
				name := tickets[id]
				if name == "" {
					name = id
				}
				skipped = append(skipped, skippedCase{name, err})
				first = cmp.Or(first, err)
				continue
			}
			// What the desk did and crmd has not yet taken prints as done:
			// the summary says it waits, as the queue's row does.
			items = append(items, pdf.CaseWithTimeline{Case: c, Waiting: waiting[id]})
		}
		progress := func(done, total int) bool {
			p.s.a.do(func() {
				p.at = float64(done) / float64(max(total, 1))
				p.progress.SetValue(p.at)
			})
			return !p.cancel.Load()
		}
		if len(items) == 0 {
			p.end("", first, skipped)
			return
		}
		name := "team-" + stamp + ".pdf"
		if len(items) == 1 {
			name = items[0].Case.ID + "-" + string(opt.Lang) + ".pdf"
		}
		path, err := exportCases(dir, "team-"+stamp, name, perCase, items, opt, progress)
		p.end(path, err, skipped)
	}()
}

// skippedCase is a case of a batch that could not be read, by the name
// the supervisor knows it by.
type skippedCase struct {
	name string
	err  error
}

func (p *teamPrinter) finish(path string, err error) { p.end(path, err, nil) }

// end shows where a print ended, and which cases it left out and why.
func (p *teamPrinter) end(path string, err error, skipped []skippedCase) {
	p.s.a.do(func() {
		t := p.s.a.t
		p.cancelB.Hide()
		p.progress.Hide()
		p.result.Show()
		var text string
		switch {
		case err == pdf.ErrCanceled:
			text = t.S("reports.canceled")
		case err != nil && len(skipped) > 0 && path == "":
			// Nothing could be read: the list below says why, per case.
		case err != nil:
			text = p.s.a.exportErrorText((&reportsScreen{a: p.s.a}).exportDir(), err)
		default:
			text = t.D("reports.done", map[string]any{"Path": path})
			p.s.a.openFile(path)
		}
		if len(skipped) > 0 {
			names := make([]string, len(skipped))
			for i, sk := range skipped {
				names[i] = sk.name + " (" + p.s.a.errorText(sk.err) + ")"
			}
			note := t.N("team.print.skipped", len(skipped), map[string]any{"Cases": strings.Join(names, "; ")})
			text = strings.TrimSpace(text + "\n" + note)
		}
		p.result.SetText(text)
		p.running.Store(false)
		p.update()
		if p.done != nil {
			p.done(path, err)
		}
	})
}
