package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// casesScreen lists today's and recent cases, finds them by account, ticket
// or text, and shows one with its timeline.
type casesScreen struct {
	a *App

	query    string
	status   cases.Status
	items    []*cases.Case
	selected *cases.Case

	search  *widget.Entry
	filter  *widget.Select
	list    *widget.List
	count   *widget.Label
	detail  *fyne.Container
	errText *widget.Label
}

func newCasesScreen(a *App) *casesScreen { return &casesScreen{a: a} }

func (s *casesScreen) key() string         { return "cases" }
func (s *casesScreen) icon() fyne.Resource { return theme.ListIcon() }

// statusSelect picks all cases or those of one status into *chosen, then
// calls changed.
func statusSelect(t *locales.T, chosen *cases.Status, changed func()) *widget.Select {
	return filterSelect(t, "cases.status.all", "cases.status.",
		[]cases.Status{cases.StatusOpen, cases.StatusEscalated, cases.StatusClosed}, chosen, changed)
}

func (s *casesScreen) build() fyne.CanvasObject {
	t := s.a.t
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(t.S("cases.search.placeholder"))
	s.search.SetText(s.query)
	s.search.OnChanged = s.onSearch

	s.filter = statusSelect(t, &s.status, s.reload)

	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	s.errText = widget.NewLabel("")
	s.errText.Importance = widget.DangerImportance
	s.errText.Hide()

	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("")
			meta.Truncation = fyne.TextTruncateEllipsis
			meta.Importance = widget.LowImportance
			badge := widget.NewLabel("")
			return container.NewBorder(nil, nil, nil, badge, container.NewVBox(name, meta))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.items) {
				return
			}
			c := s.items[id]
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container)
			texts.Objects[0].(*widget.Label).SetText(caseTitle(c))
			texts.Objects[1].(*widget.Label).SetText(s.rowMeta(c))
			badge := row.Objects[1].(*widget.Label)
			badge.SetText(t.S("cases.status." + string(c.Status)))
			badge.Importance = statusImportance(c.Status)
			badge.Refresh()
			row.Refresh() // the badge's width changed: the row is laid out again
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < len(s.items) {
			s.onSelect(s.items[id])
		}
	}
	s.detail = container.NewStack()
	s.showDetail()

	top := container.NewBorder(nil, nil, nil, s.filter, s.search)
	left := container.NewBorder(container.NewVBox(heading(t.S("cases.title")), top, s.errText), s.count, nil, nil, s.list)
	split := container.NewHSplit(left, container.NewPadded(s.detail))
	split.Offset = 0.42
	s.reload()
	return split
}

// rowMeta is a row's second line: when, what, which case, and for a
// supervisor, who lists every agent's cases on this desk, whose.
func (s *casesScreen) rowMeta(c *cases.Case) string {
	meta := fmt.Sprintf("%s · %s · %s", locales.FormatDateTime(s.a.t.Lang, c.UpdatedAt.Local()), s.callTypeTitle(c.CallType), c.ID)
	if s.a.role() == cases.RoleSupervisor && c.Agent != "" {
		meta += " · " + c.Agent
	}
	return meta
}

// caseTitle names a case in the list and atop its record: the customer,
// or for a call started with the account alone, the account's last four
// (an empty first line read as a broken row).
func caseTitle(c *cases.Case) string {
	if name := strings.TrimSpace(c.Customer.Name); name != "" {
		return name
	}
	return cases.MaskAccount(c.Customer.Account)
}

func statusImportance(st cases.Status) widget.Importance {
	switch st {
	case cases.StatusOpen:
		return widget.HighImportance
	case cases.StatusEscalated:
		return widget.WarningImportance
	}
	return widget.LowImportance
}

func (s *casesScreen) callTypeTitle(id string) string {
	if ct := s.a.pb.CallType(id); ct != nil {
		return s.a.pb.Say(s.a.t.Lang, ct.Title)
	}
	return id
}

