package calculators

import (
	"math"
	"testing"

	"agentdesk/locales"
)

const (
	es = locales.ES
	en = locales.EN
)

// pointThree is 0.1+0.2 computed at run time (constants are exact).
var pointOne, pointTwo = 0.1, 0.2
var pointThree = pointOne + pointTwo

func TestFormatNumber(t *testing.T) {
	checkFormat(t, "FormatNumber", FormatNumber, []formatCase{
		{1234.56, 2, es, "1.234,56"},
		{1234.56, 2, en, "1,234.56"},
		{1234, 0, es, "1.234"},
		{123, 0, es, "123"},
		{-1234567.891, 2, es, "-1.234.567,89"},
		{-1234567.891, 2, en, "-1,234,567.89"},
		{0.5, 0, en, "1"},   // half away from zero, not to even
		{2.5, 0, en, "3"},   // idem
		{-2.5, 0, en, "-3"}, // idem
		{1.005, 2, en, "1.01"},
		{999.999, 2, es, "1.000,00"},
		{-0.001, 2, es, "0,00"}, // never "-0,00"
		{12.5, -1, es, "12,5"},
		{pointThree, -1, en, "0.30000000000000004"},
		{math.NaN(), 2, es, Dash},
		{math.Inf(1), 2, en, Dash},
		{math.Inf(-1), 0, en, Dash},
	})
}

func TestFormatPercent(t *testing.T) {
	checkFormat(t, "FormatPercent", FormatPercent, []formatCase{
		{0.125, 1, es, "12,5\u00a0%"},
		{0.125, 1, en, "12.5%"},
		{0.888, 1, es, "88,8\u00a0%"},
		{-0.4435, 1, en, "-44.4%"}, // 44.35 → 44.4 half away from zero
		{0.5, 0, en, "50%"},
		{1234.5, 0, es, "123.450\u00a0%"},
		{math.NaN(), 1, es, Dash},
	})
}

func TestParseNumber(t *testing.T) {
	checkParse(t, "ParseNumber", ParseNumber, []parseCase{
		{"1.234,56", es, 1234.56, ""},
		{"1,234.56", en, 1234.56, ""},
		{"1234,56", es, 1234.56, ""},
		{"1234.56", en, 1234.56, ""},
		// the other language's unambiguous forms
		{"1234.56", es, 1234.56, ""}, // one dot, not thousands grouping: a decimal point
		{"0.10", es, 0.10, ""},
		{"12,5", en, 12.5, ""},
		{"1,234.56", es, 1234.56, ""}, // both separators: the last one is decimal
		{"1.234,56", en, 1234.56, ""},
		// one separator with three digits after it reads as thousands to
		// one person and as a decimal point to another, whatever the
		// language shown: refused rather than guessed (1,200 calls are not
		// 1.2 calls)
		{"1.234", es, 0, CodeAmbiguousThousands},
		{"1,234", en, 0, CodeAmbiguousThousands},
		{"1,234", es, 0, CodeAmbiguousThousands},
		{"1.234", en, 0, CodeAmbiguousThousands},
		{"-1,200", es, 0, CodeAmbiguousThousands},
		{"1 234,567", es, 0, CodeAmbiguousThousands},
		{"1234,567", es, 1234.567, ""},
		{"1.234.567", es, 1234567, ""},
		{"1,234,567", es, 1234567, ""}, // several commas can only group
		{"0.500", es, 0.5, ""},         // "0" never starts a group
		{"1 234,5", es, 1234.5, ""},
		{"1\u00a0234,5", es, 1234.5, ""},
		{"  -42 ", en, -42, ""},
		{"+7", en, 7, ""},
		{"−3,5", es, -3.5, ""}, // U+2212
		{",5", es, 0.5, ""},
		{"-0", en, 0, ""},
		{"1000000000000", en, 1e12, ""},
		{"", es, 0, CodeRequired},
		{"   ", es, 0, CodeRequired},
		{"abc", en, 0, CodeNotANumber},
		{"NaN", en, 0, CodeNotANumber},
		{"Inf", en, 0, CodeNotANumber},
		{"1e5", en, 0, CodeNotANumber},
		{"1.2.3", en, 0, CodeNotANumber},
		{"1,23,4", en, 0, CodeNotANumber},
		{"12.", en, 0, CodeNotANumber},
		{"1..2", es, 0, CodeNotANumber},
		{"-", en, 0, CodeNotANumber},
		{"--1", en, 0, CodeNotANumber},
		{"1.234,5.6", es, 0, CodeNotANumber},
		{"1000000000000.01", en, 0, CodeTooLarge},
		{"99999999999999999999", en, 0, CodeTooLarge},
	})
}

