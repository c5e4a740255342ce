package calculators

import (
	"math"
	"testing"

	"agentdesk/locales"
)

func usd(major float64) Money {
	m, err := NewMoney(major, "USD")
	if err != nil {
		panic(err)
	}
	return m
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		m    Money
		lang locales.Lang
		want string
	}{
		{FromMinor(123456, "EUR"), es, "1.234,56\u00a0€"},
		{FromMinor(123456, "USD"), es, "1.234,56\u00a0US$"},
		{FromMinor(123456, "USD"), en, "$1,234.56"},
		{FromMinor(123456, "EUR"), en, "€1,234.56"},
		{FromMinor(-123456, "EUR"), es, "-1.234,56\u00a0€"},
		{FromMinor(-123456, "USD"), en, "-$1,234.56"},
		{FromMinor(5, "USD"), en, "$0.05"},
		{FromMinor(0, "USD"), es, "0,00\u00a0US$"},
		{FromMinor(123456, "COP"), en, "COP\u00a01,234.56"},
		{FromMinor(123456, "COP"), es, "1.234,56\u00a0COP"},
		{FromMinor(100000000000000, "MXN"), es, "1.000.000.000.000,00\u00a0MXN"},
		{FromMinor(math.MinInt64, "USD"), en, "-$92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.m, tt.lang); got != tt.want {
			t.Errorf("FormatMoney(%v, %s) = %q, want %q", tt.m, tt.lang, got, tt.want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		s, cur string
		lang   locales.Lang
		want   int64
		code   string
	}{
		{"1.234,56 €", "EUR", es, 123456, ""},
		{"1.234,56\u00a0€", "EUR", es, 123456, ""},
		{"-1.234,56 €", "EUR", es, -123456, ""},
		{"1.234,56 US$", "USD", es, 123456, ""},
		{"$1,234.56", "USD", en, 123456, ""},
		{"-$1,234.56", "USD", en, -123456, ""},
		{"$-1,234.56", "USD", en, -123456, ""},
		{"€1,234.56", "EUR", en, 123456, ""},
		{"USD 12", "USD", en, 1200, ""},
		{"12 usd", "USD", en, 1200, ""},
		{"  8 ", "USD", es, 800, ""},
		{"59,90", "USD", es, 5990, ""},
		{"59.90", "USD", es, 5990, ""}, // en form typed in Spanish: unambiguous
		// One separator and three digits after it is twelve hundred to
		// one agent and 1.20 to another, in either language: refused.
		{"1.500", "USD", es, 0, CodeAmbiguousThousands},
		{"1.500", "USD", en, 0, CodeAmbiguousThousands},
		{"$ 1,200", "USD", es, 0, CodeAmbiguousThousands},
		{"1,200", "USD", es, 0, CodeAmbiguousThousands},
		{"1,234", "USD", es, 0, CodeAmbiguousThousands},
		{"$1,200", "USD", en, 0, CodeAmbiguousThousands},
		{"$1.500", "MXN", es, 0, CodeAmbiguousThousands},
		{"1200", "USD", es, 120000, ""},
		{"1.200,00", "USD", es, 120000, ""},
		{"1,200.00", "USD", es, 120000, ""},
		{"1,200.00", "USD", en, 120000, ""},
		{"1.200.000", "USD", es, 120000000, ""}, // two groups: only grouping
		{"1,200,000", "USD", en, 120000000, ""},
		{"1 200", "USD", es, 120000, ""},
		{"0,500", "USD", es, 50, ""}, // "0" starts no thousands group
		{"1234,500", "USD", es, 123450, ""},
		{"1,50", "USD", es, 150, ""},
		{"1.5", "USD", en, 150, ""},
		{"1.234,567", "EUR", es, 0, CodeTooManyDecimals},
		{"€10", "USD", en, 0, CodeCurrencyMismatch},
		{"10 EUR", "USD", en, 0, CodeCurrencyMismatch},
		{"EUR10", "USD", en, 0, CodeCurrencyMismatch},
		{"12 US$", "MXN", es, 0, CodeCurrencyMismatch},
		{"1.234,56\u00a0MXN", "USD", es, 0, CodeCurrencyMismatch}, // as FormatMoney writes it
		{"12 pesos", "MXN", es, 0, CodeNotANumber},                // a word, not "SOS"
		{"12 dólares", "USD", es, 0, CodeNotANumber},              // nor "RES"
		{"$10", "EUR", en, 0, CodeCurrencyMismatch},
		{"", "USD", en, 0, CodeRequired},
		{"$", "USD", en, 0, CodeNotANumber},
		{"-$-5", "USD", en, 0, CodeNotANumber},
		{"$-+5", "USD", en, 0, CodeNotANumber},
		{"ten", "USD", en, 0, CodeNotANumber},
		{"NaN", "USD", en, 0, CodeNotANumber},
		{"2000000000000", "USD", en, 0, CodeTooLarge},
		{"5", "dollars", en, 0, CodeCurrency},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.s, tt.cur, tt.lang)
		if tt.code != "" {
			if es, ok := AsErrors(err); !ok || es[0].Code != tt.code {
				t.Errorf("ParseMoney(%q, %s, %s) = %v, %v; want code %s", tt.s, tt.cur, tt.lang, got, err, tt.code)
			}
			continue
		}
		if err != nil || got.Minor != tt.want || got.Currency != tt.cur {
			t.Errorf("ParseMoney(%q, %s, %s) = %v, %v; want %d", tt.s, tt.cur, tt.lang, got, err, tt.want)
		}
	}
}

