package training

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

// stuffed is a turn's must elements typed as a trainee games the judge:
// each element's first phrase (its words only) and each figure, one after
// another, with no sentence around them.
func stuffed(s *Session, tu *Turn, l locales.Lang, sep string) string {
	var ws []string
	for _, e := range tu.Response.Elements {
		if e.kind() != Must {
			continue
		}
		if e.Figure != "" {
			if v, ok := s.env.vals.Format(e.Figure, l); ok {
				ws = append(ws, v)
			}
			continue
		}
		if p := e.phrases(l); len(p) > 0 {
			ph := strings.NewReplacer("*", "", "...", " ", "…", " ").Replace(fill(p[0], s.env.lookup(l)))
			ws = append(ws, strings.Join(strings.Fields(ph), " "))
		}
	}
	return strings.Join(ws, sep)
}

// Keyword stuffing earns nothing: a string of the rubric's key words is
// not what a trainee would say to a customer. On the fixture call, in
// both languages, with and without commas between the words, and with a
// filler word or two that make no sentence.
func TestJudgeKeywordStuffingEarnsNothing(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	for _, tc := range []struct {
		turn string
		lang locales.Lang
		text string
	}{
		{"greeting", locales.ES, "Telco Norte Ana con quién tengo el gusto"},
		{"greeting", locales.EN, "Telco Norte Ana your name"},
		{"reason", locales.ES, "entiendo servicio que ya no usa"},
		{"reason", locales.EN, "I understand charged for"},
		{"explain", locales.ES, fmt.Sprintf("reembolso %s 5 días hábiles %s", jc.chargeES, esDate)},
		{"explain", locales.ES, fmt.Sprintf("reembolso, %s, 5 días hábiles, %s", jc.chargeES, esDate)},
		{"explain", locales.ES, fmt.Sprintf("ok reembolso %s bueno 5 días hábiles %s", jc.chargeES, esDate)},
		{"explain", locales.EN, fmt.Sprintf("refund %s 5 business days %s", jc.chargeEN, enDate)},
		{"explain", locales.EN, fmt.Sprintf("refund, %s, 5 business days, %s", jc.chargeEN, enDate)},
		{"explain", locales.EN, fmt.Sprintf("ok refund %s so 5 business days %s", jc.chargeEN, enDate)},
		// A word that makes sentences, put between the key words, makes none.
		{"explain", locales.EN, fmt.Sprintf("the refund the %s the 5 business days the %s", jc.chargeEN, enDate)},
		{"explain", locales.ES, fmt.Sprintf("el reembolso el %s el 5 días hábiles el %s", jc.chargeES, esDate)},
		{"explain", locales.EN, fmt.Sprintf("sorry understand verify account refund %s escalate 5 business days %s summary anything else thank you", jc.chargeEN, enDate)},
		{"explain", locales.ES, fmt.Sprintf("lamento entiendo verificar cuenta reembolso %s escalar 5 días hábiles %s resumen algo más gracias", jc.chargeES, esDate)},
	} {
		j := judgeIt(t, jc, tc.turn, tc.lang, tc.text)
		if j.Mark != 0 || !j.Poor || j.Shape == "" {
			t.Errorf("%s %s %q: mark %v, poor %v, shape %q; a list of key words is no answer", tc.lang, tc.turn, tc.text, j.Mark, j.Poor, j.Shape)
			continue
		}
		if testing.Verbose() {
			for _, ui := range locales.Langs {
				t.Logf("%s %s %q: %v", ui, j.Shape, tc.text, ExplainJudgement(locales.New(ui), fixture(t), j))
			}
		}
		// The trainee reads why in the interface language, usted in
		// Spanish, with the words that were listed.
		for _, ui := range locales.Langs {
			lines := ExplainJudgement(locales.New(ui), fixture(t), j)
			want := map[locales.Lang]string{locales.ES: "Dígalo", locales.EN: "Say it"}[ui]
			if len(lines) == 0 || lines[0].OK || !strings.Contains(lines[0].Text, want) || !strings.Contains(lines[0].Text, j.Keywords[0]) {
				t.Errorf("%s %q explained in %s: %+v", tc.lang, tc.text, ui, lines)
			}
			for _, ln := range lines[1:] {
				if ln.OK && !strings.Contains(ln.Text, "evit") && !strings.Contains(ln.Text, "avoided") {
					t.Errorf("%s %q explained in %s: %q reads as earned", tc.lang, tc.text, ui, ln.Text)
				}
			}
		}
	}
	// Said as sentences, the same words earn everything.
	for _, tc := range []struct {
		turn string
		lang locales.Lang
		text string
	}{
		{"greeting", locales.ES, "Gracias por llamar a Telco Norte, le atiende Ana. ¿Con quién tengo el gusto?"},
		{"greeting", locales.EN, "Thanks for calling Telco Norte, this is Ana. May I have your name?"},
		{"explain", locales.ES, fmt.Sprintf("Le reembolso %s; lo verá en 5 días hábiles, a más tardar el %s.", jc.chargeES, esDate)},
		{"explain", locales.EN, fmt.Sprintf("I'm refunding %s; you'll see it within 5 business days, by %s.", jc.chargeEN, enDate)},
	} {
		if j := judgeIt(t, jc, tc.turn, tc.lang, tc.text); j.Mark != 1 || j.Poor {
			t.Errorf("%s %s %q: mark %v, poor %v; a real answer earns everything", tc.lang, tc.turn, tc.text, j.Mark, j.Poor)
		}
	}
}

