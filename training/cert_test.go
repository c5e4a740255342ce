package training

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"agentdesk/locales"
)

// ruleContent has one track run as contact centres run it: 4 of the
// latest 5 test calls, each on another scenario, at 85 or more, no blocker.
func ruleContent(t *testing.T) *Content {
	return &Content{
		Tracks: []Track{{ID: "billing", PassMark: 85, Scenarios: []string{"s1", "s2", "s3", "s4", "s5", "s6"},
			Rule: &TrackRule{Calls: 5, Passes: 4}}},
		Rubrics: []Rubric{rubric(t)},
	}
}

var seq int

// call is a graded test call as the store keeps it.
func call(t *testing.T, scenario string, mode Mode, total float64, at time.Time, blockers ...string) Record {
	seq++
	a := Attempt{ID: fmt.Sprintf("A-%d", seq), Scenario: scenario, Mode: mode, Trainee: "ana", Started: at, Finished: at.Add(5 * time.Minute)}
	r := Report{Scenario: scenario, Mode: mode, Total: total, Complete: true, RubricVersion: rubric(t).Version, Blockers: []Blocker{}}
	for _, b := range blockers {
		r.Blockers = append(r.Blockers, Blocker{ID: b})
	}
	r.Passed = total >= 80 && len(blockers) == 0
	return Record{Attempt: a, Report: r}
}

// hungUp is r as a call the simulated customer ended: not complete.
func hungUp(r Record) Record {
	r.Report.Complete, r.Report.HungUp, r.Report.Passed = false, true, false
	return r
}

// unfinished is r as a call the trainee left before its end.
func unfinished(r Record) Record {
	r.Report.Complete, r.Report.Passed = false, false
	return r
}

func TestDrillCertificationFourOfFive(t *testing.T) {
	c := ruleContent(t)
	day := func(n int) time.Time { return testDay.AddDate(0, 0, n) }
	tests := []struct {
		name      string
		recs      []Record
		certified bool
		passed    int
		counted   int
		blocked   bool
	}{
		{"four of five at 85", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 70, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)),
		}, true, 4, 5, false},
		{"three of five", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 84, day(2)), call(t, "s3", Test, 70, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)),
		}, false, 3, 5, false},
		{"a blocker in one of them", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 99, day(3), BlockerVolunteeredData),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)),
		}, false, 4, 5, true},
		{"four passes but only four calls", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)),
		}, false, 4, 4, false},
		{"the same scenario twice counts once", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s1", Test, 92, day(2)), call(t, "s1", Test, 93, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)),
		}, false, 3, 3, false},
		{"practice does not count", []Record{
			call(t, "s1", Practice, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 90, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)),
		}, false, 4, 4, false},
		{"a retake replaces the failed call", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 99, day(3), BlockerAuthSkipped),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)), call(t, "s3", Test, 91, day(6)),
		}, true, 5, 5, false},
		{"a retake the caller hung up on replaces the pass, and blocks", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 91, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)), hungUp(call(t, "s3", Test, 40, day(6), BlockerHungUp)),
		}, false, 4, 5, true},
		{"a retake left unfinished does not count", []Record{
			call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 91, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)), unfinished(call(t, "s3", Test, 20, day(6))),
		}, true, 5, 5, false},
		{"a newer call on a sixth scenario pushes the oldest out", []Record{
			call(t, "s1", Test, 50, day(1), BlockerAuthSkipped), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 87, day(3)),
			call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5)), call(t, "s6", Test, 60, day(6)),
		}, true, 4, 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := c.Standing(&c.Tracks[0], "ana", tt.recs)
			if tp.Certified != tt.certified || tp.Passed != tt.passed || len(tp.Counted) != tt.counted || tp.Blocked != tt.blocked {
				t.Fatalf("standing %+v", tp)
			}
			if tp.Needed != 4 || tp.Calls != 5 || tp.PassMark != 85 {
				t.Errorf("rule %+v", tp)
			}
			cert, st, err := c.Certify("billing", "ana", tt.recs, day(9))
			if err != nil || (cert != nil) != tt.certified || st.Passed != tp.Passed {
				t.Fatalf("certify: %v %+v %v", cert, st, err)
			}
			if cert != nil {
				if cert.RubricVersion != rubric(t).Version || len(cert.Attempts) != 5 || cert.Rule == nil || *cert.Rule != (TrackRule{5, 4}) || cert.PassMark != 85 {
					t.Errorf("certificate %+v", cert)
				}
				for _, id := range cert.Attempts {
					if !slices.ContainsFunc(tt.recs, func(r Record) bool { return r.Attempt.ID == id }) {
						t.Errorf("the certificate rests on %s, which is not a record", id)
					}
				}
			}
		})
	}
	// Calls graded under another rubric do not count: a certificate names
	// the one rubric its calls were graded with.
	old := []Record{call(t, "s1", Test, 90, day(1)), call(t, "s2", Test, 86, day(2)), call(t, "s3", Test, 90, day(3)),
		call(t, "s4", Test, 88, day(4)), call(t, "s5", Test, 95, day(5))}
	for i := range old {
		old[i].Report.RubricVersion = "2026.1"
	}
	if tp := c.Standing(&c.Tracks[0], "ana", old); tp.Certified || len(tp.Counted) != 0 {
		t.Errorf("old rubric: %+v", tp)
	}
	if cert, _, _ := c.Certify("billing", "luis", old, day(9)); cert != nil {
		t.Error("luis certified with ana's calls")
	}
	if _, _, err := c.Certify("nope", "ana", nil, day(9)); err == nil {
		t.Error("unknown track accepted")
	}
	if _, _, err := c.Certify("billing", "", nil, day(9)); err != ErrNoTrainee {
		t.Errorf("no trainee: %v", err)
	}
}

