package app

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// teamScreen is a supervisor's desk for the team's escalations: every
// agent's escalations from crmd, kept on this desk, in a queue sorted by
// when the response is due, with the SLA clock on each row, counts per
// state, filters, and the review of one beside it (teamreview.go).
type teamScreen struct {
	a *App

	filter   cases.TeamFilter
	ageIndex int
	rows     []cases.TeamRow
	picked   map[string]bool // rows ticked for printing
	openID   string          // the escalation under review
	// reviewed is the open case as the review shows it (its JSON, after
	// whom it was drawn for: decider): a refresh that brings nothing new
	// for it leaves the review, and what the supervisor is typing there,
	// alone.
	reviewed     string
	reviewedCase *cases.Case   // the case the review shows, for its clock
	reviewSLA    *widget.Label // the review's SLA clock
	// drafts keep what the supervisor has chosen or typed in the review
	// and not yet applied, across a redraw of the whole screen.
	drafts drafts

	list      *widget.List
	counts    *widget.Label
	refreshed *widget.Label
	shown     *widget.Label
	review    *fyne.Container
	agentSel  *widget.Select
	agents    []string
	printer   *teamPrinter
}

func newTeamScreen(a *App) *teamScreen {
	return &teamScreen{a: a, filter: cases.TeamFilter{Open: true}, picked: map[string]bool{}}
}

func (s *teamScreen) key() string         { return "team" }
func (s *teamScreen) icon() fyne.Resource { return theme.AccountIcon() }

// ages are the age filter's choices.
var teamAges = []time.Duration{0, time.Hour, 4 * time.Hour, 24 * time.Hour, 72 * time.Hour}

func (s *teamScreen) build() fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	title := subheading(t.S("team.title"))
	s.counts = widget.NewLabel("")
	s.counts.Wrapping = fyne.TextWrapWord
	s.refreshed = widget.NewLabel("")
	s.refreshed.Importance = widget.LowImportance
	refresh := widget.NewButtonWithIcon(t.S("team.refresh"), theme.ViewRefreshIcon(), s.onRefresh)

	// Status: open ones (the default), every one, or one state.
	statusOpts := []string{t.S("team.filter.open"), t.S("team.filter.all")}
	for _, st := range cases.EscalationStates {
		statusOpts = append(statusOpts, escalationStateName(t, st))
	}
	status := widget.NewSelect(statusOpts, nil)
	switch {
	case s.filter.Open:
		status.SetSelectedIndex(0)
	case s.filter.Status == "":
		status.SetSelectedIndex(1)
	default:
		for i, st := range cases.EscalationStates {
			if st == s.filter.Status {
				status.SetSelectedIndex(i + 2)
			}
		}
	}
	status.OnChanged = func(string) {
		i := status.SelectedIndex()
		s.filter.Open, s.filter.Status = i == 0, ""
		if i >= 2 {
			s.filter.Status = cases.EscalationStates[i-2]
		}
		s.reload()
	}

	prioOpts, prioIDs := []string{t.S("team.filter.any_priority")}, []string{""}
	for _, p := range pb.Priorities {
		prioOpts, prioIDs = append(prioOpts, pb.Say(t.Lang, p.Title)), append(prioIDs, p.ID)
	}
	prio := s.choice(prioOpts, prioIDs, &s.filter.Priority)

	typeOpts, typeIDs := []string{t.S("team.filter.any_call_type")}, []string{""}
	for _, ct := range pb.CallTypes {
		typeOpts, typeIDs = append(typeOpts, pb.Say(t.Lang, ct.Title)), append(typeIDs, ct.ID)
	}
	callType := s.choice(typeOpts, typeIDs, &s.filter.CallType)

	reasonOpts, reasonIDs := []string{t.S("team.filter.any_reason")}, []string{""}
	for _, rc := range pb.ReasonCodes {
		reasonOpts, reasonIDs = append(reasonOpts, pb.Say(t.Lang, rc.Title)), append(reasonIDs, rc.ID)
	}
	reason := s.choice(reasonOpts, reasonIDs, &s.filter.Reason)

	s.agentSel = widget.NewSelect(nil, nil)
	s.agentSel.OnChanged = func(string) {
		s.filter.Agent = ""
		if i := s.agentSel.SelectedIndex(); i > 0 && i <= len(s.agents) {
			s.filter.Agent = s.agents[i-1]
		}
		s.reload()
	}

	ageOpts := make([]string, len(teamAges))
	for i, d := range teamAges {
		if d == 0 {
			ageOpts[i] = t.S("team.filter.any_age")
		} else {
			ageOpts[i] = t.N("team.filter.older_hours", int(d/time.Hour), nil)
		}
	}
	age := widget.NewSelect(ageOpts, nil)
	age.SetSelectedIndex(s.ageIndex)
	age.OnChanged = func(string) {
		s.ageIndex = max(age.SelectedIndex(), 0)
		s.filter.OlderThan = teamAges[s.ageIndex]
		s.reload()
	}

	s.list = widget.NewList(func() int { return len(s.rows) }, s.newRow, s.updateRow)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.rows) {
			s.open(s.rows[i].CaseID)
		}
	}
	s.shown = widget.NewLabel("")
	s.shown.Importance = widget.LowImportance
	s.printer = newTeamPrinter(s, s.printer)

	filters := container.NewGridWithColumns(3, status, prio, s.agentSel, callType, reason, age)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.refreshed, refresh), title),
		s.counts, filters,
	)
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, s.shown, nil, s.printer.bar()))
	left := container.NewBorder(top, bottom, nil, nil, s.list)
	s.review = container.NewStack()
	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(s.review))
	split.Offset = 0.5
	s.reload()
	s.showReview()
	return split
}

