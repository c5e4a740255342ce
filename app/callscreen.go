package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
	c *cases.Case // nil until a call starts

	// start form state
	startQuery    string
	startCallType string
	startLang     locales.Lang
	startCustomer cases.Customer

	savedAt   time.Time
	saveErr   string
	notesTmr  *time.Timer
	notesDirt bool

	root *fyne.Container
	// regions are the parts of the call view of case regionsFor kept
	// between refreshes while what they show is unchanged (see region).
	regions    map[string]*region
	regionsFor string
	// built are the parts of the view on screen that the next refresh
	// replaces; dropped, the parts replaced (see refresh).
	built, dropped []fyne.CanvasObject

	// in-call widgets
	notes    *widget.Entry
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
	if s.c == nil || s.c.ID != s.regionsFor {
		s.regions = nil // another case, or none: nothing to keep
	}
	kept := s.regions != nil
	s.dropped = append(s.dropped[:0], s.built...)
	s.built = nil
	var content fyne.CanvasObject
	if s.c == nil {
		content = s.startForm()
	} else {
		content = s.callView()
		s.regionsFor = s.c.ID
	}
	if !kept && old != nil {
		s.dropped = append(s.dropped[:0], old) // nothing of it is kept
	}
	s.root.Objects = []fyne.CanvasObject{content}
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

// ---------------------------------------------------------------- start

func (s *callScreen) startForm() fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	if s.startLang == "" {
		s.startLang = s.a.ws.CallLang
	}
	account := widget.NewEntry()
	account.SetPlaceHolder(t.S("call.start.account_placeholder"))
	account.SetText(s.startCustomer.Account)
	name := widget.NewEntry()
	name.SetText(s.startCustomer.Name)
	plan := widget.NewEntry()
	plan.SetText(s.startCustomer.Plan)
	since := widget.NewEntry()
	since.SetPlaceHolder(t.S("call.start.since_placeholder"))
	if !s.startCustomer.Since.IsZero() {
		since.SetText(locales.FormatDate(t.Lang, s.startCustomer.Since))
	}
	vip := widget.NewCheck(t.S("call.customer.vip"), nil)
	vip.SetChecked(s.startCustomer.VIP)
	found := widget.NewLabel("")
	found.Importance = widget.LowImportance

	fill := func(cu *cases.Customer) {
		s.startCustomer = *cu
		name.SetText(cu.Name)
		plan.SetText(cu.Plan)
		since.SetText(locales.FormatDate(t.Lang, cu.Since))
		vip.SetChecked(cu.VIP)
		found.SetText(t.S("call.start.found"))
	}
	lookup := func(q string) {
		acc := strings.TrimSpace(q)
		s.startCustomer.Account = acc
		cu, err := s.a.deps.Store.GetCustomer(s.a.ctx, acc)
		if err != nil {
			found.SetText("")
			// Not cached here: crmd may know the account (sync.go).
			if s.a.sync.lookupCustomer(acc, func(cu *cases.Customer) {
				if strings.TrimSpace(account.Text) != acc {
					return
				}
				if cu == nil {
					found.SetText("")
					return
				}
				fill(cu)
				found.SetText(t.S("sync.lookup.found"))
			}) {
				found.SetText(t.S("sync.lookup.searching"))
			}
			return
		}
		fill(cu)
	}
	account.OnChanged = lookup

	// Type-ahead over call types in both languages.
	results := widget.NewList(nil, nil, nil)
	var matches []*playbook.CallType
	chosen := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	showChosen := func() {
		if ct := pb.CallType(s.startCallType); ct != nil {
			chosen.SetText(pb.Say(t.Lang, ct.Title))
		} else {
			chosen.SetText(t.S("call.start.pick_type"))
		}
	}
	search := widget.NewEntry()
	search.SetPlaceHolder(t.S("call.start.type_placeholder"))
	search.SetText(s.startQuery)
	filter := func(q string) {
		s.startQuery = q
		if strings.TrimSpace(q) == "" {
			matches = make([]*playbook.CallType, len(pb.CallTypes))
			for i := range pb.CallTypes {
				matches[i] = &pb.CallTypes[i]
			}
		} else {
			matches = pb.SearchCallTypes(q)
		}
		results.Refresh()
	}
	results.Length = func() int { return len(matches) }
	results.CreateItem = func() fyne.CanvasObject { return widget.NewLabel("") }
	results.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		ct := matches[i]
		o.(*widget.Label).SetText(pb.Say(t.Lang, ct.Title) + "  ·  " + t.S("group."+ct.Group))
	}
	results.OnSelected = func(i widget.ListItemID) {
		if i < len(matches) {
			s.startCallType = matches[i].ID
			showChosen()
		}
	}
	search.OnChanged = filter
	search.OnSubmitted = func(string) {
		if len(matches) > 0 {
			results.Select(0)
		}
	}
	filter(s.startQuery)
	showChosen()

	lang := widget.NewRadioGroup(langOptions(), func(v string) { s.startLang = langFromName(v) })
	lang.Horizontal = true
	lang.SetSelected(langNames[s.startLang])

	errLabel := widget.NewLabel("")
	errLabel.Importance = widget.DangerImportance
	errLabel.Wrapping = fyne.TextWrapWord
	start := widget.NewButtonWithIcon(t.S("call.start.button"), theme.MediaPlayIcon(), func() {
		cu := s.startCustomer
		cu.Account, cu.Name, cu.Plan, cu.VIP = strings.TrimSpace(account.Text), strings.TrimSpace(name.Text), strings.TrimSpace(plan.Text), vip.Checked
		if v := strings.TrimSpace(since.Text); v != "" {
			d, err := locales.ParseDate(t.Lang, v)
			if err != nil {
				errLabel.SetText(t.S("call.start.bad_since"))
				return
			}
			cu.Since = d
		}
		if cu.Currency == "" {
			cu.Currency = s.currency()
		}
		s.startCustomer = cu
		s.onStart()
		if s.c == nil {
			errLabel.SetText(s.saveErr)
		}
	})
	start.Importance = widget.HighImportance

	customer := widget.NewForm(
		widget.NewFormItem(t.S("call.start.account"), account),
		widget.NewFormItem(t.S("call.customer.name"), name),
		widget.NewFormItem(t.S("call.customer.plan"), plan),
		widget.NewFormItem(t.S("call.customer.since"), since),
		widget.NewFormItem("", vip),
	)
	left := container.NewVBox(heading(t.S("call.start.customer")), customer, found)
	right := container.NewBorder(
		container.NewVBox(heading(t.S("call.start.call_type")), search), chosen, nil, nil, results)
	bottom := container.NewVBox(
		widget.NewSeparator(),
		container.NewHBox(widget.NewLabel(t.S("call.lang")), lang),
		errLabel,
		container.NewHBox(start),
	)
	title := heading(t.S("call.start.title"))
	title.SizeName = theme.SizeNameSubHeadingText
	body := container.NewBorder(container.NewVBox(title, widget.NewLabel(t.S("call.start.intro"))), bottom, nil, nil,
		container.NewGridWithColumns(2, left, right))
	return container.NewPadded(body)
}