// Without a rule a track needs every scenario passed once: the rule that
// applies then is "all of all".
func TestDrillCertificationDefaultRule(t *testing.T) {
	c := &Content{Tracks: []Track{{ID: "t", Scenarios: []string{"a", "b"}}}, Rubrics: []Rubric{rubric(t)}}
	if r := c.Tracks[0].Requirement(); r != (TrackRule{2, 2}) {
		t.Fatalf("rule %+v", r)
	}
	recs := []Record{call(t, "a", Test, 80, testDay)}
	if tp := c.Standing(&c.Tracks[0], "ana", recs); tp.Certified || tp.Passed != 1 || !slices.Equal(tp.Remaining, []string{"b"}) {
		t.Fatalf("%+v", tp)
	}
	recs = append(recs, call(t, "b", Test, 81, testDay.Add(time.Hour)))
	if tp := c.Standing(&c.Tracks[0], "ana", recs); !tp.Certified || tp.PassMark != rubric(t).PassMark {
		t.Fatalf("%+v", tp)
	}
}

func TestDrillMemStore(t *testing.T) {
	st := NewMemStore()
	ctx := context.Background()
	if _, err := st.SaveAttempt(ctx, Attempt{}, Report{}); err != ErrNoTrainee {
		t.Errorf("an attempt without a trainee: %v", err)
	}
	cert := Certificate{Trainee: "ana", Track: "t", Date: testDay}
	if err := st.SaveCertificate(ctx, cert); err != nil {
		t.Fatal(err)
	}
	cert.Date = testDay.Add(time.Hour)
	if err := st.SaveCertificate(ctx, cert); err != nil {
		t.Fatal(err)
	}
	if certs, _ := st.Certificates(ctx, "ana"); len(certs) != 1 || !certs[0].Date.Equal(cert.Date) {
		t.Fatalf("certificates %v", certs)
	}
}

// Progress reads the same standing the certificate does, and recommends
// what to practise next: a blocker first, then the weakest criterion.
func TestDrillProgress(t *testing.T) {
	c := ruleContent(t)
	p := c.Progress("eva", nil, nil)
	if p.Next.Reason != "continue" || p.Next.Scenario != "s1" || len(p.Tracks) != 1 || p.Tracks[0].Needed != 4 {
		t.Fatalf("a new trainee: %+v", p)
	}
	recs := []Record{call(t, "s1", Test, 90, testDay), call(t, "s2", Test, 40, testDay.Add(time.Hour), BlockerAuthSkipped)}
	for i := range recs {
		recs[i].Attempt.Trainee = "eva"
	}
	p = c.Progress("eva", recs, nil)
	if p.Next.Reason != "blocker" || p.Next.Criterion != BlockerAuthSkipped {
		// The blocker's scenario is not in this content, so it falls to
		// the track's next scenario.
		if p.Next.Reason != "continue" {
			t.Fatalf("next %+v", p.Next)
		}
	}
	if tp := p.Tracks[0]; tp.Passed != 1 || tp.Blocked != true || tp.Certified || tp.HasCertificate {
		t.Fatalf("standing %+v", tp)
	}
	// A certificate once earned stays in the progress.
	p = c.Progress("eva", recs, []Certificate{{Trainee: "eva", Track: "billing"}})
	if !p.Tracks[0].Certified || !p.Tracks[0].HasCertificate || p.Next.Reason != "done" && p.Next.Reason != "blocker" {
		t.Fatalf("%+v", p)
	}
	for _, reason := range []string{"blocker", "weakest", "continue", "done"} {
		for _, l := range locales.Langs {
			if !locales.New(l).Has("training.next." + reason) {
				t.Errorf("training.next.%s missing in %s", reason, l)
			}
		}
	}
}

