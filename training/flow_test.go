package training

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// The best path scores 100 in both languages, whichever way the draw goes.
func TestDrillFixtureBestPath(t *testing.T) {
	sc := fixture(t)
	for _, wrong := range []bool{false, true} {
		seed := seedWhere(t, sc, pinWrong(wrong))
		for _, lang := range locales.Langs {
			r := mustGrade(t, sc, bot(t, sc, seed, Test, lang, nil))
			if r.Total != 100 || !r.Passed || !r.Complete || len(r.Blockers) > 0 {
				t.Errorf("pin wrong %v, %s: %+v", wrong, lang, r)
			}
		}
	}
}

// A poor answer changes the call: the caller's line, their mood, and the
// turn that comes next.
func TestDrillBranchAfterPoorAnswer(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	s := session(t, sc, seed, Practice, locales.ES)
	if err := s.Respond("Gracias por llamar a Telco Norte, le atiende Ana. ¿Con quién tengo el gusto?"); err != nil {
		t.Fatal(err)
	}
	if s.Turn().ID != "reason" {
		t.Fatalf("at %s", s.Turn().ID)
	}
	before := s.Persona(locales.ES).Patience
	if err := s.Respond("Ajá."); err != nil {
		t.Fatal(err)
	}
	if s.Turn().ID != "calm_down" {
		t.Fatalf("a poor acknowledgement leads to %s, want calm_down", s.Turn().ID)
	}
	fb, _ := s.Feedback(locales.ES, locales.ES)
	if fb.Reply != "¿Me está escuchando siquiera?" || fb.PatienceAfter != before-1 || fb.Judgement == nil || fb.Correct {
		t.Fatalf("feedback %+v", fb)
	}
	if p := s.Persona(locales.EN); p.Patience != before-1 || p.MoodNow != "training.mood.2" {
		t.Fatalf("persona %+v", p)
	}
	// A good answer there calms the caller and the call goes on.
	if err := s.Choose("apologize"); err != nil {
		t.Fatal(err)
	}
	if s.Turn().ID != "expect" || s.Persona(locales.ES).Patience != before {
		t.Fatalf("after the apology: %s, patience %d", s.Turn().ID, s.Persona(locales.ES).Patience)
	}
	// The good path never sees the branch.
	r := mustGrade(t, sc, bot(t, sc, seed, Test, locales.ES, nil))
	if slices.Contains(r.Path, "calm_down") {
		t.Fatalf("path %v", r.Path)
	}
	// Retry takes the poor answer back, mood included.
	if err := s.Retry(); err != nil {
		t.Fatal(err)
	}
	if s.Turn().ID != "calm_down" {
		t.Fatalf("retry of the apology: at %s", s.Turn().ID)
	}
	if err := s.Retry(); err != nil {
		t.Fatal(err)
	}
	if s.Turn().ID != "reason" || s.Persona(locales.ES).Patience != before {
		t.Fatalf("retry of the poor answer: at %s, patience %d", s.Turn().ID, s.Persona(locales.ES).Patience)
	}
}

