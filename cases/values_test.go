package cases

import (
	"errors"
	"testing"

	"agentdesk/locales"
)

// A value written back into its box reads back as the same value when the
// agent submits it again, in either language: the values card shows what
// was recorded, and Enter on it must not be refused.
func TestEntryValueReadsBack(t *testing.T) {
	for _, tc := range []struct{ kind, canonical string }{
		{"number", "1200"},
		{"number", "1000000"},
		{"number", "1.5"},
		{"number", "12"},
		{"months", "1200"},
		{"hours", "2.25"},
		{"money", "120000"},
		{"money", "999"},
		{"money", "123456789"},
		{"date", "2026-03-05"},
		{"percent", "0.125"},
		{"percent", "12.5"},
		// Amounts and rates at the thousands: 0, 999, 1000, 1000.5,
		// 12345.67, and 1000 %; and a rate typed with more decimals than
		// the scripts show (12,345 % was written back "12,3 %", which
		// Enter then recorded in its place).
		{"money", "0"},
		{"money", "100000"},
		{"money", "100050"},
		{"money", "1234567"},
		{"percent", "0"},
		{"percent", "9.99"},
		{"percent", "10"},
		{"percent", "10.005"},
		{"percent", "123.4567"},
		{"percent", "0.12345"},
		{"text", "Fibra 1.200"},
	} {
		for _, l := range locales.Langs {
			shown := EntryValue(tc.kind, tc.canonical, l, "USD")
			got, err := CanonicalValue(tc.kind, shown, l, "USD")
			if err != nil || got != tc.canonical {
				t.Errorf("%s %s in %s: shown %q reads back as %q, %v", tc.kind, tc.canonical, l, shown, got, err)
			}
		}
	}
}

// A number is written back into its box with every decimal recorded, in
// each language, so Enter records it unchanged: 1.234 was written "1,23"
// and Enter then recorded 1.23 in its place, the round trip 59f8796 closed
// for rates. The scripts still show two decimals (DisplayValue).
func TestEntryValueKeepsEveryDecimal(t *testing.T) {
	for _, tc := range []struct {
		kind, canonical string
		want            map[locales.Lang]string
	}{
		{"number", "1.234", map[locales.Lang]string{locales.ES: "1,2340", locales.EN: "1.2340"}},
		{"number", "0.001", map[locales.Lang]string{locales.ES: "0,001", locales.EN: "0.001"}},
		{"number", "2.125", map[locales.Lang]string{locales.ES: "2,1250", locales.EN: "2.1250"}},
		{"number", "1234.5678", map[locales.Lang]string{locales.ES: "1234,5678", locales.EN: "1234.5678"}},
		{"years", "1.05", map[locales.Lang]string{locales.ES: "1,05", locales.EN: "1.05"}},
		{"hours", "0.333", map[locales.Lang]string{locales.ES: "0,333", locales.EN: "0.333"}},
		{"days", "12", map[locales.Lang]string{locales.ES: "12", locales.EN: "12"}},
		{"months", "1000000.5", map[locales.Lang]string{locales.ES: "1000000,5", locales.EN: "1000000.5"}},
	} {
		for _, l := range locales.Langs {
			shown := EntryValue(tc.kind, tc.canonical, l, "USD")
			got, err := CanonicalValue(tc.kind, shown, l, "USD")
			if shown != tc.want[l] || err != nil || got != tc.canonical {
				t.Errorf("%s %s in %s: written back %q (want %q), which records %q, %v", tc.kind, tc.canonical, l, shown, tc.want[l], got, err)
			}
		}
	}
}

// A typed amount is what the script says to the customer: the bill, a
// payment, a credit, a fee. "-20" read as -$20.00 and the script said
// "your payment of -$20.00"; an amount is refused below zero, by a field
// of its own so the screen can say why.
func TestCanonicalMoneyIsNotNegative(t *testing.T) {
	for _, l := range locales.Langs {
		for _, in := range []string{"-20", "-0,01", "- 5"} {
			_, err := CanonicalValue("money", in, l, "USD")
			var ce *Error
			if !errors.As(err, &ce) || ce.Field != FieldNegativeMoney {
				t.Errorf("%s %q: %v, want a refusal of %s", l, in, err, FieldNegativeMoney)
			}
		}
		if got, err := CanonicalValue("money", "0", l, "USD"); err != nil || got != "0" {
			t.Errorf("%s zero: %q %v", l, got, err)
		}
	}
}