func TestMoneyRoundTrip(t *testing.T) {
	for _, minor := range []int64{0, 1, -1, 99, 100, 123456, -123456, 100000000, MaxMinor, -MaxMinor} {
		for _, cur := range []string{"USD", "EUR", "GBP", "MXN", "COP"} {
			for _, lang := range locales.Langs {
				m := FromMinor(minor, cur)
				s := FormatMoney(m, lang)
				got, err := ParseMoney(s, cur, lang)
				if err != nil || got != m {
					t.Errorf("%s: %v → %q → %v, %v", lang, m, s, got, err)
				}
			}
		}
	}
}

func TestNewMoney(t *testing.T) {
	tests := []struct {
		major float64
		want  int64
		code  string
	}{
		{1.005, 101, ""}, // as written, half away from zero
		{-1.005, -101, ""},
		{0.125, 13, ""},
		{11529.608633290074, 1152961, ""},
		{1e12, 1e14, ""},
		{1e12 + 1, 0, CodeTooLarge},
		{math.NaN(), 0, CodeNotANumber},
		{math.Inf(-1), 0, CodeNotANumber},
	}
	for _, tt := range tests {
		got, err := NewMoney(tt.major, "USD")
		if tt.code != "" {
			if es, ok := AsErrors(err); !ok || es[0].Code != tt.code {
				t.Errorf("NewMoney(%v) = %v, %v; want %s", tt.major, got, err, tt.code)
			}
			continue
		}
		if err != nil || got.Minor != tt.want {
			t.Errorf("NewMoney(%v) = %v, %v; want %d", tt.major, got, err, tt.want)
		}
	}
	if got := FromMinor(123456, "USD").Major(); got != 1234.56 {
		t.Errorf("Major = %v", got)
	}
}

