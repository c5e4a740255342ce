package app

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// callView is a call being worked: the header, the checklist of steps down
// the left, the current step's scripts and controls in the middle, and the
// side panel (callside.go) on the right.
func (s *callScreen) callView() fyne.CanvasObject {
	s.scripts = nil
	s.checkBox = map[string]*widget.Check{}
	c := s.cur()
	ticket := ""
	if c.Escalation != nil {
		ticket = c.Escalation.Ticket
	}
	header := s.region("header", fmt.Sprint(c.ID, callerName(c), c.CallType, ticket, c.Customer.VIP, c.Status, c.CallLang), s.header)
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
	t, pb, c := s.a.t, s.a.pb, s.cur()
	ct := c.CallType
	if x := pb.CallType(c.CallType); x != nil {
		ct = pb.Say(t.Lang, x.Title)
	}
	// Who and why take the width that is left and truncate; the badges and
	// controls keep theirs, so a long name or ticket never pushes the
	// window wider than the screen.
	who := callerName(c)
	if who == "" {
		// A caller known by the account only, until they say their name.
		who = cases.MaskAccount(c.Customer.Account)
	}
	line := who + "  ·  " + ct
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
	s.langSel.Required = true // clicked again, a choice stays chosen
	s.langSel.Horizontal = true
	s.langSel.SetSelected(langNames[c.CallLang])
	s.langSel.OnChanged = func(v string) {
		if v == "" {
			s.langSel.SetSelected(langNames[s.cur().CallLang])
			return
		}
		if l := langFromName(v); l != s.cur().CallLang {
			s.onLang(l)
		}
		// A refused change (a closed case is a record) redraws nothing:
		// the radio must not keep showing the language that was refused.
		if kept := langNames[s.cur().CallLang]; s.langSel.Selected != kept {
			s.langSel.SetSelected(kept)
		}
	}
	s.saved = widget.NewLabel("")
	newCall := widget.NewButtonWithIcon(t.S("call.new"), theme.ContentAddIcon(), s.onNewCall)
	export := widget.NewButtonWithIcon(t.S("call.export"), theme.DocumentPrintIcon(), s.onExport)
	right := container.NewHBox(append(badges, widget.NewSeparator(), widget.NewLabel(t.S("call.lang")+" ("+t.S("shortcut.lang")+")"), s.langSel, s.saved, export, newCall)...)
	return container.NewVBox(container.NewBorder(nil, nil, nil, right, name), widget.NewSeparator())
}

// callerName is the caller's name: the one on file, else the one a
// caller not on file gave on the introduction (recorded as the scripts'
// customer_name), else "".
func callerName(c *cases.Case) string {
	if n := strings.TrimSpace(c.Customer.Name); n != "" {
		return n
	}
	return strings.TrimSpace(c.Values["customer_name"])
}

// showSaved shows in the header when the case was last saved, or why it
// was not.
func (s *callScreen) showSaved() {
	if s.saved == nil {
		return
	}
	if s.a.sess.Err() != nil {
		s.saved.Importance = widget.DangerImportance
	} else {
		s.saved.Importance = widget.SuccessImportance
	}
	s.saved.SetText(s.savedText())
}

func (s *callScreen) savedText() string {
	t := s.a.t
	if err := s.a.sess.Err(); err != nil {
		// Translated (and logged) once per failure, not at every redraw.
		if err != s.errShown {
			s.errShown, s.errText = err, s.a.errorText(err)
		}
		return s.errText
	}
	at := s.a.sess.SavedAt()
	if at.IsZero() {
		return ""
	}
	return t.D("call.saved_at", map[string]any{"Time": locales.FormatTime(t.Lang, at.Local())})
}

// pendingSteps names, in the interface language and in the flow's order,
// the steps of the call on screen nobody has dealt with; closing does the
// closing step itself.
func (s *callScreen) pendingSteps() []string {
	t, pb := s.a.t, s.a.pb
	var out []string
	for _, sp := range s.cur().Steps {
		if def := pb.Step(sp.Step); def != nil && sp.State == cases.StepPending && sp.Step != "closing" {
			out = append(out, pb.Say(t.Lang, def.Title))
		}
	}
	return out
}

// checklist shows the eight steps with their state; a tap shows the step.
func (s *callScreen) checklist() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.cur()
	rows := []fyne.CanvasObject{heading(t.S("call.checklist"))}
	n := 0
	for _, sp := range c.Steps {
		def := pb.Step(sp.Step)
		if def == nil {
			continue // of an older playbook: not shown, nor numbered
		}
		n++
		label := fmt.Sprintf("%d. %s", n, pb.Say(t.Lang, def.Title))
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
	t, pb, c := s.a.t, s.a.pb, s.cur()
	def := pb.Step(c.Current)
	sp := c.Step(c.Current)
	if def == nil || sp == nil {
		return widget.NewLabel("")
	}
	l := c.CallLang
	title := subheading(pb.Say(t.Lang, def.Title))
	goal := widget.NewLabel(pb.Say(t.Lang, def.Goal))
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
				if c.Ended() {
					cb.Disable() // a closed call's checks are its record
				}
				cb.OnChanged = func(on bool) {
					s.apply(func(c *cases.Case) (cases.Event, error) { return c.ToggleCheck(s.a.pb, id, on, s.a.deps.Now()) })
				}
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
	return s.scrollKept("step", c.ID+"|"+c.Current, container.NewPadded(container.NewVBox(parts...)))
}