// A PIN that does not match, then a security question the caller cannot
// answer: the right handling refuses to disclose and still passes; giving
// the account away instead is a blocker.
func TestDrillFailedAuthentication(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(true))
	s := session(t, sc, seed, Practice, locales.EN)
	if err := playUntil(s, locales.EN, nil, "security"); err != nil {
		t.Fatal(err)
	}
	if s.Notice(locales.EN) != "The PIN does not match the one on file." || s.Authenticated() {
		t.Fatalf("at security: notice %q, authenticated %v", s.Notice(locales.EN), s.Authenticated())
	}
	for _, f := range s.Account(locales.EN) {
		if !f.Masked {
			t.Fatalf("the account shows %s before authentication", f.Kind)
		}
	}
	a, err := playBest(s, locales.EN, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := mustGrade(t, sc, a)
	if !r.Passed || r.Total != 100 || !slices.Equal(r.Path, []string{"greeting", "reason", "expect", "verify_fails", "security", "refuse", "recap_refused", "goodbye"}) {
		t.Fatalf("the refusal path: %+v", r)
	}
	if c := criterion(r, "exploration"); c.Applicable {
		t.Errorf("the account work cannot be expected of a refused caller: %+v", c)
	}
	// Telling the unverified caller what is on the account fails.
	bad := mustGrade(t, sc, bot(t, sc, seed, Test, locales.EN, map[string]string{"security": "let_it_go"}))
	if !hasBlocker(bad, BlockerDisclosedBeforeAuth) || bad.Passed {
		t.Fatalf("disclosure to an unverified caller: %+v", bad.Blockers)
	}
	// So does saying the amount in the refusal.
	v, _ := sc.Draw(seed, testDay)
	amount, _ := v.Format("charge", locales.EN)
	said := mustGrade(t, sc, bot(t, sc, seed, Test, locales.EN, map[string]string{"refuse": "I can't share details, but it's " + amount + ". Call back with your PIN."}))
	if !hasBlocker(said, BlockerDisclosedBeforeAuth) {
		t.Fatalf("the amount said in the refusal: %+v", said.Blockers)
	}
	// Skipping authentication altogether is a blocker as before.
	skip := mustGrade(t, sc, bot(t, sc, seed, Test, locales.EN, map[string]string{"verify_fails": "skip"}))
	if !hasBlocker(skip, BlockerAuthSkipped) {
		t.Fatalf("skipped: %+v", skip.Blockers)
	}
}

// When patience runs low the caller demands a supervisor; a refusal
// without an alternative makes them hang up, which ends and fails the call.
func TestDrillSupervisorAndHangUp(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	poor := map[string]string{"reason": poorLine, "calm_down": "calm_yourself"}
	s := session(t, sc, seed, Practice, locales.ES)
	if err := playUntil(s, locales.ES, poor, "supervisor"); err != nil {
		t.Fatal(err)
	}
	if s.Turn() == nil || s.Turn().ID != "supervisor" || s.Persona(locales.ES).Patience != 1 {
		t.Fatalf("no supervisor demand: %v", s.Turn())
	}
	// Owning it brings the call back where it was going.
	if err := s.Choose("own_it"); err != nil {
		t.Fatal(err)
	}
	if s.Turn().ID != "expect" {
		t.Fatalf("after the detour: %s", s.Turn().ID)
	}
	a, err := playBest(s, locales.ES, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := mustGrade(t, sc, a)
	if !r.Complete || r.HungUp || !slices.Contains(r.Path, "supervisor") {
		t.Fatalf("the detour: %+v", r)
	}
	// Refusing the supervisor: the caller hangs up.
	poor["supervisor"] = "refuse_sup"
	hung := mustGrade(t, sc, bot(t, sc, seed, Test, locales.ES, poor))
	if !hung.HungUp || hung.Complete || hung.Passed || !hasBlocker(hung, BlockerHungUp) || hung.Patience != 1 {
		t.Fatalf("hang-up: %+v", hung)
	}
	if last := hung.Path[len(hung.Path)-1]; last != "supervisor" {
		t.Fatalf("the call went on after the hang-up: %v", hung.Path)
	}
	// A hung-up session takes no more answers.
	s = session(t, sc, seed, Practice, locales.ES)
	if err := playUntil(s, locales.ES, poor, "supervisor"); err != nil {
		t.Fatal(err)
	}
	if err := s.Choose("refuse_sup"); err != nil {
		t.Fatal(err)
	}
	if !s.Done() || !s.HungUp() || s.Choose("own_it") != ErrFinished {
		t.Fatal("the call is not over after the hang-up")
	}
}

// The grader derives consequences from the scenario: an attempt that keeps
// a violating choice but drops (or never had) the disclosure still fails,
// and what a desk claims happened is not believed.
func TestDrillConsequencesAreDerived(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(true))
	a := bot(t, sc, seed, Test, locales.ES, map[string]string{"security": "let_it_go"})
	for _, e := range a.Events {
		if e.Kind != EvChoice && e.Kind != EvEntry {
			t.Fatalf("a version 2 attempt records only what the trainee did, not %s", e.Kind)
		}
	}
	if r := mustGrade(t, sc, a); !hasBlocker(r, BlockerDisclosedBeforeAuth) {
		t.Fatalf("%+v", r.Blockers)
	}
	// A version 1 attempt with the disclosure dropped and an auth event
	// made up: the choice still discloses, the made-up event is ignored.
	v1 := a
	v1.Format = 1
	v1.Events = append([]Event{{At: a.Started, Kind: EvAuth, Method: "pin"}}, a.Events...)
	if r := mustGrade(t, sc, v1); !hasBlocker(r, BlockerDisclosedBeforeAuth) {
		t.Fatalf("v1: %+v", r.Blockers)
	}
	// A desk's score and pass flag are not in the attempt at all: the
	// format refuses them.
	data, _ := json.Marshal(a)
	tampered := strings.Replace(string(data), `"events"`, `"passed":true,"events"`, 1)
	if _, err := ParseAttempt([]byte(tampered)); err == nil {
		t.Fatal("an attempt claiming its own pass was accepted")
	}
	// Derived kinds in a version 2 attempt are refused.
	b := a
	b.Events = append(slices.Clone(a.Events), Event{At: a.Started, Kind: EvAuth, Method: "pin"})
	data, _ = json.Marshal(b)
	if _, err := ParseAttempt(data); err == nil {
		t.Fatal("a version 2 attempt with an auth event was accepted")
	}
}

