package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/training"
)

// teamTrainees is what a supervisor's desk knows of the trainees who
// train at other desks: their attempts as crmd graded them
// (desksync.TeamAttempts). The desk's training database holds only the
// calls played on it.
type teamTrainees struct {
	recs  []training.Record
	state teamTraineesState
	at    time.Time // when crmd answered
}

type teamTraineesState int

const (
	traineesNotRead teamTraineesState = iota
	traineesReading
	traineesRead
	traineesFailed
)

// canReadTeamTrainees: crmd lists every trainee's attempts to a logged-in
// supervisor only.
func (s *trainingScreen) canReadTeamTrainees() bool {
	b := s.a.sync
	return b != nil && b.s != nil && b.st.LoggedIn && b.st.Role == crm.RoleSupervisor
}

// readTeamTrainees asks crmd for every trainee's attempts in the
// background; the view redraws when they arrive. Once when the
// supervisor's view is first drawn, and again on Refresh.
func (s *trainingScreen) readTeamTrainees() {
	if !s.canReadTeamTrainees() || s.team.state == traineesReading {
		return
	}
	b := s.a.sync
	client := b.s.Client()
	if client == nil {
		return
	}
	s.team.state = traineesReading
	now := s.a.deps.Now()
	b.s.Background(time.Minute, func(ctx context.Context) {
		recs, skipped, err := desksync.TeamAttempts(ctx, client, now)
		b.post(func() {
			if err != nil {
				s.a.deps.Log.Warn("trainees' attempts not read from the CRM", "err", err)
				s.team.state = traineesFailed
			} else {
				if skipped > 0 {
					s.a.deps.Log.Warn("trainees' attempts whose report does not read", "count", skipped)
				}
				s.team = teamTrainees{recs: recs, state: traineesRead, at: s.a.deps.Now()}
			}
			if s.tab == 1 && s.sess == nil && s.report == nil {
				s.refresh()
			}
		})
	})
}

// teamRecords is trainee's attempts as crmd has them, for the progress
// views to merge with the desk's own; none once the supervisor's session
// is over, as the view then says.
func (s *trainingScreen) teamRecords(trainee string) []training.Record {
	var out []training.Record
	for _, r := range s.teamRecs() {
		if r.Attempt.Trainee == trainee {
			out = append(out, r)
		}
	}
	return out
}

// teamTraineesBar says whose trainees the view shows: every desk's, as
// crmd last answered, or this desk's alone and why; with Refresh when
// crmd can be asked.
func (s *trainingScreen) teamTraineesBar() fyne.CanvasObject {
	t := s.a.t
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.LowImportance
	switch {
	case !s.canReadTeamTrainees():
		msg.SetText(t.S("training.ui.team.local_only"))
	case s.team.state == traineesReading:
		msg.SetText(t.S("training.ui.team.reading"))
	case s.team.state == traineesFailed:
		msg.SetText(t.S("training.ui.team.failed"))
		msg.Importance = widget.WarningImportance
	case s.team.state == traineesRead:
		msg.SetText(t.D("training.ui.team.read", map[string]any{"Time": locales.FormatTime(t.Lang, s.team.at.Local())}))
	}
	if !s.canReadTeamTrainees() || s.team.state == traineesReading {
		return msg
	}
	again := widget.NewButtonWithIcon(t.S("training.ui.team.refresh"), theme.ViewRefreshIcon(), func() {
		s.readTeamTrainees()
		s.refresh()
	})
	return container.NewBorder(nil, nil, nil, again, msg)
}

// teamRecs is what crmd last said of every desk's trainees, while the
// supervisor's session that read it lasts.
func (s *trainingScreen) teamRecs() []training.Record {
	if !s.canReadTeamTrainees() {
		return nil
	}
	return s.team.recs
}
