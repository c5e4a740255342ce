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
// attempts: a year of training covers every track's certification.
const TraineesWindow = 365 * 24 * time.Hour

// MaxTeamAttempts bounds what a supervisor's desk holds of other desks'
// attempts: a large centre's year of training could be more than a desk
// should keep in memory. Each is kept without the trainee's typed answers
// (the progress views read scores, criteria and blockers), a few KB at
// most. crmd lists the oldest first; past the bound the oldest are the
// ones left out.
var MaxTeamAttempts = 20000

// TeamAttempts is every trainee's attempts crmd received since now less
// TraineesWindow, as crmd graded them (a supervisor's login): the desk's
// own training database holds only the calls played on it, and a
// supervisor follows trainees who train at other desks. Each is a record
// the progress views read, named by the trainee name the desk recorded
// (the crmd user when it has none); an attempt whose report does not read
// is left out and counted in skipped.
func TeamAttempts(ctx context.Context, client *crm.Client, now time.Time) (recs []training.Record, skipped int, err error) {
	err = client.EachAttempt(ctx, "", now.Add(-TraineesWindow), func(page []crm.TrainingAttempt) bool {
		for _, a := range page {
			var rep training.Report
			if json.Unmarshal(a.Details, &rep) != nil || rep.Scenario != a.Scenario {
				skipped++
				continue
			}
			trainee := strings.TrimSpace(rep.Trainee)
			if trainee == "" {
				trainee = a.Username
			}
			rep.Trainee, rep.Responses = trainee, nil
			recs = append(recs, training.Record{
				Attempt: training.Attempt{ID: a.ID, Scenario: a.Scenario, Mode: rep.Mode, Trainee: trainee, RubricVersion: rep.RubricVersion,
					Track: a.Track, CRMUser: a.Username, Started: a.StartedAt, Finished: a.FinishedAt, DurationMS: rep.DurationMS},
				Report: rep,
			})
		}
		// The latest MaxTeamAttempts, held in at most twice that.
		if len(recs) > 2*MaxTeamAttempts {
			recs = append(recs[:0], recs[len(recs)-MaxTeamAttempts:]...)
		}
		return true
	})
	if len(recs) > MaxTeamAttempts {
		recs = append(recs[:0], recs[len(recs)-MaxTeamAttempts:]...)
	}
	return recs, skipped, err
}