// onShow reloads the list: calls saved elsewhere appear at once.
func (s *casesScreen) onShow() {
	s.reload()
	if s.selected != nil {
		if fresh, err := s.a.deps.Store.GetCase(s.a.ctx, s.selected.ID); err == nil {
			s.selected = fresh
		}
		s.showDetail()
	}
}

func (s *casesScreen) onSearch(q string) {
	s.query = q
	s.reload()
}

// casesListed is how many cases the list holds, the latest first: a
// year of calls is thousands, and the search finds the older ones.
const casesListed = 200

// reload queries the store. Supervisors see every case; agents and
// trainees their own.
func (s *casesScreen) reload() {
	// One more than the list holds, to know whether there are more.
	f := cases.Filter{Text: s.query, Status: s.status, Limit: casesListed + 1}
	if s.a.role() != cases.RoleSupervisor {
		f.Agent = s.a.ws.Agent
	}
	items, err := s.a.deps.Store.ListCases(s.a.ctx, f)
	if err != nil {
		s.errText.SetText(s.a.errorText(err))
		s.errText.Show()
		return
	}
	s.errText.Hide()
	if len(items) > casesListed {
		items = items[:casesListed]
		key := "cases.count_latest"
		if strings.TrimSpace(s.query) != "" {
			// Searching is what "search to find older ones" asks for: the
			// search is what to narrow.
			key = "cases.count_latest_found"
		}
		s.count.SetText(s.a.t.N(key, casesListed, nil))
	} else {
		s.count.SetText(s.a.t.N("cases.count", len(items), nil))
	}
	s.items = items
	s.list.UnselectAll()
	s.list.Refresh()
}

func (s *casesScreen) onSelect(c *cases.Case) {
	s.selected = c
	s.showDetail()
}

