package calculators_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// Input reads text for the screen and the CLI alike: each kind in both
// languages, the first problem per field, optional amounts left unset.
func TestInputReadsEachKind(t *testing.T) {
	es := &calculators.Input{Lang: locales.ES, Currency: "USD"}
	en := &calculators.Input{Lang: locales.EN, Currency: "USD", ListCommas: true}
	if m := es.Money("a", "1.234,50", true); m.Minor != 123450 || m.Currency != "USD" {
		t.Errorf("es money %+v", m)
	}
	if m := en.Money("a", "$1,234.50", true); m.Minor != 123450 {
		t.Errorf("en money %+v", m)
	}
	if m := es.Money("opt", "  ", false); m != (calculators.Money{}) {
		t.Errorf("an optional amount left empty is unset, not zero: %+v", m)
	}
	if l := es.MoneyList("l", "10,50; 20\n30", true); len(l) != 3 || l[0].Minor != 1050 {
		t.Errorf("es list %+v", l)
	}
	if l := en.MoneyList("l", "500,1500,4000", true); len(l) != 3 || l[2].Minor != 400000 {
		t.Errorf("en list on commas %+v", l)
	}
	if n := es.Integer("n", "1.200.000", true); n != 1200000 {
		t.Errorf("es integer %d", n)
	}
	if r := en.Rate("r", "12.5%", true); r != 0.125 {
		t.Errorf("rate %v", r)
	}
	if d := es.Date("d", "16/11/2026", true); !d.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("es date %v", d)
	}
	if d := en.Date("d", "2026-11-16", true); d.Day() != 16 {
		t.Errorf("ISO date %v", d)
	}
	if d := en.Duration("aht", "1h30m", time.Second, true); d != 90*time.Minute {
		t.Errorf("Go duration %v", d)
	}
	if d := es.Duration("aht", "180", time.Second, true); d != 3*time.Minute {
		t.Errorf("seconds %v", d)
	}
	if d := es.Duration("aht", "900000000", time.Second, true); d != 48*time.Hour {
		t.Errorf("a huge duration is held at two days: %v", d)
	}
	if len(es.Errs) != 0 || len(en.Errs) != 0 {
		t.Fatalf("errors on good input: %v %v", es.Errs, en.Errs)
	}

	bad := &calculators.Input{Lang: locales.EN, Currency: "USD"}
	bad.Money("req", "", true)
	bad.Money("x", "abc", true)
	bad.Money("x", "def", true) // the same field again: one problem is enough
	bad.MoneyList("flows", "10; x; 30", true)
	bad.Integer("n", "2.5", true)
	bad.Date("d", "2026-13-45", true)
	bad.Duration("aht", "soon", time.Second, true)
	bad.Level("level", "two", true)
	want := map[string]string{
		"req": calculators.CodeRequired, "x": calculators.CodeNotANumber, "flows": calculators.CodeNotANumber,
		"n": calculators.CodeNotInteger, "d": calculators.CodeInvalidDate, "aht": calculators.CodeDuration, "level": calculators.CodeUnknownLevel,
	}
	if len(bad.Errs) != len(want) {
		t.Fatalf("errors %v", bad.Errs)
	}
	for _, fe := range bad.Errs {
		if want[fe.Field] != fe.Code {
			t.Errorf("%s: %s, want %s", fe.Field, fe.Code, want[fe.Field])
		}
		if fe.Field == "flows" && fe.Params["Index"] != 2 {
			t.Errorf("the bad list element is not named: %+v", fe)
		}
	}
	// A calculator's error on a field that did not parse is a consequence.
	if bad.Merge(calculators.Errors{{Field: "x", Code: calculators.CodeNegative}, {Field: "flows[1]", Code: calculators.CodeNegative}}) || len(bad.Errs) != len(want) {
		t.Errorf("merged consequences: %v", bad.Errs)
	}
}

func TestErrorTextAndLines(t *testing.T) {
	for _, l := range []locales.Lang{locales.ES, locales.EN} {
		tr := locales.New(l)
		label := func(field string, index int) string { return "«" + field + "»" }
		txt := calculators.ErrorText(calculators.FieldError{Field: "d", Code: calculators.CodeInvalidDate}, tr, label)
		if !strings.Contains(txt, "«d»") || !strings.Contains(txt, locales.FormatDate(l, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC))) || strings.Contains(txt, "no value") {
			t.Errorf("%s: %q", l, txt)
		}
		txt = calculators.ErrorText(calculators.FieldError{Field: "target", Code: calculators.CodeOutOfRange,
			Params: map[string]any{"Min": 0.5, "Max": 0.99, "Kind": calculators.KindPercent}}, tr, label)
		if !strings.Contains(txt, calculators.FormatPercent(0.5, -1, l)) {
			t.Errorf("%s: bounds not written as the field: %q", l, txt)
		}
		if s := calculators.FormatLine(calculators.Line{Value: 1, Kind: calculators.KindAgents}, tr); s != tr.N("calc.unit.agents", 1, map[string]any{"Value": "1"}) {
			t.Errorf("%s: one agent reads %q", l, s)
		}
		if s := calculators.FormatLine(calculators.Line{Value: 1.0, Kind: calculators.KindYears}, tr); s != tr.N("calc.unit.years", 1, map[string]any{"Value": calculators.FormatValue(1.0, calculators.KindYears, l)}) {
			t.Errorf("%s: one year reads %q", l, s)
		}
		if s := calculators.FormatLine(calculators.Line{Value: 2.5, Kind: calculators.KindYears}, tr); s != tr.N("calc.unit.years", 2, map[string]any{"Value": calculators.FormatNumber(2.5, 2, l)}) {
			t.Errorf("%s: 2.5 years reads %q", l, s)
		}
		if s := calculators.FormatSignedMoney(calculators.Money{Minor: 1500, Currency: "USD"}, l); !strings.HasPrefix(s, "+") {
			t.Errorf("%s: an increase reads %q", l, s)
		}
	}
}

