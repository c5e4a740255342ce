package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/training"
)

// The simulated call, laid out like the live one: the checklist, the
// step's scripts behind the same authentication gate, the customer's
// lines and what the systems show, the decision (a choice, a figure, or a
// line to say in one's own words), the feedback, and the account screen
// with the caller's mood as it changes.

func (s *trainingScreen) sessionView() fyne.CanvasObject {
	t, pb, sc := s.a.t, s.a.pb, s.sess.Scenario()
	l := s.lang
	persona := s.sess.Persona(l)
	dec, live := s.sess.Decision(l)

	// Header: who is calling and why, as the live call's header writes
	// them (one bold line that truncates, so both sit on one baseline and a
	// long title never widens the window), then the badges, the mode and
	// the clock.
	name := widget.NewLabelWithStyle(persona.Name+"  ·  "+sc.Say(t.Lang, sc.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	var badges []fyne.CanvasObject
	if persona.VIP {
		v := widget.NewLabel(t.S("call.customer.vip"))
		v.Importance = widget.WarningImportance
		badges = append(badges, marked(markStar, v))
	}
	modeL := widget.NewLabel(t.S("training.ui.mode." + string(s.sess.Mode())))
	modeL.Importance = widget.HighImportance
	pos, total := s.sess.Position()
	clock := widget.NewLabel(t.D("training.ui.clock", map[string]any{
		"Turn": min(pos+1, total), "Turns": total, "Minutes": int(s.sess.Elapsed().Minutes()), "Seconds": int(s.sess.Elapsed().Seconds()) % 60}))
	quit := widget.NewButtonWithIcon(t.S("training.ui.quit"), theme.CancelIcon(), s.onLeave)
	tools := append(badges, modeL, clock, quit)
	if replay := s.replayButton(); replay != nil {
		tools = append([]fyne.CanvasObject{replay}, tools...)
	}
	header := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(tools...), name), widget.NewSeparator())

	// Checklist: the same eight steps, ticked as the trainee moves through them.
	current := dec.Step
	done := map[string]bool{}
	for _, st := range s.sess.Steps() {
		if st != current {
			done[st] = true
		}
	}
	rows := []fyne.CanvasObject{heading(t.S("call.checklist"))}
	for i, st := range pb.Steps {
		b := widget.NewButtonWithIcon(fmt.Sprintf("%d. %s", i+1, pb.Say(t.Lang, st.Title)), stepMark(done[st.ID], false, false), nil)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if st.ID == current {
			b.Importance = widget.HighImportance
		} else if done[st.ID] {
			b.Importance = widget.MediumImportance
		}
		rows = append(rows, b)
	}
	gate := widget.NewLabel(t.S("call.gate.closed"))
	gate.Importance = widget.WarningImportance
	lock := markLock
	if s.sess.Authenticated() {
		gate.Text = t.S("training.ui.gate_open")
		gate.Importance = widget.SuccessImportance
		lock = markUnlock
	}
	gate.Wrapping = fyne.TextWrapWord
	rows = append(rows, widget.NewSeparator(), marked(lock, gate))
	checklist := fixedWidth(250, container.NewVBox(rows...))

	// Centre: what the last answer earned (first: it is what the trainee
	// looks for after answering), the step's scripts, the customer, the
	// decision.
	center := []fyne.CanvasObject{}
	if fb, ok := s.sess.Feedback(t.Lang, l); ok {
		center = append(center, s.feedbackCard(fb))
	}
	if st := pb.Step(current); st != nil {
		title := subheading(pb.Say(t.Lang, st.Title))
		center = append(center, title)
		group := ""
		if ct := pb.CallType(sc.CallType); ct != nil {
			group = ct.Group
		}
		vals := s.values(l, persona)
		for _, scr := range pb.ScriptsFor(st, group) {
			rt := widget.NewRichText(richSegments(pb.Render(l, scr.Text, vals, s.sess.Authenticated()))...)
			rt.Wrapping = fyne.TextWrapWord
			center = append(center, container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(rt))))
		}
	}
	reply, line := s.sess.Reply(l), ""
	if live {
		line = s.sess.Line(l)
	}
	s.hear(l, persona, pos, reply, line)
	if reply != "" {
		center = append(center, s.bubble(persona.Name, reply))
	}
	if s.sess.HungUp() {
		hung := widget.NewLabel(t.S("training.ui.hung_up"))
		hung.Importance = widget.DangerImportance
		hung.Wrapping = fyne.TextWrapWord
		center = append(center, marked(theme.ErrorIcon(), hung))
	}
	if live {
		if n := s.sess.Notice(l); n != "" {
			notice := widget.NewLabel(t.D("training.ui.notice", map[string]any{"Text": n}))
			notice.Wrapping = fyne.TextWrapWord
			center = append(center, marked(theme.InfoIcon(), notice))
		}
		if line != "" {
			center = append(center, s.bubble(persona.Name, line))
		}
		center = append(center, heading(t.S("training.ui.your_move")))
		switch {
		case dec.Entry != nil:
			center = append(center, s.entryControls(dec.Entry))
		case dec.Response != nil:
			center = append(center, s.responseControls(dec.Response))
		}
		for _, ch := range dec.Choices {
			id := ch.ID
			center = append(center, newWrapButton(ch.Label, s.onTurn(func() { s.onChoose(id) })))
		}
	}
	if s.status != "" {
		st := widget.NewLabel(s.status)
		st.Importance = widget.DangerImportance
		st.Wrapping = fyne.TextWrapWord
		center = append(center, st)
	}
	if s.sess.Mode() == training.Practice && (live || s.sess.HungUp()) {
		retry := widget.NewButtonWithIcon(t.S("training.ui.retry"), theme.ViewRefreshIcon(), s.onRetry)
		if live {
			hint := widget.NewButtonWithIcon(t.S("training.ui.hint"), theme.QuestionIcon(), s.onTurn(s.onHint))
			center = append(center, container.NewHBox(hint, retry))
		} else {
			center = append(center, container.NewHBox(retry))
		}
	}
	if !live {
		finish := widget.NewButtonWithIcon(t.S("training.ui.finish"), theme.ConfirmIcon(), s.onFinish)
		finish.Importance = widget.HighImportance
		center = append(center, container.NewHBox(finish))
	}

	// Right: the caller, their mood now, and the account screen, masked
	// until authentication.
	side := []fyne.CanvasObject{heading(t.S("call.customer.title"))}
	// Who the caller is and how they feel are notes for the trainee: in
	// the interface language, as the labels around them.
	about := s.sess.Persona(t.Lang)
	if b := s.sess.Text(t.Lang, sc.Brief); b != "" {
		// What the trainee would know as the call comes in, as drill play
		// says it first.
		d := widget.NewLabel(t.D("training.ui.brief", map[string]any{"Brief": b}))
		d.Wrapping = fyne.TextWrapWord
		side = append(side, d)
	}
	if about.Description != "" {
		d := widget.NewLabel(about.Description)
		d.Wrapping = fyne.TextWrapWord
		side = append(side, d)
	}
	if about.Mood != "" {
		m := widget.NewLabel(t.D("training.ui.mood", map[string]any{"Mood": about.Mood}))
		m.Wrapping = fyne.TextWrapWord
		side = append(side, m)
	}
	now := widget.NewLabel(t.D("training.ui.mood_now", map[string]any{"Mood": t.S(persona.MoodNow)}))
	now.Wrapping = fyne.TextWrapWord
	switch {
	case persona.Patience <= 1:
		now.Importance = widget.DangerImportance
	case persona.Patience == 2:
		now.Importance = widget.WarningImportance
	}
	side = append(side, now)
	facts := widget.NewForm()
	for _, f := range s.sess.Account(t.Lang) {
		v := widget.NewLabel(f.Value)
		v.Wrapping = fyne.TextWrapWord
		facts.Append(f.Label, v)
	}
	side = append(side, facts)

	split := container.NewHSplit(container.NewVScroll(container.NewPadded(container.NewVBox(center...))),
		container.NewVScroll(container.NewPadded(container.NewVBox(side...))))
	split.Offset = 0.66
	return container.NewBorder(header, nil, checklist, nil, split)
}

