package training

import (
	"fmt"
	"strings"
	"testing"

	"agentdesk/locales"
)

// A refusal said through a longer verb chain is still a refusal: "I'm not
// going to be able to refund you" put its "not" six words before the
// refund, past the reach of a plain negator, and judge 4 read the offer.
func TestJudgeLongRefusalIsNoOffer(t *testing.T) {
	jc := newJudgeCall(t)
	rest := jc.refundTerms()
	for _, tc := range []struct {
		lang    locales.Lang
		text    string
		refused bool
	}{
		{locales.EN, "I'm not going to be able to refund you %s.", true},
		{locales.EN, "I am not in a position to refund you %s.", true},
		{locales.EN, "I refuse to refund you %s.", true},
		{locales.EN, "We won't be able to give you back %s.", true},
		{locales.ES, "No estoy en condiciones de hacerle el reembolso de %s.", true},
		{locales.ES, "Lamentablemente no va a ser posible que le reembolse %s.", true},
		{locales.ES, "No voy a poder hacerle el reembolso de %s.", true},
		{locales.ES, "Me niego a reembolsarle %s.", true},
		{locales.ES, "No vamos a poder reembolsarle %s.", true},
		// Far from the refund, the negation is about something else.
		{locales.EN, "I'm not going to be able to stay on the line, but I'm refunding you %s.", false},
		{locales.ES, "No voy a poder quedarme en la línea mucho tiempo; le reembolso %s.", false},
		{locales.ES, "No va a ser posible mantener la oferta y aun así le hacemos el reembolso de %s.", false},
	} {
		text := fmt.Sprintf(tc.text, rest[tc.lang])
		j := judgeIt(t, jc, "explain", tc.lang, text)
		e := element(j, "refund")
		if e.Found == tc.refused || tc.refused && len(e.Negated) == 0 {
			t.Errorf("%s %q: refund found %v (matched %v, negated %v)", tc.lang, text, e.Found, e.Matched, e.Negated)
		}
	}
}

// A must element said only in the negative is the opposite of what the
// turn asks: "I won't refund you $22.50 within 5 business days" told the
// customer there is no refund, yet earned three quarters of the
// explanation and passed it. From judge 5 its weight counts against the
// answer, and the explanation says the customer heard the opposite.
func TestJudgeDenyingAMustElementCountsAgainst(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	for _, tc := range []struct {
		lang locales.Lang
		text string
	}{
		{locales.EN, fmt.Sprintf("I won't refund you %s within 5 business days, by %s.", jc.chargeEN, enDate)},
		{locales.EN, fmt.Sprintf("A refund of %s isn't possible within 5 business days, by %s.", jc.chargeEN, enDate)},
		{locales.ES, fmt.Sprintf("No le puedo hacer el reembolso de %s en 5 días hábiles, a más tardar el %s.", jc.chargeES, esDate)},
	} {
		j := judgeIt(t, jc, "explain", tc.lang, tc.text)
		if e := element(j, "refund"); e.Found || len(e.Negated) == 0 {
			t.Fatalf("%s %q: refund %+v", tc.lang, tc.text, e)
		}
		// Three of four said, one denied: 0.5, and a little more with the
		// usted register's share on a Spanish call.
		if !j.Poor || j.Mark > 0.55 {
			t.Errorf("%s %q: mark %v, poor %v; the customer heard there is no refund", tc.lang, tc.text, j.Mark, j.Poor)
		}
		for _, ui := range locales.Langs {
			lines := fmt.Sprint(ExplainJudgement(locales.New(ui), fixture(t), j))
			want := map[locales.Lang]string{locales.ES: "lo contrario", locales.EN: "the opposite"}[ui]
			if !strings.Contains(lines, want) {
				t.Errorf("%s %q explained in %s: %s", tc.lang, tc.text, ui, lines)
			}
		}
	}
	// Judge 4 grades as it did: the denial earns nothing, costs nothing.
	j := judgeWith(t, jc, judgeRubric(t, "2026.5"), "explain", locales.EN, fmt.Sprintf("I won't refund you %s within 5 business days, by %s.", jc.chargeEN, enDate))
	if j.Mark != 0.75 {
		t.Errorf("rubric 2026.5: mark %v, want 0.75 as graded", j.Mark)
	}
}

// A negation that belongs to a must element said ("no puedo darle", the
// refusal the turn asks for) denies nothing else in its reach: "No puedo
// darle datos por seguridad" refuses the data, for security; it does not
// deny the reason. Judge 5 at first counted the reason against the answer.
func TestJudgeARefusalTheTurnAsksForDeniesNothingElse(t *testing.T) {
	sc := content(t).Scenario("balance_no_pin")
	r := rubric(t)
	for _, tc := range []struct {
		lang locales.Lang
		text string
	}{
		{locales.ES, "No puedo darle datos por seguridad; puede restablecer su PIN en la aplicación."},
		{locales.EN, "I can't share details for security; you can reset your PIN in the app."},
	} {
		var j Judgement
		var err error
		for seed := int64(1); seed < 30; seed++ {
			if j, err = Judge(sc, "refuse", tc.text, JudgeOptions{Lang: tc.lang, Seed: seed, Day: testDay, Rubric: r}); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		if e := element(j, "why"); e.Denied || !element(j, "cannot").Found {
			t.Errorf("%s %q: why %+v, mark %v", tc.lang, tc.text, e, j.Mark)
		}
	}
}
