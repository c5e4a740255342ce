package app

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// ---------------------------------------------------------------- sessions

// showLogin asks for the CRM username and password. The dialog stays open
// on a refusal and says why in words that do not tell which of the two was
// wrong.
func (b *syncBar) showLogin() {
	t := b.a.t
	if b.s == nil || b.s.Client() == nil {
		return
	}
	user := widget.NewEntry()
	if ws := strings.TrimSpace(b.a.ws.Agent); crm.ValidUsername(ws) {
		user.SetText(ws)
	}
	pass := widget.NewPasswordEntry()
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	intro := widget.NewLabel(t.S("sync.login.intro"))
	intro.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(b.st.URL)
	where.Importance = widget.LowImportance
	var d dialog.Dialog
	submit := widget.NewButtonWithIcon(t.S("sync.login.submit"), theme.LoginIcon(), nil)
	submit.Importance = widget.HighImportance
	cancel := widget.NewButton(t.S("dialog.cancel"), func() { d.Hide() })
	say := func(s string, imp widget.Importance) {
		msg.Importance = imp
		msg.SetText(s)
	}
	login := func() {
		if submit.Disabled() {
			// Enter pressed again while a login is on its way: a second
			// one would leave crmd a session nobody ends.
			return
		}
		u, p := strings.TrimSpace(user.Text), pass.Text
		if u == "" || p == "" {
			say(t.S("sync.login.err.missing"), widget.DangerImportance)
			return
		}
		submit.Disable()
		say(t.S("sync.login.working"), widget.LowImportance)
		b.s.Background(30*time.Second, func(ctx context.Context) {
			s, err := b.s.Login(ctx, u, p)
			b.post(func() {
				if err != nil {
					b.a.deps.Log.Warn("CRM login refused", "err", err)
					submit.Enable()
					pass.SetText("")
					say(loginErrorText(t, err), widget.DangerImportance)
					return
				}
				d.Hide()
				b.refresh()
				b.offerUsername(s)
			})
		})
	}
	submit.OnTapped = login
	pass.OnSubmitted = func(string) { login() }
	user.OnSubmitted = func(string) { b.a.win.Canvas().Focus(pass) }
	form := widget.NewForm(
		widget.NewFormItem(t.S("sync.login.username"), user),
		widget.NewFormItem(t.S("sync.login.password"), pass),
	)
	content := container.NewVBox(intro, where, form, msg, container.NewHBox(layout.NewSpacer(), cancel, submit))
	d = dialog.NewCustomWithoutButtons(t.S("sync.login.title"), fixedWidth(440, content), b.a.win)
	d.Show()
	if user.Text == "" {
		b.a.win.Canvas().Focus(user)
	} else {
		b.a.win.Canvas().Focus(pass)
	}
}

// loginErrorText says why a login failed (desksync.LoginErrorKey).
func loginErrorText(t *locales.T, err error) string { return t.S(desksync.LoginErrorKey(err)) }

// offerUsername offers to save cases under the CRM username: crmd takes
// an agent's cases only in their own name, so "Ana" would be refused for
// "ana". Trainees keep their name: their attempts are filed under it.
func (b *syncBar) offerUsername(s crm.Session) {
	t := b.a.t
	ws := b.a.ws
	if s.Role == crm.RoleTrainee || s.Username == "" || ws.Agent == s.Username {
		return
	}
	b.a.confirm(t.S("sync.name_mismatch.title"),
		t.D("sync.name_mismatch.text", map[string]any{"User": s.Username, "Agent": ws.Agent}),
		func(ok bool) {
			if !ok {
				return
			}
			ws := b.a.ws
			ws.Agent = s.Username
			if err := b.a.saveWorkstation(ws); err != nil {
				b.a.inform(t.S("call.cannot"), b.a.errorText(err))
				return
			}
			b.a.render()
		})
}

// onLogout ends the session on crmd and here; saves keep waiting in the
// outbox for the next login.
func (b *syncBar) onLogout() {
	if b.s == nil || b.st.LoggingOut {
		return
	}
	b.st.LoggingOut = true
	b.update()
	b.s.Background(10*time.Second, func(ctx context.Context) {
		_ = b.s.Logout(ctx) // logged by sync; the session is forgotten here anyway
		b.post(b.refresh)
	})
}

// ---------------------------------------------------------------- conflicts

func (b *syncBar) onConflict() {
	b.refresh()
	if !b.conflictsOpen {
		b.showConflicts()
	}
}

// conflicts lists the recorded conflicts, one per case, with the desk's
// side as it stands now (the call on screen included).
func (b *syncBar) conflicts() []desksync.CaseConflict {
	if b.s == nil {
		return nil
	}
	list, err := b.s.Conflicts(b.a.ctx)
	if err != nil {
		b.a.deps.Log.Error("conflicts not read", "err", err)
		return nil
	}
	return desksync.ByCase(list, b.a.currentCase)
}

