package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// reviewView is one escalation under review: the escalation record with
// its SLA and history, what the supervisor can do about it (move it on,
// decide amounts above authority, print it), and the whole case below,
// read-only.
func (s *teamScreen) reviewView(c *cases.Case) fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	e := c.Escalation
	ui := t.Lang
	title := subheading(c.Customer.Name + "  ·  " + e.Ticket)
	title.Wrapping = fyne.TextWrapWord

	prio := e.Priority
	if p := pb.Priority(e.Priority); p != nil {
		prio = pb.Say(ui, p.Title)
	}
	slaL := widget.NewLabel("")
	s.reviewSLA = slaL
	s.showSLA(c)
	crit := make([]string, 0, len(e.Criteria))
	for _, id := range e.Criteria {
		if cr := pb.Criterion(id); cr != nil {
			crit = append(crit, "• "+pb.Say(ui, cr.Text))
		} else {
			crit = append(crit, "• "+id)
		}
	}
	value := func(s string) *widget.Label {
		l := widget.NewLabel(orDash(s))
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	record := widget.NewForm(
		widget.NewFormItem(t.S("team.review.state"), value(escalationStateName(t, e.Status))),
		widget.NewFormItem(t.S("team.review.agent"), value(c.Agent)),
		widget.NewFormItem(t.S("call.escalate.priority"), value(prio)),
		widget.NewFormItem(t.S("team.review.sla"), slaL),
		widget.NewFormItem(t.S("team.review.received"), value(dateTimeOrEmpty(ui, e.ReceivedAt))),
		widget.NewFormItem(t.S("team.review.promised"), value(dateTimeOrEmpty(ui, e.ExpectedBy))),
		widget.NewFormItem(t.S("call.escalate.criteria"), value(strings.Join(crit, "\n"))),
		widget.NewFormItem(t.S("call.reason"), value(e.Reason)),
	)
	if e.Dispute != 0 {
		record.Append(t.S("call.escalate.dispute"), value(c.FormatMoney(e.Dispute, s.a.defaultCurrency(), ui)))
	}
	if e.Resolution != "" {
		record.Append(t.S("team.review.resolution"), value(e.Resolution))
	}

	parts := []fyne.CanvasObject{title, record, s.actionsPanel(c), widget.NewSeparator(), heading(t.S("team.review.history"))}
	if len(e.History) == 0 {
		parts = append(parts, value(t.S("team.review.no_history")))
	}
	for _, h := range e.History {
		line := t.D("team.review.move", map[string]any{
			"When": locales.FormatDateTime(ui, h.At.Local()), "By": h.By,
			"From": escalationStateName(t, h.From), "To": escalationStateName(t, h.To),
		})
		if h.Comment != "" {
			line += " — " + h.Comment
		}
		if h.Resolution != "" {
			line += " — " + t.D("team.review.resolved_as", map[string]any{"Resolution": h.Resolution})
		}
		parts = append(parts, value(line))
	}
	parts = append(parts, s.a.caseRecord(c)...)
	return container.NewVScroll(container.NewVBox(parts...))
}

func teamRowOf(c *cases.Case) (cases.TeamRow, bool) {
	if c.Escalation == nil {
		return cases.TeamRow{}, false
	}
	e := c.Escalation
	return cases.TeamRow{CaseID: c.ID, Status: e.Status, ReceivedAt: e.ReceivedAt, DueAt: e.DueAt}, true
}

func dateTimeOrEmpty(l locales.Lang, at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return locales.FormatDateTime(l, at.Local())
}

// showSLA writes the open case's SLA clock in the review: the clock moves
// on while the case stays as it is.
func (s *teamScreen) showSLA(c *cases.Case) {
	row, _ := teamRowOf(c)
	sla, imp := s.slaText(row)
	s.reviewSLA.Importance = imp
	s.reviewSLA.SetText(sla)
}

