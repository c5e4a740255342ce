package calculators

import (
	"testing"

	"agentdesk/locales"
)

func TestFormatQuantityAgrees(t *testing.T) {
	cases := []struct {
		n    float64
		unit string
		lang locales.Lang
		want string
	}{
		{1, "years", locales.ES, "1 año"},
		{3, "years", locales.ES, "3 años"},
		{0, "years", locales.ES, "0 años"},
		{1.5, "years", locales.ES, "1,5 años"},
		{1, "years", locales.EN, "1 year"},
		{3, "years", locales.EN, "3 years"},
		{1.5, "years", locales.EN, "1.5 years"},
		{1, "months", locales.ES, "1 mes"},
		{12, "months", locales.ES, "12 meses"},
		{1, "months", locales.EN, "1 month"},
		{24, "months", locales.EN, "24 months"},
		{1, "days", locales.ES, "1 día"},
		{15, "days", locales.EN, "15 days"},
		{1, "business_days", locales.ES, "1 día hábil"},
		{7, "business_days", locales.ES, "7 días hábiles"},
		{1, "business_days", locales.EN, "1 business day"},
		{7, "business_days", locales.EN, "7 business days"},
		{1, "hours", locales.ES, "1 hora"},
		{24, "hours", locales.EN, "24 hours"},
		{1000000, "years", locales.ES, "1.000.000 años"},
		{2500, "days", locales.EN, "2,500 days"},
	}
	for _, c := range cases {
		if got := FormatQuantity(c.n, c.unit, c.lang); got != c.want {
			t.Errorf("FormatQuantity(%v, %s, %s) = %q, want %q", c.n, c.unit, c.lang, got, c.want)
		}
	}
	for _, u := range Units {
		for _, l := range locales.Langs {
			if !locales.New(l).Has("unit." + u) {
				t.Errorf("%s: no message unit.%s", l, u)
			}
		}
	}
}