// onStart opens a case for the call and saves it.
func (s *callScreen) onStart() {
	t := s.a.t
	c, err := cases.StartCall(s.a.pb, s.a.ws.Agent, s.a.ws.Role, s.startCallType, s.startLang, s.startCustomer, s.a.deps.Training)
	if err != nil {
		if e, ok := err.(*cases.Error); ok && e.Field == "call_type" {
			s.saveErr = t.S("call.start.pick_type")
		} else {
			s.saveErr = t.S("call.start.need_customer")
		}
		return
	}
	if err := s.a.svc.Create(s.a.ctx, c); err != nil {
		s.saveErr = s.a.errorText(err)
		return
	}
	if cu := c.Customer; cu.Account != "" {
		if _, err := s.a.deps.Store.GetCustomer(s.a.ctx, cu.Account); err != nil {
			// Typed by the agent: keep it in the local cache for the next call.
			_ = s.a.deps.Store.UpsertCustomer(s.a.ctx, &cu)
		}
	}
	s.c, s.saveErr, s.savedAt = c, "", s.a.deps.Now()
	s.startCallType, s.startQuery, s.startCustomer = "", "", cases.Customer{}
	s.refresh()
}

// open continues an existing case (from the cases screen).
func (s *callScreen) open(c *cases.Case) {
	s.flushNotes()
	s.c, s.saveErr, s.savedAt = c, "", time.Time{}
	s.regions = nil
	s.refresh()
}

// ---------------------------------------------------------------- saving

// save writes the case and its events in one transaction, then redraws.
// The indicator tells the agent what is on disk.
func (s *callScreen) save(events ...cases.Event) bool {
	if err := s.a.svc.Save(s.a.ctx, s.c, events...); err != nil {
		s.saveErr = s.a.errorText(err)
		s.refresh()
		return false
	}
	s.saveErr, s.savedAt = "", s.a.deps.Now()
	s.refresh()
	return true
}

// apply runs a domain change and saves it, or shows why it was refused.
func (s *callScreen) apply(ev cases.Event, err error) bool {
	if err != nil {
		s.showError(err)
		return false
	}
	if ev.Kind == "" {
		return s.save()
	}
	return s.save(ev)
}

func (s *callScreen) showError(err error) {
	t := s.a.t
	msg := s.a.errorText(err)
	if e, ok := err.(*cases.Error); ok && e.Code == cases.EInvalid && e.Field != "" {
		if m := t.S("call.invalid." + e.Field); !strings.HasPrefix(m, "!") {
			msg = m
		}
	}
	dialog.ShowInformation(t.S("call.cannot"), msg, s.a.win)
}

// flushNotes saves notes typed since the last save (debounced typing).
func (s *callScreen) flushNotes() {
	if s.notesTmr != nil {
		s.notesTmr.Stop()
	}
	if s.notesDirt && s.c != nil {
		s.notesDirt = false
		s.save(cases.Event{Kind: "note"})
	}
}

func (s *callScreen) currency() string {
	if s.a.pb.Meta.Currency != "" {
		return s.a.pb.Meta.Currency
	}
	return s.a.ws.Currency
}

func (s *callScreen) valueContext(lang locales.Lang) cases.ValueContext {
	now := s.a.deps.Now()
	vc := cases.ValueContext{Company: s.a.ws.Company, Agent: s.a.ws.Agent, Currency: s.currency(), Now: now}
	vc.Recap = s.c.Recap(s.a.pb, lang, vc.Currency, now)
	return vc
}

// ---------------------------------------------------------------- call view

func (s *callScreen) callView() fyne.CanvasObject {
	s.scripts = nil
	s.checkBox = map[string]*widget.Check{}
	c := s.c
	ticket := ""
	if c.Escalation != nil {
		ticket = c.Escalation.Ticket
	}
	header := s.region("header", fmt.Sprint(c.ID, c.Customer.Name, c.CallType, ticket, c.Customer.VIP, c.Status, c.CallLang), s.header)
	s.showSaved()
	checklist := s.checklist()
	center := s.stepPanel()
	side := s.sidePanel()
	s.built = append(s.built, checklist, center)
	split := container.NewHSplit(center, side)
	split.Offset = 0.62
	return container.NewBorder(header, nil, checklist, nil, split)
}