// company is the workstation's company, or a sample one: a newcomer
// practising before filling in Settings should not read a gap.
func (s *trainingScreen) company() string {
	if c := s.a.ws.Company; c != "" {
		return c
	}
	return s.a.t.S("training.ui.sample_company")
}

// values fills playbook placeholders from the drawn scenario.
func (s *trainingScreen) values(l locales.Lang, p training.PersonaView) playbook.Values {
	vals := s.sess.Values()
	return func(name string) (string, bool) {
		switch name {
		case "company":
			return s.company(), true
		case "agent_name":
			return s.me(), s.me() != ""
		case "customer_name":
			return p.Name, p.Name != ""
		case "tenure_years":
			return strconv.Itoa(p.Tenure), true
		case "call_reason":
			// As on a live call: the reason the scenario's call type names.
			pb := s.a.pb
			if ct := pb.CallType(s.sess.Scenario().CallType); ct != nil {
				return pb.ReasonPhrase(l, ct), true
			}
		}
		return vals.Format(name, l)
	}
}

func (s *trainingScreen) bubble(who, text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	w := widget.NewLabelWithStyle(who, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(container.NewVBox(w, l))))
}

func (s *trainingScreen) entryControls(e *training.EntryView) fyne.CanvasObject {
	t := s.a.t
	prompt := widget.NewLabel(e.Prompt)
	prompt.Wrapping = fyne.TextWrapWord
	in := widget.NewEntry()
	if e.Kind == training.EntryNote {
		in = widget.NewMultiLineEntry()
		in.Wrapping = fyne.TextWrapWord
	}
	in.SetText(s.entryVal)
	in.SetPlaceHolder(t.S("training.ui.entry_placeholder"))
	in.OnChanged = func(v string) { s.entryVal = v }
	submit := s.onTurn(func() { s.onEnter(in.Text) })
	send := widget.NewButtonWithIcon(t.S("training.ui.send"), theme.MailSendIcon(), submit)
	send.Importance = widget.HighImportance
	in.OnSubmitted = func(string) { submit() }
	return container.NewVBox(prompt, in, container.NewHBox(send))
}

