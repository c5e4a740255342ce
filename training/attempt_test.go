package training

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"agentdesk/locales"
)

func TestDrillAttemptJSONRoundTrip(t *testing.T) {
	sc := fixture(t)
	a := bot(t, sc, 8, Practice, locales.ES, nil)
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseAttempt(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalise(a), normalise(back)) {
		t.Fatalf("round trip changed the attempt:\n%s", data)
	}
	for _, key := range []string{`"format": 2`, `"scenario": "refund_fixture"`, `"seed": 8`, `"day": "2026-11-23"`,
		`"mode": "practice"`, `"trainee": "Ana"`, `"company": "Telco Norte"`, `"rubric_version"`, `"duration_ms"`,
		`"kind": "choice"`, `"kind": "entry"`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("attempt JSON lacks %s", key)
		}
	}
	if r := mustGrade(t, sc, back); r.Total != 100 {
		t.Errorf("the read-back attempt grades %v", r.Total)
	}
}

// normalise drops the monotonic clock reading, which JSON does not carry.
func normalise(a Attempt) Attempt {
	a.Started, a.Finished = a.Started.Round(0), a.Finished.Round(0)
	a.Events = append([]Event(nil), a.Events...)
	for i := range a.Events {
		a.Events[i].At = a.Events[i].At.Round(0)
	}
	return a
}

