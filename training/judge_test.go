package training

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// judgeCall is the fixture call the tables judge answers in: a seed whose
// PIN passes, so the explanation turn comes after authentication.
type judgeCall struct {
	seed                 int64
	charge               Value
	refundBy             time.Time
	chargeES, chargeEN   string // as each language writes it
	chargeDot, chargeCom string // 12.50 and 12,50, without a symbol
}

func newJudgeCall(t *testing.T) judgeCall {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	v, _ := sc.Draw(seed, testDay)
	c, _ := v.Get("charge")
	by, _ := v.Get("refund_by")
	es, _ := v.Format("charge", locales.ES)
	en, _ := v.Format("charge", locales.EN)
	return judgeCall{seed: seed, charge: c, refundBy: by.Date, chargeES: es, chargeEN: en,
		chargeDot: fmt.Sprintf("%d.%02d", c.Minor/100, c.Minor%100), chargeCom: fmt.Sprintf("%d,%02d", c.Minor/100, c.Minor%100)}
}

// refundTerms is the refund's amount, time and date as each language
// says them after "refund you": the part of an offer that refusals and
// contradictions are tested around.
func (jc judgeCall) refundTerms() map[locales.Lang]string {
	return map[locales.Lang]string{
		locales.ES: fmt.Sprintf("%s en 5 días hábiles, a más tardar el %s", jc.chargeES, locales.FormatDate(locales.ES, jc.refundBy)),
		locales.EN: fmt.Sprintf("%s within 5 business days, by %s", jc.chargeEN, locales.FormatDate(locales.EN, jc.refundBy)),
	}
}

