package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// sidePanel is the right of the call view: the customer, the values the
// scripts still need, suggested templates, actions and the escalation, and
// the notes.
func (s *callScreen) sidePanel() fyne.CanvasObject {
	c := s.cur()
	parts := []fyne.CanvasObject{
		s.region("profile", fmt.Sprintf("%s|%+v|%v|%s", c.ID, c.Customer, c.Auth.Authenticated(), s.currency()), s.profileCard),
		// The values follow the scripts on screen, which change with the
		// step: kept while the same values, as recorded, are asked for, so
		// a change elsewhere (a back-office answer, a template used) does
		// not take the box being typed in from under the agent's cursor.
		s.valuesCard(),
		// The suggested templates follow the step too: always built.
		s.fresh(s.suggestionsCard()),
		s.region("actions", fmt.Sprintf("%s|%+v|%+v|%s|%s|%s|%v", c.ID, c.Actions, c.Escalation, c.CallType, s.a.role(), s.currency(), c.Ended()), s.actionsCard),
		s.region("notes", c.ID, s.notesCard),
	}
	// Kept while the agent types; text put in the notes another way (a
	// template inserted) is shown without saving it again.
	if notes := s.a.sess.Notes(); s.notes.Text != notes {
		on := s.notes.OnChanged
		s.notes.OnChanged = nil
		s.notes.SetText(notes)
		s.notes.OnChanged = on
		s.showNotesBound(notes)
	}
	return s.scrollKept("side", c.ID, container.NewPadded(container.NewVBox(parts...)))
}

