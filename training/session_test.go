package training

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDrillPracticeSession(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	s := session(t, sc, seed, Practice, locales.EN)
	if s.Line(locales.EN) != "" || s.Notice(locales.EN) != "A call comes in." {
		t.Errorf("opening: line %q notice %q", s.Line(locales.EN), s.Notice(locales.EN))
	}
	d, _ := s.Decision(locales.ES)
	if d.Response == nil || d.Response.Prompt == "" || len(d.Choices) != 0 || d.Step != "introduction" {
		t.Fatalf("decision %+v", d)
	}
	if _, ok := s.Feedback(locales.EN, locales.EN); ok {
		t.Error("feedback before any decision")
	}
	if hint, err := s.Hint(locales.EN); err != nil || hint == "" {
		t.Fatalf("hint %q %v", hint, err)
	}
	if err := s.Retry(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("retry with nothing answered: %v", err)
	}
	if err := s.Choose("x"); !errors.Is(err, ErrNotChoice) {
		t.Errorf("a choice on a free response: %v", err)
	}
	if err := s.Enter("12"); !errors.Is(err, ErrNotEntry) {
		t.Errorf("an entry on a free response: %v", err)
	}
	if err := s.Respond("   "); !errors.Is(err, ErrEmptyResponse) {
		t.Errorf("an empty line: %v", err)
	}
	if want, _ := s.Expected(locales.EN); !strings.Contains(want, "Telco Norte") || !strings.Contains(want, "Ana") {
		t.Errorf("the model line has the call's names: %q", want)
	}
	must(t, s.Respond("Thanks for calling Telco Norte, this is Ana. May I have your name?"))
	f, ok := s.Feedback(locales.EN, locales.EN)
	if !ok || !f.Correct || f.Judgement == nil || f.Judgement.Mark != 1 {
		t.Fatalf("feedback %+v", f)
	}
	must(t, s.Respond("I understand, you were charged for a service you no longer use."))
	if err := s.Choose("ask_question"); !errors.Is(err, ErrUnknownChoice) {
		t.Fatalf("a choice of another turn: %v", err)
	}
	must(t, s.Choose("just_wait"))
	if f, _ := s.Feedback(locales.ES, locales.ES); f.Grade != Poor || f.Text == "" {
		t.Fatalf("feedback %+v", f)
	}
	must(t, s.Retry())
	if s.Turn().ID != "expect" {
		t.Fatalf("retry went to %s", s.Turn().ID)
	}
	if _, ok := s.Feedback(locales.EN, locales.EN); ok {
		t.Error("feedback survives a retry")
	}
	a, err := playBest(s, locales.EN, nil)
	must(t, err)
	if !s.Done() || a.Finished.IsZero() {
		t.Fatal("not finished")
	}
	if err := s.Choose("x"); !errors.Is(err, ErrFinished) {
		t.Errorf("after the end: %v", err)
	}
	r := mustGrade(t, sc, a)
	if !r.Passed || r.Total != 100 {
		t.Fatalf("a retried poor choice still counts: %+v", r)
	}
	if !slices.ContainsFunc(a.Events, func(e Event) bool { return e.Kind == EvRetry }) ||
		!slices.ContainsFunc(a.Events, func(e Event) bool { return e.Kind == EvHint }) {
		t.Error("retry and hint are part of the record")
	}
	if e := s.Elapsed(); e <= 0 || e != a.Finished.Sub(a.Started) || a.DurationMS != e.Milliseconds() {
		t.Errorf("elapsed %v, duration %d ms", e, a.DurationMS)
	}
}