// onTurn is f for a control of the turn on screen now, which does
// nothing once that turn is answered or the call is over: the control
// that had the focus keeps it when the screen is drawn anew, and a second
// Enter in a figure's entry (or Space on a choice) answered the next turn
// with it, or, on the report, stopped the app.
func (s *trainingScreen) onTurn(f func()) func() {
	sess, turn := s.sess, s.turnKey()
	return func() {
		if sess != nil && s.sess == sess && s.turnKey() == turn {
			f()
		}
	}
}

// turnKey names the turn on screen: its place in the call and its ID (a
// retry comes back to the same place with the same turn).
func (s *trainingScreen) turnKey() string {
	if s.sess == nil {
		return ""
	}
	n, _ := s.sess.Position()
	id := ""
	if t := s.sess.Turn(); t != nil {
		id = t.ID
	}
	return strconv.Itoa(n) + "|" + id
}

func (s *trainingScreen) onChoose(id string) {
	s.status = ""
	if err := s.sess.Choose(id); err != nil {
		s.status = s.a.errorText(err)
	} else {
		s.answered()
	}
	s.refresh()
}

// answered keeps a test call's answer with the call under way; when it
// cannot, the trainee is told, and the next answer tries again (it keeps
// every answer so far).
func (s *trainingScreen) answered() {
	if err := s.keepOpen(); err != nil {
		s.status = s.a.errorText(err)
	}
}