// choice is a filter select over ids, the first meaning "any". A choice
// it no longer offers (picked under a pack published since) is dropped:
// the select says "any", so the queue must not filter by it.
func (s *teamScreen) choice(opts, ids []string, into *string) *widget.Select {
	sel := widget.NewSelect(opts, nil)
	i := indexOf(ids, *into)
	if i < 0 {
		*into, i = "", 0
	}
	sel.SetSelectedIndex(i)
	sel.OnChanged = func(string) {
		*into = ids[max(sel.SelectedIndex(), 0)]
		s.reload()
	}
	return sel
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// onShow reloads: escalations pulled meanwhile appear.
func (s *teamScreen) onShow() {
	if s.list != nil {
		s.reload()
		s.showReview()
	}
}

// teamChanged follows a refresh from crmd while the screen is built. The
// review follows too, a print running or not: its buttons act on the case
// as the desk now holds it (a decision on the action at a position), so
// it must show that case, not the one before the refresh.
func (s *teamScreen) teamChanged() {
	if s.list != nil {
		s.reload()
		if s.openID != "" {
			s.showReview()
		}
	}
}

// reload reads the queue, the counts and the agents from the desk's copy.
func (s *teamScreen) reload() {
	t, store := s.a.t, s.a.deps.Team
	if store == nil || s.list == nil {
		return
	}
	s.loadAgents() // first: it drops an agent no longer in the queue from the filter
	f := s.filter
	f.Now = s.a.deps.Now()
	rows, err := store.TeamQueue(s.a.ctx, f)
	if err != nil {
		s.shown.SetText(s.a.errorText(err))
		return
	}
	s.rows = rows
	s.keepPicked()
	s.list.Refresh()
	s.shown.SetText(t.N("team.shown", len(rows), nil))
	s.printer.update()

	counts, err := store.TeamCounts(s.a.ctx)
	if err == nil {
		var parts []string
		for _, st := range cases.EscalationStates {
			parts = append(parts, escalationStateName(t, st)+": "+fmt.Sprint(counts[st]))
		}
		// States of a newer crmd's are in the queue too: counted after
		// the known ones, or the counts would not add up to the list.
		for _, st := range slices.Sorted(maps.Keys(counts)) {
			if !st.Valid() && counts[st] > 0 {
				parts = append(parts, escalationStateName(t, st)+": "+fmt.Sprint(counts[st]))
			}
		}
		s.counts.SetText(strings.Join(parts, "   ·   "))
	}
	if at, err := store.TeamRefreshed(s.a.ctx); err == nil && !at.IsZero() {
		s.refreshed.SetText(t.D("team.refreshed", map[string]any{"When": whenText(t.Lang, at)}))
	} else {
		s.refreshed.SetText(t.S("team.never_refreshed"))
	}
}

// keepPicked picks the row of the escalation under review where it now
// stands, so the queue still shows which one the review is about after a
// pull reorders it; none once it has left the queue (resolved, filtered
// out), where a stale index would point at another case.
func (s *teamScreen) keepPicked() {
	for i, r := range s.rows {
		if r.CaseID == s.openID {
			// Not through OnSelected: the review is already this case's,
			// and its caller draws it again if the case changed. Nor
			// scrolled to: a pull does not move the part of the queue
			// the supervisor is reading.
			on, at := s.list.OnSelected, s.list.GetScrollOffset()
			s.list.OnSelected = nil
			s.list.Select(i)
			s.list.ScrollToOffset(at)
			s.list.OnSelected = on
			return
		}
	}
	s.list.UnselectAll()
}

// loadAgents fills the agent filter with the agents of the whole queue. An
// agent picked who has no escalation left in it is dropped from the
// filter, which then says "any agent": kept, it would hide every row of
// the agents who come next while the select shows none picked.
func (s *teamScreen) loadAgents() {
	agents, err := s.a.deps.Team.TeamAgents(s.a.ctx)
	if err != nil {
		return
	}
	s.agents = agents
	if indexOf(agents, s.filter.Agent) < 0 {
		s.filter.Agent = ""
	}
	opts := append([]string{s.a.t.S("team.filter.any_agent")}, s.agents...)
	on := s.agentSel.OnChanged
	s.agentSel.OnChanged = nil
	s.agentSel.Options = opts
	s.agentSel.SetSelectedIndex(max(indexOf(s.agents, s.filter.Agent)+1, 0))
	s.agentSel.OnChanged = on
}

func (s *teamScreen) onRefresh() {
	s.a.sync.refreshNow()
}

// ---------------------------------------------------------------- rows

// newRow is a queue row: a tick for printing, then two lines: who and
// which ticket; when the answer is due, the priority, where it stands.
func (s *teamScreen) newRow() fyne.CanvasObject {
	pick := widget.NewCheck("", nil)
	first := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	first.Truncation = fyne.TextTruncateEllipsis
	sla := widget.NewLabel("")
	rest := widget.NewLabel("")
	rest.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, pick, nil, container.NewVBox(first, container.NewBorder(nil, nil, sla, nil, rest)))
}