func TestDrillTestModeGivesNoHelp(t *testing.T) {
	sc := fixture(t)
	s := session(t, sc, 1, Test, locales.ES)
	if _, err := s.Hint(locales.ES); !errors.Is(err, ErrTestMode) {
		t.Errorf("hint in test mode: %v", err)
	}
	must(t, s.Respond("Hola."))
	must(t, s.Respond("Entiendo: le cobraron un servicio que ya no usa."))
	if _, ok := s.Feedback(locales.ES, locales.ES); ok {
		t.Error("feedback in test mode")
	}
	if err := s.Retry(); !errors.Is(err, ErrTestMode) {
		t.Errorf("retry in test mode: %v", err)
	}
	// The customer still answers: that is the call, not a clue.
	if s.Reply(locales.ES) != "Gracias." {
		t.Error("no reply in test mode")
	}
}

// The options of a turn are shuffled by the seed: the best one moves about
// and a replay shows the same order.
func TestDrillChoiceOrder(t *testing.T) {
	sc := fixture(t)
	turn := sc.Turn("goodbye")
	first := map[string]bool{}
	for seed := int64(1); seed <= 40; seed++ {
		o := ChoiceOrder(turn, seed)
		if !slices.Equal(o, ChoiceOrder(turn, seed)) {
			t.Fatal("the order changes for the same seed")
		}
		first[turn.Choices[o[0]].ID] = true
	}
	if len(first) != len(turn.Choices) {
		t.Errorf("the first option is always one of %v", first)
	}
}

// Two seeds draw two calls: the figures and the persona differ, and each
// persona's gender comes with the name.
func TestDrillSeedsVary(t *testing.T) {
	sc := fixture(t)
	genders := map[string]bool{}
	charges := map[int64]bool{}
	for seed := int64(1); seed <= 30; seed++ {
		s := session(t, sc, seed, Practice, locales.ES)
		p := s.Persona(locales.ES)
		genders[p.Gender] = true
		female := slices.Contains([]string{"Lorena Pineda", "Clara Montes"}, p.Name)
		if female != (p.Gender == Female) {
			t.Errorf("%s drawn as %s", p.Name, p.Gender)
		}
		c, _ := s.Values().Get("charge")
		charges[c.Minor] = true
		if p.Tenure < 1 || p.Tenure > 3 || !strings.Contains(p.Description, "año") {
			t.Errorf("persona %+v", p)
		}
	}
	if len(genders) != 2 || len(charges) < 5 {
		t.Errorf("genders %v, %d charges", genders, len(charges))
	}
}

// Before authentication the account screen is masked, after it shows.
func TestDrillAccountMaskedUntilAuthenticated(t *testing.T) {
	sc := fixture(t)
	s := session(t, sc, seedWhere(t, sc, pinWrong(false)), Practice, locales.ES)
	must(t, playUntil(s, locales.ES, nil, "verify"))
	for _, f := range s.Account(locales.ES) {
		if !f.Masked || strings.Contains(f.Value, ",") {
			t.Fatalf("before authentication: %+v", f)
		}
	}
	must(t, s.Choose("ask_pin"))
	for _, f := range s.Account(locales.ES) {
		if f.Masked || f.Label == "" {
			t.Fatalf("after authentication: %+v", f)
		}
	}
	if !slices.Equal(s.Steps(), []string{"introduction", "acknowledgement", "expectations", "authentication"}) {
		t.Errorf("steps %v", s.Steps())
	}
}

// Position counts answered turns and estimates the rest of the path.
func TestDrillPosition(t *testing.T) {
	sc := fixture(t)
	s := session(t, sc, seedWhere(t, sc, pinWrong(false)), Practice, locales.ES)
	if n, total := s.Position(); n != 0 || total != 11 {
		t.Fatalf("position %d of %d", n, total)
	}
	must(t, s.Respond("Hola, gracias por llamar a Telco Norte, le atiende Ana. ¿Su nombre?"))
	if n, total := s.Position(); n != 1 || total != 11 {
		t.Fatalf("position %d of %d", n, total)
	}
}