func TestMoneyArithmetic(t *testing.T) {
	big := FromMinor(math.MaxInt64-1, "USD")
	if _, err := big.Add(FromMinor(2, "USD")); err == nil {
		t.Error("Add overflow not reported")
	}
	if _, err := FromMinor(math.MinInt64+1, "USD").Sub(FromMinor(2, "USD")); err == nil {
		t.Error("Sub overflow not reported")
	}
	if _, err := big.Mul(2); err == nil {
		t.Error("Mul overflow not reported")
	}
	if _, err := usd(1).Add(FromMinor(1, "EUR")); err == nil {
		t.Error("currency mismatch not reported")
	}
	if s, err := usd(1).Add(Money{}); err != nil || s != usd(1) {
		t.Errorf("zero without currency: %v %v", s, err)
	}
	tests := []struct {
		minor, num, den, want int64
	}{
		{5000, 15, 30, 2500},
		{1, 1, 2, 1},   // 0.5 cent → 1
		{-1, 1, 2, -1}, // away from zero
		{3, 1, 2, 2},   // 1.5 → 2
		{-3, 1, 2, -2}, // -1.5 → -2
		{100, 1, 3, 33},
		{200, 1, 3, 67},
		{54000000, 1, 120000, 450},
	}
	for _, tt := range tests {
		got, err := FromMinor(tt.minor, "USD").MulDiv(tt.num, tt.den)
		if err != nil || got.Minor != tt.want {
			t.Errorf("MulDiv(%d,%d,%d) = %v, %v; want %d", tt.minor, tt.num, tt.den, got, err, tt.want)
		}
	}
	if got, _ := FromMinor(MaxMinor, "USD").MulDiv(MaxMinor, MaxMinor); got.Minor != MaxMinor {
		t.Errorf("MulDiv large = %v", got)
	}
	if got, _ := usd(10).MulRate(0.125); got.Minor != 125 {
		t.Errorf("MulRate = %v", got)
	}
}

// A rate is the decimal it was typed as: every whole percentage of every
// amount up to $20 rounds half away from zero, as a person reckons it
// (29 % of $0.50 is $0.15). A float product missed 100 of them.
func TestMulRateRoundsTheTypedDecimal(t *testing.T) {
	for pct := int64(1); pct <= 100; pct++ {
		r := float64(pct) / 100
		for minor := int64(1); minor <= 2000; minor++ {
			got, err := Money{Minor: minor, Currency: "USD"}.MulRate(r)
			want := (minor*pct + 50) / 100 // exact, half up (all positive)
			if err != nil || got.Minor != want {
				t.Fatalf("%d%% of %d cents = %d, want %d (%v)", pct, minor, got.Minor, want, err)
			}
		}
	}
	if got, _ := (Money{Minor: -50, Currency: "USD"}).MulRate(0.29); got.Minor != -15 {
		t.Errorf("negative: %d", got.Minor)
	}
	if _, err := (Money{Minor: MaxMinor, Currency: "USD"}).MulRate(2); err == nil {
		t.Error("past the bound accepted")
	}
}

// A figure that is not zero is never written as zero: 0.001 calls read
// "0 calls", a payback of a few hours "0.00 years", an ROI of -0.001 %
// "0.0%" beside a net loss, an LTV/CAC of 0.004 "0 times". Such a figure
// gets the decimals that show its first digit.
func TestFiguresNotZeroAreNotWrittenAsZero(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		kind string
		want string
	}{
		{0.001, KindNumber, "0.001"},
		{0.004, KindNumber, "0.004"},
		{0.0004, KindYears, "0.0004"},
		{-0.00001, KindPercent, "-0.001%"},
		{0.04, KindSeconds, "0.04"},
		// Figures that show already keep their decimals.
		{0.125, KindPercent, "12.5%"},
		{1.5, KindYears, "1.50"},
		{3, KindNumber, "3"},
		{0, KindNumber, "0"},
		{0, KindYears, "0.00"},
	} {
		if got := FormatValue(tc.x, tc.kind, en); got != tc.want {
			t.Errorf("FormatValue(%v, %s) = %q, want %q", tc.x, tc.kind, got, tc.want)
		}
	}
	if got := Displayed(0.001, KindNumber); got != 0.001 {
		t.Errorf("Displayed(0.001) = %v: the plural would agree with another number", got)
	}
	if got := Displayed(0.0004, KindYears); got != 0.0004 {
		t.Errorf("Displayed(0.0004 years) = %v", got)
	}
}
