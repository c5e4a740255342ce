package calculators

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

// A figure a case keeps comes back from its JSON as the same line, and is
// written in whichever language reads it.
func TestFigureKeepsALineThroughJSON(t *testing.T) {
	rows := []struct {
		name   string
		line   Line
		es, en string
	}{
		{"money", Line{Key: "k", Value: Money{Minor: 1234567, Currency: "USD"}, Kind: KindMoney}, "12.345,67 US$", "$12,345.67"},
		{"a change has its sign", Line{Key: "k", Value: Money{Minor: 1500, Currency: "USD"}, Kind: KindChange}, "+15,00 US$", "+$15.00"},
		{"a fall too", Line{Key: "k", Value: Money{Minor: -1500, Currency: "USD"}, Kind: KindChange}, "-15,00 US$", "-$15.00"},
		{"percent", Line{Key: "k", Value: 0.125, Kind: KindPercent}, "12,5 %", "12.5%"},
		{"one day", Line{Key: "k", Value: 1, Kind: KindDays}, "1 día", "1 day"},
		{"days", Line{Key: "k", Value: 15, Kind: KindDays}, "15 días", "15 days"},
		{"agents", Line{Key: "k", Value: 14, Kind: KindAgents}, "14 agentes", "14 agents"},
		{"years", Line{Key: "k", Value: 2.5, Kind: KindYears}, "2,50 años", "2.50 years"},
		{"zero", Line{Key: "k", Value: 0.0, Kind: KindNumber}, "0", "0"},
		{"a role", Line{Key: "calc.line.min_role", Value: "supervisor", Kind: KindText}, "Supervisor", "Supervisor"},
		{"never", Line{Key: "k", Value: math.Inf(1), Kind: KindYears}, Dash, Dash},
		{"not a number", Line{Key: "k", Value: math.NaN(), Kind: KindNumber}, Dash, Dash},
		{"money that is not", Line{Key: "k", Value: 3.0, Kind: KindMoney}, Dash, Dash},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			raw, err := json.Marshal(Keep(r.line))
			if err != nil {
				t.Fatal(err)
			}
			var back Figure
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			if back.Key != r.line.Key {
				t.Errorf("key %q", back.Key)
			}
			for lang, want := range map[locales.Lang]string{locales.ES: r.es, locales.EN: r.en} {
				got := FormatLine(back.Line(), locales.New(lang))
				if strings.ReplaceAll(got, "\u00a0", " ") != want {
					t.Errorf("%s: %q from %s, want %q", lang, got, raw, want)
				}
			}
		})
	}
}

// The written figures a desk keeps for the previous release: each key once,
// a key that comes more than once joined.
func TestWrittenFigures(t *testing.T) {
	usd := func(minor int64) Money { return Money{Minor: minor, Currency: "USD"} }
	figs := []Figure{
		Keep(Line{Key: "calc.line.net_charge", Value: usd(1500), Kind: KindMoney}),
		Keep(Line{Key: "calc.class.plan_change", Value: usd(1000), Kind: KindChange}),
		Keep(Line{Key: "calc.class.plan_change", Value: usd(-300), Kind: KindChange}),
	}
	figs[1].Name = "Fibra 600"
	got := WrittenFigures(figs, locales.New(locales.EN))
	if len(got) != 2 || got["calc.line.net_charge"] != "$15.00" || got["calc.class.plan_change"] != "Fibra 600 +$10.00; -$3.00" {
		t.Errorf("%q", got)
	}
	if WrittenFigures(nil, locales.New(locales.EN)) != nil {
		t.Error("figures written for none")
	}
}

// A plain number rounds to two decimals the way FormatNumber rounds: the
// decimal it reads as, half away from zero.
func TestPlainNumbersRoundLikeEveryOther(t *testing.T) {
	for _, x := range []float64{1.005, 1.015, 2.675, -1.005, 3, 0.1, 10, 20.5} {
		for _, l := range []locales.Lang{locales.ES, locales.EN} {
			got := FormatValue(x, KindNumber, l)
			// The two decimals, without zeros at the end (and none below
			// a thousand here, so "." or "," is the decimal mark).
			want := FormatNumber(x, 2, l)
			want = strings.TrimRight(strings.TrimRight(want, "0"), ".,")
			if got != want {
				t.Errorf("%v in %s: %q, FormatNumber says %q", x, l, got, want)
			}
		}
	}
}