// profileCard shows the customer. Sensitive values stay masked until the
// customer is authenticated.
func (s *callScreen) profileCard() fyne.CanvasObject {
	t, c := s.a.t, s.cur()
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
		if !cu.HasBill() {
			return "" // typed by hand: no figure on file, not a zero one
		}
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
// The case's come from what happens on the call (the ticket on
// escalating, the recap at the summary), except the name of a caller not
// on file: they say it on the introduction, and nothing else would fill
// it. The customer's come from the profile, and are asked for only when
// it has none: a profile typed by hand has no bill, and the balance the
// agent checks must be typed somewhere for its script to be said.
func (s *callScreen) valuesCard() fyne.CanvasObject {
	c := s.cur()
	if c.Ended() {
		return s.region("values", c.ID+"|ended", func() fyne.CanvasObject {
			return container.NewVBox() // a closed call takes no values
		})
	}
	names := s.valueNames()
	key := fmt.Sprintf("%s|%s|%s", c.ID, s.a.t.Lang, s.currency())
	for _, n := range names {
		key += fmt.Sprintf("|%s=%q", n, c.Values[n])
	}
	return s.region("values", key, func() fyne.CanvasObject { return s.valuesForm(names) })
}

// valueNames are the values the scripts on screen still need, and those
// already typed whose scripts are on screen, in order.
func (s *callScreen) valueNames() []string {
	pb := s.a.pb
	var names []string
	seen := map[string]bool{}
	for _, rs := range s.scripts {
		for _, n := range rs.r.Missing() {
			ph := pb.Placeholder(n)
			if ph == nil || seen[n] || ph.Source == "case" && n != "customer_name" {
				continue
			}
			seen[n] = true
			names = append(names, n)
		}
	}
	// Values already typed stay editable while their scripts are on screen.
	for n := range s.cur().Values {
		if !seen[n] && pb.Placeholder(n) != nil && s.onScreen(n) {
			seen[n] = true
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// valuesForm is the values card asking for names.
func (s *callScreen) valuesForm(names []string) fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	if len(names) == 0 {
		return container.NewVBox()
	}
	form := widget.NewForm()
	// Labels above their entries: side by side, the narrow side card left
	// the entries a few characters wide ("Fecha de pago" takes the rest).
	form.Orientation = widget.Vertical
	for _, n := range names {
		ph := pb.Placeholder(n)
		e := s.newLineEntry()
		recorded, ok := s.cur().Values[n]
		if ok {
			e.SetText(cases.EntryValue(ph.Kind, recorded, t.Lang, s.currency()))
		}
		// Numbers, money and dates are typed the way of the language
		// shown: a draft from before a language switch would be read with
		// the other one's separators. Text reads the same in both.
		base := recorded
		if ph.Kind != "text" {
			base += "|" + string(t.Lang)
		}
		if typed, ok := s.draft("value."+n, base); ok {
			e.SetText(typed)
		}
		e.SetPlaceHolder(t.S("call.value.kind." + ph.Kind))
		name, kind := n, ph.Kind
		e.OnSubmitted = func(v string) { s.onValue(name, kind, v) }
		e.OnChanged = func(v string) { s.keepDraft("value."+name, base, v) }
		form.Append(pb.Say(t.Lang, ph.Label), e)
		form.Items[len(form.Items)-1].HintText = t.S("call.value.hint")
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
	t, pb, c := s.a.t, s.a.pb, s.cur()
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
		switch {
		case a.Decision != nil:
			// The supervisor's word, as it came back from crmd.
			l.SetText(l.Text + " — " + cases.DecisionVerdict(t, *a.Decision))
			l.Importance = widget.SuccessImportance
			if !a.Decision.Approved {
				l.Importance = widget.DangerImportance
			}
		case a.Pending:
			l.SetText(l.Text + " — " + t.S("call.action.over_authority.title"))
			l.Importance = widget.WarningImportance
		}
		parts = append(parts, l)
	}
	if c.Ended() {
		// A closed call takes no action and no escalation until it is
		// reopened: what it was given, and where its escalation stands,
		// is what is left to read.
		if e := c.Escalation; e != nil {
			parts = append(parts, widget.NewSeparator(), s.escalationInfo(e), escalationStatusLabel(t, e))
		}
		return container.NewVBox(parts...)
	}
	var opts, ids []string
	if ct := pb.CallType(c.CallType); ct != nil {
		for _, id := range ct.Resolutions {
			if a := pb.Action(id); a != nil {
				opts, ids = append(opts, pb.Say(t.Lang, a.Title)), append(ids, id)
			}
		}
	}
	amount := s.newLineEntry()
	amount.SetPlaceHolder(t.S("call.value.kind.money"))
	reason := s.newLineEntry()
	reason.SetPlaceHolder(t.S("call.action.reason"))
	amountRow := container.NewGridWithColumns(2, amount, reason)
	amountRow.Hide()
	sel := widget.NewSelect(opts, func(string) {})
	sel.PlaceHolder = t.S("call.action.pick")
	// What the agent was recording survives a redraw until it is added.
	added := strconv.Itoa(len(c.Actions))
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i >= 0 && pb.Action(ids[i]).Amount {
			amountRow.Show()
		} else {
			amountRow.Hide()
		}
		if i >= 0 {
			s.keepDraft("action", added, ids[i])
		}
	}
	if id, ok := s.draft("action", added); ok && slices.Contains(ids, id) {
		sel.SetSelectedIndex(slices.Index(ids, id))
	}
	// An amount is read in the language shown: one typed before a language
	// switch is dropped ("1.250" is 1,250 in Spanish and 1.25 in English).
	amountBase := added + "|" + string(t.Lang)
	if v, ok := s.draft("action.amount", amountBase); ok {
		amount.SetText(v)
	}
	if v, ok := s.draft("action.reason", added); ok {
		reason.SetText(v)
	}
	amount.OnChanged = func(v string) { s.keepDraft("action.amount", amountBase, v) }
	reason.OnChanged = func(v string) { s.keepDraft("action.reason", added, v) }
	money := func(m int64) string { return calculators.FormatMoney(calculators.FromMinor(m, s.currency()), t.Lang) }
	roleLimit := pb.AuthorityMinor(string(s.a.role()))
	limitKey := "call.action.limit"
	if c.GrantedAmount() > 0 {
		// The limit is per case: once part of it is used, what is left is
		// what the agent needs to know before typing the next amount.
		limitKey = "call.action.limit_left"
	}
	limit := widget.NewLabel(t.D(limitKey, map[string]any{
		"Role":  t.S("role." + string(s.a.role())),
		"Limit": money(roleLimit),
		"Left":  money(max(roleLimit-c.GrantedAmount(), 0)),
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
		parts = append(parts, widget.NewSeparator(), s.escalationInfo(e), escalationStatusLabel(t, e))
	}
	return container.NewVBox(parts...)
}

// escalationInfo says the ticket, priority and expected answer of the
// call's escalation.
func (s *callScreen) escalationInfo(e *cases.Escalation) fyne.CanvasObject {
	t, pb := s.a.t, s.a.pb
	prio := e.Priority
	if p := pb.Priority(e.Priority); p != nil {
		prio = pb.Say(t.Lang, p.Title)
	}
	info := widget.NewLabel(t.D("call.escalated", map[string]any{
		"Ticket": e.Ticket, "Priority": prio, "When": locales.FormatDateTime(t.Lang, e.ExpectedBy.Local()),
	}))
	info.Wrapping = fyne.TextWrapWord
	info.Importance = widget.WarningImportance
	return info
}

func (s *callScreen) notesCard() fyne.CanvasObject {
	t := s.a.t
	s.notes = s.newMultiLineEntry()
	s.notes.SetMinRowsVisible(5)
	s.notes.SetText(s.a.sess.Notes())
	s.notes.SetPlaceHolder(t.S("call.notes.placeholder"))
	s.notes.OnChanged = s.onNotes
	hint := widget.NewLabel(t.S("call.notes.hint"))
	hint.Importance = widget.LowImportance
	hint.Wrapping = fyne.TextWrapWord
	s.notesMax = widget.NewLabel("")
	s.notesMax.Wrapping = fyne.TextWrapWord
	s.showNotesBound(s.notes.Text)
	return container.NewVBox(heading(t.S("cases.notes")+"  ("+t.S("shortcut.notes")+")"), s.notes, s.notesMax, hint)
}

// notesNear is how close to cases.MaxNotes the notes get before the
// characters left are shown: enough warning to wrap up a sentence.
const notesNear = cases.MaxNotes - 1000

// showNotesBound tells the agent, under the notes and as they type, how
// their notes stand against cases.MaxNotes: crmd refuses a case whose
// notes go past it, so they are not saved then. What was typed stays in
// the entry either way, for the agent to shorten: cutting it off (a
// paste, say) would lose words without a trace.
func (s *callScreen) showNotesBound(text string) {
	if s.notesMax == nil {
		return
	}
	t := s.a.t
	n := utf8.RuneCountInString(text)
	maxText := calculators.FormatNumber(cases.MaxNotes, 0, t.Lang)
	switch {
	case n > cases.MaxNotes:
		over := n - cases.MaxNotes
		s.notesMax.SetText(t.N("call.notes.over", over, map[string]any{"Over": calculators.FormatNumber(float64(over), 0, t.Lang), "Max": maxText}))
		s.notesMax.Importance = widget.DangerImportance
	case n == cases.MaxNotes:
		s.notesMax.SetText(t.D("call.notes.full", map[string]any{"Max": maxText}))
		s.notesMax.Importance = widget.WarningImportance
	case n >= notesNear:
		left := cases.MaxNotes - n
		s.notesMax.SetText(t.N("call.notes.near", left, map[string]any{"Left": calculators.FormatNumber(float64(left), 0, t.Lang), "Max": maxText}))
		s.notesMax.Importance = widget.WarningImportance
	default:
		s.notesMax.SetText("")
		s.notesMax.Hide()
		return
	}
	s.notesMax.Show()
	s.notesMax.Refresh()
}