// A list with commas reads one way or is refused, in a form and on the
// command line: a comma the language puts in an amount keeps it whole in
// a form and is ambiguous on the command line; one no amount of the
// language holds separates amounts on the command line and is ambiguous
// in a form (it was read, leniently, as 30,000.40). Semicolons and new
// lines separate everywhere.
func TestListsWithCommasReadOneWayOrNone(t *testing.T) {
	for _, tc := range []struct {
		lang locales.Lang
		text string
		form []int64 // minor units; nil: refused as ambiguous
		cli  []int64
	}{
		{locales.EN, "30000,40000", nil, []int64{3000000, 4000000}},
		{locales.ES, "30000,40000", nil, []int64{3000000, 4000000}},
		{locales.EN, "500,1500,4000", nil, []int64{50000, 150000, 400000}},
		{locales.EN, "12,50", nil, []int64{1200, 5000}},
		{locales.ES, "100,500", nil, []int64{10000, 50000}},
		{locales.ES, "1.500,50, 2.000,25", nil, nil},
		{locales.EN, ",", nil, nil},
		{locales.EN, "1,234.56", []int64{123456}, nil},
		{locales.ES, "1.234,56", []int64{123456}, nil},
		{locales.ES, "12,5", []int64{1250}, nil},
		{locales.ES, "1.500,50; 2000", []int64{150050, 200000}, []int64{150050, 200000}},
		{locales.ES, "1.500,50\n2.000,25", []int64{150050, 200025}, []int64{150050, 200025}},
		// Spaces group thousands in an amount and separate the items of
		// a list as people type them: "100 200 300" was one flow of
		// 100,200,300 and an NPV of it computed in silence.
		{locales.EN, "100 200 300", nil, nil},
		{locales.ES, "500 500", nil, nil},
		{locales.ES, "-100 200", nil, nil},
		{locales.EN, "100 200,300 400", nil, nil},
		{locales.ES, "1 500,50; 2 000", []int64{150050, 200000}, []int64{150050, 200000}},
		{locales.EN, "$ 100; 200 $", []int64{10000, 20000}, []int64{10000, 20000}},
		{locales.EN, "US$ 1500", []int64{150000}, []int64{150000}},
	} {
		for _, cli := range []bool{false, true} {
			in := &calculators.Input{Lang: tc.lang, Currency: "USD", ListCommas: cli}
			var got []int64
			for _, m := range in.MoneyList("flows", tc.text, true) {
				got = append(got, m.Minor)
			}
			want := tc.form
			if cli {
				want = tc.cli
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %q (command line %v): %v, want %v (%v)", tc.lang, tc.text, cli, got, want, in.Errs)
			}
			if want == nil && len(in.Errs) == 0 {
				t.Errorf("%s %q (command line %v): refused with no word", tc.lang, tc.text, cli)
			}
		}
	}
}

// A duration is read as the screen writes one: a number of the language
// and its unit, with or without a space ("9,2 s", "180 s", "1,5 h"), which
// was refused as "write a duration such as 180s". A number the language
// reads otherwise is not read as Go's: "1.000s" in Spanish is a thousand
// seconds to some, one to others, and was read as one.
func TestDurationsReadAsTheScreenWritesThem(t *testing.T) {
	for _, tc := range []struct {
		lang locales.Lang
		text string
		want time.Duration // 0: refused
	}{
		{locales.ES, "9,2 s", 9200 * time.Millisecond},
		{locales.ES, "180 s", 180 * time.Second},
		{locales.ES, "180\u00a0s", 180 * time.Second},
		{locales.ES, "1,5 h", 90 * time.Minute},
		{locales.ES, "1,5m", 90 * time.Second},
		{locales.EN, "20 s", 20 * time.Second},
		{locales.EN, "7.8 s", 7800 * time.Millisecond},
		{locales.EN, "1h30m", 90 * time.Minute},
		{locales.ES, "1h30m", 90 * time.Minute},
		{locales.ES, "30m", 30 * time.Minute},
		{locales.EN, "-20s", -20 * time.Second},
		{locales.ES, "1.000s", 0},
		{locales.EN, "1,000 s", 0},
		{locales.ES, "1.000,5 s", 1000500 * time.Millisecond},
		// Minutes as the interval's bound writes them ("1.440 min").
		{locales.ES, "1440 min", 24 * time.Hour},
		{locales.EN, "30 min", 30 * time.Minute},
		{locales.ES, "1,5min", 90 * time.Second},
	} {
		in := &calculators.Input{Lang: tc.lang, Currency: "USD"}
		got := in.Duration("aht", tc.text, time.Second, true)
		if tc.want == 0 {
			if len(in.Errs) == 0 {
				t.Errorf("%s %q: read as %v", tc.lang, tc.text, got)
			}
			continue
		}
		if got != tc.want || len(in.Errs) > 0 {
			t.Errorf("%s %q: %v, want %v (%v)", tc.lang, tc.text, got, tc.want, in.Errs)
		}
	}
}
