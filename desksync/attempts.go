package desksync

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/training"
)

// UploadedPrefix marks, in the training database's settings, the attempts
// crmd has (the value is when, or why crmd refused one).
const UploadedPrefix = "crm.uploaded."

// refusedMark starts the mark of an attempt crmd refused for good, before
// crmd's code.
const refusedMark = "refused: "

// RefusedAttempts returns the attempts crmd refused for good, by ID, with
// crmd's code: they stay only on the desk, and the supervisor does not see
// them on crmd, so the trainee is to be told.
func RefusedAttempts(ctx context.Context, marks cases.Settings) (map[string]crm.Code, error) {
	kv, err := marks.AllSettings(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]crm.Code{}
	for k, v := range kv {
		id, ok := strings.CutPrefix(k, UploadedPrefix)
		if code, refused := strings.CutPrefix(v, refusedMark); ok && refused {
			out[id] = crm.Code(code)
		}
	}
	return out, nil
}

// UploadAttempts sends the trainee's attempts crmd does not have yet, and
// marks each in the training database's settings. crmd grades each one
// itself from its record; an attempt crmd refuses for good (it does not
// replay, it names no rubric) is marked too, with why, so it is not sent
// forever. One naming a scenario or rubric crmd does not have yet (a crmd
// older than this desk) is left unmarked for a later sync, and the others
// still go; so is one crmd fails (500), whose error is returned after the
// others went.
func UploadAttempts(ctx context.Context, client *crm.Client, store Attempts, trainee string) (int, error) {
	marks := store
	sess, _ := client.Session()
	recs, err := loginAttempts(ctx, store, trainee, sess.Username)
	if err != nil {
		return 0, err
	}
	kv, err := marks.AllSettings(ctx)
	if err != nil {
		return 0, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Attempt.Started.Before(recs[j].Attempt.Started) })
	if !slices.Contains(crm.AttemptRoles, sess.Role) {
		// crmd refuses this login's uploads (an admin's) for its role,
		// whatever the attempt: sent, each was refused and marked so for
		// good, a trainee's or an agent's made before the login among
		// them. They wait for a login crmd records attempts from; this
		// role's own stay on the desk (AttemptsNotRecorded).
		return 0, nil
	}
	// Every attempt goes under the login the filter below read: one made
	// since (another trainee at this desk) stops the upload.
	ctx = crm.AsUser(ctx, sess.Username)
	n, failed := 0, 0
	var held error
	for _, r := range recs {
		id := r.Attempt.ID
		if id == "" || kv[UploadedPrefix+id] != "" {
			continue
		}
		if u := r.Attempt.CRMUser; u != "" && u != sess.Username {
			// Another trainee's, on a shared desk: crmd files an attempt
			// under whoever sends it. It waits for its own login.
			continue
		}
		up, err := crmAttempt(r)
		if err != nil {
			return n, err
		}
		_, err = client.PostAttempt(ctx, up)
		switch code := crm.CodeOf(err); {
		case err == nil:
			n++
			err = marks.SetSetting(ctx, UploadedPrefix+id, time.Now().UTC().Format(time.RFC3339))
		case crm.PermanentErr(err):
			err = marks.SetSetting(ctx, UploadedPrefix+id, refusedMark+string(code))
		case code == crm.CodeUnknownTraining:
			err = nil
		case attemptHeld(ctx, err):
			// crmd failed this one (a 500): it waits for a later sync,
			// the ones after it still go. crmd failing every one stops
			// the round after a few, not at the end of the backlog.
			if held == nil {
				held = err
			}
			if failed++; failed < maxAttemptsFailed {
				continue
			}
		}
		if err != nil {
			return n, err
		}
		failed = 0
	}
	return n, held
}

// maxAttemptsFailed is how many attempts in a row crmd may fail before an
// upload round stops: past it, crmd is failing them all.
const maxAttemptsFailed = 3

// attemptHeld says whether err is crmd failing one attempt for now, which
// the attempts after it may go past; not the line down, the session over,
// crmd asking to wait, or the round's end.
func attemptHeld(ctx context.Context, err error) bool {
	if ctx.Err() != nil || unreachable(err) {
		return false
	}
	switch crm.CodeOf(err) {
	case crm.CodeInternal, crm.CodeConflict:
		return true
	}
	return false
}

// trainees is a store that lists every name it holds attempts under (the
// training SQLite file).
type trainees interface {
	Trainees(ctx context.Context) ([]string, error)
}

// loginAttempts are the attempts that go with user's login: trainee's
// (the name the desk knows them by now), and those played under user's
// login whatever name they were played under. crmd files an attempt under
// the login that sends it, not the name in it, so a trainee who renamed
// themselves in Settings still has the calls they played under their
// login before it; one played under an old name with nobody logged in is
// not known to be theirs and stays on the desk.
func loginAttempts(ctx context.Context, store training.Store, trainee, user string) ([]training.Record, error) {
	recs, err := store.Attempts(ctx, trainee)
	if err != nil {
		return nil, err
	}
	ts, ok := store.(trainees)
	if !ok || user == "" {
		return recs, nil
	}
	names, err := ts.Trainees(ctx)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if name == trainee {
			continue
		}
		theirs, err := store.Attempts(ctx, name)
		if err != nil {
			return nil, err
		}
		for _, r := range theirs {
			if r.Attempt.CRMUser == user {
				recs = append(recs, r)
			}
		}
	}
	return recs, nil
}

// crmAttempt is what crmd needs of an attempt: the record it replays and
// grades itself. The desk's own score, pass and report stay on the desk:
// crmd would ignore them.
//
// The track travels beside the record, not in it: a crmd of an earlier
// release refuses fields its attempt format does not know, and would
// refuse the attempt for good.
func crmAttempt(r training.Record) (crm.TrainingAttempt, error) {
	a := r.Attempt
	track := a.Track
	a.Track = ""
	a.CRMUser = "" // crmd takes the trainee from the token
	rec, err := json.Marshal(a)
	if err != nil {
		return crm.TrainingAttempt{}, err
	}
	return crm.TrainingAttempt{ID: a.ID, Scenario: a.Scenario, Track: track, Attempt: rec}, nil
}

// AttemptsNotRecorded counts the attempts made under user (loginAttempts) that
// crmd does not record for role (crm.AttemptRoles): kept on the desk and
// never sent. 0 for a role crmd records attempts from.
func AttemptsNotRecorded(ctx context.Context, store Attempts, trainee, user string, role crm.Role) (int, error) {
	if user == "" || slices.Contains(crm.AttemptRoles, role) {
		return 0, nil
	}
	recs, err := loginAttempts(ctx, store, trainee, user)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range recs {
		if r.Attempt.ID != "" && r.Attempt.CRMUser == user {
			n++
		}
	}
	return n, nil
}
