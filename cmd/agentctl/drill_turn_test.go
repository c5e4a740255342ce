package main

import (
	"strings"
	"testing"

	"agentdesk/locales"
	"agentdesk/training"
)

// A line said in one's own words is headed, in drill play and drill
// grade, by what the turn asked for, as the training screen heads it:
// the turn's ID ("Turno greeting"), English whatever the language, is
// the content's name for it, not the trainee's.
func TestDrillJudgedLineIsHeadedByItsPrompt(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		c, _ := training.LoadDefault()
		s, err := training.NewSession(c.Scenario("promo_expired"), 21, training.Practice, training.WithLang(lang), training.WithTrainee("ana"))
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.Decision(lang)
		if d.Response == nil {
			t.Fatal("promo_expired no longer opens on a line to say")
		}
		in := drillPlayInput(t, "promo_expired", 21, training.Practice, lang, nil, nil)
		code, out, errs := runDrill(t, in, "play", "--trainee", "ana", "--scenario", "promo_expired", "--seed", "21", "--lang", string(lang))
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", lang, code, errs)
		}
		if strings.Contains(out, " "+d.Turn+":") {
			t.Errorf("%s: a judged line is headed by its turn's ID %q:\n%s", lang, d.Turn, out)
		}
		if !strings.Contains(out, d.Response.Prompt+" — ") {
			t.Errorf("%s: no judged line headed by %q:\n%s", lang, d.Response.Prompt, out)
		}
	}
}