// showConflicts shows each conflict with both versions side by side and
// the agent's three choices; nothing is decided for them.
func (b *syncBar) showConflicts() {
	// This desk's side is the case as it stands, with the notes typed a
	// moment ago: keep mine keeps them (resolve saves them first), so the
	// side weighed shows them too.
	b.a.call.flushNotes()
	list := b.conflicts()
	if len(list) == 0 {
		return
	}
	t := b.a.t
	holder := container.NewStack()
	d := dialog.NewCustomWithoutButtons(t.S("sync.conflict.title"), holder, b.a.win)
	var show func(i int)
	show = func(i int) {
		if i >= len(list) {
			d.Hide()
			return
		}
		cc := list[i]
		holder.Objects = []fyne.CanvasObject{b.conflictView(cc, i+1, len(list), func(mine bool) {
			if err := b.resolve(cc, mine); err != nil {
				b.a.inform(t.S("sync.conflict.title"), b.a.errorText(err))
				return
			}
			show(i + 1)
		}, d.Hide)}
		holder.Refresh()
	}
	show(0)
	b.conflictsOpen = true
	d.SetOnClosed(func() { b.conflictsOpen = false })
	d.Resize(fitIn(b.a.win, fyne.NewSize(920, 620)))
	d.Show()
}

// fitIn is want, made smaller when the window is.
func fitIn(w fyne.Window, want fyne.Size) fyne.Size {
	if have := w.Canvas().Size(); have.Width > 100 && have.Height > 100 {
		want = fyne.NewSize(min(want.Width, have.Width-40), min(want.Height, have.Height-40))
	}
	return want
}