// An attempt that does not replay is refused with a coded error, never
// graded; so is one that names no rubric, or another rubric.
func TestDrillGradeRefusesWhatDoesNotReplay(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	base := bot(t, sc, seed, Test, locales.ES, nil)
	choice := slices.IndexFunc(base.Events, func(e Event) bool { return e.Kind == EvChoice })
	tests := []struct {
		name string
		edit func(a *Attempt)
		code string
	}{
		{"no rubric version", func(a *Attempt) { a.RubricVersion = "" }, ErrCodeNoRubric},
		{"another rubric", func(a *Attempt) { a.RubricVersion = "2026.1" }, ErrCodeRubricMismatch},
		{"another scenario", func(a *Attempt) { a.Scenario = "promo_expired" }, ErrCodeScenario},
		{"unreadable day", func(a *Attempt) { a.Day = "tomorrow" }, ErrCodeDay},
		{"unknown choice", func(a *Attempt) { a.Events[choice].Choice = "made_up" }, ErrCodeChoice},
		{"unknown turn", func(a *Attempt) { a.Events[choice].Turn = "made_up" }, ErrCodeUnknownTurn},
		{"answers out of order", func(a *Attempt) { a.Events[0], a.Events[1] = a.Events[1], a.Events[0] }, ErrCodeOrder},
		{"a branch the call never took", func(a *Attempt) {
			a.Events = slices.Insert(a.Events, 2, Event{At: a.Started, Kind: EvChoice, Turn: "calm_down", Choice: "apologize"})
		}, ErrCodeOrder},
		{"an answer after the end", func(a *Attempt) {
			a.Events = append(a.Events, Event{At: a.Started, Kind: EvChoice, Turn: "goodbye", Choice: "thanks"})
		}, ErrCodeAfterEnd},
		{"a typed figure that cannot be read", func(a *Attempt) {
			i := slices.IndexFunc(a.Events, func(e Event) bool { return e.Turn == "amount" })
			a.Events[i].Value = "lots"
		}, ErrCodeAnswer},
		{"a choice where a line is said", func(a *Attempt) {
			a.Events[0] = Event{At: a.Started, Kind: EvChoice, Turn: "greeting", Choice: "x"}
		}, ErrCodeAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			a.Events = slices.Clone(base.Events)
			tt.edit(&a)
			_, err := Grade(sc, a, rubric(t))
			if gradeCode(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			ge := err.(*GradeError)
			if id := ge.MessageID(); !strings.HasPrefix(id, "training.grade_error.") {
				t.Errorf("message ID %q", id)
			}
			// What a Spanish reader sees has no English in it: details
			// that are sentences stay in the log.
			msg := locales.New(locales.ES).D(ge.MessageID(), map[string]any{"Turn": ge.Turn, "Detail": ge.Detail})
			for _, en := range []string{" the ", " not ", " does ", " at ", "parsing", "invalid", "version "} {
				if strings.Contains(" "+msg+" ", en) {
					t.Errorf("the Spanish explanation %q has %q", msg, en)
				}
			}
		})
	}
	// An unfinished attempt replays and grades, but cannot pass.
	a := base
	a.Events = base.Events[:4]
	r := mustGrade(t, sc, a)
	if r.Complete || r.Passed {
		t.Fatalf("unfinished: %+v", r)
	}
}

