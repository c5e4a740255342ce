package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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
		// The text wraps in a label beside an empty check, as the call's
		// checks do: a long criterion must not run off the form.
		cb := widget.NewCheck("", nil)
		if cr.ID == cases.CriterionOverAuthority && c.PendingAmount() > 0 {
			cb.SetChecked(true)
			cb.Disable()
		}
		checks[cr.ID] = cb
		txt := widget.NewLabel(pb.Say(t.Lang, cr.Text))
		txt.Wrapping = fyne.TextWrapWord
		items = append(items, container.NewBorder(nil, nil, cb, nil, txt))
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
	// The form stays open until the escalation is recorded: what is
	// wrong (no criterion, no reason, an amount that does not read) is
	// said under it, and nothing typed is lost.
	status := widget.NewLabel("")
	status.Importance = widget.DangerImportance
	status.Wrapping = fyne.TextWrapWord
	status.Hide()
	var d dialog.Dialog
	send := widget.NewButton(t.S("call.escalate.send"), func() {
		var crit []string
		for _, cr := range pb.Criteria {
			if checks[cr.ID].Checked {
				crit = append(crit, cr.ID)
			}
		}
		refuse := func(msg string) {
			status.SetText(msg)
			status.Show()
		}
		minor := cases.DisputePending
		if strings.TrimSpace(dispute.Text) != "" {
			m, err := calculators.ParseMoney(dispute.Text, s.currency(), t.Lang)
			if err != nil {
				refuse(s.refusedFigure("money", dispute.Text, t.S("call.value.invalid.money")))
				return
			}
			if m.Minor < 0 {
				// Refused here: one cent below zero is DisputePending,
				// which Escalate would take for the field left empty.
				refuse(s.errorMessage(&cases.Error{Code: cases.EInvalid, Field: "dispute"}))
				return
			}
			minor = m.Minor
		}
		err := s.tryEscalate(crit, prioIDs[max(prio.SelectedIndex(), 0)], reason.Text, minor)
		// Recorded, or recorded on the call and not yet on disk (the
		// session keeps it for the next save, the header says the save
		// failed): the form has done its part. Anything else, a refusal or
		// a failed save of notes before the escalation was applied, keeps
		// it open with what was typed.
		if err != nil && (err != s.a.sess.Err() || s.cur().Escalation == nil) {
			refuse(s.errorMessage(err))
			return
		}
		d.Hide()
	})
	send.Importance = widget.HighImportance
	cancel := widget.NewButton(t.S("dialog.cancel"), func() { d.Hide() })
	content := container.NewBorder(nil, container.NewVBox(status, container.NewHBox(layout.NewSpacer(), cancel, send)), nil, nil,
		container.NewVScroll(form))
	d = dialog.NewCustomWithoutButtons(t.S("call.escalate.title"), content, s.a.win)
	d.Resize(fyne.NewSize(620, 560))
	d.Show()
}

// escalate records the escalation with its ticket number, saying in a
// dialog why when it cannot.
func (s *callScreen) escalate(criteria []string, priority, reason string, dispute int64) bool {
	err := s.tryEscalate(criteria, priority, reason, dispute)
	if err != nil && err != s.a.sess.Err() {
		s.showError(err)
	}
	return err == nil
}

func (s *callScreen) tryEscalate(criteria []string, priority, reason string, dispute int64) error {
	now := s.a.deps.Now()
	return s.change(func(c *cases.Case) (cases.Event, error) {
		ev, err := c.Escalate(s.a.pb, criteria, priority, reason, dispute, now)
		if err == nil {
			c.Current = "summary" // the recap is what comes next
		}
		return ev, err
	})
}
