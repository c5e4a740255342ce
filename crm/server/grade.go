package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/training"
)

// maxReportBytes bounds the report crmd stores for an attempt. A report is
// a few kilobytes; only free responses quoting thousands of matched words
// grow past this, and then the per-answer breakdown is left out rather
// than the attempt refused: the score and blockers still stand.
const maxReportBytes = 64 << 10

// trainingContent is the content crmd grades with, loaded once: the
// embedded pack takes a moment to load and most crmd instances never see
// an attempt.
func (s *Server) trainingContent() (*training.Content, error) {
	s.trainingOnce.Do(func() {
		if s.cfg.Training != nil {
			s.training = s.cfg.Training
			return
		}
		s.training, s.trainingErr = training.LoadDefault()
	})
	return s.training, s.trainingErr
}

// regrade replaces everything a desk claims about an attempt with crmd's
// own grade: it replays the attempt record a.Attempt with the scenario and
// the rubric version the record names, and sets the score, the pass, the
// report and the times from that replay. A record that is not this
// attempt, names no rubric, names content crmd does not have or does not
// replay is answered here, and regrade returns false.
func (s *Server) regrade(w http.ResponseWriter, r *http.Request, a *crm.TrainingAttempt) bool {
	rec, err := training.ParseAttempt(a.Attempt)
	if err != nil || rec.ID != a.ID || rec.Scenario != a.Scenario {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return false
	}
	c, err := s.trainingContent()
	if err != nil {
		s.log.Error("training content does not load", "err", err)
		s.fail(w, r, http.StatusInternalServerError, cases.EInternal)
		return false
	}
	if rec.RubricVersion == "" {
		// Never graded with today's rubric instead: the rubric it was
		// played under may weigh the criteria otherwise.
		s.failDetail(w, r, http.StatusUnprocessableEntity, crm.ErrorDetail{Code: crm.CodeNoRubricVersion, GradeError: training.ErrCodeNoRubric})
		return false
	}
	sc := c.Scenario(rec.Scenario)
	rubric, ok := c.Rubric(rec.RubricVersion)
	// A scenario newer than crmd's is content crmd does not have yet: it
	// would be graded against other turns, or refused for good as not
	// replayable, when a crmd of the desk's release can grade it. The
	// desk keeps such an attempt and sends it again later.
	newer := sc != nil && rec.ScenarioVersion > sc.Version
	if sc == nil || !ok || newer {
		s.log.Info("training attempt names content crmd does not have", "id", a.ID,
			"scenario_known", sc != nil, "rubric_known", ok, "scenario_newer", newer)
		s.fail(w, r, http.StatusUnprocessableEntity, crm.CodeUnknownTraining)
		return false
	}
	// What the trainee typed is redacted before it is judged, as a desk
	// does: a card read aloud is counted (the card_in_notes blocker), and
	// never quoted in the report.
	rec.Redact()
	// The pass mark of the track the call was played for, as crmd's own
	// content has it: what the desk showed the trainee. A desk sends the
	// track beside the record; a record made by hand may hold it. The
	// track is crmd's to check, not the desk's to choose (a track without
	// the scenario would grade it at the rubric's lower mark): one that
	// does not hold the scenario in crmd's content is refused like other
	// content crmd does not have (a desk of a newer release may have put
	// it there; it sends the attempt again after the upgrade), and none
	// named is the track crmd's content puts the scenario in.
	track := a.Track
	if track == "" {
		track = rec.Track
	}
	if track == "" {
		if t := c.TrackOf(rec.Scenario); t != nil {
			track = t.ID
		}
	} else if t := c.Track(track); t == nil || !t.Has(rec.Scenario) {
		s.log.Info("training attempt names a track that does not hold its scenario", "id", a.ID,
			"scenario", sc.ID, "track_known", t != nil)
		s.fail(w, r, http.StatusUnprocessableEntity, crm.CodeUnknownTraining)
		return false
	}
	a.Track = track
	rep, err := training.Grade(sc, rec, rubric.WithPassMark(c.PassMarkFor(track, rec.Scenario)))
	if err != nil {
		var ge *training.GradeError
		if !errors.As(err, &ge) {
			s.log.Error("grading a training attempt", "id", a.ID, "err", err)
			s.fail(w, r, http.StatusInternalServerError, cases.EInternal)
			return false
		}
		d := crm.ErrorDetail{Code: crm.CodeNotReplayable, GradeError: ge.Code}
		if ge.Code == training.ErrCodeNoRubric {
			d.Code = crm.CodeNoRubricVersion
		}
		// The turn is named only when it is one of the scenario's: an
		// error body never echoes what a client sent.
		if slices.ContainsFunc(sc.Turns, func(t training.Turn) bool { return t.ID == ge.Turn }) {
			d.Turn = ge.Turn
		}
		s.log.Info("training attempt does not replay", "id", a.ID, "scenario", sc.ID, "grade_error", ge.Code, "turn", d.Turn)
		s.failDetail(w, r, http.StatusUnprocessableEntity, d)
		return false
	}
	details, err := json.Marshal(rep)
	if err == nil && len(details) > maxReportBytes {
		rep.Responses = nil
		details, err = json.Marshal(rep)
	}
	if err != nil {
		s.log.Error("encoding a training report", "id", a.ID, "err", err)
		s.fail(w, r, http.StatusInternalServerError, cases.EInternal)
		return false
	}
	finished := rec.Finished
	if finished.IsZero() {
		finished = rec.Started.Add(time.Duration(rep.DurationMS) * time.Millisecond)
	}
	a.Score = rep.Score()
	a.MaxScore, a.Passed, a.Details = 100, rep.Passed, details
	a.StartedAt, a.FinishedAt = rec.Started.UTC(), finished.UTC()
	a.Attempt = nil // replayed, not kept: the report says what it showed
	return true
}