// region returns the part of the call view called name, building it again
// only when key, everything the part shows, differs from the last time.
// The view is drawn again after every change; making new widgets for all
// of it each time cost CPU on every click, and Fyne keeps a dropped
// widget's renderer and text textures for a minute: 21 MB more after the
// sixteen clicks of a demo call (make bench-app). The step panel and the
// checklist change with nearly every click and are always built anew.
func (s *callScreen) region(name, key string, build func() fyne.CanvasObject) fyne.CanvasObject {
	if s.regions == nil {
		s.regions = map[string]*region{}
	}
	r := s.regions[name]
	if r == nil || r.key != key {
		if r != nil {
			s.dropped = append(s.dropped, r.obj)
		}
		r = &region{key: key, obj: build()}
		s.regions[name] = r
	}
	return r.obj
}

// fresh notes a part built anew on every refresh, replaced by the next.
func (s *callScreen) fresh(o fyne.CanvasObject) fyne.CanvasObject {
	s.built = append(s.built, o)
	return o
}

func (s *callScreen) header() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.c
	ct := c.CallType
	if x := pb.CallType(c.CallType); x != nil {
		ct = pb.Say(t.Lang, x.Title)
	}
	// Who and why take the width that is left and truncate; the badges and
	// controls keep theirs, so a long name or ticket never pushes the
	// window wider than the screen.
	line := c.Customer.Name + "  ·  " + ct
	if e := c.Escalation; e != nil {
		line += "  ·  " + e.Ticket
	}
	name := widget.NewLabelWithStyle(line, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	var badges []fyne.CanvasObject
	if c.Customer.VIP {
		vip := widget.NewLabel(t.S("call.customer.vip"))
		vip.Importance = widget.WarningImportance
		badges = append(badges, marked(markStar, vip))
	}
	status := widget.NewLabel(t.S("cases.status." + string(c.Status)))
	status.Importance = statusImportance(c.Status)
	badges = append(badges, status)

	s.langSel = widget.NewRadioGroup(langOptions(), nil)
	s.langSel.Horizontal = true
	s.langSel.SetSelected(langNames[c.CallLang])
	s.langSel.OnChanged = func(v string) {
		if v == "" {
			s.langSel.SetSelected(langNames[s.c.CallLang])
			return
		}
		if l := langFromName(v); l != s.c.CallLang {
			s.onLang(l)
		}
	}
	s.saved = widget.NewLabel("")
	newCall := widget.NewButtonWithIcon(t.S("call.new"), theme.ContentAddIcon(), s.onNewCall)
	export := widget.NewButtonWithIcon(t.S("call.export"), theme.DocumentPrintIcon(), s.onExport)
	right := container.NewHBox(append(badges, widget.NewSeparator(), widget.NewLabel(t.S("call.lang")+" ("+t.S("shortcut.lang")+")"), s.langSel, s.saved, export, newCall)...)
	return container.NewVBox(container.NewBorder(nil, nil, nil, right, name), widget.NewSeparator())
}

// showSaved shows in the header when the case was last saved, or why it
// was not.
func (s *callScreen) showSaved() {
	if s.saved == nil {
		return
	}
	if s.saveErr != "" {
		s.saved.Importance = widget.DangerImportance
	} else {
		s.saved.Importance = widget.SuccessImportance
	}
	s.saved.SetText(s.savedText())
}

func (s *callScreen) savedText() string {
	t := s.a.t
	if s.saveErr != "" {
		return s.saveErr
	}
	if s.savedAt.IsZero() {
		return ""
	}
	return t.D("call.saved_at", map[string]any{"Time": locales.FormatTime(t.Lang, s.savedAt.Local())})
}

// checklist shows the eight steps with their state; a tap shows the step.
func (s *callScreen) checklist() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.c
	rows := []fyne.CanvasObject{heading(t.S("call.checklist"))}
	for i, sp := range c.Steps {
		def := pb.Step(sp.Step)
		if def == nil {
			continue
		}
		label := fmt.Sprintf("%d. %s", i+1, pb.Say(t.Lang, def.Title))
		id := sp.Step
		b := widget.NewButtonWithIcon(label, stepMark(sp.State == cases.StepDone, sp.State == cases.StepSkipped, sp.State == cases.StepNA), func() { s.onGoto(id) })
		b.Alignment = widget.ButtonAlignLeading
		// Only the current step stands out; done steps carry a tick, not a
		// colour, so eight bright buttons do not compete for the eye.
		switch {
		case id == c.Current:
			b.Importance = widget.HighImportance
		case sp.State == cases.StepPending:
			b.Importance = widget.LowImportance
		default:
			b.Importance = widget.MediumImportance
		}
		rows = append(rows, b)
	}
	prev := widget.NewButtonWithIcon(t.S("call.prev")+"  "+t.S("shortcut.prev"), theme.NavigateBackIcon(), func() { s.onMove(-1) })
	next := widget.NewButtonWithIcon(t.S("call.next")+"  "+t.S("shortcut.next"), theme.NavigateNextIcon(), func() { s.onMove(1) })
	gate := widget.NewLabel(t.S("call.gate.closed"))
	gate.Wrapping = fyne.TextWrapWord
	gate.Importance = widget.WarningImportance
	lock := markLock
	if c.Auth.Authenticated() {
		gate.Text = t.D("call.gate.open", map[string]any{"Method": t.S("auth.method." + c.Auth.Method)})
		gate.Importance = widget.SuccessImportance
		lock = markUnlock
	}
	rows = append(rows, widget.NewSeparator(), prev, next, widget.NewSeparator(), marked(lock, gate))
	return fixedWidth(250, container.NewVBox(rows...))
}