// scriptCard renders a script with gaps highlighted and masked values
// hidden; it can be copied only when complete.
func (s *callScreen) scriptCard(sc playbook.Script, l locales.Lang) fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	c := s.cur()
	r := pb.Render(l, sc.Text, c.Lookup(pb, l, s.valueContext(l)), c.Auth.Authenticated())
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
	case !r.Complete() && c.Ended():
		// A closed call takes no values, so none is asked for.
		copyBtn.Disable()
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
	// The script's name, smaller than what is said: a label, not a line.
	name := widget.NewLabel(title)
	name.SizeName = theme.SizeNameCaptionText
	head := container.NewBorder(nil, nil, nil, copyBtn, name)
	card := container.NewVBox(head, rt, note)
	return container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(card)))
}

// richSegments turns a rendered script into rich text: gaps stand out in
// the warning colour, masked values are dimmed.
func richSegments(r playbook.Rendered) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	valueBefore := false
	for _, seg := range r {
		style := widget.RichTextStyleInline
		text := seg.Text
		// Punctuation right after a value goes with it, and the space
		// after that: Fyne breaks lines between segments, and a line must
		// start neither with ", and…" nor with a space.
		if valueBefore && len(out) > 0 && seg.Name == "" && !seg.Missing && !seg.Masked {
			n := leadingPunct(text)
			n += len(text[n:]) - len(strings.TrimLeft(text[n:], " "))
			if n > 0 {
				prev := out[len(out)-1].(*widget.TextSegment)
				prev.Text += text[:n]
				text = text[n:]
			}
		}
		valueBefore = seg.Name != "" || seg.Missing || seg.Masked
		if text == "" {
			continue
		}
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

// leadingPunct is how many bytes of punctuation s starts with.
func leadingPunct(s string) int {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune(",.;:!?)»”'…", r) {
			break
		}
		n += utf8.RuneLen(r)
	}
	return n
}

func (s *callScreen) authPanel() fyne.CanvasObject {
	t, c := s.a.t, s.cur()
	if c.Auth.Authenticated() {
		l := widget.NewLabel(t.D("call.gate.open", map[string]any{"Method": t.S("auth.method." + c.Auth.Method)}))
		l.Importance = widget.SuccessImportance
		return marked(markUnlock, l)
	}
	if c.Ended() {
		// Authenticating a closed call could only be refused: it is
		// reopened first.
		l := widget.NewLabel(t.S("call.gate.closed"))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		return marked(markLock, l)
	}
	opts := make([]string, len(cases.AuthMethods))
	for i, m := range cases.AuthMethods {
		opts[i] = t.S("auth.method." + m)
	}
	method := widget.NewRadioGroup(opts, nil)
	method.Required = true // clicked again, a choice stays chosen
	method.SetSelected(opts[0])
	if m, ok := s.draft("auth.method", ""); ok && slices.Contains(cases.AuthMethods, m) {
		method.SetSelected(opts[slices.Index(cases.AuthMethods, m)])
	}
	method.OnChanged = func(v string) {
		if i := slices.Index(opts, v); i >= 0 {
			s.keepDraft("auth.method", "", cases.AuthMethods[i])
		}
	}
	ok := widget.NewButtonWithIcon(t.S("call.auth.confirm"), theme.ConfirmIcon(), func() {
		i := slices.Index(opts, method.Selected)
		if i < 0 {
			return // no method chosen: none is recorded in its place
		}
		s.apply(func(c *cases.Case) (cases.Event, error) { return c.Authenticate(cases.AuthMethods[i], s.a.deps.Now()) })
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
	if s.cur().Ended() {
		// A closed call is a record: its steps are read, and changed
		// once it is reopened (on its closing step), not refused one by
		// one.
		return state
	}
	id := def.ID
	done := widget.NewButtonWithIcon(t.S("call.step.done"), theme.ConfirmIcon(), func() {
		if s.setStep(id, cases.StepDone, "") {
			s.onMove(1)
		}
	})
	done.Importance = widget.HighImportance
	if id == "authentication" && !s.cur().Auth.Authenticated() || id == "closing" {
		done.Hide() // done by authenticating, or by closing the case below
	}
	skip := widget.NewButtonWithIcon(t.S("call.step.skip.button"), theme.MediaSkipNextIcon(), func() { s.askReason(id) })
	if id == "closing" {
		skip.Hide() // every call ends with a close
	}
	row := []fyne.CanvasObject{done, skip}
	// An authenticated customer was authenticated: not "not applicable";
	// nor is authentication where the call type needs the account's
	// details (the domain refuses it: skipped with a reason, it may be).
	authNeeded := false
	if ct := s.a.pb.CallType(s.cur().CallType); ct != nil {
		authNeeded = ct.RequiresAuth
	}
	if def.Conditional && !(id == "authentication" && (s.cur().Auth.Authenticated() || authNeeded)) {
		na := widget.NewButton(t.S("call.step.na"), func() {
			if s.setStep(id, cases.StepNA, "") {
				s.onMove(1)
			}
		})
		row = append(row, na)
	}
	return container.NewVBox(state, container.NewHBox(row...))
}

func (s *callScreen) askReason(step string) { s.askReasonAgain(step, "", "") }

// askReasonAgain is the skip form with typed in its reason and, under it,
// problem: why the reason was refused (none, or longer than a case keeps).
// A refused reason comes back in the form, so nothing typed is lost.
func (s *callScreen) askReasonAgain(step, typed, problem string) {
	t := s.a.t
	reason := widget.NewEntry()
	reason.SetPlaceHolder(t.S("call.step.skip_reason"))
	reason.SetText(typed)
	items := []*widget.FormItem{widget.NewFormItem(t.S("call.reason"), reason)}
	if problem != "" {
		msg := widget.NewLabel(problem)
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		items = append(items, widget.NewFormItem("", msg))
	}
	d := dialog.NewForm(t.S("call.step.skip.button"), t.S("call.step.skip.button"), t.S("dialog.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		err := s.change(func(c *cases.Case) (cases.Event, error) {
			return c.SetStep(s.a.pb, step, cases.StepSkipped, reason.Text, s.a.deps.Now())
		})
		switch {
		case err == nil:
			s.onMove(1)
		case cases.ErrorCode(err) == cases.EInvalid:
			s.askReasonAgain(step, reason.Text, s.errorMessage(err))
		case err != s.a.sess.Err():
			s.showError(err)
		}
	}, s.a.win)
	if problem != "" {
		d.Resize(fyne.NewSize(480, d.MinSize().Height))
	}
	d.Show()
}

