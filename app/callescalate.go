package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
)

// onEscalate opens the escalation form: criteria as a checklist, priority,
// reason, amount in dispute. The record is complete by construction.
func (s *callScreen) onEscalate() {
	t, pb, c := s.a.t, s.a.pb, s.cur()
	checks := map[string]*widget.Check{}
	var items []fyne.CanvasObject
	typical := map[string]bool{}
	if ct := pb.CallType(c.CallType); ct != nil {
		for _, id := range ct.Escalation {
			typical[id] = true
		}
	}
	for _, cr := range pb.Criteria {
		cb := widget.NewCheck(pb.Say(t.Lang, cr.Text), nil)
		if cr.ID == cases.CriterionOverAuthority && c.PendingAmount() > 0 {
			cb.SetChecked(true)
			cb.Disable()
		}
		checks[cr.ID] = cb
		items = append(items, cb)
	}
	prios := []string{t.S("call.escalate.priority_auto")}
	prioIDs := []string{""}
	for _, p := range pb.Priorities {
		prios = append(prios, t.D("call.escalate.priority_option", map[string]any{"Title": pb.Say(t.Lang, p.Title), "Hours": p.ResponseHours}))
		prioIDs = append(prioIDs, p.ID)
	}
	prio := widget.NewSelect(prios, nil)
	prio.SetSelectedIndex(0)
	reason := widget.NewMultiLineEntry()
	reason.SetMinRowsVisible(3)
	reason.SetPlaceHolder(t.S("call.escalate.reason_placeholder"))
	dispute := widget.NewEntry()
	if p := c.PendingAmount(); p > 0 {
		dispute.SetText(calculators.FormatMoney(calculators.FromMinor(p, s.currency()), t.Lang))
	}
	form := container.NewVBox(
		heading(t.S("call.escalate.criteria")), container.NewVBox(items...),
		widget.NewForm(
			widget.NewFormItem(t.S("call.escalate.priority"), prio),
			widget.NewFormItem(t.S("call.escalate.dispute"), dispute),
			widget.NewFormItem(t.S("call.reason"), reason),
		),
	)
	d := dialog.NewCustomConfirm(t.S("call.escalate.title"), t.S("call.escalate.send"), t.S("dialog.cancel"), container.NewVScroll(form), func(ok bool) {
		if !ok {
			return
		}
		var crit []string
		for _, cr := range pb.Criteria {
			if checks[cr.ID].Checked {
				crit = append(crit, cr.ID)
			}
		}
		var minor int64
		if strings.TrimSpace(dispute.Text) != "" {
			m, err := calculators.ParseMoney(dispute.Text, s.currency(), t.Lang)
			if err != nil {
				dialog.ShowInformation(t.S("call.cannot"), t.S("call.value.invalid.money"), s.a.win)
				return
			}
			minor = m.Minor
		}
		s.escalate(crit, prioIDs[max(prio.SelectedIndex(), 0)], reason.Text, minor)
	}, s.a.win)
	d.Resize(fyne.NewSize(620, 560))
	d.Show()
}

// escalate records the escalation with its ticket number.
func (s *callScreen) escalate(criteria []string, priority, reason string, dispute int64) bool {
	now := s.a.deps.Now()
	return s.apply(func(c *cases.Case) (cases.Event, error) {
		ev, err := c.Escalate(s.a.pb, criteria, priority, reason, dispute, now)
		if err == nil {
			c.Current = "summary" // the recap is what comes next
		}
		return ev, err
	})
}