// A caller is checked against the account's authorized users before
// anything else can be shared: that line of the account screen is shown
// to the trainee while the rest stays masked.
func TestDrillAuthorizedUsersAreShownBeforeAuthentication(t *testing.T) {
	sc := scenario(t, "third_party_caller")
	s := session(t, sc, 1, Test, locales.EN)
	if err := playUntil(s, locales.EN, nil, "lookup"); err != nil {
		t.Fatal(err)
	}
	if s.Authenticated() {
		t.Fatal("authenticated before the lookup")
	}
	shown, masked := false, 0
	for _, f := range s.Account(locales.EN) {
		switch {
		case f.Kind == "authorized_users":
			shown = !f.Masked && f.Value == "None" && f.Label == "Authorized users"
		case f.Kind != "vip" && f.Masked:
			masked++
		}
	}
	if !shown || masked == 0 {
		t.Errorf("authorized users shown %v, %d other lines masked: %+v", shown, masked, s.Account(locales.EN))
	}
}

// A line that earns two of its three points is told it earns 66.7%, the
// judgement's own score, never rounded up to 67%.
func TestPartialAnswerFeedbackRoundsDown(t *testing.T) {
	sc := fixture(t)
	s := session(t, sc, seedWhere(t, sc, pinWrong(false)), Practice, locales.EN)
	must(t, s.Respond("Thanks for calling Telco Norte, this is Ana."))
	f, ok := s.Feedback(locales.EN, locales.EN)
	if !ok || f.Correct || f.Judgement == nil || f.Judgement.Mark != 0.667 {
		t.Fatalf("feedback %+v", f)
	}
	if want := locales.New(locales.EN).D("training.sim.response_incomplete", map[string]any{"Score": "66.7"}); !strings.HasPrefix(f.Text, want) {
		t.Errorf("feedback %q, want %q", f.Text, want)
	}
}

// A line said or typed has a length a person says or types: a pasted
// document is refused as it is entered, and an attempt holding one does not
// replay. Before, it was judged, and the judge's reading grows faster than
// the text: a 400 KB answer (crmd takes attempts up to 512 KiB) kept
// crmd's CPU busy for 18 seconds, and the desk's window as long.
func TestDrillAnswerLengthIsBounded(t *testing.T) {
	sc := fixture(t)
	s := session(t, sc, 8, Practice, locales.ES)
	if s.Turn().ID != "greeting" {
		t.Fatalf("the call starts at %s", s.Turn().ID)
	}
	long := strings.Repeat("Gracias por llamar a Telco Norte. ", 150) // 5,100 characters
	var ee *EntryError
	if err := s.Respond(long); !errors.As(err, &ee) || ee.MessageID() != "training.sim.bad_long" {
		t.Fatalf("a %d-character line: %v, want training.sim.bad_long", len([]rune(long)), err)
	}
	if n := len(s.Attempt().Events); n != 0 {
		t.Fatalf("the refused line was recorded: %d events", n)
	}
	a := bot(t, sc, 8, Test, locales.ES, nil)
	k := slices.IndexFunc(a.Events, func(e Event) bool { return e.Turn == "greeting" })
	a.Events[k].Value = long
	if _, err := Grade(sc, a, rubric(t)); gradeCode(err) != ErrCodeAnswer {
		t.Fatalf("an attempt with a %d-character line: %v, want %s", len([]rune(long)), err, ErrCodeAnswer)
	}
}

