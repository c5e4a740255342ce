package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/training"
)

// A line said in one's own words: typed in a multi-line entry, judged
// element by element, and explained line by line so the trainee (and a
// trainer reading the report) sees which words counted and why.

func (s *trainingScreen) responseControls(r *training.ResponseView) fyne.CanvasObject {
	t := s.a.t
	prompt := widget.NewLabel(r.Prompt)
	prompt.Wrapping = fyne.TextWrapWord
	in := widget.NewMultiLineEntry()
	in.Wrapping = fyne.TextWrapWord
	in.SetMinRowsVisible(3)
	in.SetText(s.entryVal)
	in.SetPlaceHolder(t.S("training.ui.say_placeholder"))
	in.OnChanged = func(v string) { s.entryVal = v }
	say := widget.NewButtonWithIcon(t.S("training.ui.say"), theme.MailSendIcon(), s.onTurn(func() { s.onRespond(in.Text) }))
	say.Importance = widget.HighImportance
	return container.NewVBox(prompt, in, container.NewHBox(say))
}

func (s *trainingScreen) onRespond(text string) {
	s.status = ""
	var ee *training.EntryError
	switch err := s.sess.Respond(text); {
	case errors.Is(err, training.ErrEmptyResponse):
		s.status = s.a.t.S("training.sim.bad_response")
	case errors.As(err, &ee): // a pasted page: the line stays to be cut down
		s.status = s.a.t.S(ee.MessageID())
	case err != nil:
		s.status = s.a.errorText(err)
	default:
		s.entryVal = ""
		s.answered()
	}
	s.refresh()
}

// feedbackCard explains the last answer (practice only): the verdict, the
// author's explanation, each element of a free response with the words
// that decided it, a model line, and the caller's change of mood.
func (s *trainingScreen) feedbackCard(fb training.Feedback) fyne.CanvasObject {
	t := s.a.t
	verdict := widget.NewLabel("")
	mark := theme.WarningIcon()
	switch {
	case fb.Correct:
		verdict.Text = t.S("training.ui.fb.good")
		verdict.Importance = widget.SuccessImportance
		mark = theme.ConfirmIcon()
	case fb.Grade == "violation" || (fb.Judgement != nil && len(fb.Judgement.Blockers) > 0):
		verdict.Text = t.S("training.ui.fb.violation")
		verdict.Importance = widget.DangerImportance
		mark = theme.ErrorIcon()
	default:
		verdict.Text = t.S("training.ui.fb.better")
		verdict.Importance = widget.WarningImportance
	}
	txt := widget.NewLabel(fb.Text)
	txt.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{heading(t.S("training.ui.feedback")), marked(mark, verdict), txt}
	if j := fb.Judgement; j != nil {
		parts = append(parts, s.judgementLines(s.sess.Scenario(), *j)...)
		if !fb.Correct && fb.Expected != "" {
			model := widget.NewLabel(t.D("training.ui.model_line", map[string]any{"Line": fb.Expected}))
			model.Wrapping = fyne.TextWrapWord
			parts = append(parts, model)
		}
	}
	if fb.PatienceAfter != fb.PatienceBefore {
		m := widget.NewLabel(t.D("training.ui.mood_changed", map[string]any{"Mood": t.S(training.MoodMessage(fb.PatienceAfter))}))
		m.Wrapping = fyne.TextWrapWord
		if fb.PatienceAfter < fb.PatienceBefore {
			m.Importance = widget.WarningImportance
		} else {
			m.Importance = widget.SuccessImportance
		}
		parts = append(parts, m)
	}
	return container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(container.NewVBox(parts...))))
}

// judgementLines are a judged free response, one line per element with a
// tick or a cross beside it.
func (s *trainingScreen) judgementLines(sc *training.Scenario, j training.Judgement) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, line := range training.ExplainJudgement(s.a.t, sc, j) {
		l := widget.NewLabel(line.Text)
		l.Wrapping = fyne.TextWrapWord
		icon := theme.ConfirmIcon()
		if !line.OK {
			icon = theme.CancelIcon()
			l.Importance = widget.DangerImportance
		}
		out = append(out, marked(icon, l))
	}
	return out
}
