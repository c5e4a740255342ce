package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// startForm is the call screen with no call on it: who is calling (looked
// up in the local cache, then on crmd), why (the call types, searched in
// both languages), and in which language the call is held.
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
	if s.startSince != "" {
		// Typed in the language shown then: a date is read in it, and
		// written again in the language shown now ("05/03/2020" is 3 May
		// in English and 5 March in Spanish).
		if s.startSinceLang != t.Lang {
			if d, err := locales.ParseDate(s.startSinceLang, s.startSince); err == nil {
				s.startSince, s.startSinceLang = locales.FormatDate(t.Lang, d), t.Lang
			}
		}
		since.SetText(s.startSince)
	}
	vip := widget.NewCheck(t.S("call.customer.vip"), nil)
	vip.SetChecked(s.startCustomer.VIP)
	// What is typed is kept as it is typed: the form is drawn again when a
	// new playbook arrives or the language changes, and a customer typed in
	// by hand must not have to be typed again.
	name.OnChanged = func(v string) { s.startCustomer.Name = v }
	plan.OnChanged = func(v string) { s.startCustomer.Plan = v }
	since.OnChanged = func(v string) { s.startSince, s.startSinceLang = v, t.Lang }
	vip.OnChanged = func(v bool) { s.startCustomer.VIP = v }
	found := widget.NewLabel("")
	found.Importance = widget.LowImportance
	// What the lookup found is the form's state, as what is typed: the
	// form may be drawn again while crmd is asked, and its answer then
	// fills the form on screen.
	setFound := func(key string) {
		s.startFound = key
		found.SetText("")
		if key != "" {
			found.SetText(t.S(key))
		}
	}
	setFound(s.startFound)
	s.startAccount = account
	// The account's calls still open: a customer calling back about the
	// same matter is taken up on their case, not given a second one.
	openCases := container.NewVBox()
	var shownOpen map[string]bool
	showOpenCases := func(acc string) {
		openCases.Objects, shownOpen = s.openCaseLines(acc)
		openCases.Refresh()
	}
	showOpenCases(account.Text)
	// The account's earlier contacts at every desk, below (callhistory.go).
	history := s.historyBox(account.Text, shownOpen)
	var lang *widget.RadioGroup
	picking := false // the form, not the agent, is setting the language

	fill := func(cu *cases.Customer) {
		s.startCustomer = *cu
		name.SetText(cu.Name)
		plan.SetText(cu.Plan)
		since.SetText("") // a customer with no date on file: nothing to read back
		if !cu.Since.IsZero() {
			since.SetText(locales.FormatDate(t.Lang, cu.Since))
		}
		s.startSince = "" // the date is the customer's, shown in whatever language
		vip.SetChecked(cu.VIP)
		setFound("call.start.found")
		// The call is held in the language the customer prefers, unless
		// the agent has already picked one for this call.
		if pref, ok := locales.ParseLang(string(cu.Lang)); ok && pref == cu.Lang && !s.startLangPicked && cu.Lang != s.startLang {
			s.setStartLang(lang, &picking, cu.Lang)
		}
	}
	lookup := func(q string) {
		acc := strings.TrimSpace(q)
		showOpenCases(acc)
		if acc != s.hist.account {
			s.askHistory(acc, shownOpen)
		}
		if s.startCustomer.Account != acc {
			// Another account: of the profile found for the last one only
			// what the form shows stays (the agent sees it and corrects
			// it); its hidden figures, address and phone were that
			// customer's, and must not reach this caller's scripts or be
			// cached under this account.
			cu := s.startCustomer
			s.startCustomer = cases.Customer{Account: acc, Name: cu.Name, Plan: cu.Plan, Since: cu.Since, VIP: cu.VIP}
			// The language that customer prefers goes with them: this
			// caller is held in the desk's, unless the agent picked.
			if !s.startLangPicked && s.startLang != s.a.ws.CallLang {
				s.setStartLang(lang, &picking, s.a.ws.CallLang)
			}
		}
		cu, err := s.a.deps.Store.GetCustomer(s.a.ctx, acc)
		if err != nil {
			setFound("")
			// Not cached here: crmd may know the account (sync.go).
			if s.a.sync.lookupCustomer(acc, func(cu *cases.Customer) {
				// The answer is for this form while it is still being
				// filled in for this account: once the call started (with
				// the account alone, before crmd answered), the next
				// caller's form must not get this customer's profile and
				// language.
				if strings.TrimSpace(account.Text) != acc || s.cur() != nil || s.startCustomer.Account != acc {
					return
				}
				if cu == nil {
					setFound("")
					return
				}
				fill(cu)
				setFound("sync.lookup.found")
				if account != s.startAccount {
					s.refresh() // the form on screen is another: drawn again from its state
				}
			}) {
				setFound("sync.lookup.searching")
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
		// The rows are others now: a row left selected would light a
		// call type not chosen, and choosing it (Enter picks the first)
		// would do nothing, as the list ignores a row already selected.
		results.UnselectAll()
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

	lang = widget.NewRadioGroup(langOptions(), func(v string) {
		s.startLang = langFromName(v)
		s.startLangPicked = s.startLangPicked || !picking
	})
	lang.Required = true // clicked again, a choice stays chosen
	lang.Horizontal = true
	picking = true
	lang.SetSelected(langNames[s.startLang])
	picking = false

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
			// A date after today is a typo ("2062" for "2026"), which the
			// scripts would then read as a new customer's.
			if now := s.a.deps.Now(); d.After(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)) {
				errLabel.SetText(t.S("call.start.future_since"))
				return
			}
			cu.Since = d
		}
		if cu.Currency == "" {
			cu.Currency = s.currency()
		}
		s.startCustomer = cu
		s.onStart()
		if s.cur() == nil {
			errLabel.SetText(s.startErr)
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
	left := container.NewVBox(heading(t.S("call.start.customer")), customer, found, openCases, history)
	right := container.NewBorder(
		container.NewVBox(heading(t.S("call.start.call_type")), search), chosen, nil, nil, results)
	bottom := container.NewVBox(
		widget.NewSeparator(),
		container.NewHBox(widget.NewLabel(t.S("call.lang")), lang),
		errLabel,
		container.NewHBox(start),
	)
	title := subheading(t.S("call.start.title"))
	top := container.NewVBox(title, widget.NewLabel(t.S("call.start.intro")))
	if s.leftOpen.id != "" {
		top.Add(s.leftOpenLine())
	}
	body := container.NewBorder(top, bottom, nil, nil, container.NewGridWithColumns(2, left, right))
	return container.NewPadded(body)
}

// leftOpenCall is a call New call left open: its case's ID, and the name
// the start form calls it by.
type leftOpenCall struct{ id, name string }

// leftOpenLine says which call was left open, and continues it.
func (s *callScreen) leftOpenLine() fyne.CanvasObject {
	t := s.a.t
	msg := widget.NewLabel(t.D("call.left_open", map[string]any{"Name": s.leftOpen.name}))
	msg.Importance = widget.WarningImportance
	msg.Wrapping = fyne.TextWrapWord
	cont := widget.NewButtonWithIcon(t.S("call.continue_left_open"), theme.MediaReplayIcon(), func() { s.onContinueOpenCase(s.leftOpen.id) })
	return container.NewBorder(nil, nil, nil, cont, msg)
}

// openCasesShown is how many of an account's open calls the start form
// lists, the latest first; openCasesRead, how many of its latest cases it
// reads to find them.
const (
	openCasesShown = 3
	openCasesRead  = 50
)

// openCaseLines are the start form's lines for the calls of account acc
// not yet over, each with a button that continues it: the agent's own, as
// only those are theirs to continue (casesScreen.ownCase), and not the
// call left open, named above the form already. shown holds their IDs,
// which the earlier contacts below do not list again.
func (s *callScreen) openCaseLines(acc string) (lines []fyne.CanvasObject, ids map[string]bool) {
	t, pb := s.a.t, s.a.pb
	acc = strings.TrimSpace(acc)
	if acc == "" || s.a.ws.Agent == "" {
		return nil, nil
	}
	list, err := s.a.deps.Store.ListCases(s.a.ctx, cases.Filter{Agent: s.a.ws.Agent, Account: acc, Limit: openCasesRead})
	if err != nil {
		s.a.deps.Log.Error("open cases of an account", "err", err)
		return nil, nil
	}
	ids = map[string]bool{}
	shown := 0
	for _, c := range list {
		if c.Ended() || c.ID == s.leftOpen.id {
			continue
		}
		if shown == openCasesShown {
			break
		}
		if shown == 0 {
			lines = append(lines, widget.NewLabelWithStyle(t.S("call.start.open_cases"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
		shown++
		what := c.CallType
		if ct := pb.CallType(c.CallType); ct != nil {
			what = pb.Say(t.Lang, ct.Title)
		}
		l := widget.NewLabel(t.D("call.start.open_case", map[string]any{
			"Date": locales.FormatDate(t.Lang, c.Opened()), "Type": what, "Status": t.S("cases.status." + string(c.Status)),
		}))
		l.Wrapping = fyne.TextWrapWord
		id := c.ID
		ids[id] = true
		cont := widget.NewButtonWithIcon(t.S("call.start.continue"), theme.MediaReplayIcon(), func() { s.onContinueOpenCase(id) })
		lines = append(lines, container.NewBorder(nil, nil, nil, cont, l))
	}
	return lines, ids
}

// onContinueOpenCase takes up a call of the start form's (left open, or
// the customer's still open) as it stands in the store now: the back
// office may have moved it since.
func (s *callScreen) onContinueOpenCase(id string) {
	c, err := s.a.deps.Store.GetCase(s.a.ctx, id)
	if err != nil {
		s.a.inform(s.a.t.S("call.start.continue"), s.a.errorText(err))
		return
	}
	s.a.openCase(c)
}

// setStartLang shows l as the start form's call language, chosen by the
// form and not by the agent.
func (s *callScreen) setStartLang(radio *widget.RadioGroup, picking *bool, l locales.Lang) {
	s.startLang = l
	*picking = true
	radio.SetSelected(langNames[l])
	*picking = false
}

// onStart opens a case for the call and saves it.
func (s *callScreen) onStart() {
	t := s.a.t
	c, err := cases.StartCall(s.a.pb, s.a.ws.Agent, s.a.role(), s.startCallType, s.startLang, s.startCustomer, s.a.deps.Training)
	if err != nil {
		switch e, _ := err.(*cases.Error); {
		case e != nil && e.Field == "call_type":
			s.startErr = t.S("call.start.pick_type")
		case e != nil && e.Field == "account":
			s.startErr = t.S("call.start.bad_account")
		case e != nil && e.Field == "account_card":
			s.startErr = t.S("call.invalid.account_card")
		case e != nil && strings.HasSuffix(e.Field, "_long"):
			// A name, a plan or a profile's text past what a case keeps:
			// which, with its bound; what was typed stays on the form.
			s.startErr = s.errorMessage(err)
		default:
			s.startErr = t.S("call.start.need_customer")
		}
		return
	}
	if err := s.a.sess.Start(s.a.ctx, c); err != nil {
		// Nothing typed on the form is dropped: Start again once the
		// cause (a disk, notes of the call on screen) is dealt with.
		s.startErr = s.a.errorText(err)
		return
	}
	s.startCallType, s.startQuery, s.startCustomer, s.startSince, s.startErr, s.startFound = "", "", cases.Customer{}, "", "", ""
	s.hist = contactHistory{}   // this caller's: an answer still to come is dropped
	s.leftOpen = leftOpenCall{} // the agent has moved on: it is in the cases screen
	// The next caller starts from the desk's call language: this one's
	// was picked for them, by the agent or from their preference.
	s.startLang, s.startLangPicked = s.a.ws.CallLang, false
	if cu := c.Customer; cu.Account != "" {
		if _, err := s.a.deps.Store.GetCustomer(s.a.ctx, cu.Account); err != nil {
			// Typed by the agent: keep it in the local cache for the next call.
			_ = s.a.deps.Store.UpsertCustomer(s.a.ctx, &cu)
		}
	}
}
