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

// MessageAbandoned explains the hung_up blocker of a test call the
// trainee left under way (the app closed or killed mid-call).
const MessageAbandoned = "training.blocker.hung_up.abandoned"

// GradeAbandoned grades a test call left under way as the trainee left it:
// Grade's replay of what was recorded, then ended as a hang-up ends a call
// (HungUp, the hung_up blocker, not passed), so it counts towards
// certification as a failed call, as a hang-up does. It depends only on
// the attempt, the scenario and the rubric.
func GradeAbandoned(sc *Scenario, a Attempt, rubric Rubric) (Report, error) {
	rep, err := Grade(sc, a, rubric)
	if err != nil || rep.Complete || rep.HungUp {
		return rep, err
	}
	rep.HungUp, rep.Passed = true, false
	turn := ""
	if n := len(rep.Path); n > 0 {
		turn = rep.Path[n-1]
	}
	if !slices.ContainsFunc(rep.Blockers, func(b Blocker) bool { return b.ID == BlockerHungUp }) {
		rep.Blockers = append(rep.Blockers, Blocker{ID: BlockerHungUp, Message: MessageAbandoned, Turn: turn})
	}
	return rep, nil
}

// CloseAbandoned records the trainee's test calls left under way, each
// graded by GradeAbandoned with the rubric it names and the pass mark of
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
		rep, err := GradeAbandoned(sc, a, rubric.WithPassMark(c.PassMarkFor(a.Track, a.Scenario)))
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
