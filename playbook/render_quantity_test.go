package playbook_test

import (
	"testing"

	"agentdesk/locales"
)

// A quantity placeholder renders with its unit, the noun agreeing with the
// number, whoever supplies the value; a policy default fills in when
// nobody does.
func TestQuantityPlaceholdersRenderWithTheirUnit(t *testing.T) {
	pb := defaultPack(t)
	cases := []struct {
		lang      locales.Lang
		text, val string
		want      string
	}{
		{locales.ES, "Gracias por {{tenure_years}}.", "1", "Gracias por 1 año."},
		{locales.ES, "Gracias por {{tenure_years}}.", "3", "Gracias por 3 años."},
		{locales.ES, "Gracias por {{tenure_years}}.", "1,5", "Gracias por 1,5 años."},
		{locales.EN, "Thanks for {{tenure_years}}.", "1", "Thanks for 1 year."},
		{locales.EN, "Thanks for {{tenure_years}}.", "12", "Thanks for 12 years."},
		{locales.ES, "Duró {{promo_months}}.", "1", "Duró 1 mes."},
		{locales.EN, "It lasted {{promo_months}}.", "24", "It lasted 24 months."},
		{locales.ES, "En {{refund_days}}.", "1", "En 1 día hábil."},
		{locales.EN, "Within {{refund_days}}.", "10", "Within 10 business days."},
		// A figure from a case arrives as the case shows it, grouped in
		// thousands (cases.DisplayValue): it keeps its unit ("1,234" was
		// refused as ambiguous and shown bare).
		{locales.EN, "It lasted {{promo_months}}.", "1,234", "It lasted 1,234 months."},
		{locales.ES, "Duró {{promo_months}}.", "1.234", "Duró 1.234 meses."},
		{locales.ES, "Duró {{promo_months}}.", "1.234,5", "Duró 1.234,5 meses."},
		{locales.EN, "Within {{refund_days}}.", "12,345.5", "Within 12,345.5 business days."},
		// Not a number: shown as it is.
		{locales.EN, "Within {{refund_days}}.", "a week", "Within a week."},
		// No value: the policy default, with its unit.
		{locales.ES, "En {{refund_days}}.", "", "En 7 días hábiles."},
		{locales.EN, "Within {{refund_days}}.", "", "Within 7 business days."},
	}
	for _, c := range cases {
		vals := func(string) (string, bool) { return c.val, c.val != "" }
		got, err := pb.RenderString(c.lang, c.text, vals, true).Plain()
		if err != nil || got != c.want {
			t.Errorf("%s %q with %q = %q, %v; want %q", c.lang, c.text, c.val, got, err, c.want)
		}
	}
	// A quantity without a value or a default is a gap, as any other.
	r := pb.RenderString(locales.EN, "For {{tenure_years}}.", nil, true)
	if r.Complete() || len(r.Missing()) != 1 {
		t.Errorf("tenure without a value: %q", r.Display())
	}
}