// stepPanel shows the current step: its goal, its scripts, and what the
// step needs (authentication, questions and checks, education, close).
func (s *callScreen) stepPanel() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.c
	def := pb.Step(c.Current)
	sp := c.Step(c.Current)
	if def == nil || sp == nil {
		return widget.NewLabel("")
	}
	l := c.CallLang
	title := heading(pb.Say(t.Lang, def.Title))
	title.SizeName = theme.SizeNameSubHeadingText
	goal := widget.NewLabelWithStyle(pb.Say(t.Lang, def.Goal), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	goal.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{title, goal}

	group := ""
	ct := pb.CallType(c.CallType)
	if ct != nil {
		group = ct.Group
	}
	for _, sc := range pb.ScriptsFor(def, group, c.Situations(s.a.deps.Now())...) {
		if sc.When == "retention" && !c.Retention {
			continue
		}
		parts = append(parts, s.scriptCard(sc, l))
	}

	switch c.Current {
	case "authentication":
		parts = append(parts, s.authPanel())
	case "exploration":
		if ct != nil {
			parts = append(parts, heading(t.S("call.questions")))
			for _, q := range ct.Questions {
				lbl := widget.NewLabel("• " + pb.Say(l, q.Text))
				lbl.Wrapping = fyne.TextWrapWord
				parts = append(parts, lbl)
			}
			parts = append(parts, heading(t.S("call.checks")))
			for _, ch := range ct.Checks {
				id := ch.ID
				// The text sits in a wrapping label beside an empty check, so a
				// long check never widens the panel past the window.
				cb := widget.NewCheck("", nil)
				cb.SetChecked(c.HasCheck(id))
				cb.OnChanged = func(on bool) { s.apply(s.c.ToggleCheck(s.a.pb, id, on, s.a.deps.Now())) }
				s.checkBox[id] = cb
				txt := widget.NewLabel(pb.Say(t.Lang, ch.Text))
				txt.Wrapping = fyne.TextWrapWord
				parts = append(parts, container.NewBorder(nil, nil, cb, nil, txt))
			}
		}
	case "education":
		if ct != nil {
			for _, sc := range ct.Scripts {
				if sc.When != "" && !slices.Contains(c.Situations(s.a.deps.Now()), sc.When) {
					continue
				}
				parts = append(parts, s.scriptCard(sc, l))
			}
		}
	case "closing":
		parts = append(parts, s.closePanel())
	}
	parts = append(parts, widget.NewSeparator(), s.stepControls(def, sp))
	return container.NewVScroll(container.NewPadded(container.NewVBox(parts...)))
}

// scriptCard renders a script with gaps highlighted and masked values
// hidden; it can be copied only when complete.
func (s *callScreen) scriptCard(sc playbook.Script, l locales.Lang) fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	r := pb.Render(l, sc.Text, s.c.Lookup(pb, l, s.valueContext(l)), s.c.Auth.Authenticated())
	rt := widget.NewRichText(richSegments(r)...)
	rt.Wrapping = fyne.TextWrapWord
	copyBtn := widget.NewButtonWithIcon(t.S("call.copy"), theme.ContentCopyIcon(), nil)
	rs := renderedScript{id: sc.ID, r: r, copy: copyBtn}
	copyBtn.OnTapped = func() { s.onCopy(rs) }
	var note fyne.CanvasObject = widget.NewLabel("")
	switch {
	case r.Locked():
		copyBtn.Disable()
		n := widget.NewLabel(t.S("call.script.locked"))
		n.Importance = widget.WarningImportance
		n.Wrapping = fyne.TextWrapWord
		note = marked(markLock, n)
	case !r.Complete():
		copyBtn.Disable()
		n := widget.NewLabel(t.S("call.script.missing"))
		n.Importance = widget.WarningImportance
		n.Wrapping = fyne.TextWrapWord
		note = n
	}
	s.scripts = append(s.scripts, rs)
	title := ""
	if sc.Title.ES != "" {
		title = pb.Say(t.Lang, sc.Title)
	}
	head := container.NewBorder(nil, nil, nil, copyBtn, widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	card := container.NewVBox(head, rt, note)
	return container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(card)))
}

// richSegments turns a rendered script into rich text: gaps stand out in
// the warning colour, masked values are dimmed.
func richSegments(r playbook.Rendered) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	for _, seg := range r {
		style := widget.RichTextStyleInline
		text := seg.Text
		switch {
		case seg.Missing:
			style.ColorName = theme.ColorNameWarning
			style.TextStyle = fyne.TextStyle{Bold: true}
			text = "[" + seg.Text + "]"
		case seg.Masked:
			style.ColorName = theme.ColorNameDisabled
		case seg.Name != "":
			style.TextStyle = fyne.TextStyle{Bold: true}
		}
		out = append(out, &widget.TextSegment{Text: text, Style: style})
	}
	return out
}

func (s *callScreen) authPanel() fyne.CanvasObject {
	t, c := s.a.t, s.c
	if c.Auth.Authenticated() {
		l := widget.NewLabel(t.D("call.gate.open", map[string]any{"Method": t.S("auth.method." + c.Auth.Method)}))
		l.Importance = widget.SuccessImportance
		return marked(markUnlock, l)
	}
	opts := make([]string, len(cases.AuthMethods))
	for i, m := range cases.AuthMethods {
		opts[i] = t.S("auth.method." + m)
	}
	method := widget.NewRadioGroup(opts, nil)
	method.SetSelected(opts[0])
	ok := widget.NewButtonWithIcon(t.S("call.auth.confirm"), theme.ConfirmIcon(), func() {
		i := slices.Index(opts, method.Selected)
		if i < 0 {
			i = 0
		}
		s.apply(s.c.Authenticate(cases.AuthMethods[i], s.a.deps.Now()))
	})
	ok.Importance = widget.HighImportance
	note := widget.NewLabel(t.S("call.auth.note"))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	return container.NewVBox(heading(t.S("call.auth.method")), method, note, container.NewHBox(ok))
}