// Grading is deterministic, and a report stored as JSON reads back the same.
func TestDrillGradeDeterministic(t *testing.T) {
	sc := fixture(t)
	a := bot(t, sc, 3, Practice, locales.ES, map[string]string{"reason": "mm"})
	r1, r2 := mustGrade(t, sc, a), mustGrade(t, sc, a)
	b1, _ := json.Marshal(r1)
	b2, _ := json.Marshal(r2)
	if string(b1) != string(b2) {
		t.Fatalf("two gradings differ:\n%s\n%s", b1, b2)
	}
	var back Report
	if err := json.Unmarshal(b1, &back); err != nil || len(back.Responses) == 0 || back.Responses[1].Turn != "reason" {
		t.Fatalf("report round trip: %v %+v", err, back.Responses)
	}
	// The session told the trainee what the grader says.
	s := session(t, sc, 3, Practice, locales.ES)
	if err := playUntil(s, locales.ES, nil, "reason"); err != nil {
		t.Fatal(err)
	}
	_ = s.Respond(poorLine)
	fb, _ := s.Feedback(locales.ES, locales.ES)
	if fb.Judgement == nil || fb.Judgement.Mark != back.Responses[1].Mark {
		t.Fatalf("feedback %+v vs report %+v", fb.Judgement, back.Responses[1])
	}
}

// A card read back to the caller or typed in a note is redacted before it
// is recorded, and the count it leaves fails the attempt.
func TestDrillCardNeverStored(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	card := Value{Kind: KindCard, Card: testCard(4, "c")}.Format(locales.ES, "")
	for _, turn := range []string{"note", "recap"} {
		a := bot(t, sc, seed, Test, locales.ES, map[string]string{turn: "Reembolso a la tarjeta " + card + ", ¿algo más?"})
		data, _ := json.Marshal(a)
		if strings.Contains(string(data), strings.ReplaceAll(card, " ", "")) || strings.Contains(string(data), card) {
			t.Fatalf("%s: the card reached the attempt", turn)
		}
		if r := mustGrade(t, sc, a); !hasBlocker(r, BlockerCardInNotes) {
			t.Fatalf("%s: %+v", turn, r.Blockers)
		}
	}
}

// A call type that needs no authentication (a third party calling for the
// holder) still gives account details to nobody unverified: the best path
// passes without anyone authenticating, and a balance said aloud, chosen
// or typed, fails the call.
func TestDrillThirdPartyGetsNoDetails(t *testing.T) {
	sc := scenario(t, "third_party_caller")
	best := mustGrade(t, sc, bot(t, sc, 1, Test, locales.ES, nil))
	if !best.Passed || len(best.Blockers) != 0 || criterion(best, "authentication").Score != 1 {
		t.Fatalf("best path: %+v", best)
	}
	chosen := mustGrade(t, sc, bot(t, sc, 1, Test, locales.ES, map[string]string{"pressure": "confirm_past_due"}))
	if chosen.Passed || !hasBlocker(chosen, BlockerDisclosedBeforeAuth) || criterion(chosen, "authentication").Score >= 1 {
		t.Fatalf("past-due amount chosen: %+v", chosen)
	}
	v, _ := sc.Draw(1, testDay)
	for _, l := range locales.Langs {
		balance, _ := v.Format("balance", l)
		line := map[locales.Lang]string{
			locales.ES: "Solo la titular o un usuario autorizado; llame con ella y le agrego. Le doy información general. Debe " + balance + ".",
			locales.EN: "Only the account holder or an authorized user; call with her and I'll add you. I can give general information. She owes " + balance + ".",
		}[l]
		said := mustGrade(t, sc, bot(t, sc, 1, Test, l, map[string]string{"explain": line}))
		if said.Passed || !hasBlocker(said, BlockerDisclosedBeforeAuth) {
			t.Fatalf("%s: balance typed: %+v", l, said.Blockers)
		}
	}
}