// closePanel offers the last-resort retention transfer, the reason code
// and the close.
func (s *callScreen) closePanel() fyne.CanvasObject {
	t, pb, c := s.a.t, s.a.pb, s.cur()
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
	if id, ok := s.draft("close.reason", c.Reason); ok && slices.Contains(ids, id) {
		reason.SetSelectedIndex(slices.Index(ids, id))
	}
	reason.OnChanged = func(string) {
		if i := reason.SelectedIndex(); i >= 0 {
			s.keepDraft("close.reason", c.Reason, ids[i])
		}
	}
	closeBtn := widget.NewButtonWithIcon(t.S("call.close.button"), theme.DocumentSaveIcon(), func() {
		i := reason.SelectedIndex()
		if i < 0 {
			s.a.inform(t.S("call.cannot"), t.S("call.invalid.reason_code"))
			return
		}
		closeCall := func() {
			s.apply(func(c *cases.Case) (cases.Event, error) { return c.Close(s.a.pb, ids[i], s.a.deps.Now()) })
		}
		// A step left pending is a part of the call nobody ticked, skipped
		// with a reason or marked as not applying: said before the close,
		// which may still be right (the customer hung up).
		if pending := s.pendingSteps(); len(pending) > 0 {
			s.a.confirm(t.S("call.close.pending_title"),
				t.N("call.close.pending", len(pending), map[string]any{"Steps": strings.Join(pending, ", ")}),
				func(ok bool) {
					if ok {
						closeCall()
					}
				})
			return
		}
		closeCall()
	})
	closeBtn.Importance = widget.HighImportance
	parts := []fyne.CanvasObject{heading(t.S("call.close.title"))}
	if !c.Retention && !c.Ended() { // a closed call is reopened first
		ret := widget.NewButtonWithIcon(t.S("call.retention.button"), theme.MailForwardIcon(), func() {
			s.a.confirm(t.S("call.retention.button"), t.S("call.retention.confirm"), func(ok bool) {
				if ok {
					s.apply(func(c *cases.Case) (cases.Event, error) { return c.OfferRetention(s.a.deps.Now()) })
				}
			})
		})
		ret.Importance = widget.LowImportance
		parts = append(parts, container.NewHBox(ret))
	}
	if c.Ended() {
		done := widget.NewLabel(t.S("call.closed"))
		done.Importance = widget.SuccessImportance
		reopen := widget.NewButton(t.S("call.reopen"), func() {
			s.apply(func(c *cases.Case) (cases.Event, error) { return c.Reopen(s.a.deps.Now()) })
		})
		return container.NewVBox(append(parts, marked(theme.ConfirmIcon(), done), container.NewHBox(reopen))...)
	}
	return container.NewVBox(append(parts, widget.NewLabel(t.S("call.close.reason_label")), reason, container.NewHBox(closeBtn))...)
}
