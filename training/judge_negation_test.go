package training

import (
	"fmt"
	"testing"

	"agentdesk/locales"
)

// A refusal said through a longer verb chain is still a refusal: "I'm not
// going to be able to refund you" put its "not" six words before the
// refund, past the reach of a plain negator, and judge 4 read the offer.
func TestJudgeLongRefusalIsNoOffer(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	rest := map[locales.Lang]string{
		locales.ES: fmt.Sprintf("%s en 5 días hábiles, a más tardar el %s", jc.chargeES, esDate),
		locales.EN: fmt.Sprintf("%s within 5 business days, by %s", jc.chargeEN, enDate),
	}
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
