package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// The start form's "Earlier contacts": the account's latest calls at
// every desk as crmd has them (GET /v1/customers/{account}/contacts), so
// a customer calling back about a matter another agent handled is not
// asked to tell it all again. The open-cases list above it stays the
// agent's own calls to continue; the history is read only, and never
// holds a case's notes (crm.Contact).

// historyState is where the start form's history stands.
type historyState int

const (
	historyNone     historyState = iota // no account, or none to ask about
	historyNeedsCRM                     // offline, or nobody logged in to crmd
	historyReading
	historyRead
	historyFailed
)

// contactHistory is the start form's history, kept apart from the widgets:
// the form is drawn again (a playbook published, the language switched)
// while crmd is asked, and the answer goes to the form on screen.
type contactHistory struct {
	account string // the account it is of, as typed, trimmed
	state   historyState
	list    []crm.Contact
	failure string          // why it could not be read, in the language shown
	box     *fyne.Container // the form on screen's
	// hidden are the calls the open-cases list shows already.
	hidden map[string]bool
}

// crmReachable reports whether the desk can ask crmd now: logged in, and
// not known to be out of reach.
func (b *syncBar) crmReachable() bool {
	return b.s != nil && b.st.LoggedIn && (!b.st.Known || b.st.Online)
}

// accountContacts asks crmd for an account's earlier contacts; done runs
// on the UI thread. It reports whether crmd will be asked.
func (b *syncBar) accountContacts(account string, done func([]crm.Contact, error)) bool {
	if b.s == nil {
		return false
	}
	return b.s.AccountContacts(account, func(list []crm.Contact, err error) { b.post(func() { done(list, err) }) })
}

// historyBox is the history's place on a newly drawn start form, filled
// from what is known of acc, asking crmd when nothing is.
func (s *callScreen) historyBox(acc string, shownOpen map[string]bool) fyne.CanvasObject {
	h := &s.hist
	h.box = container.NewVBox()
	h.hidden = shownOpen
	// Nothing known of acc, or crmd was out of reach when last asked and
	// may not be now: asked (again).
	if acc = strings.TrimSpace(acc); acc != h.account || h.state == historyNone || h.state == historyNeedsCRM {
		s.askHistory(acc, shownOpen)
	} else {
		s.showHistory()
	}
	return h.box
}

// askHistory asks crmd for acc's earlier contacts, unless the desk cannot
// reach it (then says so, quietly) or there is nothing to ask about.
func (s *callScreen) askHistory(acc string, shownOpen map[string]bool) {
	h := &s.hist
	acc = strings.TrimSpace(acc)
	h.account, h.list, h.failure, h.hidden = acc, nil, "", shownOpen
	switch {
	case acc == "" || s.a.deps.Training:
		// A trainee's customers are simulated: there is no history.
		h.state = historyNone
	case !s.a.sync.crmReachable():
		h.state = historyNeedsCRM
	case s.a.sync.accountContacts(acc, func(list []crm.Contact, err error) { s.historyAnswered(acc, list, err) }):
		h.state = historyReading
	default:
		// Reachable but not asked: an account too short to be one yet,
		// or a card number typed as one.
		h.state = historyNone
	}
	s.showHistory()
}

// historyAnswered takes crmd's answer for acc, if the form is still
// being filled in for acc.
func (s *callScreen) historyAnswered(acc string, list []crm.Contact, err error) {
	h := &s.hist
	if h.account != acc || h.state != historyReading || s.cur() != nil {
		return
	}
	t := s.a.t
	switch code := crm.CodeOf(err); {
	case err == nil:
		h.state, h.list = historyRead, list
	case code == crm.CodeNotFound:
		// An account crmd does not know has no history there.
		h.state = historyRead
	case errors.Is(err, context.DeadlineExceeded):
		h.state, h.failure = historyFailed, t.S("call.history.timeout")
	case code == crm.CodeOffline || code == crm.CodeLoggedOut:
		h.state = historyNeedsCRM
	default:
		s.a.deps.Log.Warn("earlier contacts of an account", "code", code, "err", err)
		h.state, h.failure = historyFailed, asideReason(t, code)
	}
	s.showHistory()
}