// stepControls marks the step done, skipped (with a reason) or not
// applicable.
func (s *callScreen) stepControls(def *playbook.Step, sp *cases.StepProgress) fyne.CanvasObject {
	t := s.a.t
	state := widget.NewLabel(t.S("call.step.state") + ": " + t.S("step.state."+string(sp.State)))
	if sp.Reason != "" {
		state.SetText(state.Text + " — " + sp.Reason)
	}
	state.Wrapping = fyne.TextWrapWord
	id := def.ID
	done := widget.NewButtonWithIcon(t.S("call.step.done"), theme.ConfirmIcon(), func() {
		if s.apply(s.c.SetStep(s.a.pb, id, cases.StepDone, "", s.a.deps.Now())) {
			s.onMove(1)
		}
	})
	done.Importance = widget.HighImportance
	if id == "authentication" && !s.c.Auth.Authenticated() {
		done.Hide()
	}
	skip := widget.NewButtonWithIcon(t.S("call.step.skip.button"), theme.MediaSkipNextIcon(), func() { s.askReason(id) })
	row := []fyne.CanvasObject{done, skip}
	if def.Conditional {
		na := widget.NewButton(t.S("call.step.na"), func() {
			if s.apply(s.c.SetStep(s.a.pb, id, cases.StepNA, "", s.a.deps.Now())) {
				s.onMove(1)
			}
		})
		row = append(row, na)
	}
	return container.NewVBox(state, container.NewHBox(row...))
}

func (s *callScreen) askReason(step string) {
	t := s.a.t
	reason := widget.NewEntry()
	reason.SetPlaceHolder(t.S("call.step.skip_reason"))
	dialog.ShowForm(t.S("call.step.skip.button"), t.S("call.step.skip.button"), t.S("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(t.S("call.reason"), reason)}, func(ok bool) {
			if ok && s.apply(s.c.SetStep(s.a.pb, step, cases.StepSkipped, reason.Text, s.a.deps.Now())) {
				s.onMove(1)
			}
		}, s.a.win)
}

// closePanel offers the last-resort retention transfer, the reason code
// and the close.
func (s *callScreen) closePanel() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.c
	var opts []string
	var ids []string
	suggested := map[string]bool{}
	if ct := pb.CallType(c.CallType); ct != nil {
		for _, r := range ct.ReasonCodes {
			suggested[r] = true
			if rc := pb.ReasonCode(r); rc != nil {
				opts, ids = append(opts, pb.Say(t.Lang, rc.Title)), append(ids, r)
			}
		}
	}
	for _, rc := range pb.ReasonCodes {
		if !suggested[rc.ID] {
			opts, ids = append(opts, pb.Say(t.Lang, rc.Title)), append(ids, rc.ID)
		}
	}
	reason := widget.NewSelect(opts, nil)
	reason.PlaceHolder = t.S("call.close.reason_placeholder")
	if i := slices.Index(ids, c.Reason); i >= 0 {
		reason.SetSelectedIndex(i)
	}
	closeBtn := widget.NewButtonWithIcon(t.S("call.close.button"), theme.DocumentSaveIcon(), func() {
		i := reason.SelectedIndex()
		if i < 0 {
			dialog.ShowInformation(t.S("call.cannot"), t.S("call.invalid.reason_code"), s.a.win)
			return
		}
		if s.apply(s.c.Close(s.a.pb, ids[i], s.a.deps.Now())) {
			s.refresh()
		}
	})
	closeBtn.Importance = widget.HighImportance
	parts := []fyne.CanvasObject{heading(t.S("call.close.title"))}
	if !c.Retention {
		ret := widget.NewButtonWithIcon(t.S("call.retention.button"), theme.MailForwardIcon(), func() {
			dialog.ShowConfirm(t.S("call.retention.button"), t.S("call.retention.confirm"), func(ok bool) {
				if ok {
					s.apply(s.c.OfferRetention(s.a.deps.Now()))
				}
			}, s.a.win)
		})
		ret.Importance = widget.LowImportance
		parts = append(parts, container.NewHBox(ret))
	}
	if c.Status == cases.StatusClosed || !c.ClosedAt.IsZero() {
		done := widget.NewLabel(t.S("call.closed"))
		done.Importance = widget.SuccessImportance
		reopen := widget.NewButton(t.S("call.reopen"), func() { s.apply(s.c.Reopen(s.a.deps.Now())) })
		return container.NewVBox(append(parts, marked(theme.ConfirmIcon(), done), container.NewHBox(reopen))...)
	}
	return container.NewVBox(append(parts, widget.NewLabel(t.S("call.close.reason_label")), reason, container.NewHBox(closeBtn))...)
}

// ---------------------------------------------------------------- side

