package cases_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// quantityRE finds a number followed by a unit noun, singular or plural,
// so the test can check that every one of them agrees with its number.
var quantityRE = map[locales.Lang]*regexp.Regexp{
	locales.ES: regexp.MustCompile(`(?i)(?:^|[^\d.,])(\d+(?:,\d+)?)\s+(años?|mes(?:es)?|días?(?: hábil(?:es)?)?|horas?|semanas?|pagos?|veces|vez|líneas?|equipos?)\b`),
	locales.EN: regexp.MustCompile(`(?i)(?:^|[^\d.,])(\d+(?:\.\d+)?)\s+((?:business )?days?|years?|months?|hours?|weeks?|payments?|times?|lines?)\b`),
}

// unitTwiceRE finds a unit noun written right after another: a script
// that spells out the unit of a quantity placeholder ("{{tenure_years}}
// años" renders "3 años años").
var unitTwiceRE = regexp.MustCompile(`(?i)\b(?:años?|mes(?:es)?|días?|horas?|years?|months?|days?|hours?)\s+(?:años?|mes(?:es)?|días?|horas?|years?|months?|days?|hours?)\b`)

// singular reports whether a unit noun, as written, is singular.
func singular(lang locales.Lang, noun string) bool {
	n := strings.ToLower(noun)
	if lang == locales.EN {
		return !strings.HasSuffix(n, "s")
	}
	switch n {
	case "mes", "vez", "día hábil":
		return true
	case "veces", "días hábiles":
		return false
	}
	return !strings.HasSuffix(n, "s")
}

// renderAll renders every text of the pack the way a live call does:
// through the case's lookup, with a customer of the given tenure and every
// typed count, amount and time frame set to n.
func renderAll(t *testing.T, pb *playbook.Playbook, lang locales.Lang, n int) map[string]string {
	t.Helper()
	now := t0
	c, err := cases.StartCall(pb, "ana", "agent", "bill_increase", lang, cases.Customer{
		Account: "4417001234", Name: "Lucía Fernández", Since: now.AddDate(-n, 0, -10),
		Balance: int64(n) * 100, PastDue: int64(n) * 100, Monthly: int64(n) * 100,
		Plan: "Fibra 600", Services: "Internet 600", Address: "1418 Olive Street", Phone: "(305) 555-0142",
		DueDate: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC),
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Customer.TenureYears(now); got != n {
		t.Fatalf("tenure = %d, want %d", got, n)
	}
	if _, err := c.Authenticate("pin", now); err != nil {
		t.Fatal(err)
	}
	c.Escalation = &cases.Escalation{Ticket: "ESC-1", Priority: "high", At: now, ExpectedBy: now.Add(time.Duration(n) * time.Hour)}
	for _, ph := range pb.Placeholders {
		if ph.Source != "agent" && ph.Source != "calculator" {
			continue
		}
		v := "texto"
		switch ph.Kind {
		case "money":
			v = strconv.Itoa(n * 100)
		case "date":
			v = "2026-11-28"
		case "percent":
			v = "0.1"
		case "text":
			v = "el valor"
		default: // numbers and quantities: the count under test
			v = strconv.Itoa(n)
		}
		c.SetValue(ph.ID, v)
	}
	vals := c.Lookup(pb, lang, cases.ValueContext{Company: "{{company}}", Agent: "Ana", RetentionPhone: "1-800-555-0199",
		Currency: "USD", Now: now, Recap: "revisamos su factura"})
	out := map[string]string{}
	say := func(id string, r playbook.Rendered) {
		s, err := r.Plain()
		if err != nil {
			t.Errorf("%s (%s, %d): incomplete: %q", id, lang, n, r.Display())
		}
		out[id] = s
	}
	for _, s := range pb.Steps {
		for _, sc := range s.Scripts {
			say(sc.Text.ID(), pb.Render(lang, sc.Text, vals, true))
		}
	}
	for _, ct := range pb.CallTypes {
		for _, q := range ct.Questions {
			say(q.Text.ID(), pb.Render(lang, q.Text, vals, true))
		}
		for _, ch := range ct.Checks {
			say(ch.Text.ID(), pb.Render(lang, ch.Text, vals, true))
		}
		for _, sc := range ct.Scripts {
			say(sc.Text.ID(), pb.Render(lang, sc.Text, vals, true))
		}
	}
	for i := range pb.Templates {
		tp := &pb.Templates[i]
		say(tp.Text.ID(), pb.RenderTemplate(lang, tp, vals, true))
	}
	return out
}

// Numbers that drive words go through plural rules: every script,
// template, question and check renders with a tenure, counts, time frames
// and amounts of 1 and of several, in both languages, and every number
// beside a unit noun agrees with it ("1 año", "3 años", never "1 años").
func TestEveryTextAgreesWithItsNumbers(t *testing.T) {
	pb := defaultPB(t)
	for _, lang := range locales.Langs {
		for _, n := range []int{1, 3} {
			texts := renderAll(t, pb, lang, n)
			if len(texts) < 100 {
				t.Fatalf("%s: only %d texts rendered", lang, len(texts))
			}
			for id, s := range texts {
				if m := unitTwiceRE.FindString(s); m != "" {
					t.Errorf("%s (%s, n=%d): unit said twice, %q: %q", id, lang, n, m, s)
				}
				for _, m := range quantityRE[lang].FindAllStringSubmatch(s, -1) {
					one := m[1] == "1"
					if one != singular(lang, m[2]) {
						t.Errorf("%s (%s, n=%d): %q does not agree: %q", id, lang, n, m[1]+" "+m[2], s)
					}
				}
			}
		}
	}
}

// The closing thanks the customer for their exact tenure, the wording
// following the number, and a refund's time frame comes from the policy
// default when the agent gives none.
func TestTenureAndPolicyDefaultsRenderWithTheirUnit(t *testing.T) {
	pb := defaultPB(t)
	want := map[locales.Lang]map[int][]string{
		locales.ES: {1: {"durante 1 año con"}, 3: {"durante 3 años con"}},
		locales.EN: {1: {"for 1 year;"}, 3: {"for 3 years;"}},
	}
	for lang, byN := range want {
		for n, subs := range byN {
			got := renderAll(t, pb, lang, n)["script.closing.tenured.text"]
			for _, s := range subs {
				if !strings.Contains(got, s) {
					t.Errorf("%s n=%d: closing %q lacks %q", lang, n, got, s)
				}
			}
		}
	}
	c, err := cases.StartCall(pb, "ana", "agent", "refund_request", locales.EN, cases.Customer{Name: "Ana"}, false)
	if err != nil {
		t.Fatal(err)
	}
	vals := c.Lookup(pb, locales.EN, cases.ValueContext{Currency: "USD", Now: t0})
	sc := pb.CallType("refund_request").Scripts
	for _, s := range sc {
		if s.ID != "refund_request.approved" {
			continue
		}
		r := pb.Render(locales.EN, s.Text, vals, true)
		if d := r.Display(); !strings.Contains(d, "within 7 business days") {
			t.Errorf("refund time frame without a typed value: %q", d)
		}
		es := pb.Render(locales.ES, s.Text, c.Lookup(pb, locales.ES, cases.ValueContext{Currency: "USD", Now: t0}), true)
		if d := es.Display(); !strings.Contains(d, "7 días hábiles") {
			t.Errorf("plazo del reembolso sin valor escrito: %q", d)
		}
	}
}