func (s *trainingScreen) onEnter(v string) {
	s.status = ""
	if err := s.sess.Enter(v); err != nil {
		var ee *training.EntryError
		if errors.As(err, &ee) {
			s.status = s.a.t.S(ee.MessageID())
		} else {
			s.status = s.a.errorText(err)
		}
	} else {
		s.entryVal = ""
		s.answered()
	}
	s.refresh()
}

func (s *trainingScreen) onHint() {
	h, err := s.sess.Hint(s.lang)
	if err != nil {
		s.status = s.a.errorText(err)
	} else {
		s.status = ""
		s.a.inform(s.a.t.S("training.ui.hint"), h)
	}
	s.refresh()
}

func (s *trainingScreen) onRetry() {
	if err := s.sess.Retry(); err != nil {
		s.status = s.a.errorText(err)
	}
	s.refresh()
}

// onLeave ends the call before its end. A test call begun (answered, or
// the customer has spoken) is left after the trainee confirms, told that
// it is recorded as not passed and counts: its record holds the leave,
// which every grader (this desk's, crmd's) makes a call cut short. Were
// leaving free, a test going badly would be quit for a fresh draw. A call
// that has ended (the last turn answered, or the caller hung up) is
// finished, not left: graded, shown and counted as Finish does. A
// practice call, or a test nobody has said anything in yet, just ends.
func (s *trainingScreen) onLeave() {
	if s.sess == nil {
		return
	}
	if s.sess.Done() {
		s.onFinish()
		return
	}
	end := func() { s.stopSpeaking(); s.sess = nil; s.refresh() }
	if !s.testBegun() {
		s.dropOpen()
		end()
		return
	}
	t := s.a.t
	body := widget.NewLabel(t.S("training.ui.leave_test.body"))
	body.Wrapping = fyne.TextWrapWord
	dialog.ShowCustomConfirm(t.S("training.ui.leave_test.title"), t.S("training.ui.quit"), t.S("dialog.cancel"), fixedWidth(420, body), func(ok bool) {
		if !ok || s.sess == nil {
			return
		}
		if s.leave() {
			end()
		}
	}, s.a.win)
}

// testBegun says whether leaving the call now leaves a test that counts:
// a test call answered, or whose customer has spoken.
func (s *trainingScreen) testBegun() bool {
	return s.sess.Mode() == training.Test && (len(s.sess.Attempt().Events) > 0 || s.sess.Line(s.sess.Lang()) != "")
}

// leave records the trainee's leave in the call and the call with it. A
// call left but not recorded (the store failed) is over: Finish records
// it, nothing is lost.
func (s *trainingScreen) leave() bool {
	if !s.sess.Done() {
		if err := s.sess.Leave(); err != nil {
			s.status = s.a.errorText(err)
			s.refresh()
			return false
		}
	}
	_, _, ok := s.record()
	return ok
}

// onWindowClose ends the call as the window closes, as leaving it does,
// the close standing for the trainee's word: a test call begun is left
// and recorded, counted as a call cut short, or a trainee would close the
// window on a test going badly for a fresh draw; a call that has ended is
// finished. A practice call, or a test nobody has said anything in yet,
// just ends. A failure to record is logged: the window closes all the
// same, and the call stays under way for the next start to close.
func (s *trainingScreen) onWindowClose() {
	if s.sess == nil {
		return
	}
	defer s.stopSpeaking()
	switch {
	case s.sess.Done():
		s.onFinish()
	case s.testBegun():
		if s.leave() {
			s.sess = nil
		}
	default:
		s.dropOpen()
	}
}

// record grades the attempt as it stands, with the track it was played
// for and that track's pass mark, and stores it in the training database.
// When either fails it says why and reports false: the call stays, and
// nothing is lost.
func (s *trainingScreen) record() (training.Attempt, training.Report, bool) {
	tc := s.a.trainingContent()
	a := s.attempt()
	rubric := tc.CurrentRubric().WithPassMark(tc.PassMarkFor(a.Track, a.Scenario))
	rep, err := training.Grade(s.sess.Scenario(), a, rubric)
	if err != nil {
		s.status = s.gradeErrorText(err)
		s.refresh()
		return a, rep, false
	}
	if _, err := s.a.deps.TrainingStore.SaveAttempt(s.a.ctx, a, rep); err != nil {
		s.status = s.a.errorText(err)
		s.refresh()
		return a, rep, false
	}
	s.openID = "" // recorded under it: no longer under way
	return a, rep, true
}