func TestDrillParseAttemptRejects(t *testing.T) {
	good := `{"format":2,"scenario":"x","seed":1,"day":"2026-11-23","mode":"test","trainee":"a","lang":"es","rubric_version":"r","started":"2026-11-23T10:00:00Z","duration_ms":0,"events":[]}`
	if _, err := ParseAttempt([]byte(good)); err != nil {
		t.Fatalf("good attempt refused: %v", err)
	}
	// A drill left open overnight, and one on a desk whose clock was set
	// back to 1999, are still the trainee's.
	for _, ok := range []string{
		strings.Replace(good, `"duration_ms":0`, `"duration_ms":90000000`, 1),
		strings.Replace(good, `"started":"2026-11-23T10:00:00Z"`, `"started":"1999-12-31T10:00:00Z"`, 1),
	} {
		if _, err := ParseAttempt([]byte(ok)); err != nil {
			t.Errorf("refused: %v", err)
		}
	}
	practice := strings.Replace(good, `"mode":"test"`, `"mode":"practice"`, 1)
	for _, kind := range []string{EvHint, EvRetry} {
		in := strings.Replace(practice, `"events":[]`, `"events":[{"at":"2026-11-23T10:00:00Z","kind":"`+kind+`","turn":"t"}]`, 1)
		if _, err := ParseAttempt([]byte(in)); err != nil {
			t.Errorf("a %s in practice is refused: %v", kind, err)
		}
	}
	v1 := strings.Replace(good, `"events":[]`, `"events":[{"at":"2026-11-23T10:00:00Z","kind":"auth","method":"pin"}]`, 1)
	if _, err := ParseAttempt([]byte(strings.Replace(v1, `"format":2`, `"format":1`, 1))); err != nil {
		t.Fatalf("a version 1 attempt is refused: %v", err)
	}
	for name, in := range map[string]string{
		"not JSON":         `{`,
		"trailing data":    good + `{}`,
		"unknown field":    strings.Replace(good, `"seed":1`, `"seed":1,"grade":100`, 1),
		"format":           strings.Replace(good, `"format":2`, `"format":3`, 1),
		"derived event":    v1,
		"no scenario":      strings.Replace(good, `"scenario":"x"`, `"scenario":""`, 1),
		"mode":             strings.Replace(good, `"mode":"test"`, `"mode":"exam"`, 1),
		"lang":             strings.Replace(good, `"lang":"es"`, `"lang":"fr"`, 1),
		"day":              strings.Replace(good, `"day":"2026-11-23"`, `"day":"23/11/2026"`, 1),
		"negative":         strings.Replace(good, `"duration_ms":0`, `"duration_ms":-5`, 1),
		"over a year":      strings.Replace(good, `"duration_ms":0`, `"duration_ms":31622400001`, 1),
		"year 10000 (UTC)": strings.Replace(good, `"started":"2026-11-23T10:00:00Z"`, `"started":"9999-12-31T20:00:00-05:00"`, 1),
		"no start":         strings.Replace(good, `"started":"2026-11-23T10:00:00Z"`, `"started":"0001-01-01T00:00:00Z"`, 1),
		"event in 10000":   strings.Replace(good, `"events":[]`, `"events":[{"at":"9999-12-31T23:00:00-05:00","kind":"choice"}]`, 1),
		"event before":     strings.Replace(good, `"events":[]`, `"events":[{"at":"1700-01-01T00:00:00Z","kind":"choice"}]`, 1),
		"event years on":   strings.Replace(good, `"events":[]`, `"events":[{"at":"2030-01-01T00:00:00Z","kind":"choice"}]`, 1),
		"ends in 10000":    strings.Replace(strings.Replace(good, `"started":"2026-11-23T10:00:00Z"`, `"started":"9999-12-31T12:00:00Z"`, 1), `"duration_ms":0`, `"duration_ms":86400000`, 1),
		"event kind":       strings.Replace(good, `"events":[]`, `"events":[{"at":"2026-11-23T10:00:00Z","kind":"teleport"}]`, 1),
		"event lang":       strings.Replace(good, `"events":[]`, `"events":[{"at":"2026-11-23T10:00:00Z","kind":"entry","lang":"de"}]`, 1),
		"wrong type":       strings.Replace(good, `"seed":1`, `"seed":"one"`, 1),
		// A test shows no hint and never goes back: the desk cannot make
		// such a record, so neither it nor crmd takes one.
		"a hint in a test":  strings.Replace(good, `"events":[]`, `"events":[{"at":"2026-11-23T10:00:00Z","kind":"hint","turn":"t"}]`, 1),
		"a retry in a test": strings.Replace(good, `"events":[]`, `"events":[{"at":"2026-11-23T10:00:00Z","kind":"retry","turn":"t"}]`, 1),
		"too many events!":  strings.Replace(good, `"events":[]`, `"events":[`+strings.Repeat(`{"at":"2026-11-23T10:00:00Z","kind":"choice"},`, MaxEvents)+`{"at":"2026-11-23T10:00:00Z","kind":"choice"}]`, 1),
	} {
		if _, err := ParseAttempt([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Redact keeps the promise that no card is stored, whoever built the
// attempt, and leaves the evidence the grader needs.
func TestDrillAttemptRedact(t *testing.T) {
	sc := fixture(t)
	a := bot(t, sc, seedWhere(t, sc, pinWrong(false)), Test, locales.ES, nil)
	card := testCard(3, "c")
	i := len(a.Events) - 2 // the note
	if a.Events[i].Turn != "note" {
		t.Fatalf("event %d is %s", i, a.Events[i].Turn)
	}
	a.Events[i].Value = "Reembolso a la tarjeta " + card + " vence 08/29"
	if r := mustGrade(t, sc, a); !hasBlocker(r, BlockerCardInNotes) {
		t.Fatal("a raw card in a note is not caught")
	}
	a.Redact()
	if strings.Contains(a.Events[i].Value, card) || a.Events[i].Redacted == nil || a.Events[i].Redacted.Cards != 1 {
		t.Fatalf("after Redact: %+v", a.Events[i])
	}
	if r := mustGrade(t, sc, a); !hasBlocker(r, BlockerCardInNotes) {
		t.Fatal("the redacted note no longer fails the attempt")
	}
}

func TestDrillLiveEvents(t *testing.T) {
	evs := []Event{
		{Kind: EvChoice, Turn: "a", Choice: "x"},
		{Kind: EvChoice, Turn: "b", Choice: "y"},
		{Kind: EvHint, Turn: "b"},
		{Kind: EvRetry, Turn: "b"},
		{Kind: EvChoice, Turn: "b", Choice: "z"},
	}
	got := LiveEvents(evs)
	if len(got) != 2 || got[1].Choice != "z" {
		t.Fatalf("live = %+v", got)
	}
}

// A test never goes back: a test attempt whose record takes an answer
// back and gives another (made by hand, or by a desk that let it) is not
// graded on the second answer. Before, the grader applied the retry as in
// practice, and crmd certified a test the trainee had redone.
func TestDrillTestAttemptRetryDoesNotCount(t *testing.T) {
	sc := fixture(t)
	a := bot(t, sc, 8, Test, locales.ES, nil)
	k := slices.IndexFunc(a.Events, func(e Event) bool { return e.Turn == "expect" && e.Kind == EvChoice })
	if k < 0 {
		t.Fatal("the call did not reach expect")
	}
	at := a.Events[k].At
	evs := slices.Clone(a.Events[:k])
	evs = append(evs, Event{At: at, Kind: EvChoice, Turn: "expect", Choice: "just_wait"},
		Event{At: at, Kind: EvRetry, Turn: "expect"})
	a.Events = append(evs, a.Events[k:]...)
	// The record is refused as it is read; the grader, handed it all the
	// same, does not take the retry back either.
	if err := a.Validate(); err == nil {
		t.Error("a test attempt with a retry is valid")
	}
	rep, err := Grade(sc, a, rubric(t))
	if gradeCode(err) != ErrCodeOrder {
		t.Fatalf("a test attempt with a retry: grade error %v (report total %v, passed %v), want %s", err, rep.Total, rep.Passed, ErrCodeOrder)
	}
	// In practice the same record is a retry, and grades.
	a.Mode = Practice
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := Grade(sc, a, rubric(t)); err != nil {
		t.Fatalf("practice with a retry: %v", err)
	}
}