// showDetail renders the selected case: who, what, where it stands, the
// actions and the timeline. Account numbers show their last four only.
func (s *casesScreen) showDetail() {
	t := s.a.t
	c := s.selected
	if c == nil {
		empty := widget.NewLabel(t.S("cases.empty_detail"))
		empty.Alignment = fyne.TextAlignCenter
		empty.Importance = widget.LowImportance
		s.detail.Objects = []fyne.CanvasObject{container.NewCenter(empty)}
		s.detail.Refresh()
		return
	}
	pb, l := s.a.pb, t.Lang
	title := subheading(caseTitle(c))
	status := widget.NewLabel(t.S("cases.status." + string(c.Status)))
	status.Importance = statusImportance(c.Status)

	info := widget.NewForm(
		widget.NewFormItem(t.S("cases.col.id"), widget.NewLabel(c.ID)),
		widget.NewFormItem(t.S("cases.agent"), widget.NewLabel(c.Agent)),
		widget.NewFormItem(t.S("cases.account"), widget.NewLabel(cases.MaskAccount(c.Customer.Account))),
		widget.NewFormItem(t.S("cases.col.call_type"), widget.NewLabel(s.callTypeTitle(c.CallType))),
		widget.NewFormItem(t.S("cases.call_lang"), widget.NewLabel(langNames[c.CallLang])),
		widget.NewFormItem(t.S("cases.created"), widget.NewLabel(locales.FormatDateTime(l, c.CreatedAt.Local()))),
	)
	if c.Reason != "" {
		r := c.Reason
		if rc := pb.ReasonCode(c.Reason); rc != nil {
			r = pb.Say(l, rc.Title)
		}
		info.Append(t.S("cases.reason"), wrapped(r))
	}
	if e := c.Escalation; e != nil {
		prio := e.Priority
		if p := pb.Priority(e.Priority); p != nil {
			prio = pb.Say(l, p.Title)
		}
		// The date is the answer promised to the customer, said so as
		// the team review and agentctl case show do: bare, it read as
		// when the call was escalated.
		line := e.Ticket + " · " + prio
		if !e.ExpectedBy.IsZero() {
			line += " · " + t.S("team.review.promised") + ": " + locales.FormatDateTime(l, e.ExpectedBy.Local())
		}
		info.Append(t.S("cases.ticket"), wrapped(line))
	}
	cont := widget.NewButtonWithIcon(t.S("cases.continue"), theme.MailReplyIcon(), func() { s.onContinue(c) })
	cont.Importance = widget.HighImportance
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, status, title), info}
	if e := c.Escalation; e != nil {
		// Where the back office stands, as the call screen says it: the
		// case's own status stays "escalated" whatever it did.
		parts = append(parts, escalationStatusLabel(t, e))
		if strings.TrimSpace(e.Resolution) != "" {
			parts = append(parts, wrapped(t.S("team.review.resolution")+": "+e.Resolution))
		}
	}
	if s.ownCase(c) {
		parts = append(parts, container.NewHBox(cont))
	}

	if len(c.Actions) > 0 {
		parts = append(parts, heading(t.S("cases.actions")))
		for _, a := range c.Actions {
			name := a.ID
			if x := pb.Action(a.ID); x != nil {
				name = pb.Say(l, x.Title)
			}
			if a.Amount != 0 {
				name += " — " + c.FormatMoney(a.Amount, s.a.defaultCurrency(), l)
				switch {
				case a.Decision != nil:
					name += " (" + cases.DecisionVerdict(t, *a.Decision) + ")"
				case a.Pending:
					name += " (" + t.S("cases.action.pending") + ")"
				}
			}
			parts = append(parts, wrapped("• "+name))
		}
	}
	if strings.TrimSpace(c.Notes) != "" {
		notes := widget.NewLabel(c.Notes)
		notes.Wrapping = fyne.TextWrapWord
		parts = append(parts, heading(t.S("cases.notes")), notes)
	}
	parts = append(parts, heading(t.S("cases.timeline")))
	tl, err := s.a.deps.Store.Timeline(s.a.ctx, c.ID)
	if err != nil {
		parts = append(parts, widget.NewLabel(s.a.errorText(err)))
	}
	for _, e := range tl {
		// Wrapped: a timeline line as long as a comment would widen the
		// pane past its scroll and cut the notes and the status off.
		// With the day: a case reopened, or moved by the back office, spans
		// days, and times alone would seem to run backwards.
		parts = append(parts, wrapped(fmt.Sprintf("%s  %s", locales.FormatDateTime(l, e.At.Local()), s.eventText(c, e))))
	}
	s.detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewVBox(parts...))}
	s.detail.Refresh()
}

// ownCase says whether c is a call of the person at this desk, the only
// cases they continue. A supervisor's list holds every agent's cases, and
// a save is recorded as the case's agent's doing (each timeline line in
// their name) and sent under their login: Ana's case continued at her
// supervisor's desk would read as Ana's work, or wait for her login for
// ever. The team area is where a supervisor acts on others' cases.
func (s *casesScreen) ownCase(c *cases.Case) bool { return c.Agent == s.a.ws.Agent }

// onContinue reopens a case on the call screen; a closed case is reopened
// (and the timeline says so) so the record stays honest.
func (s *casesScreen) onContinue(c *cases.Case) {
	fresh, err := s.a.deps.Store.GetCase(s.a.ctx, c.ID)
	if err != nil {
		s.errText.SetText(s.a.errorText(err))
		s.errText.Show()
		return
	}
	if !s.ownCase(fresh) {
		return // not offered (showDetail)
	}
	if !s.a.openCase(fresh) {
		return // the call on screen stays: nothing to reopen here
	}
	if fresh.Ended() { // closed, or escalated with its call over
		if err := s.a.sess.Update(s.a.ctx, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.Reopen(s.a.deps.Now())
			return []cases.Event{ev}, err
		}); err != nil {
			s.errText.SetText(s.a.errorText(err))
			s.errText.Show()
		}
	}
}

// eventText says what a timeline event of case c was, in the interface
// language (cases.EventText).
func (s *casesScreen) eventText(c *cases.Case, e cases.Event) string {
	return cases.EventText(s.a.t, s.a.pb, c, e, s.a.defaultCurrency())
}