// attempt is the attempt as it stands, with the track it is played for,
// the crmd user and the ID it is kept under while under way (so its
// record replaces the open one).
func (s *trainingScreen) attempt() training.Attempt {
	a := s.sess.Attempt()
	a.ID = s.openID
	a.CRMUser = s.a.actor().User
	if tr := s.a.trainingContent().TrackFor(s.track, a.Scenario); tr != nil {
		a.Track = tr.ID // crmd grades it for the same track, at the same mark
	}
	return a
}

// onFinish grades the attempt, stores it in the training database and
// checks whether it completes a track's certification.
func (s *trainingScreen) onFinish() {
	if s.sess == nil {
		return // a second press of Finish, the call recorded by the first
	}
	tc := s.a.trainingContent()
	a, rep, ok := s.record()
	if !ok {
		return
	}
	rep.Trainee = a.Trainee
	s.report, s.reportScenario = &rep, s.sess.Scenario()
	// A test call may earn the track's certificate (never a practice one).
	if tr := tc.Track(s.track); tr != nil && a.Mode == training.Test {
		// Under the name the call was played and recorded under: the
		// trainee may have renamed themselves in Settings since it began.
		s.cert, s.certFailed = s.certify(tr, a.Trainee)
	}
	s.stopSpeaking()
	s.sess = nil
	s.refresh()
}

// certify issues the trainee's certificate of track tr when their test
// calls now meet its rule, once under a rubric version: a later call does
// not issue it again, which would move its date and the calls it names.
// It returns the certificate issued, or, for one earned and not kept,
// what to tell the trainee (told, not congratulated: the picker does not
// show the track as certified).
func (s *trainingScreen) certify(tr *training.Track, trainee string) (*training.Certificate, string) {
	tc := s.a.trainingContent()
	recs, certs := s.records(trainee)
	if slices.ContainsFunc(certs, func(c training.Certificate) bool {
		return c.Track == tr.ID && c.RubricVersion == tc.CurrentRubric().Version
	}) {
		return nil, ""
	}
	cert, _, err := tc.Certify(tr.ID, trainee, recs, s.a.deps.Now())
	if err == nil && cert != nil {
		err = s.a.deps.TrainingStore.SaveCertificate(s.a.ctx, *cert)
	}
	if err != nil {
		s.a.deps.Log.Error("training certificate not saved", "track", tr.ID, "err", err)
		return nil, s.a.t.D("training.ui.certificate_not_saved", map[string]any{"Track": tc.TrackTitle(tr, s.a.t.Lang)})
	}
	return cert, ""
}

// issueEarned issues the certificates the trainee's test calls have
// earned and that were not kept when earned (the training database
// refused them): nothing else would, short of another test call in the
// track, which could fail and take the standing with it. A refusal again
// is logged, and the picker shows the track complete.
func (s *trainingScreen) issueEarned() {
	if s.sess != nil || !s.available() || s.me() == "" {
		return
	}
	tc := s.a.trainingContent()
	recs, certs := s.records(s.me())
	for _, tp := range tc.Progress(s.me(), recs, certs).Tracks {
		if tr := tc.Track(tp.Track); tr != nil && tp.Certified && !tp.HasCertificate {
			s.certify(tr, s.me())
		}
	}
}

// gradeErrorText explains an attempt the grader refused, in the interface
// language.
func (s *trainingScreen) gradeErrorText(err error) string {
	var ge *training.GradeError
	if errors.As(err, &ge) {
		return s.a.t.D(ge.MessageID(), map[string]any{"Turn": ge.Turn, "Detail": ge.Detail})
	}
	return s.a.errorText(err)
}
