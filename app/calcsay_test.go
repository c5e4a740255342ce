package app

import (
	"strings"
	"testing"

	"agentdesk/locales"
)

// Chat that converts below the site's average brings fewer orders, and
// the sentence said on the call says so instead of "about -13 extra
// orders ... some -$1,040.00 in additional revenue".
func TestCalcChatRevenueBelowTheSiteSaysFewerOrders(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("chat_revenue")
	h.typeIn(s, "visitors", "260")
	h.typeIn(s, "chat_conversion", "15 %")
	h.typeIn(s, "site_conversion", "20 %")
	h.typeIn(s, "average_order", "80")
	if s.out == nil {
		t.Fatalf("no result: %v", s.reader())
	}
	for _, l := range locales.Langs {
		ct := locales.New(l)
		say, _ := s.out.say(ct)
		if strings.Contains(say, "-") || strings.Contains(say, "−") {
			t.Errorf("%s: %q", l, say)
		}
		if !strings.Contains(say, "13") || !strings.Contains(say, map[locales.Lang]string{locales.ES: "1.040,00", locales.EN: "1,040.00"}[l]) {
			t.Errorf("%s: the figures are missing from %q", l, say)
		}
	}
	// The figure is an estimate in Spanish too, as "about" says in English.
	if say, _ := s.out.say(locales.New(locales.ES)); !strings.Contains(say, "alrededor de 13 pedidos menos") {
		t.Errorf("es, below: %q", say)
	}
	// Above the site's average, the sentence is the one it always was.
	h.typeIn(s, "site_conversion", "10 %")
	if say, _ := s.out.say(locales.New(locales.EN)); !strings.Contains(say, "13 extra orders") || !strings.Contains(say, "$1,040.00 in additional revenue") {
		t.Errorf("en, above: %q", say)
	}
}

// A count of one is said in the singular: "1 contactos" and "every 1
// minutes" were read to customers.
func TestCalcSentencesAgreeWithTheirCounts(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	type want map[locales.Lang][]string
	for _, tc := range []struct {
		calc   string
		fields map[string]string
		one    want
		many   want
		again  map[string]string
	}{
		{"deflection", map[string]string{"contacts": "1", "cost_assisted": "5", "cost_automated": "1", "rate_before": "10 %", "rate_after": "20 %"},
			want{locales.ES: {" de 1 contacto, "}, locales.EN: {" of 1 contact, "}},
			want{locales.ES: {" de 2 contactos, "}, locales.EN: {" of 2 contacts, "}},
			map[string]string{"contacts": "2"}},
		{"cost_per_contact", map[string]string{"cost": "50", "contacts": "1"},
			want{locales.ES: {" y 1 contacto, "}, locales.EN: {" and 1 contact, "}},
			want{locales.ES: {" y 2 contactos, "}, locales.EN: {" and 2 contacts, "}},
			map[string]string{"contacts": "2"}},
		{"erlangc", map[string]string{"calls": "1", "interval": "1", "aht": "20", "target": "80 %", "within": "20"},
			want{locales.ES: {"atender 1 llamada cada minuto ", "se necesita 1 agente."}, locales.EN: {"handle 1 call every minute ", "1 agent is needed."}},
			want{locales.ES: {"atender 20 llamadas cada 2 minutos ", "se necesitan "}, locales.EN: {"handle 20 calls every 2 minutes ", " agents are needed"}},
			map[string]string{"calls": "20", "interval": "2"}},
		{"chat_revenue", map[string]string{"visitors": "1", "chat_conversion": "60 %", "site_conversion": "50 %", "average_order": "80"},
			want{locales.ES: {"Con 1 visitante que usa el chat, se esperan alrededor de 0,1 pedidos adicionales:"}, locales.EN: {"With 1 visitor using chat, about 0.1 extra orders are expected:"}},
			want{locales.ES: {"Con 10 visitantes que usan el chat, se espera alrededor de 1 pedido adicional:"}, locales.EN: {"With 10 visitors using chat, about 1 extra order is expected:"}},
			map[string]string{"visitors": "10", "chat_conversion": "20 %", "site_conversion": "10 %"}},
	} {
		s := h.calc(tc.calc)
		for f, v := range tc.fields {
			h.typeIn(s, f, v)
		}
		for _, step := range []want{tc.one, tc.many} {
			if s.out == nil {
				t.Fatalf("%s: no result: %q", tc.calc, h.texts())
			}
			for l, parts := range step {
				say, _ := s.out.say(locales.New(l))
				for _, p := range parts {
					if !strings.Contains(say, p) {
						t.Errorf("%s %s: %q, want %q in it", tc.calc, l, say, p)
					}
				}
			}
			for f, v := range tc.again {
				h.typeIn(s, f, v)
			}
		}
	}
}

// Flows with two IRRs say both: the sentence gave 0 % alone for
// -100; 300; -200, which 100 % fits as well.
func TestCalcIRRSaysEveryRate(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("irr")
	h.typeIn(s, "flows", "-100; 300; -200")
	if s.out == nil {
		t.Fatalf("no result: %v", s.reader())
	}
	for l, want := range map[locales.Lang][]string{locales.ES: {"0,0\u00a0%", "100,0\u00a0%"}, locales.EN: {"0.0%", "100.0%"}} {
		say, _ := s.out.say(locales.New(l))
		for _, w := range want {
			if !strings.Contains(say, w) {
				t.Errorf("%s: %q does not say %s", l, say, w)
			}
		}
	}
}

// A loss of a cent is not said as a return of 0.0 %: a figure that is not
// zero shows its first digit, in the sentence as in the breakdown.
func TestCalcSentenceNeverRoundsAFigureToZero(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("roi")
	h.typeIn(s, "investment", "1000,01")
	h.typeIn(s, "gain", "1000")
	if s.out == nil {
		t.Fatalf("no result: %v", s.reader())
	}
	for l, want := range map[locales.Lang]string{locales.ES: "-0,001\u00a0%", locales.EN: "-0.001%"} {
		if say, _ := s.out.say(locales.New(l)); !strings.Contains(say, want) {
			t.Errorf("%s: %q does not say %s", l, say, want)
		}
	}
}