// The pass marks a chart draws: each one the calls were held to, once,
// lowest first; a report of before pass marks were recorded counts as the
// rubric's.
func TestPassMarks(t *testing.T) {
	rec := func(pm int) Record { return Record{Report: Report{PassMark: pm}} }
	for _, tc := range []struct {
		recs []Record
		want []int
	}{
		{nil, []int{80}},
		{[]Record{rec(85), rec(85)}, []int{85}},
		{[]Record{rec(85), rec(0), rec(90), rec(85)}, []int{80, 85, 90}},
	} {
		if got := PassMarks(tc.recs, 80); !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.recs, got, tc.want)
		}
	}
}

// A call that names no track is the track's the content puts its scenario
// in: the only one, or the strictest of several (the first on a tie).
func TestTrackOf(t *testing.T) {
	c := content(t)
	if tr := c.TrackOf("third_party_caller"); tr == nil || tr.ID != "service_account" {
		t.Errorf("third_party_caller: %v", tr)
	}
	if tr := c.TrackOf("no_such_scenario"); tr != nil {
		t.Errorf("no_such_scenario: %v", tr.ID)
	}
	c = &Content{Rubrics: c.Rubrics} // LoadDefault's content is shared
	c.Tracks = []Track{
		{ID: "low", PassMark: 80, Scenarios: []string{"s"}},
		{ID: "default", Scenarios: []string{"s"}}, // the rubric's mark
		{ID: "high", PassMark: 90, Scenarios: []string{"s"}},
		{ID: "tie", PassMark: 90, Scenarios: []string{"s"}},
	}
	if tr := c.TrackOf("s"); tr == nil || tr.ID != "high" {
		t.Errorf("several tracks: %v", tr)
	}
}

// A call played with no track, or for a track that does not hold its
// scenario, is graded for the scenario's own track, as crmd grades it: the
// desk said "passed" at the rubric's 80 while crmd, grading the same call
// for its 85 track, said "failed".
func TestTrackForFallsBackToTheScenariosTrack(t *testing.T) {
	c := &Content{Rubrics: content(t).Rubrics} // LoadDefault's content is shared
	c.Tracks = []Track{
		{ID: "basic", PassMark: 85, Scenarios: []string{"s"}},
		{ID: "other", PassMark: 70, Scenarios: []string{"x"}},
	}
	for _, named := range []string{"", "other", "no_such_track"} {
		if tr := c.TrackFor(named, "s"); tr == nil || tr.ID != "basic" {
			t.Errorf("track %q: %v", named, tr)
		}
		if m := c.PassMarkFor(named, "s"); m != 85 {
			t.Errorf("track %q: pass mark %d, want the scenario's track's 85", named, m)
		}
	}
	if tr := c.TrackFor("other", "x"); tr == nil || tr.ID != "other" {
		t.Errorf("the named track that holds it: %v", tr)
	}
	if tr, m := c.TrackFor("", "loose"), c.PassMarkFor("", "loose"); tr != nil || m != 0 {
		t.Errorf("a scenario in no track: %v %d", tr, m)
	}
}

// Of two test calls of a scenario, the one made last counts, whatever the
// order the store lists them in: finish time first, then start, then ID,
// so calls that finish in the same second never let the older one win.
func TestStandingLatestCallIsTotallyOrdered(t *testing.T) {
	c := ruleContent(t)
	at := testDay.Add(10 * time.Hour)
	rec := func(id string, started, finished time.Time, total float64) Record {
		r := call(t, "s1", Test, total, started)
		r.Attempt.ID, r.Attempt.Finished = id, finished
		return r
	}
	tests := []struct {
		name          string
		older, latest Record
	}{
		{"later finish", rec("A-1", at, at.Add(5*time.Minute), 90), rec("A-2", at, at.Add(6*time.Minute), 60)},
		{"same finish, later start", rec("A-1", at, at.Add(5*time.Minute), 90), rec("A-2", at.Add(time.Minute), at.Add(5*time.Minute), 60)},
		{"same finish and start, later ID", rec("A-9", at, at.Add(5*time.Minute), 90), rec("A-10", at, at.Add(5*time.Minute), 60)},
		{"unfinished, later start", rec("A-1", at, time.Time{}, 90), rec("A-2", at.Add(time.Second), time.Time{}, 60)},
	}
	for _, tt := range tests {
		for _, order := range [][]Record{{tt.older, tt.latest}, {tt.latest, tt.older}} {
			t.Run(tt.name, func(t *testing.T) {
				tp := c.Standing(&c.Tracks[0], "ana", order)
				if len(tp.Counted) != 1 || tp.Counted[0].Attempt != tt.latest.Attempt.ID {
					t.Errorf("counted %+v, want only %s", tp.Counted, tt.latest.Attempt.ID)
				}
			})
		}
	}
}