func TestParseRate(t *testing.T) {
	checkParse(t, "ParseRate", ParseRate, []parseCase{
		{"10%", en, 0.10, ""},
		{"10 %", es, 0.10, ""},
		{"12,5 %", es, 0.125, ""},
		{"12,5\u00a0%", es, 0.125, ""},
		{"12.5%", en, 0.125, ""},
		{"0.10", en, 0.10, ""},
		{"0,10", es, 0.10, ""},
		{"0.10", es, 0.10, ""},
		{"-5%", en, -0.05, ""},
		// A bare 1 is 1 % to whoever writes rates without the sign and
		// 100 % to whoever writes fractions: a commission of 1 on 1,000.00
		// came out 1,000.00. Asked for, as "10" is.
		{"1", en, 0, CodeRateAmbiguous},
		{"1", es, 0, CodeRateAmbiguous},
		{"1,0", es, 0, CodeRateAmbiguous},
		{"1.00", en, 0, CodeRateAmbiguous},
		{"-1", en, 0, CodeRateAmbiguous},
		{"0,99", es, 0.99, ""},
		{"100%", en, 1, ""},
		{"150%", en, 1.5, ""},
		{"10", en, 0, CodeRateAmbiguous},
		{"%", en, 0, CodeNotANumber},
		{"", en, 0, CodeRequired},
		{"ten%", en, 0, CodeNotANumber},
	})
}

// formatCase is one writing: x with dec decimals in lang reads want.
type formatCase struct {
	x    float64
	dec  int
	lang locales.Lang
	want string
}

// checkFormat holds format (called name in failures) to every case.
func checkFormat(t *testing.T, name string, format func(float64, int, locales.Lang) string, tests []formatCase) {
	t.Helper()
	for _, tt := range tests {
		if got := format(tt.x, tt.dec, tt.lang); got != tt.want {
			t.Errorf("%s(%v, %d, %s) = %q, want %q", name, tt.x, tt.dec, tt.lang, got, tt.want)
		}
	}
}

// parseCase is one reading: s in lang reads as want, or fails with code.
type parseCase struct {
	s    string
	lang locales.Lang
	want float64
	code string
}

