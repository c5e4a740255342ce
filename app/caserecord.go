package app

import (
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// caseRecord draws a whole case as the agent left it, read-only, for a
// supervisor's review: the customer, the call flow step by step, the
// checks, the actions with the authority they needed, the calculator
// results, the notes and the escalation. Labels are in the interface
// language; what was said or written in the call (check texts, action
// titles, notes, results) is in the call's language.
func (a *App) caseRecord(c *cases.Case) []fyne.CanvasObject {
	t, pb := a.t, a.pb
	ui, call := t.Lang, c.CallLang
	if call == "" {
		call = ui
	}
	value := func(s string) *widget.Label {
		l := widget.NewLabel(orDash(s))
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	section := func(key string) fyne.CanvasObject {
		return container.NewVBox(widget.NewSeparator(), heading(t.S(key)))
	}
	var parts []fyne.CanvasObject

	cu := c.Customer
	since := ""
	if !cu.Since.IsZero() {
		since = locales.FormatDate(ui, cu.Since)
	}
	vip := t.S("team.review.no")
	if cu.VIP {
		vip = t.S("team.review.yes")
	}
	parts = append(parts, section("team.review.customer"), widget.NewForm(
		widget.NewFormItem(t.S("call.customer.name"), value(cu.Name)),
		widget.NewFormItem(t.S("cases.account"), value(cases.MaskAccount(cu.Account))),
		widget.NewFormItem(t.S("call.customer.plan"), value(cu.Plan)),
		widget.NewFormItem(t.S("call.customer.since"), value(since)),
		widget.NewFormItem(t.S("call.customer.vip"), value(vip)),
	))

	reason := c.Reason
	if rc := pb.ReasonCode(c.Reason); rc != nil {
		reason = pb.Say(ui, rc.Title)
	}
	ct := c.CallType
	if x := pb.CallType(c.CallType); x != nil {
		ct = pb.Say(ui, x.Title)
	}
	auth := t.S("team.review.not_authenticated")
	if c.Auth.Authenticated() {
		// A method of a later release's is shown as recorded.
		auth = c.Auth.Method
		if key := "auth.method." + c.Auth.Method; t.Has(key) {
			auth = t.S(key)
		}
	}
	parts = append(parts, section("team.review.call"), widget.NewForm(
		widget.NewFormItem(t.S("cases.col.call_type"), value(ct)),
		widget.NewFormItem(t.S("cases.call_lang"), value(langNames[c.CallLang])),
		widget.NewFormItem(t.S("cases.created"), value(locales.FormatDateTime(ui, c.CreatedAt.Local()))),
		widget.NewFormItem(t.S("team.review.auth"), value(auth)),
		widget.NewFormItem(t.S("cases.reason"), value(reason)),
	))

	parts = append(parts, section("team.review.flow"))
	for i, sp := range c.Steps {
		title := sp.Step
		if st := pb.Step(sp.Step); st != nil {
			title = pb.Say(ui, st.Title)
		}
		line := t.D("team.review.step", map[string]any{"N": i + 1, "Step": title, "State": cases.StepStateText(t, sp.State)})
		if sp.Reason != "" {
			line += " — " + sp.Reason
		}
		l := widget.NewLabel(line)
		l.Wrapping = fyne.TextWrapWord
		if sp.State == cases.StepPending {
			l.Importance = widget.LowImportance
		}
		parts = append(parts, l)
	}

	parts = append(parts, section("call.checks"))
	if len(c.Checks) == 0 {
		parts = append(parts, value(""))
	}
	for _, ch := range c.Checks {
		text := ch.ID
		if x := pb.CallType(c.CallType); x != nil {
			for _, def := range x.Checks {
				if def.ID == ch.ID {
					text = pb.Say(call, def.Text)
				}
			}
		}
		parts = append(parts, value("• "+text))
	}

	parts = append(parts, section("cases.actions"))
	if len(c.Actions) == 0 {
		parts = append(parts, value(""))
	}
	for _, ac := range c.Actions {
		parts = append(parts, a.actionLine(c, ac, call))
	}

	if len(c.Calcs) > 0 {
		parts = append(parts, section("team.review.calcs"))
		for _, calc := range c.Calcs {
			parts = append(parts, value("• "+calc.Summary))
			for _, f := range calc.Lines {
				l, v := calculators.FigureText(f, t)
				parts = append(parts, value("    "+l+": "+v))
			}
			if len(calc.Lines) == 0 {
				// A desk of an earlier release kept the figures as text
				// only; the case summary prints them, so does the review.
				for _, k := range slices.Sorted(maps.Keys(calc.Figures)) {
					label := k
					if t.Has(k) {
						label = t.S(k)
					}
					parts = append(parts, value("    "+label+": "+calc.Figures[k]))
				}
			}
		}
	}
	if len(c.Values) > 0 {
		parts = append(parts, section("team.review.values"))
		f := widget.NewForm()
		for _, name := range slices.Sorted(maps.Keys(c.Values)) {
			label, shown := name, c.Values[name]
			if ph := pb.Placeholder(name); ph != nil {
				// Kept in their stored form (minor units, ISO dates):
				// written the way the reader's language writes them.
				label, shown = pb.Say(ui, ph.Label), cases.DisplayValue(ph.Kind, shown, ui, a.caseCurrency(c))
			}
			f.Append(label, value(shown))
		}
		parts = append(parts, f)
	}

	parts = append(parts, section("cases.notes"), value(strings.TrimSpace(c.Notes)))
	return parts
}

// actionLine is an action with its amount, the authority it was checked
// against and where it stands: within authority, waiting on a supervisor,
// or decided (by whom, when).
func (a *App) actionLine(c *cases.Case, ac cases.Action, call locales.Lang) fyne.CanvasObject {
	t, pb, ui := a.t, a.pb, a.t.Lang
	name := ac.ID
	if x := pb.Action(ac.ID); x != nil {
		name = pb.Say(call, x.Title)
	}
	line := "• " + name
	imp := widget.MediumImportance
	if ac.Amount != 0 {
		line += " — " + c.FormatMoney(ac.Amount, a.defaultCurrency(), ui)
		role, limit := ac.Role, ac.Limit
		if role == "" {
			// Recorded by a desk before actions kept who granted them: the
			// case's role and authority, as the printed summary reads it.
			role, limit = c.Role, pb.AuthorityMinor(string(c.Role))
		}
		roleName := orDash(string(role))
		if key := "role.noun." + string(role); role != "" && t.Has(key) {
			roleName = t.S(key)
		}
		state := ""
		switch {
		case ac.Decision != nil && ac.Decision.Approved:
			state = t.D("team.review.approved_by", map[string]any{"By": ac.Decision.By, "When": locales.FormatDateTime(ui, ac.Decision.At.Local())})
			imp = widget.SuccessImportance
		case ac.Decision != nil:
			state = t.D("team.review.denied_by", map[string]any{"By": ac.Decision.By, "When": locales.FormatDateTime(ui, ac.Decision.At.Local())})
			imp = widget.DangerImportance
		case ac.Pending:
			state = t.D("team.review.needs_approval", map[string]any{
				"Role": roleName, "Limit": c.FormatMoney(limit, a.defaultCurrency(), ui)})
			imp = widget.WarningImportance
		default:
			state = t.D("team.review.within", map[string]any{"Role": roleName})
		}
		line += " — " + state
		if ac.Decision != nil && ac.Decision.Comment != "" {
			line += " — " + ac.Decision.Comment
		}
	}
	if ac.Reason != "" {
		line += " (" + ac.Reason + ")"
	}
	l := widget.NewLabel(line)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}