// actionsPanel is what the supervisor can do: move the escalation to a
// next state with a comment (and, to resolve, the resolution), approve or
// deny each amount above authority, print the summary. An action made
// while crmd is out of reach waits in the outbox and shows as waiting.
func (s *teamScreen) actionsPanel(c *cases.Case) fyne.CanvasObject {
	t := s.a.t
	e := c.Escalation
	var parts []fyne.CanvasObject
	next := e.Status.Next()
	if len(next) > 0 {
		opts := make([]string, len(next))
		for i, st := range next {
			opts[i] = escalationStateName(t, st)
		}
		to := widget.NewSelect(opts, nil)
		to.PlaceHolder = t.S("team.move.pick")
		comment := widget.NewMultiLineEntry()
		comment.SetMinRowsVisible(2)
		comment.Wrapping = fyne.TextWrapWord
		comment.SetPlaceHolder(t.S("team.move.comment"))
		resolution := widget.NewEntry()
		resolution.SetPlaceHolder(t.S("team.move.resolution"))
		resolution.Hide()
		// A move is drafted on top of the escalation as it stands: its state
		// and the moves made so far (states can go back and forth).
		from := string(e.Status) + "|" + strconv.Itoa(len(e.History))
		apply := widget.NewButtonWithIcon(t.S("team.move.apply"), theme.ConfirmIcon(), func() {
			i := to.SelectedIndex()
			if i < 0 {
				return
			}
			res := ""
			if next[i] == cases.EscResolved { // the field is shown only then
				res = resolution.Text
			}
			s.onMove(c.ID, next[i], comment.Text, res)
		})
		apply.Importance = widget.HighImportance
		// Off until a state is chosen: tapped after a comment with none,
		// it would do nothing and say nothing.
		apply.Disable()
		to.OnChanged = func(string) {
			i := to.SelectedIndex()
			if i >= 0 && next[i] == cases.EscResolved {
				resolution.Show()
			} else {
				resolution.Hide()
			}
			if i >= 0 {
				apply.Enable()
				s.drafts.keep(c.ID, "move.to", from, string(next[i]))
			}
		}
		if v, ok := s.drafts.get(c.ID, "move.to", from); ok && slices.Contains(next, cases.EscalationState(v)) {
			to.SetSelectedIndex(slices.Index(next, cases.EscalationState(v)))
		}
		if v, ok := s.drafts.get(c.ID, "move.comment", from); ok {
			comment.SetText(v)
		}
		if v, ok := s.drafts.get(c.ID, "move.resolution", from); ok {
			resolution.SetText(v)
		}
		comment.OnChanged = func(v string) { s.drafts.keep(c.ID, "move.comment", from, v) }
		resolution.OnChanged = func(v string) { s.drafts.keep(c.ID, "move.resolution", from, v) }
		parts = append(parts, heading(t.S("team.move.title")), to, comment, resolution, container.NewHBox(apply))
	}
	// One's own amounts are another supervisor's to decide (four eyes):
	// said once, instead of buttons crmd would refuse.
	own := c.CheckDecider(s.a.actor().User) != nil
	if own && c.Undecided() > 0 {
		note := widget.NewLabel(t.S("team.invalid.own_case"))
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		parts = append(parts, widget.NewSeparator(), heading(t.S("team.decide.title")), note)
	}
	for i, ac := range c.Actions {
		if !ac.Pending || ac.Decision != nil || own {
			continue
		}
		i := i
		line := s.a.actionLine(c, ac, s.a.t.Lang) // the supervisor reads in their own language
		comment := widget.NewEntry()
		comment.SetPlaceHolder(t.S("team.decide.comment"))
		key := "decide.comment." + strconv.Itoa(i)
		if v, ok := s.drafts.get(c.ID, key, "undecided"); ok {
			comment.SetText(v)
		}
		comment.OnChanged = func(v string) { s.drafts.keep(c.ID, key, "undecided", v) }
		approve := widget.NewButtonWithIcon(t.S("team.decide.approve"), theme.ConfirmIcon(), func() { s.onDecide(c.ID, i, true, comment.Text) })
		approve.Importance = widget.SuccessImportance
		deny := widget.NewButtonWithIcon(t.S("team.decide.deny"), theme.CancelIcon(), func() { s.onDecide(c.ID, i, false, comment.Text) })
		deny.Importance = widget.DangerImportance
		parts = append(parts, widget.NewSeparator(), heading(t.S("team.decide.title")), line)
		if note := s.aboveOwnAuthority(c, i); note != nil {
			approve.Disable()
			parts = append(parts, note)
		}
		parts = append(parts, comment, container.NewHBox(approve, deny))
	}
	print := widget.NewButtonWithIcon(t.S("team.print.one"), theme.DocumentPrintIcon(), func() { s.printer.start([]string{c.ID}, false) })
	s.printer.one = print
	s.printer.update()
	parts = append(parts, widget.NewSeparator(), container.NewHBox(print))
	return container.NewVBox(parts...)
}

