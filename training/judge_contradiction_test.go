package training

import (
	"fmt"
	"strings"
	"testing"

	"agentdesk/locales"
)

// An answer that says a thing and its negation ("I can't refund you, I'll
// refund you") has not said it: the customer cannot tell which holds. A
// refusal narrowed by words the offer does not repeat ("not in cash…, to
// your card"; "not today…, within 5 business days") is no contradiction.
func TestJudgeContradictionIsNotSaid(t *testing.T) {
	jc := newJudgeCall(t)
	rest := jc.refundTerms()
	for _, tc := range []struct {
		lang   locales.Lang
		text   string
		contra bool
	}{
		{locales.EN, "I can't refund you, I'll refund you %s.", true},
		{locales.EN, "I'll refund you %s. No, I can't refund you.", true},
		{locales.EN, "I cannot refund you but I will refund you %s.", true},
		{locales.ES, "No le puedo reembolsar, le reembolso %s.", true},
		{locales.ES, "Le reembolso %s. Bueno, no, no le reembolso nada.", true},
		{locales.EN, "I can't refund you in cash, but I'll refund you %s to your card.", false},
		{locales.EN, "I can't refund you today; I'll refund you %s.", false},
		{locales.ES, "No le puedo reembolsar en efectivo; le reembolso %s a su tarjeta.", false},
		{locales.ES, "No se preocupe, le reembolso %s.", false},
	} {
		text := fmt.Sprintf(tc.text, rest[tc.lang])
		j := judgeIt(t, jc, "explain", tc.lang, text)
		e := element(j, "refund")
		if e.Found == tc.contra {
			t.Errorf("%s %q: refund found %v (matched %v, negated %v)", tc.lang, text, e.Found, e.Matched, e.Negated)
		}
		if !tc.contra {
			continue
		}
		if !j.Poor {
			t.Errorf("%s %q: mark %v, not poor; the customer heard both", tc.lang, text, j.Mark)
		}
		for _, ui := range locales.Langs {
			lines := ExplainJudgement(locales.New(ui), fixture(t), j)
			want := map[locales.Lang]string{locales.ES: "contradice", locales.EN: "contradicts"}[ui]
			if !strings.Contains(fmt.Sprint(lines), want) {
				t.Errorf("%s %q explained in %s without the contradiction: %v", tc.lang, text, ui, lines)
			}
		}
	}
}