func (s *teamScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.rows) {
		return
	}
	t, pb, r := s.a.t, s.a.pb, s.rows[i]
	row := o.(*fyne.Container)
	pick := row.Objects[1].(*widget.Check)
	lines := row.Objects[0].(*fyne.Container)
	first := lines.Objects[0].(*widget.Label)
	second := lines.Objects[1].(*fyne.Container)
	rest, sla := second.Objects[0].(*widget.Label), second.Objects[1].(*widget.Label)

	id := r.CaseID
	pick.OnChanged = nil
	pick.SetChecked(s.picked[id])
	pick.OnChanged = func(on bool) {
		if on {
			s.picked[id] = true
		} else {
			delete(s.picked, id)
		}
		s.printer.update()
	}
	first.SetText(r.Ticket + "  ·  " + r.Customer + "  " + r.Account)

	text, imp := s.slaText(r)
	sla.SetText(text)
	sla.Importance = imp
	sla.TextStyle = fyne.TextStyle{Bold: imp == widget.DangerImportance}
	sla.Refresh()

	prio := r.Priority
	if p := pb.Priority(r.Priority); p != nil {
		prio = pb.Say(t.Lang, p.Title)
	}
	parts := []string{prio, escalationStateName(t, r.Status)}
	if r.Pending {
		parts = append(parts, t.S("team.row.pending"))
	}
	if r.Undecided > 0 {
		parts = append(parts, t.N("team.row.undecided", r.Undecided, nil))
	}
	parts = append(parts, r.Agent)
	rest.SetText("·  " + strings.Join(parts, "  ·  "))
	// The clock's width changed: the row is laid out again, or the clock
	// is drawn over the line beside it.
	o.Refresh()
}