func (s *teamScreen) onMove(id string, to cases.EscalationState, comment, resolution string) {
	if _, err := desksync.QueueMove(s.a.ctx, s.a.deps.Team, id, to, comment, resolution, s.a.actor(), s.a.deps.Now()); err != nil {
		s.showError(err)
		return
	}
	s.acted()
}

// aboveOwnAuthority says why the supervisor may deny the action at i but
// not approve it, when its amount, or it with what they approved on the
// case already, is above their own authority (crmd refuses such an
// approval): their limit, what they approved, and who can approve it. Nil
// when they may.
func (s *teamScreen) aboveOwnAuthority(c *cases.Case, i int) fyne.CanvasObject {
	t, pb, ui := s.a.t, s.a.pb, s.a.t.Lang
	role := s.a.deciderRole()
	r := c.ApprovalRefusal(i, role, pb, s.a.approverNames()...)
	if r == nil {
		return nil
	}
	money := func(minor int64) string { return c.FormatMoney(minor, s.a.defaultCurrency(), ui) }
	names := make([]string, len(r.Deciders))
	for j, d := range r.Deciders {
		names[j] = t.S("role.noun." + string(d))
	}
	msg, data := "team.decide."+r.Key(), map[string]any{"Amount": money(r.Amount), "Limit": money(r.Limit), "Before": money(r.Before),
		"Role": t.S("role.noun." + string(role)), "Roles": strings.Join(names, ", ")}
	l := widget.NewLabel(t.D(msg, data))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	return l
}

// approverNames are the names this desk's approvals are recorded under:
// the crmd login, which crmd records its decisions under, and the name a
// decision made here carries while it waits in the outbox
// (desksync.QueueDecision). What they approved on a case counts against
// their authority under either.
func (a *App) approverNames() []string {
	by := a.actor()
	return []string{by.User, by.Name}
}

// deciderRole is the role crmd judges this desk's decisions by: the one
// of the crmd user they go out under (the session's, or the ended
// session's), else the workstation's until someone logs in.
func (a *App) deciderRole() cases.Role {
	if a.sync != nil {
		switch st := a.sync.st; {
		case st.LoggedIn && st.Role != "":
			return st.Role
		case st.SessionEnded && st.EndedRole != "":
			return st.EndedRole
		}
	}
	return a.role()
}

func (s *teamScreen) onDecide(id string, action int, approved bool, comment string) {
	// crmd refuses an approval above the approver's own authority; refused
	// here, it never waits in the outbox to be set aside.
	if approved {
		c, err := s.a.deps.Team.TeamCase(s.a.ctx, id)
		if err == nil {
			err = c.CheckApprover(action, true, s.a.deciderRole(), s.a.pb, s.a.approverNames()...)
		}
		if err != nil {
			s.showError(err)
			return
		}
	}
	if _, err := desksync.QueueDecision(s.a.ctx, s.a.deps.Team, id, action, approved, comment, s.a.actor(), s.a.deps.Now()); err != nil {
		if cases.ErrorCode(err) == cases.EConflict {
			// A decision made elsewhere reached the desk's copy (a refresh)
			// while the review still offered buttons for the amount: it is
			// drawn again, with that decision, and the supervisor told so
			// in the team's words rather than the call screen's.
			s.reload()
			s.showReview()
			s.a.inform(s.a.t.S("team.cannot"), s.a.t.S("team.invalid.decided"))
			return
		}
		s.showError(err)
		return
	}
	s.acted()
}

// acted redraws after an action and tells sync it waits in the outbox.
func (s *teamScreen) acted() {
	s.a.sync.saved()
	s.reload()
	s.showReview()
}

func (s *teamScreen) showError(err error) {
	t := s.a.t
	msg := s.a.errorText(err)
	if e, ok := err.(*cases.Error); ok && e.Field != "" {
		if m := t.S("team.invalid." + e.Field); !strings.HasPrefix(m, "!") {
			msg = m
		}
	}
	s.a.inform(t.S("team.cannot"), msg)
}
