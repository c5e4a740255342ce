package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// callScreen is where the agent works a call: the checklist, the current
// step's scripts in the call language with the customer's figures, the
// authentication gate, actions, escalation, notes and the close. Every
// change is saved as it happens, each in one transaction.
type callScreen struct {
	a *App

	// start form state
	startQuery    string
	startCallType string
	startLang     locales.Lang
	// startLangPicked is set once the agent picks the call language on
	// the form: a customer found afterwards no longer changes it.
	startLangPicked bool
	startCustomer   cases.Customer
	startSince      string // the customer-since date as typed, parsed at the start
	startSinceLang  locales.Lang

	startErr string // why the start form could not start the call
	// startFound is the message key of what the account lookup found;
	// startAccount is the account entry of the start form on screen.
	startFound   string
	startAccount *widget.Entry
	// leftOpen is the call New call left without closing it: its case
	// stays open, and the start form names it until the next call starts
	// or it is continued (callstart.go).
	leftOpen leftOpenCall
	// hist is the start form's earlier contacts of the account, every
	// desk's, as crmd answered them (callhistory.go).
	hist contactHistory
	// notices tell the agent what the back office changed on their cases
	// (callnotices.go); noticeBox holds them above the screen.
	notices   []caseNotice
	noticeBox *fyne.Container
	errShown  error // the save failure errText says
	errText   string
	notesTmr  *time.Timer

	root *fyne.Container
	// regions are the parts of the call view of case regionsFor kept
	// between refreshes while what they show is unchanged (see region).
	regions    map[string]*region
	regionsFor string
	// built are the parts of the view on screen that the next refresh
	// replaces; dropped, the parts replaced (see refresh).
	built, dropped []fyne.CanvasObject

	// what the agent chose or typed and has not recorded, and where the
	// scrolled parts were (calldraft.go)
	drafts  drafts
	scrolls map[string]keptScroll

	// in-call widgets
	notes    *callEntry
	notesMax *widget.Label // how the notes stand against cases.MaxNotes
	saved    *widget.Label
	scripts  []renderedScript
	langSel  *widget.RadioGroup
	checkBox map[string]*widget.Check
}

// region is a part of the call view and the key it was built for.
type region struct {
	key string
	obj fyne.CanvasObject
}

// renderedScript is a script on screen with its copy button.
type renderedScript struct {
	id   string
	r    playbook.Rendered
	copy *widget.Button
}

func newCallScreen(a *App) *callScreen {
	return &callScreen{a: a, root: container.NewStack()}
}

func (s *callScreen) key() string         { return "call" }
func (s *callScreen) icon() fyne.Resource { return theme.MailReplyIcon() }

func (s *callScreen) build() fyne.CanvasObject {
	s.regions = nil // built again in the current language
	s.refresh()
	return s.root
}

// refresh redraws the screen from the case. Widgets are cheap; state lives
// in the case, so redrawing after each change keeps screen and record equal.
func (s *callScreen) refresh() {
	var old fyne.CanvasObject
	if len(s.root.Objects) > 0 {
		old = s.root.Objects[0]
	}
	c := s.cur()
	if c == nil || c.ID != s.regionsFor {
		s.regions = nil // another case, or none: nothing to keep
	}
	if c == nil {
		s.drafts, s.scrolls = drafts{}, nil // the call ended: so did its drafts
	}
	kept := s.regions != nil
	s.dropped = append(s.dropped[:0], s.built...)
	s.built = nil
	var content fyne.CanvasObject
	if c == nil {
		content = s.startForm()
	} else {
		content = s.callView()
		s.regionsFor = c.ID
		// The notes of an ended case are its record; the notes card may be
		// kept from before the close, so this is set on every redraw.
		if s.notes != nil && s.notes.Disabled() != c.Ended() {
			if c.Ended() {
				s.notes.Disable()
			} else {
				s.notes.Enable()
			}
		}
	}
	if !kept && old != nil {
		s.dropped = append(s.dropped[:0], old) // nothing of it is kept
	}
	s.root.Objects = []fyne.CanvasObject{container.NewBorder(s.noticeBar(), nil, nil, nil, content)}
	s.root.Refresh()
	// Refreshing a part no longer on screen frees its text textures at
	// the next frame; otherwise Fyne keeps them for a minute after the
	// part was last drawn, and a call's clicks leave megabytes of them.
	if cv := s.a.win.Canvas(); cv != nil {
		for _, o := range s.dropped {
			cv.Refresh(o)
		}
	}
	s.dropped = s.dropped[:0]
	s.a.settle()
}