var zeroAmount = regexp.MustCompile(`(^|[^0-9])0[.,]00`)

// A promise beyond authority said in a free answer is explained as said,
// not as an amount granted ("0,00 US$ was granted").
func TestDrillPromiseBeyondAuthorityIsExplainedAsSaid(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	for _, lang := range locales.Langs {
		line := map[locales.Lang]string{locales.ES: "Le reembolso y además le devuelvo el doble.", locales.EN: "I'm refunding it, and I'll refund you double."}[lang]
		r := mustGrade(t, sc, bot(t, sc, seed, Test, lang, map[string]string{"explain": line}))
		i := slices.IndexFunc(r.Blockers, func(b Blocker) bool { return b.ID == BlockerOverAuthority })
		if i < 0 {
			t.Fatalf("%s: %+v", lang, r.Blockers)
		}
		tr := locales.New(lang)
		b := r.Blockers[i]
		limit := calculators.FormatMoney(calculators.FromMinor(sc.AuthorityLimit(), b.Currency), lang)
		if got := b.Explain(tr); b.Message != MessagePromisedBeyondAuthority || zeroAmount.MatchString(got) || !strings.Contains(got, limit) {
			t.Errorf("%s: %s: %q", lang, b.Message, got)
		}
		// A report stored before the promise had its own message names
		// the granted-amount one, with no amount: it reads as said too.
		old := b
		old.Message = "training.blocker.over_authority.explain"
		if got, want := old.Explain(tr), b.Explain(tr); got != want {
			t.Errorf("%s: a stored report explains %q, want %q", lang, got, want)
		}
	}
}

// From rubric 2026.3 the authority counts per case, as on the call
// screen: the promised adjustment and a free month each fit under the
// agent's limit, together they do not, and granting both with no
// escalation blocks the call. A call graded with 2026.2 keeps its grade.
func TestDrillAuthorityPerCaseFromRubric2026_3(t *testing.T) {
	sc := scenario(t, "complaint_previous_contact")
	c := content(t)
	picks := map[string]string{"courtesy": "month_free"}
	for _, tc := range []struct {
		rubric  string
		blocked bool
	}{{"2026.2", false}, {c.CurrentRubric().Version, true}} {
		r, ok := c.Rubric(tc.rubric)
		if !ok {
			t.Fatalf("no rubric %s", tc.rubric)
		}
		clk := &fakeClock{now: testDay, step: time.Second}
		s, err := NewSession(sc, 3, Test, WithClock(clk.Now), WithLang(locales.ES), WithTrainee("Ana"), WithCompany("Telco Norte"), WithRubric(r))
		if err != nil {
			t.Fatal(err)
		}
		a, err := playBest(s, locales.ES, picks)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Grade(sc, a, r)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(rep.Blockers, func(b Blocker) bool { return b.ID == BlockerOverAuthority })
		if (i >= 0) != tc.blocked {
			t.Fatalf("rubric %s: blockers %+v", tc.rubric, rep.Blockers)
		}
		if i >= 0 {
			promised, _ := s.Values().Get("promised")
			if b := rep.Blockers[i]; b.Amount != promised.Minor+4500 || b.Limit != sc.AuthorityLimit() || b.Message != MessageGrantedBeyondAuthority {
				t.Errorf("the blocker says %d granted against %d (%s)", b.Amount, b.Limit, b.Message)
			}
		}
	}
}

