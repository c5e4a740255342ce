package desksync

import (
	"context"
	"encoding/json"
	"math"
	"sort"
	"time"

	"agentdesk/crm"
	"agentdesk/training"
)

// UploadedPrefix marks, in the training database's settings, the attempts
// crmd has (the value is when, or why crmd refused one).
const UploadedPrefix = "crm.uploaded."

// UploadAttempts sends the trainee's attempts crmd does not have yet, and
// marks each in the training database's settings. An attempt crmd refuses
// for good is marked too, with why, so it is not sent forever.
func UploadAttempts(ctx context.Context, client *crm.Client, store Attempts, trainee string) (int, error) {
	marks := store
	recs, err := store.Attempts(ctx, trainee)
	if err != nil {
		return 0, err
	}
	kv, err := marks.AllSettings(ctx)
	if err != nil {
		return 0, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Attempt.Started.Before(recs[j].Attempt.Started) })
	n := 0
	for _, r := range recs {
		id := r.Attempt.ID
		if id == "" || kv[UploadedPrefix+id] != "" {
			continue
		}
		_, err := client.PostAttempt(ctx, crmAttempt(r))
		switch code := crm.CodeOf(err); {
		case err == nil:
			n++
			err = marks.SetSetting(ctx, UploadedPrefix+id, time.Now().UTC().Format(time.RFC3339))
		case code.Permanent():
			err = marks.SetSetting(ctx, UploadedPrefix+id, "refused: "+string(code))
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// crmAttempt is an attempt as supervisors see it on crmd: the score out of
// 100 and the grader's report as the details.
func crmAttempt(r training.Record) crm.TrainingAttempt {
	finished := r.Attempt.Finished
	if finished.IsZero() {
		finished = r.Attempt.Started.Add(time.Duration(r.Report.DurationMS) * time.Millisecond)
	}
	details, _ := json.Marshal(r.Report)
	if len(details) > 60<<10 {
		details = nil
	}
	return crm.TrainingAttempt{
		ID: r.Attempt.ID, Scenario: r.Attempt.Scenario,
		Score: int(math.Round(min(max(r.Report.Total, 0), 100))), MaxScore: 100, Passed: r.Report.Passed,
		StartedAt: r.Attempt.Started.UTC(), FinishedAt: finished.UTC(), Details: details,
	}
}
