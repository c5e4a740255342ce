package training

import (
	"fmt"
	"strings"
	"testing"

	"agentdesk/locales"
)

// An answer far longer than the turn takes on a call earns nothing: a
// ramble that says every phrase a rubric might hold is not an explanation
// a customer can follow. One a sentence longer than the model line still
// earns everything.
func TestJudgeOverlongAnswerEarnsNothing(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	say := map[locales.Lang]string{
		locales.ES: fmt.Sprintf("Le reembolso %s; lo verá en 5 días hábiles, a más tardar el %s.", jc.chargeES, esDate),
		locales.EN: fmt.Sprintf("I'm refunding %s; you'll see it within 5 business days, by %s at the latest.", jc.chargeEN, enDate),
	}
	pad := map[locales.Lang]string{
		locales.ES: "Entiendo lo frustrante que es esto y lamento de verdad todas las molestias que le ha causado. ",
		locales.EN: "I understand how frustrating this is, and I am truly sorry for all the trouble it has caused you. ",
	}
	for _, l := range locales.Langs {
		ok := judgeIt(t, jc, "explain", l, pad[l]+say[l])
		if ok.Mark != 1 || ok.Shape != "" {
			t.Errorf("%s: a sentence more than the model earns %v (shape %q)", l, ok.Mark, ok.Shape)
		}
		long := strings.Repeat(pad[l], 3) + say[l]
		j := judgeIt(t, jc, "explain", l, long)
		if j.Mark != 0 || !j.Poor || j.Shape != ShapeLong {
			t.Errorf("%s: %d words earn %v (poor %v, shape %q)", l, len(strings.Fields(long)), j.Mark, j.Poor, j.Shape)
			continue
		}
		for _, ui := range locales.Langs {
			lines := ExplainJudgement(locales.New(ui), fixture(t), j)
			if len(lines) == 0 || lines[0].OK || !strings.Contains(lines[0].Text, fmt.Sprint(j.Length)) || !strings.Contains(lines[0].Text, fmt.Sprint(j.MaxLength)) {
				t.Errorf("%s explained in %s: %+v", l, ui, lines)
			}
		}
	}
}