// A bound in an error reads briefly, rounded toward the inside of the
// range so that the value it names is one the field takes: a minimum of
// 1/1200 reads "0.0834%", a maximum of 2/3 "66.6666%".
func TestBoundsReadBriefly(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		en, es   string
	}{
		{1.0 / 1200, 1, "between 0.0834% and 100%", "0,0834\u00a0%"},
		{0.07, 2.0 / 3, "between 7% and 66.6666%", "66,6666\u00a0%"},
	} {
		fe := FieldError{Field: "rate", Code: CodeOutOfRange, Params: map[string]any{"Min": tc.min, "Max": tc.max, "Kind": KindPercent}}
		label := func(f string, _ int) string { return f }
		if got := ErrorText(fe, locales.New(locales.EN), label); !strings.Contains(got, tc.en) {
			t.Errorf("en: %q lacks %q", got, tc.en)
		}
		if got := ErrorText(fe, locales.New(locales.ES), label); !strings.Contains(got, tc.es) {
			t.Errorf("es: %q lacks %q", got, tc.es)
		}
	}
	if r, err := ParseRate("0.0834%", locales.EN); err != nil || r < 1.0/1200 {
		t.Errorf("the bound named is below the minimum: %v %v", r, err)
	}
}

// A number of years agrees with the figure shown: 0.999 and 1.004 years
// show as 1.00 and say "year" as 1 does; 1.005 shows as 1.01 and is plural.
func TestYearsAgreeWithTheFigureShown(t *testing.T) {
	for _, tc := range []struct {
		years float64
		lang  locales.Lang
		want  string
	}{
		{1, en, "1.00 year"},
		{0.999, en, "1.00 year"},
		{1.004, en, "1.00 year"},
		{0.999, es, "1,00 año"},
		{1.005, en, "1.01 years"},
		{0.994, es, "0,99 años"},
		{2, es, "2,00 años"},
	} {
		got := FormatLine(Line{Value: tc.years, Kind: KindYears}, locales.New(tc.lang))
		if got != tc.want {
			t.Errorf("%v years in %s: %q, want %q", tc.years, tc.lang, got, tc.want)
		}
	}
}

// A rate the person typed is written back as typed in every breakdown, as
// the sentence said on the call writes it: a commission at 2.25 % on 1,000
// read "Commission rate: 2.3%" beside "Commission: $22.50", on the screen,
// in the case's PDF and from agentctl alike.
func TestTypedRatesReadAsTyped(t *testing.T) {
	usd := func(major int64) Money { return Money{Minor: major * 100, Currency: "USD"} }
	line := func(lines []Line, key string) Line {
		for _, l := range lines {
			if l.Key == key {
				return l
			}
		}
		t.Fatalf("no line %s in %+v", key, lines)
		return Line{}
	}
	com, _ := CommissionInput{Sales: usd(1000), Rate: 0.0225}.Compute()
	npv, _ := NPVInput{Rate: 0.0725, Flows: []Money{usd(100)}}.Compute()
	chat, _ := ChatRevenueInput{Visitors: 100, ChatConversion: 0.1525, SiteConversion: 0.0125, AverageOrder: usd(80)}.Compute()
	ltv, _ := LTVInput{MonthlyRevenue: usd(45), GrossMargin: 0.6125, MonthlyChurn: 0.0175}.Compute()
	erl, _ := ErlangCInput{Calls: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second, Target: 0.8, Within: 20 * time.Second, Shrinkage: 0.3275}.Compute()
	comp, _ := CompensationInput{Policy: []CompensationLevel{{Level: 1, Percent: 0.0225, MinRole: "agent"}}, Level: 1, MonthlyBill: usd(60), Role: "agent"}.Compute()
	for _, tc := range []struct {
		lines []Line
		key   string
		rate  float64
	}{
		{com.Breakdown, "calc.line.commission_rate", 0.0225},
		{npv.Breakdown, "calc.line.rate", 0.0725},
		{chat.Breakdown, "calc.line.chat_conversion", 0.1525},
		{chat.Breakdown, "calc.line.site_conversion", 0.0125},
		{ltv.Breakdown, "calc.line.gross_margin", 0.6125},
		{ltv.Breakdown, "calc.line.monthly_churn", 0.0175},
		{erl.Breakdown, "calc.line.shrinkage", 0.3275},
		{comp.Breakdown, "calc.line.credit_percent", 0.0225},
	} {
		for _, l := range locales.Langs {
			want := FormatPercent(tc.rate, Brief, l)
			if got := FormatLine(line(tc.lines, tc.key), locales.New(l)); got != want {
				t.Errorf("%s in %s: %q, typed %q", tc.key, l, got, want)
			}
			if _, got := FigureText(Keep(line(tc.lines, tc.key)), locales.New(l)); got != want {
				t.Errorf("%s kept, in %s: %q, typed %q", tc.key, l, got, want)
			}
		}
	}
}