func (s *callScreen) sidePanel() fyne.CanvasObject {
	c := s.c
	parts := []fyne.CanvasObject{
		s.region("profile", fmt.Sprintf("%s|%+v|%v|%s", c.ID, c.Customer, c.Auth.Authenticated(), s.currency()), s.profileCard),
		// The values and the suggested templates follow the scripts on
		// screen, which change with the step: always built.
		s.fresh(s.valuesCard()),
		s.fresh(s.suggestionsCard()),
		s.region("actions", fmt.Sprintf("%s|%+v|%+v|%s|%s|%s", c.ID, c.Actions, c.Escalation, c.CallType, s.a.ws.Role, s.currency()), s.actionsCard),
		s.region("notes", c.ID, s.notesCard),
	}
	// Kept while the agent types; text put in the notes another way (a
	// template inserted) is shown without saving it again.
	if s.notes.Text != c.Notes {
		on := s.notes.OnChanged
		s.notes.OnChanged = nil
		s.notes.SetText(c.Notes)
		s.notes.OnChanged = on
	}
	return container.NewVScroll(container.NewPadded(container.NewVBox(parts...)))
}

// profileCard shows the customer. Sensitive values stay masked until the
// customer is authenticated.
func (s *callScreen) profileCard() fyne.CanvasObject {
	t, c := s.a.t, s.c
	cu := c.Customer
	open := c.Auth.Authenticated()
	l := t.Lang
	mask := func(v string) string {
		if !open {
			return playbook.Mask
		}
		if v == "" {
			return "—"
		}
		return v
	}
	money := func(m int64) string {
		return calculators.FormatMoney(calculators.FromMinor(m, s.currency()), l)
	}
	tenure := "—"
	if !cu.Since.IsZero() {
		if y := cu.TenureYears(s.a.deps.Now()); y > 0 {
			tenure = t.N("call.customer.years", y, nil)
		} else {
			tenure = t.D("call.customer.new", map[string]any{"Since": locales.FormatDate(l, cu.Since)})
		}
	}
	value := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	form := widget.NewForm(
		widget.NewFormItem(t.S("cases.account"), value(cases.MaskAccount(cu.Account))),
		widget.NewFormItem(t.S("call.customer.plan"), value(orDash(cu.Plan))),
		widget.NewFormItem(t.S("call.customer.tenure"), value(tenure)),
		widget.NewFormItem(t.S("call.customer.balance"), value(mask(money(cu.Balance)))),
		widget.NewFormItem(t.S("call.customer.past_due"), value(mask(money(cu.PastDue)))),
		widget.NewFormItem(t.S("call.customer.due_date"), value(mask(dateOrEmpty(l, cu.DueDate)))),
		widget.NewFormItem(t.S("call.customer.address"), value(mask(cu.Address))),
		widget.NewFormItem(t.S("call.customer.phone"), value(mask(cu.Phone))),
	)
	parts := []fyne.CanvasObject{heading(t.S("call.customer.title")), form}
	if !open {
		n := widget.NewLabel(t.S("call.gate.reason"))
		n.Wrapping = fyne.TextWrapWord
		n.Importance = widget.WarningImportance
		parts = append(parts, marked(markLock, n))
	}
	return container.NewVBox(parts...)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func dateOrEmpty(l locales.Lang, d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return locales.FormatDate(l, d)
}

// valuesCard asks inline for the values the scripts on screen are missing.
func (s *callScreen) valuesCard() fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	var names []string
	seen := map[string]bool{}
	for _, rs := range s.scripts {
		for _, n := range rs.r.Missing() {
			ph := pb.Placeholder(n)
			if ph == nil || seen[n] || ph.Source == "customer" || ph.Source == "case" {
				continue
			}
			seen[n] = true
			names = append(names, n)
		}
	}
	// Values already typed stay editable while their scripts are on screen.
	for n := range s.c.Values {
		if !seen[n] && pb.Placeholder(n) != nil && s.onScreen(n) {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return container.NewVBox()
	}
	slices.Sort(names)
	form := widget.NewForm()
	for _, n := range names {
		ph := pb.Placeholder(n)
		e := widget.NewEntry()
		if v, ok := s.c.Values[n]; ok {
			e.SetText(cases.DisplayValue(ph.Kind, v, t.Lang, s.currency()))
		}
		e.SetPlaceHolder(t.S("call.value.kind." + ph.Kind))
		name, kind := n, ph.Kind
		e.OnSubmitted = func(v string) { s.onValue(name, kind, v) }
		form.Append(pb.Say(t.Lang, ph.Label), e)
		e.OnChanged = nil
		entry := e
		form.Items[len(form.Items)-1].HintText = t.S("call.value.hint")
		_ = entry
	}
	return container.NewVBox(heading(t.S("call.values")), form)
}

func (s *callScreen) onScreen(name string) bool {
	for _, rs := range s.scripts {
		for _, seg := range rs.r {
			if seg.Name == name {
				return true
			}
		}
	}
	return false
}

// actionsCard records first-line actions; amounts are checked against the
// role's authority and the UI says when an escalation is needed.
func (s *callScreen) actionsCard() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.c
	parts := []fyne.CanvasObject{heading(t.S("cases.actions"))}
	for _, a := range c.Actions {
		txt := a.ID
		if def := pb.Action(a.ID); def != nil {
			txt = pb.Say(t.Lang, def.Title)
		}
		if a.Amount > 0 {
			txt += " — " + calculators.FormatMoney(calculators.FromMinor(a.Amount, s.currency()), t.Lang)
		}
		l := widget.NewLabel("• " + txt)
		l.Wrapping = fyne.TextWrapWord
		if a.Pending {
			l.SetText(l.Text + " — " + t.S("call.action.over_authority.title"))
			l.Importance = widget.WarningImportance
		}
		parts = append(parts, l)
	}
	var opts, ids []string
	if ct := pb.CallType(c.CallType); ct != nil {
		for _, id := range ct.Resolutions {
			if a := pb.Action(id); a != nil {
				opts, ids = append(opts, pb.Say(t.Lang, a.Title)), append(ids, id)
			}
		}
	}
	amount := widget.NewEntry()
	amount.SetPlaceHolder(t.S("call.value.kind.money"))
	reason := widget.NewEntry()
	reason.SetPlaceHolder(t.S("call.action.reason"))
	amountRow := container.NewGridWithColumns(2, amount, reason)
	amountRow.Hide()
	sel := widget.NewSelect(opts, func(string) {})
	sel.PlaceHolder = t.S("call.action.pick")
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i >= 0 && pb.Action(ids[i]).Amount {
			amountRow.Show()
		} else {
			amountRow.Hide()
		}
	}
	limit := widget.NewLabel(t.D("call.action.limit", map[string]any{
		"Role":  t.S("role." + s.a.ws.Role),
		"Limit": calculators.FormatMoney(calculators.FromMinor(pb.AuthorityMinor(s.a.ws.Role), s.currency()), t.Lang),
	}))
	limit.Importance = widget.LowImportance
	limit.Wrapping = fyne.TextWrapWord
	add := widget.NewButtonWithIcon(t.S("call.action.add"), theme.ContentAddIcon(), func() {
		i := sel.SelectedIndex()
		if i < 0 {
			return
		}
		s.onAction(ids[i], amount.Text, reason.Text)
	})
	parts = append(parts, sel, amountRow, limit, container.NewHBox(add))
	if c.Escalation == nil {
		esc := widget.NewButtonWithIcon(t.S("call.escalate.title"), theme.UploadIcon(), s.onEscalate)
		if c.PendingAmount() > 0 {
			esc.Importance = widget.DangerImportance
		}
		parts = append(parts, widget.NewSeparator(), container.NewHBox(esc))
	} else {
		e := c.Escalation
		prio := e.Priority
		if p := pb.Priority(e.Priority); p != nil {
			prio = pb.Say(t.Lang, p.Title)
		}
		info := widget.NewLabel(t.D("call.escalated", map[string]any{
			"Ticket": e.Ticket, "Priority": prio, "When": locales.FormatDateTime(t.Lang, e.ExpectedBy.Local()),
		}))
		info.Wrapping = fyne.TextWrapWord
		info.Importance = widget.WarningImportance
		parts = append(parts, widget.NewSeparator(), info, escalationStatusLabel(t, e))
	}
	return container.NewVBox(parts...)
}

