package cases

import (
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