// open continues an existing case (from the cases screen).
func (s *callScreen) open(c *cases.Case) bool {
	s.stopNotesTimer()
	if err := s.a.sess.FlushNotes(); err != nil {
		// The notes of the call on screen could not be saved: it stays,
		// with them and with what was being typed.
		s.showError(err)
		return false
	}
	s.regions = nil
	s.drafts, s.scrolls = drafts{}, nil // a call opened again starts clean
	s.leftOpen = leftOpenCall{}         // continued, or another taken up
	return s.a.sess.Open(c) == nil      // nothing is left to save
}

// ---------------------------------------------------------------- saving

// onSessionChange redraws the open case after every change the session
// tells of; typed notes saved on a pause only move the saved indicator,
// so the entry the agent types into is left alone.
func (s *callScreen) onSessionChange(ch cases.Change) {
	if ch.Other != nil {
		return
	}
	if ch.NotesOnly {
		s.showSaved()
		return
	}
	if s.root != nil && (len(s.root.Objects) > 0 || ch.Case != nil) {
		s.refresh()
	}
	if ts := s.a.templatesScreen(); ts != nil && ts.pal != nil {
		ts.pal.callChanged()
	}
}

// cur is the call on screen, nil when none.
func (s *callScreen) cur() *cases.Case { return s.a.sess.Case() }

// apply runs a domain change on the open case and saves it through the
// session. A refusal is shown in a dialog; a failed save shows in the
// header (the session keeps the change for the next save).
func (s *callScreen) apply(change func(c *cases.Case) (cases.Event, error)) bool {
	err := s.change(change)
	if err != nil && err != s.a.sess.Err() {
		s.showError(err)
	}
	return err == nil
}

// change is apply without the dialog: for a form that says what is wrong
// in itself and stays open.
func (s *callScreen) change(change func(c *cases.Case) (cases.Event, error)) error {
	s.stopNotesTimer()
	return s.a.sess.Update(s.a.ctx, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := change(c)
		if err != nil || ev.Kind == "" {
			return nil, err
		}
		return []cases.Event{ev}, nil
	})
}

func (s *callScreen) showError(err error) {
	s.a.inform(s.a.t.S("call.cannot"), s.errorMessage(err))
}

// errorMessage says why a change was refused: by the field at fault when
// the domain names one, else by its code.
func (s *callScreen) errorMessage(err error) string {
	t := s.a.t
	msg := s.a.errorText(err)
	if e, ok := err.(*cases.Error); ok && e.Code == cases.EInvalid && e.Field != "" {
		if m := t.D("call.invalid."+e.Field, caseBounds(t)); !strings.HasPrefix(m, "!") {
			msg = m
		}
	}
	return msg
}

// caseBounds are the figures a refusal for a case's bounds (values,
// actions, calculations, reasons, the customer's texts) names, written in
// t's language.
func caseBounds(t *locales.T) map[string]any {
	n := func(x int) string { return calculators.FormatNumber(float64(x), 0, t.Lang) }
	return map[string]any{
		"MaxValues": n(cases.MaxValues), "MaxValueChars": n(cases.MaxValueChars),
		"MaxActions": n(cases.MaxActions), "MaxActionNote": n(cases.MaxActionNote),
		"MaxStepReason": n(cases.MaxStepReason), "MaxEscalationReason": n(cases.MaxEscalationReason),
		"MaxCustomerName": n(cases.MaxCustomerName), "MaxCustomerPlan": n(cases.MaxCustomerPlan),
		"MaxCustomerAddress": n(max(cases.MaxCustomerAddress, cases.MaxCustomerServices)), "MaxCustomerPhone": n(cases.MaxCustomerPhone),
	}
}

// flushNotes saves notes typed since the last save (debounced typing). A
// failure shows in the header and the notes stay pending; closing the
// window needs to know of it.
func (s *callScreen) flushNotes() error {
	s.stopNotesTimer()
	return s.a.sess.FlushNotes()
}

func (s *callScreen) stopNotesTimer() {
	if s.notesTmr != nil {
		s.notesTmr.Stop()
	}
}

// currency is the currency of the open call's amounts, or of amounts
// typed on the start form.
func (s *callScreen) currency() string { return s.a.caseCurrency(s.cur()) }

func (s *callScreen) valueContext(lang locales.Lang) cases.ValueContext {
	now := s.a.deps.Now()
	vc := cases.ValueContext{Company: s.a.ws.Company, Agent: s.a.ws.Agent, RetentionPhone: s.a.ws.RetentionPhone, Currency: s.currency(), Now: now}
	vc.Recap = s.cur().Recap(s.a.pb, lang, vc.Currency, now)
	return vc
}

// ---------------------------------------------------------------- handlers