func (b *syncBar) conflictView(cc desksync.CaseConflict, n, total int, choose func(mine bool), later func()) fyne.CanvasObject {
	t := b.a.t
	intro := widget.NewLabel(t.D("sync.conflict.intro", map[string]any{"Case": cc.CaseID, "Customer": cc.Mine.Customer.Name}))
	if refused, ok := b.refusedBefore(cc); ok {
		// Not sent because crmd refused the version it was built on
		// (desksync's hold): crmd's copy may well be this desk's own.
		intro.SetText(t.D("sync.conflict.intro_refused", map[string]any{"Case": cc.CaseID, "Customer": cc.Mine.Customer.Name,
			"Version": refused.Version, "Reason": asideReason(t, refused.Reason)}))
	}
	intro.Wrapping = fyne.TextWrapWord
	top := []fyne.CanvasObject{intro}
	if total > 1 {
		counter := widget.NewLabel(t.D("sync.conflict.counter", map[string]any{"N": n, "Total": total}))
		counter.Importance = widget.LowImportance
		top = append([]fyne.CanvasObject{counter}, top...)
	}

	head := func(s string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	theirsHead := t.S("sync.conflict.no_theirs")
	if cc.Theirs != nil {
		theirsHead = t.D("sync.conflict.theirs", map[string]any{"Version": cc.Theirs.Version})
	}
	legend := widget.NewLabel("• " + t.S("sync.conflict.differs"))
	legend.Importance = widget.WarningImportance
	header := container.NewBorder(nil, nil, fixedWidth(140, legend), nil,
		container.NewGridWithColumns(2, head(theirsHead), head(t.D("sync.conflict.mine", map[string]any{"Version": cc.Mine.Version}))))
	rows := []fyne.CanvasObject{header, widget.NewSeparator()}
	fields := []struct {
		key string
		get func(*cases.Case) string
	}{
		{"status", func(x *cases.Case) string { return t.S("cases.status." + string(x.Status)) }},
		{"notes", func(x *cases.Case) string { return orDash(x.Notes) }},
		{"actions", b.actionsText},
		{"escalation", b.escalationText},
		{"reason", func(x *cases.Case) string {
			if rc := b.a.pb.ReasonCode(x.Reason); rc != nil {
				return b.a.pb.Say(t.Lang, rc.Title)
			}
			return orDash(x.Reason)
		}},
		{"values", func(x *cases.Case) string {
			// Named and written as the case record shows them: a label,
			// money and dates the reader's way, not IDs in stored form.
			pb := b.a.pb
			var parts []string
			for _, n := range slices.Sorted(maps.Keys(x.Values)) {
				label, shown := n, x.Values[n]
				if ph := pb.Placeholder(n); ph != nil {
					label, shown = pb.Say(t.Lang, ph.Label), cases.DisplayValue(ph.Kind, shown, t.Lang, b.a.caseCurrency(x))
				}
				parts = append(parts, label+": "+shown)
			}
			return orDash(strings.Join(parts, "\n"))
		}},
		// Everything else a case holds (steps, checks, authentication,
		// calculations, retention, language, customer): a side that
		// differs only there must not look the same as the other.
		{"other", func(x *cases.Case) string {
			if cc.Theirs == nil || sameOtherwise(cc.Mine, cc.Theirs) {
				return t.S("sync.conflict.other_same")
			}
			return t.S("sync.conflict.other_differs")
		}},
		{"updated", func(x *cases.Case) string { return locales.FormatDateTime(t.Lang, x.UpdatedAt.Local()) }},
	}
	for _, f := range fields {
		mine := f.get(cc.Mine)
		theirs := "—"
		if cc.Theirs != nil {
			theirs = f.get(cc.Theirs)
		}
		differs := theirs != mine
		if f.key == "other" {
			differs = cc.Theirs != nil && !sameOtherwise(cc.Mine, cc.Theirs)
		}
		value := func(s string) fyne.CanvasObject {
			l := widget.NewLabel(s)
			l.Wrapping = fyne.TextWrapWord
			if differs {
				l.Importance = widget.WarningImportance
			}
			return l
		}
		rows = append(rows, b.conflictRow(f.key, value(theirs), value(mine), differs))
	}

	keep := widget.NewButtonWithIcon(t.S("sync.conflict.keep_mine"), theme.UploadIcon(), func() { choose(true) })
	keep.Importance = widget.HighImportance
	take := widget.NewButtonWithIcon(t.S("sync.conflict.take_theirs"), theme.DownloadIcon(), func() { choose(false) })
	if cc.Theirs == nil {
		take.Disable()
	}
	later2 := widget.NewButton(t.S("sync.conflict.later"), later)
	hint := widget.NewLabel(t.S("sync.conflict.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	bottom := container.NewVBox(widget.NewSeparator(), hint, container.NewHBox(layout.NewSpacer(), later2, take, keep))
	return container.NewBorder(container.NewVBox(top...), bottom, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
}

// conflictRow is a field's name, crmd's value and this desk's, the
// differing ones marked in words as well as in colour.
// sameOtherwise reports whether two versions of a case agree on all
// that the conflict dialog does not show field by field.
func sameOtherwise(a, b *cases.Case) bool {
	strip := func(c *cases.Case) string {
		x := *c
		x.Version, x.UpdatedAt, x.Status, x.Notes, x.Actions, x.Escalation, x.Reason, x.Values = 0, time.Time{}, "", "", nil, nil, "", nil
		// crmd's own, never the agent's: when it first stored the case
		// and the token's role; and the call's opening, which crmd moves
		// back to its receipt when the desk's clock ran ahead.
		x.CreatedAt, x.Role, x.OpenedAt = time.Time{}, "", time.Time{}
		j, _ := json.Marshal(x)
		return string(j)
	}
	return strip(a) == strip(b)
}

func (b *syncBar) conflictRow(key string, theirs, mine fyne.CanvasObject, differs bool) fyne.CanvasObject {
	t := b.a.t
	name := ""
	if key != "" {
		name = t.S("sync.conflict.field." + key)
	}
	if differs {
		name = "• " + name
	}
	label := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: differs})
	label.Wrapping = fyne.TextWrapWord
	if differs {
		label.Importance = widget.WarningImportance
	}
	return container.NewBorder(nil, nil, fixedWidth(140, label), nil, container.NewGridWithColumns(2, theirs, mine))
}

func (b *syncBar) actionsText(x *cases.Case) string {
	t, pb := b.a.t, b.a.pb
	if len(x.Actions) == 0 {
		return "—"
	}
	lines := make([]string, 0, len(x.Actions))
	for _, ac := range x.Actions {
		s := ac.ID
		if d := pb.Action(ac.ID); d != nil {
			s = pb.Say(t.Lang, d.Title)
		}
		if ac.Amount != 0 {
			s += ": " + calculators.FormatMoney(calculators.FromMinor(ac.Amount, b.a.caseCurrency(x)), t.Lang)
		}
		lines = append(lines, "• "+s)
	}
	return strings.Join(lines, "\n")
}

func (b *syncBar) escalationText(x *cases.Case) string {
	t, pb := b.a.t, b.a.pb
	e := x.Escalation
	if e == nil {
		return "—"
	}
	prio := e.Priority
	if p := pb.Priority(e.Priority); p != nil {
		prio = pb.Say(t.Lang, p.Title)
	}
	return t.D("sync.conflict.escalation", map[string]any{"Ticket": e.Ticket, "Priority": prio, "Status": escalationStatusText(t, e)})
}

// resolve applies the agent's choice through the call session, which owns
// the case if it is on screen: keep mine sends the case as it now stands
// here as the version after crmd's; take theirs stores crmd's version.
func (b *syncBar) resolve(cc desksync.CaseConflict, mine bool) error {
	a := b.a
	if cur := a.sess.Case(); cur != nil && cur.ID == cc.CaseID {
		if err := a.sess.FlushNotes(); err != nil {
			return err
		}
	}
	local, err := a.deps.Store.GetCase(a.ctx, cc.CaseID)
	if err != nil {
		return err
	}
	chosen, ev, err := desksync.Choose(cc, local, mine, a.ws.Agent, a.deps.Now())
	if err != nil {
		return err
	}
	if err := a.sess.Resolve(a.ctx, chosen, local.Version, ev, mine); err != nil {
		return err
	}
	a.deps.Log.Info("sync conflict resolved", "case", cc.CaseID, "kept_mine", mine, "version", chosen.Version)
	b.s.Resolved()
	return nil
}

// ---------------------------------------------------------------- set aside

// showAside lists what crmd refused for good, with its reason in words.
func (b *syncBar) showAside() {
	t := b.a.t
	if b.s == nil {
		return
	}
	items, err := b.s.Aside(b.a.ctx)
	if err != nil {
		b.a.inform(t.S("sync.aside.title"), b.a.errorText(err))
		return
	}
	// A refused save stays on the desk; a refused move or decision of a
	// supervisor's was simply not made, and has no version to name.
	var saves, moves bool
	rows := []fyne.CanvasObject{}
	for _, it := range items {
		id := "sync.aside.item"
		switch it.Kind {
		case crm.OutboxMove:
			id, moves = "sync.aside.move", true
		case crm.OutboxDecision:
			id, moves = "sync.aside.decision", true
		default:
			saves = true
		}
		l := widget.NewLabel(t.D(id, map[string]any{"Case": it.CaseID, "Version": it.Version, "Reason": b.refusalText(it)}))
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, l)
	}
	head := container.NewVBox()
	for _, say := range []struct {
		id   string
		when bool
	}{{"sync.aside.intro", saves}, {"sync.aside.moves_intro", moves}} {
		if say.when {
			l := widget.NewLabel(t.S(say.id))
			l.Wrapping = fyne.TextWrapWord
			head.Add(l)
		}
	}
	content := container.NewBorder(head, nil, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
	d := dialog.NewCustom(t.S("sync.aside.title"), t.S("sync.aside.close"), content, b.a.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// refusalText is why crmd refused it, in the interface language; for an
// approval above the approver's authority, also who can approve it, when
// the desk still holds the case (by the pack in force here: crmd's answer
// named them, but the outbox keeps only its code). The amount is the one
// the queued decision names; without sync, only the case can tell.
func (b *syncBar) refusalText(it crm.AsideItem) string {
	a, t := b.a, b.a.t
	msg := asideReason(t, it.Reason)
	if it.Kind != crm.OutboxDecision || it.Reason != crm.CodeOverAuthority || a.deps.Team == nil {
		return msg
	}
	c, err := a.deps.Team.TeamCase(a.ctx, it.CaseID)
	if err != nil {
		return msg
	}
	var amount int64
	var ok bool
	if b.s != nil {
		amount, ok = b.s.RefusedAmount(a.ctx, it, c, a.approverNames()...)
	} else {
		amount, ok = desksync.RefusedAmount(c, a.approverNames()...)
	}
	if !ok {
		return msg
	}
	roles := desksync.WhoCanApprove(a.pb, amount, a.deciderRole())
	if len(roles) == 0 {
		return msg + " " + t.S("team.over_authority.nobody")
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = t.S("role.noun." + string(r))
	}
	return msg + " " + t.D("team.over_authority.who", map[string]any{"Roles": strings.Join(names, ", ")})
}

// asideReason is why crmd refused a save, in the interface language.
func asideReason(t *locales.T, reason crm.Code) string {
	if msg := t.S("crm.error." + string(reason)); !strings.HasPrefix(msg, "!") {
		return msg
	}
	return t.S("crm.error.unknown")
}

// refusedBefore is the save crmd refused for good that cc's version was
// built on, if there is one.
func (b *syncBar) refusedBefore(cc desksync.CaseConflict) (crm.AsideItem, bool) {
	if b.s == nil {
		return crm.AsideItem{}, false
	}
	items, err := b.s.Aside(b.a.ctx)
	if err != nil {
		return crm.AsideItem{}, false
	}
	for _, it := range items {
		if it.Kind == crm.OutboxCase && it.CaseID == cc.CaseID && it.Version == cc.LocalVersion-1 {
			return it, true
		}
	}
	return crm.AsideItem{}, false
}