func judgeIt(t *testing.T, jc judgeCall, turn string, lang locales.Lang, text string) Judgement {
	t.Helper()
	j, err := Judge(fixture(t), turn, text, JudgeOptions{Lang: lang, Seed: jc.seed, Day: testDay, Company: "Telco Norte",
		Agent: "Ana", Rubric: rubric(t)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func element(j Judgement, id string) ElementResult {
	i := slices.IndexFunc(j.Elements, func(e ElementResult) bool { return e.ID == id })
	if i < 0 {
		return ElementResult{}
	}
	return j.Elements[i]
}

// The free-response tables: present, missing, negated, wrong register,
// wrong figure, a figure in the other language's format and account data
// before authentication, in both languages.
func TestDrillJudgeTables(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	esMonths := []string{"", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	esSpelled := fmt.Sprintf("%d de %s", jc.refundBy.Day(), esMonths[jc.refundBy.Month()])
	enSpelled := fmt.Sprintf("%s %dth", jc.refundBy.Month(), jc.refundBy.Day())
	type want struct {
		found, missed, negated []string // element IDs
		mark                   float64  // -1: any
		blocker                string
		tu                     []string
		heard                  string // a figure heard instead of the right one
		other                  bool   // said in the other language: no register to check
	}
	tests := []struct {
		name, turn string
		lang       locales.Lang
		text       string
		want       want
	}{
		// Present: every element, in the call language.
		{"es present", "greeting", locales.ES, "Gracias por llamar a Telco Norte, le atiende Ana. ¿Con quién tengo el gusto?",
			want{found: []string{"company", "agent", "ask_name"}, mark: 1}},
		{"en present", "greeting", locales.EN, "Thanks for calling Telco Norte, this is Ana. May I have your name?",
			want{found: []string{"company", "agent", "ask_name"}, mark: 1}},
		// Accents and case do not matter.
		{"es accents and case", "greeting", locales.ES, "GRACIAS POR LLAMAR A TELCO NORTE, LE ATIENDE ANA. ¿CON QUIEN TENGO EL GUSTO?",
			want{found: []string{"company", "agent", "ask_name"}, mark: 1}},
		// Missing.
		{"es missing", "greeting", locales.ES, "Telco Norte, buenos días.",
			want{found: []string{"company"}, missed: []string{"agent", "ask_name"}, mark: -1}},
		{"en missing", "greeting", locales.EN, "Hello, Telco Norte.",
			want{found: []string{"company"}, missed: []string{"agent", "ask_name"}, mark: -1}},
		// Wrong register: the elements are there, the tú form costs its point.
		{"es tú register", "greeting", locales.ES, "Gracias por llamar a Telco Norte, te atiende Ana. ¿Con quién tengo el gusto?",
			want{found: []string{"company", "agent", "ask_name"}, mark: 0.75, tu: []string{"te"}}},
		{"es tú preterite", "reason", locales.ES, "Entiendo, te cobraron un servicio que ya no usas y ya lo pagaste.",
			want{found: []string{"empathy", "paraphrase"}, mark: -1, tu: []string{"te", "pagaste"}}},
		// Negated: a refusal is not a refund.
		{"es negated", "explain", locales.ES, fmt.Sprintf("No le puedo hacer el reembolso de %s en 5 días hábiles, a más tardar el %s.", jc.chargeES, esDate),
			want{found: []string{"amount", "days", "date"}, negated: []string{"refund"}, mark: -1}},
		{"en negated", "explain", locales.EN, fmt.Sprintf("A refund of %s isn't possible within 5 business days, by %s.", jc.chargeEN, enDate),
			want{found: []string{"amount", "days", "date"}, negated: []string{"refund"}, mark: -1}},
		{"es idiom is no negation", "explain", locales.ES, fmt.Sprintf("No se preocupe, le reembolso %s en cinco días hábiles, a más tardar el %s.", jc.chargeES, esSpelled),
			want{found: []string{"refund", "amount", "days", "date"}, mark: 1}},
		{"en idiom is no negation", "explain", locales.EN, fmt.Sprintf("Don't worry, I'm refunding %s within five business days, by %s.", jc.chargeEN, enSpelled),
			want{found: []string{"refund", "amount", "days", "date"}, mark: 1}},
		// Wrong figure: the amount said is not the one on the account.
		{"es wrong figure", "explain", locales.ES, fmt.Sprintf("Le reembolso 999,00 en 5 días hábiles, a más tardar el %s.", esDate),
			want{found: []string{"refund", "days", "date"}, missed: []string{"amount"}, mark: -1, heard: "999,00"}},
		{"en wrong figure", "explain", locales.EN, fmt.Sprintf("I'm refunding $999.00 within 5 business days, by %s.", enDate),
			want{found: []string{"refund", "days", "date"}, missed: []string{"amount"}, mark: -1, heard: "999.00"}},
		{"en wrong date", "explain", locales.EN, fmt.Sprintf("I'm refunding %s within 5 business days, by January 1st.", jc.chargeEN),
			want{found: []string{"refund", "amount", "days"}, missed: []string{"date"}, mark: -1}},
		// A figure in the other language's number format still counts.
		{"es call, English format", "explain", locales.ES, fmt.Sprintf("Le reembolso %s en 5 días hábiles, a más tardar el %s.", jc.chargeDot, esDate),
			want{found: []string{"refund", "amount", "days", "date"}, mark: 1}},
		{"en call, Spanish format", "explain", locales.EN, fmt.Sprintf("I'm refunding %s within 5 business days, by %s.", jc.chargeCom, enDate),
			want{found: []string{"refund", "amount", "days", "date"}, mark: 1}},
		{"en call, Spanish date", "explain", locales.EN, fmt.Sprintf("I'm refunding %s within 5 business days, by %s.", jc.chargeEN, esDate),
			want{found: []string{"refund", "amount", "days", "date"}, mark: 1}},
		// Beyond authority: a blocker, whatever else was said.
		{"es over authority", "explain", locales.ES, fmt.Sprintf("Le reembolso %s y además le devuelvo el doble, en 5 días hábiles, el %s.", jc.chargeES, esDate),
			want{found: []string{"refund", "amount", "over_promise"}, mark: -1, blocker: BlockerOverAuthority}},
		// Account data before authentication.
		{"es amount before authentication", "reason", locales.ES, fmt.Sprintf("Entiendo, veo el cobro de %s por el servicio que ya no usa.", jc.chargeES),
			want{found: []string{"empathy", "paraphrase", "no_amount"}, mark: -1, blocker: BlockerDisclosedBeforeAuth}},
		{"en amount before authentication", "reason", locales.EN, fmt.Sprintf("I understand, you were charged for a service you no longer use, %s.", jc.chargeEN),
			want{found: []string{"empathy", "paraphrase", "no_amount"}, mark: -1, blocker: BlockerDisclosedBeforeAuth}},
		{"en other-format amount before authentication", "reason", locales.EN, fmt.Sprintf("I see, you were charged for a service: %s.", jc.chargeCom),
			want{found: []string{"empathy", "paraphrase", "no_amount"}, mark: -1, blocker: BlockerDisclosedBeforeAuth}},
		// Said in the other language: nothing it had to say counts, and
		// the amount it must not say is said all the same.
		{"es call answered in English", "reason", locales.ES, fmt.Sprintf("I understand, you were charged for a service you no longer use, %s.", jc.chargeEN),
			want{found: []string{"no_amount"}, missed: []string{"empathy", "paraphrase"}, mark: 0, blocker: BlockerDisclosedBeforeAuth, other: true}},
		{"en call answered in Spanish", "explain", locales.EN, fmt.Sprintf("Le reembolso %s en 5 días hábiles, a más tardar el %s.", jc.chargeES, esDate),
			want{missed: []string{"refund", "amount", "days", "date"}, mark: 0, other: true}},
		{"es no amount, no blocker", "reason", locales.ES, "Lamento la molestia: le cobraron un servicio que ya no usa. Lo reviso.",
			want{found: []string{"empathy", "paraphrase"}, missed: []string{"no_amount"}, mark: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := judgeIt(t, jc, tt.turn, tt.lang, tt.text)
			for _, id := range tt.want.found {
				if e := element(j, id); !e.Found || len(e.Matched) == 0 {
					t.Errorf("%s not found: %+v", id, e)
				}
			}
			for _, id := range tt.want.missed {
				if e := element(j, id); e.Found {
					t.Errorf("%s found: %+v", id, e)
				}
			}
			for _, id := range tt.want.negated {
				if e := element(j, id); e.Found || len(e.Negated) == 0 {
					t.Errorf("%s not negated: %+v", id, e)
				}
			}
			if tt.want.mark >= 0 && j.Mark != tt.want.mark {
				t.Errorf("mark %v, want %v: %+v", j.Mark, tt.want.mark, j)
			}
			if tt.want.mark < 0 && j.Mark >= 1 {
				t.Errorf("full marks for a flawed answer: %+v", j)
			}
			if tt.want.blocker != "" && !slices.Contains(j.Blockers, tt.want.blocker) {
				t.Errorf("no %s blocker: %+v", tt.want.blocker, j)
			}
			if tt.want.blocker == "" && len(j.Blockers) > 0 {
				t.Errorf("blockers %v", j.Blockers)
			}
			if j.OtherLanguage != tt.want.other {
				t.Errorf("other language %v, want %v", j.OtherLanguage, tt.want.other)
			}
			if tt.lang == locales.ES && !tt.want.other {
				if j.Register == nil || !slices.Equal(j.Register.TuForms, tt.want.tu) || j.Register.OK != (len(tt.want.tu) == 0) {
					t.Errorf("register %+v, want tú forms %v", j.Register, tt.want.tu)
				}
			} else if j.Register != nil {
				t.Errorf("the register of an English line is not checked: %+v", j.Register)
			}
			if tt.want.heard != "" {
				missed := slices.IndexFunc(j.Elements, func(e ElementResult) bool { return slices.Contains(e.Heard, tt.want.heard) })
				if missed < 0 {
					t.Errorf("%q not reported as heard: %+v", tt.want.heard, j.Elements)
				}
			}
			// The explanation has a line per element, and the lines quote
			// the words that decided.
			lines := ExplainJudgement(locales.New(tt.lang), fixture(t), j)
			if len(lines) < len(j.Elements) {
				t.Errorf("%d lines for %d elements", len(lines), len(j.Elements))
			}
			for _, l := range lines {
				if strings.Contains(l.Text, "training.") {
					t.Errorf("untranslated line %q", l.Text)
				}
			}
		})
	}
}

// After authentication the amount may be said: a before_auth element is
// waived, not failed.
func TestDrillJudgeAfterAuthentication(t *testing.T) {
	jc := newJudgeCall(t)
	j := judgeIt(t, jc, "recap", locales.ES, fmt.Sprintf("Para resumir, le reembolso %s. ¿Algo más?", jc.chargeES))
	if j.Mark != 1 || len(j.Blockers) > 0 {
		t.Fatalf("%+v", j)
	}
	// The refused caller's recap comes before any authentication.
	seed := seedWhere(t, fixture(t), pinWrong(true))
	j, err := Judge(fixture(t), "recap_refused", "Para resumir, su cobro es de "+jc.chargeES+". ¿Algo más?",
		JudgeOptions{Lang: locales.ES, Seed: seed, Day: testDay, Rubric: rubric(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(j.Blockers, BlockerDisclosedBeforeAuth) {
		// The draw changes the charge with the seed; say this seed's.
		v, _ := fixture(t).Draw(seed, testDay)
		own, _ := v.Format("charge", locales.ES)
		j, _ = Judge(fixture(t), "recap_refused", "Para resumir, su cobro es de "+own+". ¿Algo más?",
			JudgeOptions{Lang: locales.ES, Seed: seed, Day: testDay, Rubric: rubric(t)})
		if !slices.Contains(j.Blockers, BlockerDisclosedBeforeAuth) {
			t.Fatalf("the amount told to an unverified caller is not a blocker: %+v", j)
		}
	}
}

// The judge is a pure function: the same answer, scenario and rubric give
// the same judgement, and errors are coded.
func TestDrillJudgeIsPure(t *testing.T) {
	jc := newJudgeCall(t)
	text := "Gracias por llamar a Telco Norte, le atiende Ana."
	a, b := judgeIt(t, jc, "greeting", locales.ES, text), judgeIt(t, jc, "greeting", locales.ES, text)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("%+v\n%+v", a, b)
	}
	o := JudgeOptions{Lang: locales.ES, Seed: jc.seed, Day: testDay, Rubric: rubric(t)}
	if _, err := Judge(fixture(t), "nope", text, o); gradeCode(err) != ErrCodeUnknownTurn {
		t.Errorf("unknown turn: %v", err)
	}
	if _, err := Judge(fixture(t), "expect", text, o); err != ErrNotResponse {
		t.Errorf("a choice turn: %v", err)
	}
	seed := seedWhere(t, fixture(t), pinWrong(true))
	if _, err := Judge(fixture(t), "explain", text, JudgeOptions{Lang: locales.ES, Seed: seed, Day: testDay, Rubric: rubric(t)}); err != ErrNotReached {
		t.Errorf("a turn the draw never reaches: %v", err)
	}
	bad := rubric(t)
	bad.Judge = JudgeVersion + 1
	if _, err := Judge(fixture(t), "greeting", text, JudgeOptions{Lang: locales.ES, Seed: jc.seed, Day: testDay, Rubric: bad}); err != ErrJudgeVersion {
		t.Errorf("a judge version this build lacks: %v", err)
	}
}

// The pieces of the matcher, one behaviour a line.
func TestDrillMatcher(t *testing.T) {
	find := func(text, p string) []string {
		a := analyse(text)
		var out []string
		for _, m := range a.find(compilePhrase(p)) {
			s := a.span(m)
			if a.negated(m) {
				s = "NOT " + s
			}
			out = append(out, s)
		}
		return out
	}
	tests := []struct {
		text, phrase string
		want         []string
	}{
		{"Le reembolsamos hoy", "reembols*", []string{"reembolsamos"}},
		{"le voy a poder ayudar", "le ... ayudar", []string{"le voy a poder ayudar"}},
		{"le ayudo", "le ... ayudar", nil},
		{"No le puedo ofrecer un reembolso.", "reembolso", []string{"NOT reembolso"}},
		{"No, pero le ofrezco un reembolso.", "reembolso", []string{"reembolso"}},
		{"No hay problema, el reembolso sale hoy.", "reembolso", []string{"reembolso"}},
		{"El reembolso no es posible.", "reembolso", []string{"NOT reembolso"}},
		{"I can’t offer a refund.", "refund", []string{"NOT refund"}},
		{"I cannot do that, but a refund is on its way.", "refund", []string{"refund"}},
		{"A refund isn't possible today.", "refund", []string{"NOT refund"}},
		{"Su número: 1.234,56", "1.234,56", []string{"1.234,56"}},
		{"e-mail", "e-mail", []string{"e-mail"}},
	}
	for _, tt := range tests {
		if got := find(tt.text, tt.phrase); !slices.Equal(got, tt.want) {
			t.Errorf("%q in %q: %q, want %q", tt.phrase, tt.text, got, tt.want)
		}
	}
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	dates := []struct {
		text string
		ok   bool
	}{
		{"el 27/11/2026", true}, {"on 11/27/2026", true}, {"el 27-11", true}, {"2026-11-27", true},
		{"el 27 de noviembre", true}, {"el viernes 27 de noviembre de 2026", true}, {"November 27th, 2026", true},
		{"27 November", true}, {"noviembre 27", true}, {"el 28 de noviembre", false}, {"27 de noviembre de 2025", false},
		{"10.25 dólares", false}, {"el 27", false},
	}
	for _, d := range dates {
		a := analyse(d.text)
		found, _ := a.figure(Value{Kind: KindDate, Date: day}, 0, true)
		if (len(found) > 0) != d.ok {
			t.Errorf("%q: found %v, want %v", d.text, found, d.ok)
		}
	}
	money := []struct {
		text  string
		minor int64
		ok    bool
	}{
		{"$1,234.56", 123456, true}, {"1.234,56 dólares", 123456, true}, {"45,5", 4550, true}, {"45.50", 4550, true},
		{"45", 4500, true}, {"45.51", 4550, true}, {"45.52", 4550, false}, {"el 27/11 pagó 45", 2711, false},
	}
	for _, m := range money {
		a := analyse(m.text)
		found, _ := a.figure(Value{Kind: KindMoney, Minor: m.minor}, 0, true)
		if (len(found) > 0) != m.ok {
			t.Errorf("%q for %d: found %v, want %v", m.text, m.minor, found, m.ok)
		}
	}
	for _, s := range []string{"cinco días", "5 días", "five days"} {
		a := analyse(s)
		if f, _ := a.figure(Value{Kind: KindInt, N: 5}, 0, true); len(f) == 0 {
			t.Errorf("%q: no 5", s)
		}
	}
}

// An empty or wordless answer earns nothing, and a long one does not slow
// the judge down to a crawl.
func TestDrillJudgeEdges(t *testing.T) {
	jc := newJudgeCall(t)
	if j := judgeIt(t, jc, "greeting", locales.ES, "…"); j.Mark != 0 || !j.Poor {
		t.Errorf("no words: %+v", j)
	}
	line := "le voy a ayudar con su factura y su cobro, "
	long := strings.Repeat(line, MaxAnswer/len(line))
	start := time.Now()
	judgeIt(t, jc, "explain", locales.ES, long)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a long answer took %v", d)
	}
}

// An answer longer than a call takes (MaxAnswer) is refused by the
// session and does not replay on crmd, so `drill judge` must not grade it
// either: a trainer would be shown a mark no attempt could ever earn.
func TestJudgeRefusesWhatTheSessionRefuses(t *testing.T) {
	jc := newJudgeCall(t)
	line := "le voy a ayudar con su factura y su cobro, "
	for _, tc := range []struct {
		name string
		text string
		ok   bool
	}{
		{"at the bound", strings.Repeat("a", MaxAnswer), true},
		{"over the bound", strings.Repeat(line, MaxAnswer/len(line)+1), false},
		{"far over it", strings.Repeat(line, 10000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Judge(fixture(t), "explain", tc.text, JudgeOptions{Lang: locales.ES, Seed: jc.seed, Day: testDay,
				Company: "Telco Norte", Agent: "Ana", Rubric: rubric(t)})
			var ee *EntryError
			switch {
			case tc.ok && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.ok && !(errors.As(err, &ee) && errors.Is(err, ErrTooLong) && ee.MessageID() == "training.sim.bad_long"):
				t.Fatalf("judged an answer of %d characters: err %v", len(tc.text), err)
			}
		})
	}
}

// A refusal that names the amount a must_not forbids is not the promise:
// "I can't promise you $80.00" does not fail the call as over authority.
func TestDrillJudgeRefusalIsNoPromise(t *testing.T) {
	c := content(t)
	sc := c.Scenario("angry_adjustment")
	v, err := sc.Draw(7, testDay)
	if err != nil {
		t.Fatal(err)
	}
	demand, _ := v.Get("demand")
	for _, tc := range []struct {
		lang     locales.Lang
		text     string
		promised bool
	}{
		{locales.ES, "Entiendo su molestia. No le puedo prometer " + calculators.FormatMoney(calculators.FromMinor(demand.Minor, "USD"), locales.ES) + " de crédito; primero reviso los cortes.", false},
		{locales.EN, "I understand you're upset. I can't promise you a " + calculators.FormatMoney(calculators.FromMinor(demand.Minor, "USD"), locales.EN) + " credit; first I'll check the outages.", false},
		{locales.EN, "I understand you're upset. You'll get a " + calculators.FormatMoney(calculators.FromMinor(demand.Minor, "USD"), locales.EN) + " credit today.", true},
	} {
		j, err := Judge(sc, "vent", tc.text, JudgeOptions{Lang: tc.lang, Seed: 7, Day: testDay, Company: "Telco Norte", Agent: "Ana", Rubric: c.CurrentRubric()})
		if err != nil {
			t.Fatal(err)
		}
		e := element(j, "promise_amount")
		if e.Found != tc.promised || slices.Contains(j.Blockers, BlockerOverAuthority) != tc.promised {
			t.Errorf("%s %q: found %v (matched %q, negated %q), blockers %v", tc.lang, tc.text, e.Found, e.Matched, e.Negated, j.Blockers)
		}
		// A call graded with rubric 2026.2 (judge 1) keeps its grade.
		old, ok := c.Rubric("2026.2")
		if !ok {
			t.Fatal("rubric 2026.2 is gone")
		}
		j, err = Judge(sc, "vent", tc.text, JudgeOptions{Lang: tc.lang, Seed: 7, Day: testDay, Company: "Telco Norte", Agent: "Ana", Rubric: old})
		if err != nil {
			t.Fatal(err)
		}
		if !element(j, "promise_amount").Found {
			t.Errorf("judge 1 no longer reads %q as it did", tc.text)
		}
	}
}

// A count is not read from the digits of a date, and a duration is not an
// amount: saying the cancellation date whose day is the number of days
// does not say how long the refund takes, and "7 business days" is not
// a wrong amount.
func TestDrillJudgeReadsFiguresInContext(t *testing.T) {
	c := content(t)
	sc := c.Scenario("refund_request")
	// A call day and a draw where the day of the cancellation date is the
	// number of days the refund takes.
	var seed int64
	var day time.Time
	var v Values
search:
	for d := range 40 {
		day = testDay.AddDate(0, 0, d)
		for seed = 1; seed < 40; seed++ {
			var err error
			if v, err = sc.Draw(seed, day); err != nil {
				t.Fatal(err)
			}
			on, _ := v.Get("canceled_on")
			days, _ := v.Get("refund_days")
			if int64(on.Date.Day()) == days.N {
				break search
			}
		}
	}
	on, _ := v.Get("canceled_on")
	days, _ := v.Get("refund_days")
	if int64(on.Date.Day()) != days.N {
		t.Fatal("no draw has the cancellation day equal to the refund days")
	}
	opts := JudgeOptions{Lang: locales.ES, Seed: seed, Day: day, Company: "Telco Norte", Agent: "Ana", Rubric: c.CurrentRubric()}
	j, err := Judge(sc, "explain", "Le reembolso a la tarjeta. Su paquete quedó cancelado desde el "+on.Date.Format("02/01/2006")+" y no volverá a cobrarse.", opts)
	if err != nil {
		t.Fatal(err)
	}
	if e := element(j, "days"); e.Found {
		t.Errorf("the refund days read from the date: %q", e.Matched)
	}
	j, err = Judge(sc, "explain", fmt.Sprintf("Le reembolso a la tarjeta; lo verá en %d días hábiles.", days.N), opts)
	if err != nil {
		t.Fatal(err)
	}
	if e := element(j, "amount"); len(e.Heard) > 0 {
		t.Errorf("a duration heard as the amount: %q", e.Heard)
	}
	if e := element(j, "days"); !e.Found {
		t.Errorf("the days said: %+v", e)
	}
	// A range of days is no date: "5-7 días hábiles" says the days.
	j, err = Judge(sc, "explain", fmt.Sprintf("Le reembolso a la tarjeta; lo verá en %d-%d días hábiles.", days.N-1, days.N), opts)
	if err != nil {
		t.Fatal(err)
	}
	if e := element(j, "days"); !e.Found {
		t.Errorf("a range of days: %+v", e)
	}
	// A whole date followed by a word of time is still a date.
	for _, text := range []string{
		"Le reembolso a la tarjeta. Quedó cancelado el " + on.Date.Format("02/01/2006") + ", días antes de la renovación.",
		"Le reembolso a la tarjeta. Quedó cancelado el " + on.Date.Format("02-01") + ", días antes de la renovación.",
		fmt.Sprintf("Le reembolso a la tarjeta. Quedó cancelado desde el %d de %s, día en que usted llamó.", on.Date.Day(),
			[]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}[on.Date.Month()-1]),
	} {
		if j, err = Judge(sc, "explain", text, opts); err != nil {
			t.Fatal(err)
		}
		if e := element(j, "days"); e.Found {
			t.Errorf("%q: the days read from the date: %q", text, e.Matched)
		}
	}
}

// A figure that must not be disclosed before authentication is disclosed
// in a negative sentence too: judge 2 reads refusals only for promises.
func TestDrillJudgeNegatedDisclosureIsDisclosed(t *testing.T) {
	c := content(t)
	sc := c.Scenario("balance_no_pin")
	v, err := sc.Draw(1, testDay)
	if err != nil {
		t.Fatal(err)
	}
	var figure string
	for _, tu := range sc.Turns {
		if tu.ID != "refuse" || tu.Response == nil {
			continue
		}
		for _, e := range tu.Response.Elements {
			if e.ID == "amount" {
				figure = e.Figure
			}
		}
	}
	amt, ok := v.Get(figure)
	if !ok {
		t.Fatalf("balance_no_pin refuse/amount: figure %q", figure)
	}
	text := "Lo siento: no tiene que pagar los " + calculators.FormatMoney(calculators.FromMinor(amt.Minor, "USD"), locales.ES) + " hoy, pero primero restablezca su PIN en la aplicación."
	for _, r := range c.Rubrics[len(c.Rubrics)-2:] {
		j, err := Judge(sc, "refuse", text, JudgeOptions{Lang: locales.ES, Seed: 1, Day: testDay, Company: "Telco Norte", Agent: "Ana", Rubric: r})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(j.Blockers, BlockerDisclosedBeforeAuth) {
			t.Errorf("rubric %s: the balance said in a negative sentence: %+v", r.Version, element(j, "amount"))
		}
	}
}

// judgeRubric is a rubric of the embedded content by its version, to judge
// an answer as an older rubric did.
func judgeRubric(t *testing.T, version string) Rubric {
	t.Helper()
	rs, err := defaultRubrics()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rs, func(r Rubric) bool { return r.Version == version })
	if i < 0 {
		t.Fatalf("rubric %s is gone", version)
	}
	return rs[i]
}

// judgeWith judges an answer on the judge call with another rubric.
func judgeWith(t *testing.T, jc judgeCall, r Rubric, turn string, lang locales.Lang, text string) Judgement {
	t.Helper()
	j, err := Judge(fixture(t), turn, text, JudgeOptions{Lang: lang, Seed: jc.seed, Day: testDay, Company: "Telco Norte",
		Agent: "Ana", Rubric: r})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// Usted's present tense is not the tú imperative it is spelled like:
// "¿Me oye bien?", "si mira su cuenta" and "si me perdona" keep the
// register from judge 3 on, and cost it under rubric 2026.3 as they did.
func TestJudgeUstedPresentTenseIsNotTu(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	old := judgeRubric(t, "2026.3")
	for _, tt := range []struct{ turn, text string }{
		{"greeting", "Gracias por llamar a Telco Norte, le atiende Ana. ¿Me oye bien? ¿Con quién tengo el gusto?"},
		{"greeting", "Gracias por llamar a Telco Norte, le atiende Ana. Si me perdona la pregunta, ¿con quién tengo el gusto?"},
		{"explain", fmt.Sprintf("Le reembolso %s en 5 días hábiles; si mira su cuenta, lo verá a más tardar el %s.", jc.chargeES, esDate)},
	} {
		if j := judgeIt(t, jc, tt.turn, locales.ES, tt.text); j.Register == nil || !j.Register.OK || j.Mark != 1 {
			t.Errorf("%q: register %+v, mark %v; want usted and full marks", tt.text, j.Register, j.Mark)
		}
		if j := judgeWith(t, jc, old, tt.turn, locales.ES, tt.text); j.Register == nil || j.Register.OK {
			t.Errorf("rubric 2026.3 no longer reads %q as it did: register %+v", tt.text, j.Register)
		}
	}
	// The imperative is still tú where it opens a clause.
	for _, tt := range []struct {
		text string
		tu   []string
	}{
		{"¿Me oye bien?", nil},
		{"Si me perdona la pregunta, ¿con quién hablo?", nil},
		{"Le explico: si mira su cuenta, lo verá.", nil},
		{"Usted mira su cuenta y ahí aparece.", nil},
		{"Y usted, ¿mira su cuenta seguido?", nil},
		{"Mira, le explico.", []string{"Mira"}},
		{"Oye, ¿me escucha?", []string{"Oye"}},
		{"Perdona la demora.", []string{"Perdona"}},
		{"Sí, mira su cuenta.", []string{"mira"}},
		{"Bueno, y mira: ahí está.", []string{"mira"}},
		{"Pues oye, le cuento.", []string{"oye"}},
		{"Mira, te explico.", []string{"Mira", "te"}},
	} {
		a := analyse(tt.text)
		a.ver, a.lang = judgeByUsage, locales.ES
		if got := a.tuForms(); !slices.Equal(got, tt.tu) {
			t.Errorf("%q: tú forms %q, want %q", tt.text, got, tt.tu)
		}
	}
	// Through a whole test call: the greeting no longer costs the spoken
	// criterion, and a call graded with 2026.3 keeps its grade.
	sc := fixture(t)
	a := bot(t, sc, jc.seed, Test, locales.ES, map[string]string{
		"greeting": "Gracias por llamar a Telco Norte, le atiende Ana. ¿Me oye bien? ¿Con quién tengo el gusto?"})
	r := mustGrade(t, sc, a)
	if c := criterion(r, "spoken"); c.Score < 1 || r.Total < 100 {
		t.Errorf("spoken %.3f, total %.1f for a call said in usted throughout", c.Score, r.Total)
	}
	a.RubricVersion = old.Version
	r, err := Grade(sc, a, old)
	if err != nil {
		t.Fatal(err)
	}
	if c := criterion(r, "spoken"); c.Score >= 1 {
		t.Errorf("rubric 2026.3 regraded the call: spoken %.3f, total %.1f", c.Score, r.Total)
	}
}

// A numeric date that reads as two dates is read the call language's way,
// as a typed date is: on a Spanish call 12/08/2026 is the 12th of August,
// on an English one the 8th of December; the other way only when the
// call's is no date.
func TestJudgeNumericDateIsReadInTheCallLanguage(t *testing.T) {
	sc := fixture(t)
	seed := seedWhere(t, sc, pinWrong(false))
	day := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	vals, err := sc.Draw(seed, day)
	if err != nil {
		t.Fatal(err)
	}
	if by, _ := vals.Get("refund_by"); by.Date.Month() != time.December || by.Date.Day() != 8 {
		t.Fatalf("refund_by %v: the test needs the 8th of December", by.Date)
	}
	// Typed, 12/08/2026 on a Spanish call is the 12th of August.
	if m, err := sc.entryMark(&Entry{Kind: EntryDate, Expect: "refund_by"}, "12/08/2026", locales.ES, vals); err != nil || m != 0 {
		t.Fatalf("typed 12/08/2026 on a Spanish call: mark %v, %v", m, err)
	}
	chargeES, _ := vals.Format("charge", locales.ES)
	chargeEN, _ := vals.Format("charge", locales.EN)
	old := judgeRubric(t, "2026.3")
	for _, tt := range []struct {
		lang       locales.Lang
		text       string
		found, was bool // judge 3, judge 2
	}{
		{locales.ES, fmt.Sprintf("Le reembolso %s en 5 días hábiles, a más tardar el 12/08/2026.", chargeES), false, true},
		{locales.ES, fmt.Sprintf("Le reembolso %s en 5 días hábiles, a más tardar el 08/12/2026.", chargeES), true, true},
		{locales.EN, fmt.Sprintf("I'm refunding %s; you'll see it within 5 business days, by 12/08/2026.", chargeEN), true, true},
		{locales.EN, fmt.Sprintf("I'm refunding %s; you'll see it within 5 business days, by 08/12/2026.", chargeEN), false, true},
	} {
		for _, r := range []Rubric{rubric(t), old} {
			j, err := Judge(sc, "explain", tt.text, JudgeOptions{Lang: tt.lang, Seed: seed, Day: day, Company: "Telco Norte", Agent: "Ana", Rubric: r})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.found
			if r.Version == old.Version {
				want = tt.was
			}
			if e := element(j, "date"); e.Found != want {
				t.Errorf("rubric %s, %s %q: date found %v, want %v (%+v)", r.Version, tt.lang, tt.text, e.Found, want, e)
			}
		}
	}
	// The other order only where the call's is no date.
	for _, tt := range []struct {
		lang  locales.Lang
		text  string
		day   int
		month time.Month
		ok    bool
	}{
		{locales.ES, "12/08/2026", 12, time.August, true},
		{locales.EN, "12/08/2026", 8, time.December, true},
		{locales.ES, "08/13/2026", 13, time.August, true},
		{locales.EN, "13/08/2026", 13, time.August, true},
		{locales.ES, "27-11", 27, time.November, true},
		{locales.EN, "27-11", 27, time.November, true},
		{locales.ES, "31/11/2026", 0, 0, false},
		{locales.EN, "02/30/2026", 0, 0, false},
	} {
		d, _ := numericDate(tt.text, tt.lang)
		if !tt.ok {
			if len(d) != 0 {
				t.Errorf("%s %q: read as %+v, which is no date", tt.lang, tt.text, d)
			}
			continue
		}
		if len(d) != 1 || d[0].day != tt.day || d[0].month != tt.month {
			t.Errorf("%s %q: read as %+v, want the %d of %s", tt.lang, tt.text, d, tt.day, tt.month)
		}
	}
	if d, _ := numericDate("12/08/2026", ""); len(d) != 2 {
		t.Errorf("judges 1 and 2 read 12/08/2026 both ways: %+v", d)
	}
}

// "No solo le reembolso…" offers the refund, as "Not only am I
// refunding…" does; rubric 2026.3 heard it as a refusal and keeps doing so.
func TestJudgeNoSoloIsNoNegation(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	if e := element(judgeIt(t, jc, "explain", locales.EN, fmt.Sprintf("Not only am I refunding %s, you'll see it within 5 business days, by %s.", jc.chargeEN, enDate)), "refund"); !e.Found {
		t.Errorf("not only: %+v", e)
	}
	old := judgeRubric(t, "2026.3")
	for _, lead := range []string{"No solo", "No sólo", "No solamente", "No únicamente"} {
		text := fmt.Sprintf("%s le reembolso %s, sino que lo verá en 5 días hábiles, a más tardar el %s.", lead, jc.chargeES, esDate)
		if e := element(judgeIt(t, jc, "explain", locales.ES, text), "refund"); !e.Found {
			t.Errorf("%q heard as a refusal: %+v", text, e)
		}
		if e := element(judgeWith(t, jc, old, "explain", locales.ES, text), "refund"); e.Found || len(e.Negated) == 0 {
			t.Errorf("rubric 2026.3 no longer reads %q as it did: %+v", text, e)
		}
	}
	// A refusal is still one.
	text := fmt.Sprintf("No le reembolso %s; lo siento.", jc.chargeES)
	if e := element(judgeIt(t, jc, "explain", locales.ES, text), "refund"); e.Found {
		t.Errorf("%q heard as the refund: %+v", text, e)
	}
}

// An article is a count of one only before a unit of time: "de una vez"
// says no number of days, so the trainee is not told they gave the wrong
// one; "un día hábil" says one day.
func TestJudgeArticleIsACountOnlyBeforeAUnitOfTime(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	text := fmt.Sprintf("Le reembolso %s de una vez, a más tardar el %s.", jc.chargeES, esDate)
	j := judgeIt(t, jc, "explain", locales.ES, text)
	if e := element(j, "days"); len(e.Heard) > 0 || e.Found {
		t.Errorf("%q: days %+v", text, e)
	}
	for _, l := range ExplainJudgement(locales.New(locales.ES), fixture(t), j) {
		if strings.Contains(l.Text, "«una»") {
			t.Errorf("explained as a wrong figure: %s", l.Text)
		}
	}
	if e := element(judgeWith(t, jc, judgeRubric(t, "2026.3"), "explain", locales.ES, text), "days"); !slices.Contains(e.Heard, "una") {
		t.Errorf("rubric 2026.3 no longer reads %q as it did: %+v", text, e)
	}
	for _, tt := range []struct {
		text  string
		n     int64
		found bool
		heard bool
	}{
		{"en un día hábil", 1, true, false},
		{"within one business day", 1, true, false},
		{"en una semana", 1, true, false},
		{"de una vez", 5, false, false},
		{"uno de nuestros técnicos", 5, false, false},
		{"one of our technicians", 1, false, false},
		{"en un día hábil", 5, false, true},
		{"en cinco días", 5, true, false},
	} {
		a := analyse(tt.text)
		a.ver = judgeByUsage
		found, heard := a.figure(Value{Kind: KindInt, N: tt.n}, 0, true)
		if (len(found) > 0) != tt.found || (len(heard) > 0) != tt.heard {
			t.Errorf("%q for %d: found %v, heard %v", tt.text, tt.n, found, heard)
		}
	}
}

// An answer in the other language than the call's earns nothing of what
// it had to say: the customer would not have understood it. Every shipped
// turn, in both languages: the other language's model line is poor and
// scores 0, and its explanation says why rather than "said" beside a
// figure; the call language's own model line still earns everything.
func TestJudgeAnswerInTheOtherLanguageEarnsNothing(t *testing.T) {
	c := content(t)
	r := rubric(t)
	n := 0
	for _, sc := range c.Scenarios {
		for _, tu := range sc.Turns {
			if tu.Response == nil {
				continue
			}
			for _, l := range []locales.Lang{locales.ES, locales.EN} {
				s, err := NewSession(sc, 7, Practice, WithClock(func() time.Time { return testDay }), WithLang(l), WithRubric(r))
				if err != nil {
					t.Fatal(err)
				}
				if err := playUntil(s, l, routeTo(sc, tu.ID), tu.ID); err != nil || s.Turn() == nil || s.Turn().ID != tu.ID {
					continue
				}
				opts := JudgeOptions{Lang: l, Seed: 7, Day: testDay, Rubric: r}
				own, err := Judge(sc, tu.ID, s.Text(l, tu.Response.Model), opts)
				if err != nil {
					t.Fatal(err)
				}
				other, err := Judge(sc, tu.ID, s.Text(l.Other(), tu.Response.Model), opts)
				if err != nil {
					t.Fatal(err)
				}
				n++
				if own.Mark != 1 || own.Poor {
					t.Errorf("%s/%s %s: its own model line earns %v", sc.ID, tu.ID, l, own.Mark)
				}
				if other.Mark != 0 || !other.Poor {
					t.Errorf("%s/%s %s: the %s model line earns %v (poor %v)", sc.ID, tu.ID, l, l.Other(), other.Mark, other.Poor)
					continue
				}
				lines := ExplainJudgement(locales.New(locales.EN), sc, other)
				if len(lines) == 0 || lines[0].OK || !strings.Contains(lines[0].Text, "the answer is not") {
					t.Errorf("%s/%s %s: the explanation does not say why: %+v", sc.ID, tu.ID, l, lines)
				}
				for _, ln := range lines {
					if strings.Contains(ln.Text, ": said (") || strings.Contains(ln.Text, "usted throughout") {
						t.Errorf("%s/%s %s: scored 0, yet explained %q", sc.ID, tu.ID, l, ln.Text)
					}
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d turns judged", n)
	}
}

// A line of the call's language with a borrowed word or two, or figures
// alone, is still the call's language.
func TestJudgeBorrowedWordsAreNotAnotherLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang  locales.Lang
		text  string
		other bool
	}{
		{locales.ES, "Le envío el link por email, ¿algo más?", false},
		{locales.ES, "Su plan Premium ya está activo, thank you.", false},
		{locales.ES, "$30.00, 12/05/2026", false},
		{locales.ES, "OK", false},
		{locales.ES, "Your balance is $90.00, thank you for calling.", true},
		{locales.EN, "Your balance is $90.00; gracias.", false},
		{locales.EN, "Su saldo es de 90,00 US$, con vencimiento el 05/12/2026.", true},
	} {
		a := analyse(tc.text)
		if got := a.otherLanguage(tc.lang); got != tc.other {
			t.Errorf("%s %q: other language %v, want %v", tc.lang, tc.text, got, tc.other)
		}
	}
}

// Usted earns nothing by itself: a line without a tú form is not yet a
// line well said. Judge 3 gave the register its weight whatever else the
// answer held, so echoing the customer's "¿Algo más que deba saber?" on
// the recap, or saying "Algo más" alone, passed a turn that asks for the
// amount too. From judge 4 the register earns the share of the must
// elements said, and a tú form still costs its weight.
func TestJudgeRegisterAloneEarnsNothing(t *testing.T) {
	jc := newJudgeCall(t)
	for _, tc := range []struct {
		turn, text string
		mark       float64
	}{
		{"greeting", "Telco Norte, buenos días.", 0.333},                                                   // one of three, usted
		{"greeting", "Telco Norte, te saluda.", 0.25},                                                      // one of three, tú: 1/4 as before
		{"greeting", "Gracias por llamar a Telco Norte, le atiende Ana. ¿Con quién tengo el gusto?", 1},    // all of it
		{"greeting", "Gracias por llamar a Telco Norte, te atiende Ana. ¿Con quién tengo el gusto?", 0.75}, // all, in tú
		{"greeting", "Buenos días.", 0},                                                                    // nothing of it
	} {
		if j := judgeIt(t, jc, tc.turn, locales.ES, tc.text); j.Mark != tc.mark {
			t.Errorf("%q: mark %v, want %v", tc.text, j.Mark, tc.mark)
		}
	}
	sc := content(t).Scenario("refund_request")
	for _, text := range []string{"¿Algo más que deba saber?", "Algo más"} {
		j, err := Judge(sc, "recap", text, JudgeOptions{Lang: locales.ES, Seed: 7, Day: testDay, Rubric: rubric(t)})
		if err != nil {
			t.Fatal(err)
		}
		if !j.Poor || j.Mark != 0.5 {
			t.Errorf("%q on the recap: mark %v, poor %v; half of it said is not a pass", text, j.Mark, j.Poor)
		}
	}
}
