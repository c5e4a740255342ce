package desksync

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"agentdesk/crm"
	"agentdesk/training"
)

// TraineesWindow is how far back a supervisor's desk asks crmd for
// attempts: a year of training covers every track's certification, and
// keeps the answer bounded on a large centre's crmd.
const TraineesWindow = 365 * 24 * time.Hour

// TeamAttempts is every trainee's attempts crmd received since now less
// TraineesWindow, as crmd graded them (a supervisor's login): the desk's
// own training database holds only the calls played on it, and a
// supervisor follows trainees who train at other desks. Each is a record
// the progress views read, named by the trainee name the desk recorded
// (the crmd user when it has none); an attempt whose report does not read
// is left out and counted in skipped.
func TeamAttempts(ctx context.Context, client *crm.Client, now time.Time) (recs []training.Record, skipped int, err error) {
	list, err := client.ListAttempts(ctx, "", now.Add(-TraineesWindow))
	if err != nil {
		return nil, 0, err
	}
	for _, a := range list {
		var rep training.Report
		if json.Unmarshal(a.Details, &rep) != nil || rep.Scenario != a.Scenario {
			skipped++
			continue
		}
		trainee := strings.TrimSpace(rep.Trainee)
		if trainee == "" {
			trainee = a.Username
		}
		rep.Trainee = trainee
		recs = append(recs, training.Record{
			Attempt: training.Attempt{ID: a.ID, Scenario: a.Scenario, Mode: rep.Mode, Trainee: trainee, RubricVersion: rep.RubricVersion,
				Track: a.Track, CRMUser: a.Username, Started: a.StartedAt, Finished: a.FinishedAt, DurationMS: rep.DurationMS},
			Report: rep,
		})
	}
	return recs, skipped, nil
}