func (s *callScreen) onGoto(step string) {
	if err := s.a.sess.Browse(s.a.ctx, step); err != nil && err != s.a.sess.Err() {
		s.showError(err)
	}
}

// setStep records a step's state.
func (s *callScreen) setStep(id string, st cases.StepState, reason string) bool {
	return s.apply(func(c *cases.Case) (cases.Event, error) { return c.SetStep(s.a.pb, id, st, reason, s.a.deps.Now()) })
}

func (s *callScreen) onMove(delta int) {
	c := s.cur()
	if c == nil || delta == 0 {
		return
	}
	// A step of an older playbook that the one in force no longer has is
	// not in the checklist: passed over, not shown as an empty panel.
	for d := delta; ; d += delta {
		step, ok := c.StepFrom(d)
		if !ok {
			return
		}
		if s.a.pb.Step(step) != nil {
			s.onGoto(step) // through the session: a closed case is only read
			return
		}
	}
}

func (s *callScreen) onLang(l locales.Lang) {
	s.apply(func(c *cases.Case) (cases.Event, error) { return c.SetLang(l, s.a.deps.Now()) })
}

func (s *callScreen) onToggleLang() {
	if c := s.cur(); c != nil {
		s.onLang(c.CallLang.Other())
	}
}

// onCopy puts a complete script on the clipboard; a script with a gap or a
// locked value never leaves the app.
func (s *callScreen) onCopy(rs renderedScript) {
	txt, err := rs.r.Plain()
	if err != nil {
		return
	}
	s.a.fy.Clipboard().SetContent(txt)
}

// onCopyCurrent copies the first complete script of the step (shortcut);
// with no call on screen there is none (the scripts drawn last belong to
// the call that ended, its customer's name in them).
func (s *callScreen) onCopyCurrent() {
	if s.cur() == nil {
		return
	}
	for _, rs := range s.scripts {
		if rs.r.Complete() {
			s.onCopy(rs)
			return
		}
	}
}

// valueRefusedKey is the message of a value CanonicalValue refused: how
// to write one of its kind, or that an amount cannot be below zero.
func valueRefusedKey(kind string, err error) string {
	if ce, ok := errors.AsType[*cases.Error](err); ok && ce.Field == cases.FieldNegativeMoney {
		return "call.value.negative"
	}
	return "call.value.invalid." + kind
}

// refusedFigure says why a figure typed on the call screen was refused:
// how to write it when a lone separator left it ambiguous ("1,200" is
// twelve hundred to some agents and 1.20 to others), else fallback.
func (s *callScreen) refusedFigure(kind, input, fallback string) string {
	var err error
	switch kind {
	case "money":
		_, err = calculators.ParseMoney(input, s.currency(), s.a.t.Lang)
	case "number", "years", "months", "days", "business_days", "hours":
		_, err = calculators.ParseNumber(input, s.a.t.Lang)
	default:
		return fallback
	}
	if fe, ok := errors.AsType[calculators.FieldError](err); ok && fe.Code == calculators.CodeAmbiguousThousands {
		return s.a.t.D("call.value.invalid.ambiguous", nil)
	}
	return fallback
}

func (s *callScreen) onValue(name, kind, input string) {
	v, err := cases.CanonicalValue(kind, input, s.a.t.Lang, s.currency())
	if err != nil {
		s.a.inform(s.a.t.S("call.cannot"), s.refusedFigure(kind, input, s.a.t.S(valueRefusedKey(kind, err))))
		return
	}
	s.apply(func(c *cases.Case) (cases.Event, error) {
		if err := c.SetValue(name, v); err != nil {
			return cases.Event{}, err
		}
		return cases.Event{Kind: cases.EventValue, Detail: name}, nil
	})
}

func (s *callScreen) onAction(id, amountText, reason string) {
	t := s.a.t
	var minor int64
	if def := s.a.pb.Action(id); def != nil && def.Amount {
		m, err := calculators.ParseMoney(amountText, s.currency(), t.Lang)
		if err != nil {
			s.a.inform(t.S("call.cannot"), s.refusedFigure("money", amountText, t.S("call.value.invalid.money")))
			return
		}
		minor = m.Minor
	}
	var res cases.ActionResult
	if !s.apply(func(c *cases.Case) (cases.Event, error) {
		var ev cases.Event
		var err error
		res, ev, err = c.AddAction(s.a.pb, id, minor, reason, s.a.role(), s.a.deps.Now())
		return ev, err
	}) {
		return
	}
	if res.NeedsEscalation {
		money := func(m int64) string { return calculators.FormatMoney(calculators.FromMinor(m, s.currency()), t.Lang) }
		key := "call.action.over_authority_long"
		if res.Granted > 0 && res.Action.Amount <= res.Action.Limit {
			// The amount alone fits: say why it does not, or the agent
			// reads the limit and the amount and sees no reason.
			key = "call.action.over_authority_case"
		}
		s.a.inform(t.S("call.action.over_authority.title"), t.D(key, map[string]any{
			"Limit": money(res.Action.Limit), "Granted": money(res.Granted),
		}))
	}
}