// Every shipped free-response turn, in both languages: its must elements
// typed as a bare list of key words earn nothing, while its model line
// still earns everything.
func TestJudgeShippedTurnsRefuseStuffing(t *testing.T) {
	c := content(t)
	r := rubric(t)
	n := 0
	for _, sc := range c.Scenarios {
		for i := range sc.Turns {
			tu := &sc.Turns[i]
			if tu.Response == nil {
				continue
			}
			for _, l := range locales.Langs {
				s, err := NewSession(sc, 7, Practice, WithClock(func() time.Time { return testDay }), WithLang(l), WithRubric(r),
					WithCompany("Telco Norte"), WithTrainee("Ana"))
				if err != nil {
					t.Fatal(err)
				}
				if err := playUntil(s, l, routeTo(sc, tu.ID), tu.ID); err != nil || s.Turn() == nil || s.Turn().ID != tu.ID {
					continue
				}
				opts := JudgeOptions{Lang: l, Seed: 7, Day: testDay, Rubric: r, Company: "Telco Norte", Agent: "Ana"}
				n++
				// A sentence word typed before or after the list joins none
				// of its key words.
				word := map[locales.Lang]string{locales.ES: "el", locales.EN: "the"}[l]
				for _, f := range []string{"%s", "%s " + word, word + " %s"} {
					for _, sep := range []string{" ", ", "} {
						text := fmt.Sprintf(f, stuffed(s, tu, l, sep))
						j, err := Judge(sc, tu.ID, text, opts)
						if err != nil {
							t.Fatal(err)
						}
						// A refusal said in a list ("can't share protect
						// reset") negates the rest: poor already, with one
						// element said.
						if !j.Poor || j.Mark != 0 && j.Shape == "" && j.Mark >= tu.Response.passAt() {
							t.Errorf("%s/%s %s %q: mark %v, poor %v", sc.ID, tu.ID, l, text, j.Mark, j.Poor)
						}
					}
				}
				model, err := Judge(sc, tu.ID, s.Text(l, tu.Response.Model), opts)
				if err != nil {
					t.Fatal(err)
				}
				if model.Mark != 1 || model.Poor {
					t.Errorf("%s/%s %s: the model line earns %v", sc.ID, tu.ID, l, model.Mark)
				}
			}
		}
	}
	if n < 200 {
		t.Fatalf("only %d turns judged", n)
	}
}