// The explanations say what happened: full marks for authentication on a
// call where nobody was verified do not say "you authenticated the
// customer", and a card number said in an answer is not "written in the
// notes".
func TestDrillExplanationsSayWhatHappened(t *testing.T) {
	c := content(t)
	for _, tc := range []struct {
		scenario string
		want     string
	}{
		{"balance_no_pin", MessageAuthUnverified},
		{"third_party_caller", MessageAuthUnverified},
		{"refund_request", "training.criterion.authentication.full"},
	} {
		sc := c.Scenario(tc.scenario)
		r := mustGrade(t, sc, bot(t, sc, 1, Test, locales.EN, nil))
		i := slices.IndexFunc(r.Criteria, func(cs CriterionScore) bool { return cs.ID == "authentication" })
		if i < 0 || r.Criteria[i].Score != 1 || r.Criteria[i].Message != tc.want {
			t.Errorf("%s: %+v, want %s", tc.scenario, r.Criteria[i], tc.want)
		}
	}
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	r := mustGrade(t, sc, bot(t, sc, seed, Test, locales.EN, map[string]string{"explain": "I'm refunding it to your card 4111 1111 1111 1111."}))
	i := slices.IndexFunc(r.Blockers, func(b Blocker) bool { return b.ID == BlockerCardInNotes })
	if i < 0 || r.Blockers[i].Message != MessageCardSaid {
		t.Errorf("a card said in an answer: %+v", r.Blockers)
	}
	r = mustGrade(t, sc, bot(t, sc, seed, Test, locales.EN, map[string]string{"note": "Refund to card 4111 1111 1111 1111."}))
	i = slices.IndexFunc(r.Blockers, func(b Blocker) bool { return b.ID == BlockerCardInNotes })
	if i < 0 || r.Blockers[i].Message != "training.blocker.card_in_notes.explain" {
		t.Errorf("a card written in the note: %+v", r.Blockers)
	}
}

// A whole score is never above the total it stands for: shown beside the
// pass flag, 84.9 on a track passing at 85 reads 84, not "85, not passed".
func TestReportScoreIsRoundedDownWithinZeroAndHundred(t *testing.T) {
	for _, tt := range []struct {
		total float64
		want  int
	}{
		{84.9, 84}, {84.5, 84}, {85, 85}, {85.1, 85}, {0.4, 0}, {99.9, 99}, {100, 100}, {-3, 0}, {104.2, 100},
	} {
		r := Report{Total: tt.total, PassMark: 85, Complete: true}
		r.Passed = r.Total >= float64(r.PassMark)
		if got := r.Score(); got != tt.want || (got >= r.PassMark) != r.Passed {
			t.Errorf("total %v: score %d, want %d (passed %v at %d)", tt.total, got, tt.want, r.Passed, r.PassMark)
		}
	}
}

// A partial criterion reads as partial: two seconds over an eight-minute
// target is "Over the target time (99%)", not "(100%)", and no share
// strictly between none and all is written as 0% or 100%.
func TestPartialCriterionIsExplainedBetweenNoneAndAll(t *testing.T) {
	sc := fixture(t)
	a := bot(t, sc, seedWhere(t, sc, pinWrong(false)), Test, locales.EN, nil)
	a.DurationMS = int64(sc.Expect.Minutes*60000) + 2000
	a.Finished = a.Started.Add(time.Duration(a.DurationMS) * time.Millisecond)
	r := mustGrade(t, sc, a)
	c := criterion(r, "time")
	tr := locales.New(locales.EN)
	if got, want := c.Explain(tr), tr.D("training.criterion.time.partial", map[string]any{"Score": 99}); c.Score >= 1 || got != want {
		t.Errorf("time %v (%v of %v points): %q, want %q", c.Score, c.Points, r.MaxPoints(c), got, want)
	}
	for _, tt := range []struct {
		share float64
		want  int
	}{
		{0, 0}, {0.001, 1}, {0.004, 1}, {0.29, 29}, {0.5, 50}, {0.667, 66}, {0.996, 99}, {0.999, 99}, {1, 100},
	} {
		if got := percent(tt.share); got != tt.want {
			t.Errorf("%v reads %d%%, want %d%%", tt.share, got, tt.want)
		}
	}
}

// A note a choice writes is in the call's language: an English call's
// notes are not written in Spanish because a choice carries no language.
func TestChoiceNotesAreInTheCallLanguage(t *testing.T) {
	sc := scenario(t, "bill_payment")
	for _, lang := range locales.Langs {
		s := session(t, sc, 7, Practice, lang)
		if _, err := playBest(s, lang, map[string]string{"card_number": "note_it"}); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(locales.New(lang).D("training.sim.card_note", map[string]any{"Card": ""}), " ")
		var notes []string
		for _, e := range s.run.events {
			if e.Kind == EvNote {
				notes = append(notes, e.Text)
			}
		}
		if len(notes) == 0 || !strings.HasPrefix(notes[0], want) {
			t.Errorf("%s: notes %q, want the first starting %q", lang, notes, want)
		}
	}
}