func (s *callScreen) notesCard() fyne.CanvasObject {
	t := s.a.t
	s.notes = widget.NewMultiLineEntry()
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.SetMinRowsVisible(5)
	s.notes.SetText(s.c.Notes)
	s.notes.SetPlaceHolder(t.S("call.notes.placeholder"))
	s.notes.OnChanged = s.onNotes
	hint := widget.NewLabel(t.S("call.notes.hint"))
	hint.Importance = widget.LowImportance
	hint.Wrapping = fyne.TextWrapWord
	return container.NewVBox(heading(t.S("cases.notes")+"  ("+t.S("shortcut.notes")+")"), s.notes, hint)
}

// ---------------------------------------------------------------- handlers

func (s *callScreen) onGoto(step string) {
	s.flushNotes()
	s.c.Current = step
	s.save()
}

func (s *callScreen) onMove(delta int) {
	if s.c == nil {
		return
	}
	s.flushNotes()
	s.c.Move(delta)
	s.save()
}

func (s *callScreen) onLang(l locales.Lang) {
	s.flushNotes()
	s.apply(s.c.SetLang(l, s.a.deps.Now()))
}

func (s *callScreen) onToggleLang() {
	if s.c != nil {
		s.onLang(s.c.CallLang.Other())
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

// onCopyCurrent copies the first complete script of the step (shortcut).
func (s *callScreen) onCopyCurrent() {
	for _, rs := range s.scripts {
		if rs.r.Complete() {
			s.onCopy(rs)
			return
		}
	}
}

func (s *callScreen) onValue(name, kind, input string) {
	v, err := cases.CanonicalValue(kind, input, s.a.t.Lang, s.currency())
	if err != nil {
		dialog.ShowInformation(s.a.t.S("call.cannot"), s.a.t.S("call.value.invalid."+kind), s.a.win)
		return
	}
	s.c.SetValue(name, v)
	s.save(cases.Event{Kind: "value", Detail: name})
}

func (s *callScreen) onAction(id, amountText, reason string) {
	t := s.a.t
	var minor int64
	if def := s.a.pb.Action(id); def != nil && def.Amount {
		m, err := calculators.ParseMoney(amountText, s.currency(), t.Lang)
		if err != nil {
			dialog.ShowInformation(t.S("call.cannot"), t.S("call.value.invalid.money"), s.a.win)
			return
		}
		minor = m.Minor
	}
	res, ev, err := s.c.AddAction(s.a.pb, id, minor, reason, s.a.ws.Role, s.a.deps.Now())
	if !s.apply(ev, err) {
		return
	}
	if res.NeedsEscalation {
		dialog.ShowInformation(t.S("call.action.over_authority.title"), t.D("call.action.over_authority_long", map[string]any{
			"Limit": calculators.FormatMoney(calculators.FromMinor(res.Action.Limit, s.currency()), t.Lang),
		}), s.a.win)
	}
}

func (s *callScreen) onNotes(text string) {
	s.c.Notes = text
	s.notesDirt = true
	if s.notesTmr != nil {
		s.notesTmr.Stop()
	}
	// Save shortly after typing pauses: every pause is a transaction, and
	// the indicator shows when the words are on disk.
	s.notesTmr = time.AfterFunc(700*time.Millisecond, func() {
		fyne.Do(func() {
			if s.notesDirt && s.c != nil {
				s.notesDirt = false
				if err := s.a.svc.Save(s.a.ctx, s.c, cases.Event{Kind: "note"}); err != nil {
					s.saveErr = s.a.errorText(err)
				} else {
					s.saveErr, s.savedAt = "", s.a.deps.Now()
				}
				s.showSaved()
			}
		})
	})
}

func (s *callScreen) onNewCall() {
	s.flushNotes()
	s.c = nil
	s.refresh()
}

// onEscalate opens the escalation form: criteria as a checklist, priority,
// reason, amount in dispute. The record is complete by construction.
func (s *callScreen) onEscalate() {
	t, pb, c := s.a.t, s.a.pb, s.c
	checks := map[string]*widget.Check{}
	var items []fyne.CanvasObject
	typical := map[string]bool{}
	if ct := pb.CallType(c.CallType); ct != nil {
		for _, id := range ct.Escalation {
			typical[id] = true
		}
	}
	for _, cr := range pb.Criteria {
		cb := widget.NewCheck(pb.Say(t.Lang, cr.Text), nil)
		if cr.ID == cases.CriterionOverAuthority && c.PendingAmount() > 0 {
			cb.SetChecked(true)
			cb.Disable()
		}
		checks[cr.ID] = cb
		items = append(items, cb)
	}
	prios := []string{t.S("call.escalate.priority_auto")}
	prioIDs := []string{""}
	for _, p := range pb.Priorities {
		prios = append(prios, t.D("call.escalate.priority_option", map[string]any{"Title": pb.Say(t.Lang, p.Title), "Hours": p.ResponseHours}))
		prioIDs = append(prioIDs, p.ID)
	}
	prio := widget.NewSelect(prios, nil)
	prio.SetSelectedIndex(0)
	reason := widget.NewMultiLineEntry()
	reason.SetMinRowsVisible(3)
	reason.SetPlaceHolder(t.S("call.escalate.reason_placeholder"))
	dispute := widget.NewEntry()
	if p := c.PendingAmount(); p > 0 {
		dispute.SetText(calculators.FormatMoney(calculators.FromMinor(p, s.currency()), t.Lang))
	}
	form := container.NewVBox(
		heading(t.S("call.escalate.criteria")), container.NewVBox(items...),
		widget.NewForm(
			widget.NewFormItem(t.S("call.escalate.priority"), prio),
			widget.NewFormItem(t.S("call.escalate.dispute"), dispute),
			widget.NewFormItem(t.S("call.reason"), reason),
		),
	)
	d := dialog.NewCustomConfirm(t.S("call.escalate.title"), t.S("call.escalate.send"), t.S("dialog.cancel"), container.NewVScroll(form), func(ok bool) {
		if !ok {
			return
		}
		var crit []string
		for _, cr := range pb.Criteria {
			if checks[cr.ID].Checked {
				crit = append(crit, cr.ID)
			}
		}
		var minor int64
		if strings.TrimSpace(dispute.Text) != "" {
			m, err := calculators.ParseMoney(dispute.Text, s.currency(), t.Lang)
			if err != nil {
				dialog.ShowInformation(t.S("call.cannot"), t.S("call.value.invalid.money"), s.a.win)
				return
			}
			minor = m.Minor
		}
		s.escalate(crit, prioIDs[max(prio.SelectedIndex(), 0)], reason.Text, minor)
	}, s.a.win)
	d.Resize(fyne.NewSize(620, 560))
	d.Show()
}

// escalate records the escalation with the day's next ticket number.
func (s *callScreen) escalate(criteria []string, priority, reason string, dispute int64) bool {
	now := s.a.deps.Now()
	seq, err := s.a.deps.Store.NextSequence(s.a.ctx, "ticket:"+now.Format("20060102"))
	if err != nil {
		s.showError(err)
		return false
	}
	if !s.apply(s.c.Escalate(s.a.pb, criteria, priority, reason, dispute, seq, now)) {
		return false
	}
	s.c.Current = "summary"
	return s.save()
}

// shortcuts are registered on the window: next and previous step, toggle
// call language, copy the current script, focus the notes.
func (s *callScreen) shortcuts() []shortcutBinding {
	return []shortcutBinding{
		{&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierControl}, func() { s.onMove(1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierControl}, func() { s.onMove(-1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl}, s.onToggleLang},
		{&desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}, s.onCopyCurrent},
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

// current is the call on screen, or nil.
func (s *callScreen) current() *cases.Case { return s.c }

// attachCalculation puts a calculator result on the open call ("use in
// call"); it returns the coded error when there is no open call.
func (s *callScreen) attachCalculation(calc cases.Calculation) error {
	if s.c == nil {
		return &cases.Error{Code: cases.EInvalid, Field: "call", Detail: "no call open"}
	}
	s.flushNotes()
	ev, err := s.c.AddCalculation(calc, s.a.deps.Now())
	if err != nil {
		return err
	}
	if err := s.a.svc.Save(s.a.ctx, s.c, ev); err != nil {
		return err
	}
	s.savedAt = s.a.deps.Now()
	s.refresh()
	return nil
}

// useTemplate records a template used in the open call and, with insert,
// appends its text to the notes.
func (s *callScreen) useTemplate(id, text string, insert bool) error {
	if s.c == nil {
		return &cases.Error{Code: cases.EInvalid, Field: "call", Detail: "no call open"}
	}
	s.flushNotes()
	if !insert {
		text = ""
	}
	ev, err := s.c.UseTemplate(id, text, s.a.deps.Now())
	if err != nil {
		return err
	}
	if err := s.a.svc.Save(s.a.ctx, s.c, ev); err != nil {
		return err
	}
	s.savedAt = s.a.deps.Now()
	s.refresh()
	return nil
}
