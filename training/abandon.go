package training

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// OpenStore is a Store that also keeps test calls under way. A test call
// held only in memory could be ended by closing or killing the app, for a
// fresh draw and no trace: certification could be gamed and a trainee's
// real outcome lost. So a test call is kept from its start, with every
// answer as it is given, until SaveAttempt records it (which forgets the
// open one of the same ID in the same transaction).
type OpenStore interface {
	Store
	// SaveOpenAttempt keeps a test call under way, redacted, replacing the
	// one of the same ID; it returns the ID (set when the attempt has none).
	SaveOpenAttempt(ctx context.Context, a Attempt) (string, error)
	// OpenAttempts returns a trainee's test calls under way, oldest first.
	OpenAttempts(ctx context.Context, trainee string) ([]Attempt, error)
	// DropOpenAttempt forgets a call under way that leaves no record (a
	// test left before its first answer).
	DropOpenAttempt(ctx context.Context, id string) error
}

// MessageAbandoned explains the hung_up blocker of a call the trainee
// left (a leave event): through the screen, or by closing or killing the
// app mid-call.
const MessageAbandoned = "training.blocker.hung_up.abandoned"

// withLeave is a left with the trainee's leave at the turn its call is at,
// when the call is still on: an open call's record then says how it
// ended, and Grade, on the desk and on crmd alike, grades it from the
// record alone. The leave is timed at the last thing recorded (the call
// cannot be known to have gone on longer), or the start.
func withLeave(sc *Scenario, a Attempt, rubric Rubric) (Attempt, error) {
	r, err := replayAttempt(sc, a, rubric)
	if err != nil {
		return a, err
	}
	t := r.turn()
	if t == nil {
		return a, nil // it ended (answered to the end, or hung up on) before the desk did
	}
	at := a.Started
	if n := len(a.Events); n > 0 && a.Events[n-1].At.After(at) {
		at = a.Events[n-1].At
	}
	a.Events = append(slices.Clone(a.Events), Event{At: at, Kind: EvLeave, Turn: t.ID})
	return a, nil
}

// begun says whether a test call under way is one whose leaving counts,
// as the desk and agentctl decide it: an answer given, or a line the
// customer has said. One that does not replay is begun: Grade says why.
func begun(sc *Scenario, a Attempt, rubric Rubric) bool {
	if len(a.Events) > 0 {
		return true
	}
	r, err := replayAttempt(sc, a, rubric)
	if err != nil {
		return true
	}
	t := r.turn()
	return t != nil && r.env.text(a.Lang, t.Say) != ""
}

// CloseAbandoned records the trainee's test calls left under way, each
// with a leave event at the turn it was at (so it counts as a call cut
// short; one in which nothing was said yet is forgotten, as leaving it
// is), graded by Grade with the rubric it names and the pass mark of
// the track it was played for, and returns them. A call that cannot be
// graded (its scenario or rubric gone from the content) stays open and
// is reported in the error: it is never dropped.
func (c *Content) CloseAbandoned(ctx context.Context, st OpenStore, trainee string) ([]Record, error) {
	open, err := st.OpenAttempts(ctx, trainee)
	if err != nil {
		return nil, err
	}
	var out []Record
	var errs []error
	for _, a := range open {
		sc := c.Scenario(a.Scenario)
		rubric, ok := c.Rubric(a.RubricVersion)
		if sc == nil || !ok {
			errs = append(errs, fmt.Errorf("training: open attempt %s: scenario %q or rubric %q unknown", a.ID, a.Scenario, a.RubricVersion))
			continue
		}
		rubric = rubric.WithPassMark(c.PassMarkFor(a.Track, a.Scenario))
		if !begun(sc, a, rubric) {
			// Nothing was said in it: left through the screen, or its
			// window closed, it would leave no record, and a crash does
			// not make it a failed call that replaces an earlier pass.
			if err := st.DropOpenAttempt(ctx, a.ID); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		a, err := withLeave(sc, a, rubric)
		if err != nil {
			errs = append(errs, fmt.Errorf("training: open attempt %s: %w", a.ID, err))
			continue
		}
		rep, err := Grade(sc, a, rubric)
		if err != nil {
			errs = append(errs, fmt.Errorf("training: open attempt %s: %w", a.ID, err))
			continue
		}
		if _, err := st.SaveAttempt(ctx, a, rep); err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, Record{Attempt: a, Report: rep})
	}
	return out, errors.Join(errs...)
}