// showHistory draws the history into the form on screen.
func (s *callScreen) showHistory() {
	h := &s.hist
	if h.box == nil {
		return
	}
	h.box.Objects = s.historyLines()
	h.box.Refresh()
}

// historyLines are the history's lines as it stands.
func (s *callScreen) historyLines() []fyne.CanvasObject {
	t, h := s.a.t, &s.hist
	quiet := func(key string) []fyne.CanvasObject {
		l := widget.NewLabel(t.S(key))
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		return []fyne.CanvasObject{l}
	}
	switch h.state {
	case historyNeedsCRM:
		return quiet("call.history.needs_crm")
	case historyReading:
		return quiet("call.history.reading")
	case historyFailed:
		l := widget.NewLabel(t.D("call.history.failed", map[string]any{"Reason": h.failure}))
		l.Importance = widget.WarningImportance
		l.Wrapping = fyne.TextWrapWord
		acc := h.account
		again := widget.NewButtonWithIcon(t.S("call.history.again"), theme.ViewRefreshIcon(), func() { s.askHistory(acc, h.hidden) })
		return []fyne.CanvasObject{container.NewBorder(nil, nil, nil, again, l)}
	case historyRead:
	default:
		return nil
	}
	var lines []fyne.CanvasObject
	for _, c := range h.list {
		// The calls the open-cases list shows, to continue, are not said
		// twice, nor the call left open, named above the form.
		if h.hidden[c.CaseID] || c.CaseID == s.leftOpen.id {
			continue
		}
		l := widget.NewLabel(s.contactText(c))
		l.Wrapping = fyne.TextWrapWord
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return quiet("call.history.none")
	}
	head := widget.NewLabelWithStyle(t.S("call.history.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return append([]fyne.CanvasObject{head}, lines...)
}

// contactText is one earlier contact in the language shown: the day by
// the call's start as crmd kept it, what the call was, where it stands, who took it, the
// outcome recorded, and the back office's side of an escalation.
func (s *callScreen) contactText(c crm.Contact) string {
	t, pb := s.a.t, s.a.pb
	what := c.CallType
	if ct := pb.CallType(c.CallType); ct != nil {
		what = pb.Say(t.Lang, ct.Title)
	}
	status := string(c.Status)
	if key := "cases.status." + status; t.Has(key) {
		status = t.S(key)
	}
	text := t.D("call.history.contact", map[string]any{
		"Date": locales.FormatDate(t.Lang, c.CalledAt.Local()), "Type": what, "Status": status, "Agent": c.Agent,
	})
	if c.ReasonCode != "" {
		r := c.ReasonCode
		if rc := pb.ReasonCode(c.ReasonCode); rc != nil {
			r = pb.Say(t.Lang, rc.Title)
		}
		text += " · " + t.D("call.history.outcome", map[string]any{"Outcome": r})
	}
	if c.Escalated {
		text += " · " + t.D("call.history.escalated", map[string]any{"Ticket": c.Ticket, "State": cases.EscalationStateText(t, c.Escalation)})
		if c.Resolution != "" {
			text += " · " + t.D("call.history.resolution", map[string]any{"Resolution": c.Resolution})
		}
	}
	return text
}

// syncChanged asks again for a history that needed the CRM, once the desk
// reaches crmd: an account typed offline, or before logging in, gets its
// history without being typed again.
func (s *callScreen) syncChanged() {
	h := &s.hist
	if h.state == historyNeedsCRM && h.box != nil && s.cur() == nil && s.a.sync.crmReachable() {
		s.askHistory(h.account, h.hidden)
	}
}