// checkParse holds parse (called name in failures) to every case.
func checkParse(t *testing.T, name string, parse func(string, locales.Lang) (float64, error), tests []parseCase) {
	t.Helper()
	for _, tt := range tests {
		got, err := parse(tt.s, tt.lang)
		if tt.code != "" {
			if es, ok := AsErrors(err); !ok || es[0].Code != tt.code {
				t.Errorf("%s(%q, %s) = %v, %v; want code %s", name, tt.s, tt.lang, got, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s(%q, %s) = %v, %v; want %v", name, tt.s, tt.lang, got, err, tt.want)
		}
	}
}

func TestNumberRoundTrip(t *testing.T) {
	for _, x := range []float64{0, 1, -1, 0.1, 1234.5678, -987654321.125, 1e12, 3.14159, 1e-7} {
		for _, lang := range locales.Langs {
			s := FormatNumber(x, -1, lang)
			got, err := ParseNumber(s, lang)
			if err != nil || got != x {
				t.Errorf("%s: %v → %q → %v, %v", lang, x, s, got, err)
			}
		}
	}
	for _, r := range []float64{0, 0.1, 0.125, 0.8, 1, -0.05, 0.0001} {
		for _, lang := range locales.Langs {
			s := FormatPercent(r, 4, lang)
			got, err := ParseRate(s, lang)
			if err != nil || math.Abs(got-r) > 1e-12 {
				t.Errorf("%s: %v → %q → %v, %v", lang, r, s, got, err)
			}
		}
	}
}

// What the app writes into a field for a person to keep (a figure
// rewritten for the other language, a recorded value put back in its box)
// reads back as the same number in either language: amounts with their
// cents, rates and numbers bare. 1000 % was written "1.000 %" and 12.345
// as "12.345" in English, each then refused as an ambiguous thousands
// separator.
func TestEntryFormsReadBack(t *testing.T) {
	for _, x := range []float64{0, 999, 1000, 1000.5, 12345.67, 1.234, 12.345, -12.345, 0.345} {
		for _, l := range locales.Langs {
			m := Money{Minor: int64(math.Round(x * 100)), Currency: "USD"}
			txt := FormatNumber(m.Major(), 2, l)
			if back, err := ParseMoney(txt, "USD", l); err != nil || back.Minor != m.Minor {
				t.Errorf("amount %v (%s): written %q, read back %v, %v", x, l, txt, back.Minor, err)
			}
			txt = FormatEntry(x, -1, l)
			if back, err := ParseNumber(txt, l); err != nil || back != x {
				t.Errorf("number %v (%s): written %q, read back %v, %v", x, l, txt, back, err)
			}
		}
	}
	for _, r := range []float64{0, 9.99, 10, 10.005, 123.4567, 0.12345, 0.125} {
		for _, l := range locales.Langs {
			txt := FormatPercentEntry(r, -1, l)
			if back, err := ParseRate(txt, l); err != nil || back != r {
				t.Errorf("rate %v (%s): written %q, read back %v, %v", r, l, txt, back, err)
			}
		}
	}
}

// A minus as word processors and spreadsheets write it is read as one, by
// every reader alike: "–5" (en dash, what "-" becomes on autocorrect) and
// accounting's "(5)" were not a number, and "- 5" was an amount but not a
// number or a rate.
func TestNegativesAsPeopleTypeThem(t *testing.T) {
	for _, s := range []string{"-5", "- 5", "–5", "– 5", "(5)", "( 5 )"} {
		if f, err := ParseNumber(s, en); err != nil || f != -5 {
			t.Errorf("ParseNumber(%q) = %v, %v; want -5", s, f, err)
		}
		if m, err := ParseMoney(s, "USD", en); err != nil || m.Minor != -500 {
			t.Errorf("ParseMoney(%q) = %v, %v; want -5.00", s, m, err)
		}
		if f, err := ParseRate(s+"%", en); err != nil || math.Abs(f+0.05) > 1e-15 {
			t.Errorf("ParseRate(%q) = %v, %v; want -0.05", s+"%", f, err)
		}
	}
	for _, s := range []string{"($5.00)", "($5)", "–$5", "$–5"} {
		if m, err := ParseMoney(s, "USD", en); err != nil || m.Minor != -500 {
			t.Errorf("ParseMoney(%q) = %v, %v; want -5.00", s, m, err)
		}
	}
	if f, err := ParseRate("(5 %)", es); err != nil || math.Abs(f+0.05) > 1e-15 {
		t.Errorf("ParseRate(%q) = %v, %v; want -0.05", "(5 %)", f, err)
	}
	// Two signs, or a parenthesis left open, are still no number.
	for _, s := range []string{"(-5)", "-(5)", "(5", "5)", "()", "–-5", "(–5)", "((5))"} {
		if _, err := ParseNumber(s, en); codes(err)[""] != CodeNotANumber {
			t.Errorf("ParseNumber(%q): %v; want not_a_number", s, err)
		}
		if _, err := ParseMoney(s, "USD", en); codes(err)[""] != CodeNotANumber {
			t.Errorf("ParseMoney(%q): %v; want not_a_number", s, err)
		}
	}
}
