package app

import (
	"testing"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// A figure typed on the calculators is rewritten for the other language
// when the interface switches; what the app wrote must read back as the
// same figure there, and again after switching back. 1000 % was written
// "1.000 %" in Spanish and then refused as an ambiguous thousands
// separator.
func TestCalcValuesReadBackAcrossLanguages(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := screenOf[*calcScreen](h.app)
	if s == nil {
		t.Fatal("no calculators screen")
	}
	const money, rate = "commission.sales", "commission.rate"
	for _, tc := range []struct {
		key   string
		typed map[locales.Lang]string
		want  float64
	}{
		{money, map[locales.Lang]string{locales.ES: "0", locales.EN: "0"}, 0},
		{money, map[locales.Lang]string{locales.ES: "999", locales.EN: "999"}, 999},
		{money, map[locales.Lang]string{locales.ES: "1000", locales.EN: "1000"}, 1000},
		{money, map[locales.Lang]string{locales.ES: "1000,5", locales.EN: "1000.5"}, 1000.5},
		{money, map[locales.Lang]string{locales.ES: "12.345,67", locales.EN: "12,345.67"}, 12345.67},
		{rate, map[locales.Lang]string{locales.ES: "0 %", locales.EN: "0%"}, 0},
		{rate, map[locales.Lang]string{locales.ES: "999 %", locales.EN: "999%"}, 9.99},
		{rate, map[locales.Lang]string{locales.ES: "1000 %", locales.EN: "1000%"}, 10},
		{rate, map[locales.Lang]string{locales.ES: "1000,5 %", locales.EN: "1000.5%"}, 10.005},
		{rate, map[locales.Lang]string{locales.ES: "12345,67 %", locales.EN: "12345.67%"}, 123.4567},
	} {
		for _, from := range []locales.Lang{locales.ES, locales.EN} {
			to := locales.EN
			if from == locales.EN {
				to = locales.ES
			}
			read := func(v string, l locales.Lang) (float64, error) {
				if tc.key == rate {
					return calculators.ParseRate(v, l)
				}
				m, err := calculators.ParseMoney(v, "USD", l)
				return m.Major(), err
			}
			s.vals[tc.key] = tc.typed[from]
			if got, err := read(tc.typed[from], from); err != nil || got != tc.want {
				t.Fatalf("%s %q in %s reads %v, %v", tc.key, tc.typed[from], from, got, err)
			}
			s.convertValues(from, to)
			there := s.vals[tc.key]
			if got, err := read(there, to); err != nil || got != tc.want {
				t.Errorf("%s %q (%s) rewritten %q for %s, which reads %v, %v", tc.key, tc.typed[from], from, there, to, got, err)
				continue
			}
			s.convertValues(to, from)
			if got, err := read(s.vals[tc.key], from); err != nil || got != tc.want {
				t.Errorf("%s %q (%s) back from %q as %q, which reads %v, %v", tc.key, tc.typed[from], from, there, s.vals[tc.key], got, err)
			}
		}
	}
}