// Short answers a real agent says are sentences, however few their words
// beyond the key ones: a verb joins them ("habla Ana", "Ana speaking").
func TestJudgeShortRealAnswersAreSentences(t *testing.T) {
	jc := newJudgeCall(t)
	esDate := locales.FormatDate(locales.ES, jc.refundBy)
	enDate := locales.FormatDate(locales.EN, jc.refundBy)
	for _, tc := range []struct {
		turn string
		lang locales.Lang
		text string
	}{
		{"greeting", locales.ES, "Telco Norte, habla Ana, ¿con quién tengo el gusto?"},
		{"greeting", locales.ES, "Telco Norte, buenas tardes, le saluda Ana. ¿Su nombre, por favor?"},
		{"greeting", locales.ES, "Buenos días, Telco Norte, soy Ana, ¿con quién hablo?"},
		{"greeting", locales.EN, "Telco Norte, Ana speaking, who am I speaking with?"},
		{"greeting", locales.EN, "Good morning, Telco Norte, this is Ana. Your name, please?"},
		{"reason", locales.ES, "Lo lamento, le cobraron un servicio que ya no usa."},
		{"reason", locales.EN, "I'm sorry, you were charged for a service you no longer use."},
		{"explain", locales.ES, fmt.Sprintf("Reembolsado: %s, lo verá en 5 días hábiles, a más tardar el %s.", jc.chargeES, esDate)},
		{"explain", locales.EN, fmt.Sprintf("Refunding %s now; you'll see it within 5 business days, by %s.", jc.chargeEN, enDate)},
	} {
		if j := judgeIt(t, jc, tc.turn, tc.lang, tc.text); j.Shape != "" || j.Mark != 1 {
			t.Errorf("%s %s %q: mark %v, shape %q %v", tc.lang, tc.turn, tc.text, j.Mark, j.Shape, j.Keywords)
		}
	}
}

// A contraction or a common verb is what joins a short line's key words:
// "If approved, you'd pay $30.00" is a sentence.
func TestJudgeContractionsAndCommonVerbsMakeASentence(t *testing.T) {
	sc := content(t).Scenario("assistance_program")
	r := rubric(t)
	for _, tc := range []struct {
		lang locales.Lang
		text string
	}{
		{locales.EN, "If approved, you'd pay %s."},
		{locales.ES, "Si se aprueba, pagaría %s."},
	} {
		s, err := NewSession(sc, 7, Practice, WithClock(func() time.Time { return testDay }), WithLang(tc.lang), WithRubric(r))
		if err != nil {
			t.Fatal(err)
		}
		if err := playUntil(s, tc.lang, routeTo(sc, "explain"), "explain"); err != nil {
			t.Fatal(err)
		}
		v, _ := s.Values().Format("assisted", tc.lang)
		text := fmt.Sprintf(tc.text, v)
		j, err := Judge(sc, "explain", text, JudgeOptions{Lang: tc.lang, Seed: 7, Day: testDay, Rubric: r})
		if err != nil {
			t.Fatal(err)
		}
		if j.Shape != "" || !element(j, "if_approved").Found || !element(j, "assisted").Found {
			t.Errorf("%s %q: shape %q, mark %v", tc.lang, text, j.Shape, j.Mark)
		}
	}
}

// The key words a list is explained with are quoted as typed, a figure with
// its currency sign: «22,50 US$», not «22,50 US».
func TestJudgeListQuotesFiguresWhole(t *testing.T) {
	jc := newJudgeCall(t)
	j := judgeIt(t, jc, "explain", locales.ES, fmt.Sprintf("reembolso %s 5 días hábiles", jc.chargeES))
	if j.Shape == "" || !slices.Contains(j.Keywords, jc.chargeES) || !slices.Contains(j.Keywords, "5 días hábiles") {
		t.Errorf("keywords %q, want %q and %q among them", j.Keywords, jc.chargeES, "5 días hábiles")
	}
}