// slaText is a row's SLA clock: how long until the response is due, or how
// long it is overdue (in the danger colour), or where a closed one ended.
func (s *teamScreen) slaText(r cases.TeamRow) (string, widget.Importance) {
	t := s.a.t
	now := s.a.deps.Now()
	switch {
	case r.Status.Final():
		return escalationStateName(t, r.Status), widget.LowImportance
	case r.DueAt.IsZero():
		return t.S("team.sla.unknown"), widget.LowImportance
	case r.Overdue(now):
		return t.D("team.sla.overdue", map[string]any{"For": spanText(t, now.Sub(r.DueAt))}), widget.DangerImportance
	case r.DueAt.Sub(now) < 2*time.Hour:
		return t.D("team.sla.due_in", map[string]any{"In": spanText(t, r.DueAt.Sub(now))}), widget.WarningImportance
	}
	return t.D("team.sla.due_in", map[string]any{"In": spanText(t, r.DueAt.Sub(now))}), widget.MediumImportance
}

// spanText is a duration as a person reads an SLA: minutes, hours, days.
func spanText(t *locales.T, d time.Duration) string {
	switch {
	case d < time.Hour:
		return t.N("team.span.minutes", max(int(d/time.Minute), 1), nil)
	case d < 48*time.Hour:
		return t.N("team.span.hours", int(d/time.Hour), nil)
	}
	return t.N("team.span.days", int(d/(24*time.Hour)), nil)
}

// escalationStateName is a state's name alone ("In progress").
func escalationStateName(t *locales.T, st cases.EscalationState) string {
	if st == "" {
		st = cases.EscReceived
	}
	if key := "team.state." + string(st); t.Has(key) {
		return t.S(key)
	}
	// A state of a newer crmd's has no words here: its own, made readable.
	name := strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(string(st)))
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// ---------------------------------------------------------------- review

// decider is whom the review's decisions are drawn for, besides the case:
// the crmd login (not on their own case), the role crmd judges an
// approval by, and the pack whose limits say what that role may approve.
func (s *teamScreen) decider() string {
	return fmt.Sprintf("%s\x00%s\x00%p", s.a.actor().User, s.a.deciderRole(), s.a.pb)
}

// syncChanged follows sync's status, which changes at every pull, crmd
// reached or not. The review is drawn again for another login, role or
// pack: a login with the same desk role rebuilds no screen, and a review
// left as it was would offer the agent of the case their own amounts, or
// keep Approve off for an admin who took over from a supervisor. And the
// SLA clocks move on: with crmd out of reach no refresh of the queue comes
// to draw them again, and an escalation due in an hour would say so hours
// after it fell overdue.
func (s *teamScreen) syncChanged() {
	if s.list == nil {
		return
	}
	s.list.Refresh()
	if s.review == nil || s.openID == "" {
		return
	}
	if !strings.HasPrefix(s.reviewed, s.decider()+"\x00") {
		s.showReview()
	} else if s.reviewSLA != nil && s.reviewedCase != nil {
		s.showSLA(s.reviewedCase)
	}
}

func (s *teamScreen) open(id string) {
	s.openID = id
	s.showReview()
}

func (s *teamScreen) showReview() {
	if s.review == nil {
		return
	}
	var content fyne.CanvasObject
	reviewed := ""
	s.reviewedCase = nil
	if s.openID == "" {
		l := widget.NewLabel(s.a.t.S("team.pick"))
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		content = container.NewVBox(layout.NewSpacer(), l, layout.NewSpacer())
	} else {
		c, err := s.a.deps.Team.TeamCase(s.a.ctx, s.openID)
		if err != nil {
			content = widget.NewLabel(s.a.errorText(err))
		} else {
			s.reviewedCase = c
			body, _ := json.Marshal(c)
			reviewed = s.decider() + "\x00" + string(body)
			if reviewed == s.reviewed && len(s.review.Objects) > 0 {
				s.showSLA(c)
				return
			}
			content = s.reviewView(c)
		}
	}
	s.reviewed = reviewed
	s.review.Objects = []fyne.CanvasObject{content}
	s.review.Refresh()
}