func (s *callScreen) onNotes(text string) {
	s.a.sess.SetNotes(text)
	s.showNotesBound(text)
	s.stopNotesTimer()
	// Save shortly after typing pauses: every pause is a transaction, and
	// the indicator shows when the words are on disk.
	pause := s.a.deps.NotesPause
	if pause <= 0 {
		pause = 700 * time.Millisecond
	}
	s.notesTmr = time.AfterFunc(pause, func() {
		s.a.do(func() { _ = s.a.sess.FlushNotes() })
	})
}

func (s *callScreen) onNewCall() {
	s.stopNotesTimer()
	before := s.leftOpen
	if c := s.cur(); c != nil && !c.Ended() {
		// Set before the close, whose redraw shows the start form.
		s.leftOpen = leftOpenCall{id: c.ID, name: caseTitle(c)}
	}
	if err := s.a.sess.Close(); err != nil {
		s.leftOpen = before
		s.showError(err) // the notes could not be saved: the call stays
	}
}

// shortcuts are registered on the window: next and previous step, toggle
// call language, copy the current script, focus the notes. Moving through
// the steps and copying a script act on what the call screen shows, so
// only while it is in view: on the templates screen Ctrl+Shift+C copied
// the hidden call's script instead of the template being read.
func (s *callScreen) shortcuts() []shortcutBinding {
	inView := func(f func()) func() {
		return func() {
			if s.a.shownKey() == s.key() {
				f()
			}
		}
	}
	return []shortcutBinding{
		{&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierControl}, inView(func() { s.onMove(1) })},
		{&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierControl}, inView(func() { s.onMove(-1) })},
		{&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl}, s.onToggleLang},
		{&desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}, inView(s.onCopyCurrent)},
		{&desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierControl}, s.openPalette},
		{&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}, func() {
			if s.notes != nil {
				s.a.win.Canvas().Focus(s.notes)
			}
		}},
	}
}

type shortcutBinding struct {
	sc fyne.Shortcut
	fn func()
}

// callEntry is a text box of the call screen that lets the call's
// shortcuts through while it has the focus. The driver hands every key
// combination to the widget with the focus, and an entry drops those it
// does not know: while the agent typed the notes, Ctrl+L, Ctrl+Shift+C and
// Ctrl+K did nothing.
type callEntry struct {
	widget.Entry
	s *callScreen
}

// newLineEntry is a one-line callEntry: the values and amounts the agent
// types during the call, where the call's shortcuts must work as in the
// notes.
func (s *callScreen) newLineEntry() *callEntry {
	e := &callEntry{s: s}
	e.ExtendBaseWidget(e)
	return e
}

func (s *callScreen) newMultiLineEntry() *callEntry {
	e := &callEntry{s: s}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut runs the call's shortcut sc stands for, else the entry's.
// Ctrl+arrows stay the entry's: they move by words in a text, as
// everywhere else.
func (e *callEntry) TypedShortcut(sc fyne.Shortcut) {
	if cs, ok := sc.(*desktop.CustomShortcut); ok && !(cs.KeyName == fyne.KeyLeft || cs.KeyName == fyne.KeyRight) {
		for _, b := range e.s.shortcuts() {
			if b.sc.ShortcutName() == sc.ShortcutName() {
				b.fn()
				return
			}
		}
	}
	e.Entry.TypedShortcut(sc)
}

// current is the call on screen, or nil.
func (s *callScreen) current() *cases.Case { return s.cur() }

// attachCalculation puts a calculator result on the open call ("use in
// call"); it returns the coded error when there is no open call.
func (s *callScreen) attachCalculation(calc cases.Calculation) error {
	s.stopNotesTimer()
	return s.a.sess.Update(s.a.ctx, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.AddCalculation(calc, s.a.deps.Now())
		return []cases.Event{ev}, err
	})
}

// useTemplate records a template used in the open call and, with insert,
// appends its text to the notes.
func (s *callScreen) useTemplate(id, text string, insert bool) error {
	s.stopNotesTimer()
	if !insert {
		text = ""
	}
	return s.a.sess.Update(s.a.ctx, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.UseTemplate(id, text, s.a.deps.Now())
		return []cases.Event{ev}, err
	})
}