// A typed figure that redaction would mask (a card number in the decimals
// of a count) is refused as it is typed, with why: recorded masked, it
// would no longer read, the call would stop on a generic error and the
// attempt would not replay.
func TestEntryThatLooksLikeACardIsRefused(t *testing.T) {
	base := fixture(t)
	sc := *base
	sc.Turns = slices.Clone(base.Turns)
	i := slices.IndexFunc(sc.Turns, func(t Turn) bool { return t.ID == "amount" })
	e := *sc.Turns[i].Entry
	e.Kind, e.Expect = EntryNumber, "refund_days" // a count: any number of decimals reads
	sc.Turns[i].Entry = &e
	for _, lang := range locales.Langs {
		s := session(t, &sc, 1, Test, lang)
		if err := playUntil(s, lang, nil, "amount"); err != nil {
			t.Fatal(err)
		}
		before := len(s.Attempt().Events)
		err := s.Enter("0,4111111111111111")
		var ee *EntryError
		if !errors.As(err, &ee) || ee.MessageID() != "training.sim.bad_card" {
			t.Fatalf("%s: %T %v, want the entry refused as a card", lang, err, err)
		}
		if n := len(s.Attempt().Events); n != before || s.Turn().ID != "amount" {
			t.Errorf("%s: the refused entry was recorded (%d events, was %d) or moved the call on", lang, n, before)
		}
		a, err := playBest(s, lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Grade(&sc, a, rubric(t)); err != nil {
			t.Errorf("%s: the attempt does not replay: %v", lang, err)
		}
	}
}

// An entry error's text, what a log would keep, never holds what was
// typed: it may be a card number.
func TestEntryErrorKeepsTheValueOutOfItsText(t *testing.T) {
	err := error(&EntryError{Kind: "money", Value: "4111 1111 1111 1111", Err: errors.New("too_large")})
	if msg := err.Error(); strings.Contains(msg, "1111") {
		t.Errorf("the error says %q", msg)
	}
}

// The feedback on a line says the score the judgement beside it shows
// (the training screen's report, agentctl's "Turn greeting: 33.3%"), in
// the interface language: "33%" under "33.3%" read as two grades.
func TestFeedbackSaysTheJudgementsScore(t *testing.T) {
	sc := fixture(t)
	for _, tc := range []struct {
		ui   locales.Lang
		want string
	}{{locales.EN, "33.3%"}, {locales.ES, "33,3 %"}} {
		s, err := NewSession(sc, 1, Practice, WithClock((&fakeClock{now: testDay, step: time.Second}).Now), WithLang(locales.ES),
			WithTrainee("ana"), WithCompany("Telco Norte"), WithRubric(rubric(t)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Respond("Telco Norte, buenos días."); err != nil {
			t.Fatal(err)
		}
		f, ok := s.Feedback(tc.ui, locales.ES)
		if !ok || f.Judgement == nil || f.Judgement.Mark != 0.333 {
			t.Fatalf("feedback %+v", f)
		}
		if !strings.Contains(f.Text, tc.want) {
			t.Errorf("%s: %q does not say %s", tc.ui, f.Text, tc.want)
		}
	}
}

// Retry is all or nothing: when the history without the retried answer
// does not replay, the retry is not in the record and the call stays where
// it was, so the record never holds a retry the call did not take.
func TestDrillRetryThatDoesNotReplayLeavesNoTrace(t *testing.T) {
	sc := fixture(t)
	s := session(t, sc, 1, Practice, locales.ES)
	must(t, s.Respond("Hola."))
	must(t, s.Respond("Entiendo: le cobraron un servicio que ya no usa."))
	must(t, s.Choose("just_wait"))
	turn, n := s.Turn().ID, len(s.attempt.Events)
	// A history that no longer replays: its first answer names a turn the
	// scenario lacks.
	first := s.attempt.Events[0].Turn
	s.attempt.Events[0].Turn = "no_such_turn"
	if err := s.Retry(); err == nil {
		t.Fatal("a retry whose history does not replay succeeded")
	}
	s.attempt.Events[0].Turn = first
	if len(s.attempt.Events) != n || s.Turn().ID != turn {
		t.Fatalf("a failed retry left %d events (had %d), turn %s (was %s)", len(s.attempt.Events), n, s.Turn().ID, turn)
	}
	must(t, s.Retry())
	if s.Turn().ID != "expect" || len(s.attempt.Events) != n+1 {
		t.Fatalf("retry: turn %s, %d events", s.Turn().ID, len(s.attempt.Events))
	}
}
