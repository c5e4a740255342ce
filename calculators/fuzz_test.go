package calculators

import (
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

func fuzzLang(b bool) locales.Lang {
	if b {
		return locales.EN
	}
	return locales.ES
}

// refused reports whether a parser refused its input, failing the run
// when the refusal has no code: every reader's refusals reach a person,
// who is shown the code's message.
func refused(t *testing.T, err error) bool {
	t.Helper()
	if err == nil {
		return false
	}
	if _, ok := AsErrors(err); !ok {
		t.Fatalf("uncoded error %v", err)
	}
	return true
}

var fuzzCurrencies = []string{"USD", "EUR", "GBP", "MXN", "COP"}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1.234,56 €", "$1,234.56", "-$1,234.56", "USD 12", "0,10", "1e5", "", "€", "1.2.3", "−3,5 US$"} {
		f.Add(s, uint8(0), false)
		f.Add(s, uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, s string, c uint8, l bool) {
		lang, cur := fuzzLang(l), fuzzCurrencies[int(c)%len(fuzzCurrencies)]
		m, err := ParseMoney(s, cur, lang)
		if refused(t, err) {
			return
		}
		if m.Minor > MaxMinor || m.Minor < -MaxMinor || m.Currency != cur {
			t.Fatalf("%q → %v", s, m)
		}
		for _, out := range locales.Langs {
			txt := FormatMoney(m, out)
			back, err := ParseMoney(txt, cur, out)
			if err != nil || back != m {
				t.Fatalf("%q → %v → %q → %v, %v", s, m, txt, back, err)
			}
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.234,56", "1,234.56", "0.10", "12,5", "-0", "1 234", "NaN", "Inf", "1e308", ",5", "1.234.567,8"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, l bool) {
		lang := fuzzLang(l)
		x, err := ParseNumber(s, lang)
		if refused(t, err) {
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > MaxMajor {
			t.Fatalf("%q → %v", s, x)
		}
		for _, out := range locales.Langs {
			txt := FormatEntry(x, -1, out)
			back, err := ParseNumber(txt, out)
			if err != nil || back != x {
				t.Fatalf("%q → %v → %q → %v, %v", s, x, txt, back, err)
			}
			// What is shown reads back too, or is refused as ambiguous,
			// never read as another number.
			txt = FormatNumber(x, -1, out)
			back, err = ParseNumber(txt, out)
			if es, ok := AsErrors(err); ok && es[0].Code == CodeAmbiguousThousands {
				continue
			}
			if err != nil || back != x {
				t.Fatalf("%q → %v → %q → %v, %v", s, x, txt, back, err)
			}
		}
	})
}

// ParseShown reads back what FormatNumber wrote, grouped or not, and
// anything else it reads, or refuses with a code, is a finite number in
// bounds.
func FuzzParseShown(f *testing.F) {
	for _, s := range []string{"1,234", "1.234", "1.234,5", "12,345.5", "-1,000", "1,23", "1.2.3", ",5", "1234", "999.999.999.999,99"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, l bool) {
		lang := fuzzLang(l)
		x, err := ParseShown(s, lang)
		if refused(t, err) {
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > MaxMajor {
			t.Fatalf("%q → %v", s, x)
		}
		for _, out := range locales.Langs {
			txt := FormatNumber(x, -1, out)
			if back, err := ParseShown(txt, out); err != nil || back != x {
				t.Fatalf("%q → %v → %q → %v, %v", s, x, txt, back, err)
			}
		}
	})
}

func TestParseShownReadsWhatFormatNumberWrote(t *testing.T) {
	for _, tc := range []struct {
		s    string
		lang locales.Lang
		want float64
	}{
		{"1,234", locales.EN, 1234},
		{"1.234", locales.ES, 1234},
		{"1.234,5", locales.ES, 1234.5},
		{"12,345.5", locales.EN, 12345.5},
		{"-1,000", locales.EN, -1000},
		{"1234", locales.EN, 1234},
		{"1,5", locales.ES, 1.5},
		{"0.25", locales.EN, 0.25},
		// Not as FormatNumber writes it: read as a person's, by ParseNumber.
		{"1 234", locales.ES, 1234},
	} {
		if got, err := ParseShown(tc.s, tc.lang); err != nil || got != tc.want {
			t.Errorf("ParseShown(%q, %s) = %v, %v; want %v", tc.s, tc.lang, got, err, tc.want)
		}
	}
	for _, bad := range []string{"abc", "", "1,2,3"} {
		if _, err := ParseShown(bad, locales.EN); err == nil {
			t.Errorf("ParseShown(%q) read a number", bad)
		}
	}
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"10%", "10 %", "12,5 %", "0.10", "0,10", "-100%", "10", "%", "1e2%"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, l bool) {
		lang := fuzzLang(l)
		r, err := ParseRate(s, lang)
		if refused(t, err) {
			return
		}
		if math.IsNaN(r) || math.IsInf(r, 0) {
			t.Fatalf("%q → %v", s, r)
		}
		for _, out := range locales.Langs {
			txt := FormatPercent(r, 10, out)
			back, err := ParseRate(txt, out)
			if err != nil || math.Abs(back-r) > 1e-12*math.Max(1, math.Abs(r)) {
				t.Fatalf("%q → %v → %q → %v, %v", s, r, txt, back, err)
			}
		}
	})
}

// assertFinite fails on any NaN or Inf reachable from v (struct fields,
// slices, Line values).
func assertFinite(t *testing.T, v any) {
	t.Helper()
	var walk func(reflect.Value, string)
	walk = func(rv reflect.Value, path string) {
		switch rv.Kind() {
		case reflect.Float32, reflect.Float64:
			if f := rv.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
				t.Fatalf("%s is %v", path, f)
			}
		case reflect.Struct:
			for i := 0; i < rv.NumField(); i++ {
				walk(rv.Field(i), path+"."+rv.Type().Field(i).Name)
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < rv.Len(); i++ {
				walk(rv.Index(i), path+"[]")
			}
		case reflect.Interface, reflect.Pointer:
			if !rv.IsNil() {
				walk(rv.Elem(), path)
			}
		case reflect.Map:
			for _, k := range rv.MapKeys() {
				walk(rv.MapIndex(k), path+"{}")
			}
		}
	}
	walk(reflect.ValueOf(v), "result")
}

// checkCompute asserts the contract every calculator keeps: Validate never
// panics and returns only coded errors; when it passes, Compute returns a
// result with no NaN or Inf, or one of the codes valid inputs can still
// produce (a result too large to represent, no IRR, an unreachable target).
func checkCompute[R any](t *testing.T, validate func() error, compute func() (R, error), allowed ...string) {
	t.Helper()
	if err := validate(); err != nil {
		if _, ok := AsErrors(err); !ok {
			t.Fatalf("uncoded validation error %v", err)
		}
		if _, err2 := compute(); err2 == nil {
			t.Fatalf("Compute succeeded where Validate failed: %v", err)
		}
		return
	}
	r, err := compute()
	if err != nil {
		es, ok := AsErrors(err)
		if !ok {
			t.Fatalf("uncoded error %v", err)
		}
		for _, fe := range es {
			ok := false
			for _, a := range append(allowed, CodeTooLarge) {
				ok = ok || fe.Code == a
			}
			if !ok {
				t.Fatalf("Validate passed but Compute failed: %v", err)
			}
		}
		return
	}
	assertFinite(t, r)
}

// money decodes fuzz bytes into amounts: mostly everyday sizes, sometimes
// anything an int64 can hold.
func fuzzMoneys(b []byte, cur string) []Money {
	var out []Money
	for len(b) >= 9 {
		v := int64(binary.LittleEndian.Uint64(b[1:9]))
		switch b[0] % 4 {
		case 0:
			v %= 1e7
		case 1:
			v %= 1e11
		case 2:
			v %= MaxMinor + 1
		}
		out = append(out, Money{Minor: v, Currency: cur})
		b = b[9:]
	}
	return out
}

func fuzzMoney(v int64) Money { return Money{Minor: v, Currency: "USD"} }

func FuzzErlangC(f *testing.F) {
	f.Add(100.0, int64(30*time.Minute), int64(180*time.Second), 0.8, int64(20*time.Second), 0.3, 0.0)
	f.Add(20000.0, int64(30*time.Minute), int64(300*time.Second), 0.95, int64(0), 0.0, 0.85)
	f.Add(0.001, int64(time.Hour), int64(time.Second), 0.5, int64(time.Hour), 0.99, 1.0)
	f.Fuzz(func(t *testing.T, calls float64, interval, aht int64, target float64, within int64, shrink, occ float64) {
		in := ErlangCInput{Calls: calls, Interval: time.Duration(interval), AHT: time.Duration(aht), Target: target,
			Within: time.Duration(within), Shrinkage: shrink, MaxOccupancy: occ}
		checkCompute(t, in.Validate, in.Compute, CodeUnreachable)
	})
}

func FuzzNPV(f *testing.F) {
	f.Add(0.10, []byte{0, 0x20, 0xa1, 0x07, 0, 0, 0, 0, 0}, int64(-10000000))
	f.Add(-0.99, []byte{3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, int64(0))
	f.Fuzz(func(t *testing.T, rate float64, flows []byte, initial int64) {
		in := NPVInput{Rate: rate, Flows: fuzzMoneys(flows, "USD"), Initial: fuzzMoney(initial)}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzIRR(f *testing.F) {
	f.Add([]byte{1, 0x80, 0x5e, 0x95, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0x80, 0x4f, 0x12, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, flows []byte) {
		in := IRRInput{Flows: fuzzMoneys(flows, "EUR")}
		checkCompute(t, in.Validate, in.Compute, CodeNoIRR)
		if r, err := in.Compute(); err == nil {
			if r.IRR <= -1 || r.IRR > irrMax*1.0001 {
				t.Fatalf("IRR %v out of the search range", r.IRR)
			}
			fl := minors(in.Flows)
			if v := npvSign(r.IRR, fl); math.Abs(v) > 1e-6*sumAbs(fl) {
				// The scaled NPV at the root is ~0 relative to the flows.
				t.Fatalf("NPV at IRR %v is %v", r.IRR, v)
			}
		}
	})
}

func sumAbs(fl []float64) float64 {
	s := 1.0
	for _, f := range fl {
		s += math.Abs(f)
	}
	return s
}

func FuzzPayback(f *testing.F) {
	f.Add(int64(10000000), int64(3000000), []byte{})
	f.Add(int64(10000000), int64(0), []byte{0, 0x80, 0xc3, 0xc9, 0x01, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, inv, annual int64, flows []byte) {
		in := PaybackInput{Investment: fuzzMoney(inv), Flows: fuzzMoneys(flows, "USD")}
		if annual != 0 {
			in.Annual = fuzzMoney(annual)
		}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzROI(f *testing.F) {
	f.Add(int64(1000000), int64(1500000))
	f.Fuzz(func(t *testing.T, inv, gain int64) {
		in := ROIInput{Investment: fuzzMoney(inv), Gain: fuzzMoney(gain)}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzProration(f *testing.F) {
	f.Add(int64(20393), int64(20423), int64(20408), int64(5000), int64(8000), int64(0))
	f.Fuzz(func(t *testing.T, start, end, change, old, nw, nanos int64) {
		d := func(days int64) time.Time {
			return time.Unix(0, 0).UTC().AddDate(0, 0, int(days%1e6)).Add(time.Duration(nanos % int64(24*time.Hour)))
		}
		in := ProrationInput{CycleStart: d(start), CycleEnd: d(end), Change: d(change), OldMonthly: fuzzMoney(old), NewMonthly: fuzzMoney(nw)}
		checkCompute(t, in.Validate, in.Compute)
		if r, err := in.Compute(); err == nil && r.OldDays+r.NewDays != r.CycleDays {
			t.Fatalf("days do not add up: %+v", r)
		}
	})
}

func FuzzBillDiff(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0x10, 0x27, 0, 0, 0, 0, 0, 0}, []byte{1, 1, 0, 0, 0xf0, 0xd8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, before, after []byte) {
		decode := func(b []byte) []BillLine {
			var out []BillLine
			for len(b) >= 12 {
				kinds := append([]string{"bogus"}, BillKinds...)
				ms := fuzzMoneys(b[3:12], "EUR")
				l := BillLine{Kind: kinds[int(b[0])%len(kinds)], Code: string(rune('A' + b[1]%5)), Amount: ms[0]}
				if b[2]%7 == 0 {
					l.Code = ""
				}
				if b[2]%3 == 0 {
					l.Description = string(rune('a'+b[2]%4)) + " línea"
				}
				out = append(out, l)
				b = b[12:]
			}
			return out
		}
		in := BillDiffInput{Before: decode(before), After: decode(after)}
		checkCompute(t, in.Validate, in.Compute)
		if r, err := in.Compute(); err == nil {
			var sum int64
			for _, d := range r.Differences {
				sum += d.Amount.Minor
			}
			if sum != r.Difference.Minor || r.Difference.Minor != r.TotalAfter.Minor-r.TotalBefore.Minor {
				t.Fatalf("differences %d, total %v", sum, r.Difference)
			}
			for _, lang := range locales.Langs {
				_ = r.Script(lang)
			}
		}
	})
}

func FuzzDeflection(f *testing.F) {
	f.Add(500.0, int64(800), int64(0), 0.0, 0.4)
	f.Fuzz(func(t *testing.T, contacts float64, assisted, automated int64, before, after float64) {
		in := DeflectionInput{Contacts: contacts, CostAssisted: fuzzMoney(assisted), CostAutomated: fuzzMoney(automated), RateBefore: before, RateAfter: after}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzCostPerContact(f *testing.F) {
	f.Add(int64(54000000), int64(120000))
	f.Fuzz(func(t *testing.T, cost, contacts int64) {
		in := CostPerContactInput{Cost: fuzzMoney(cost), Contacts: contacts}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzChatRevenue(f *testing.F) {
	f.Add(10000.0, 0.15, 0.02, int64(8000))
	f.Fuzz(func(t *testing.T, visitors, chat, site float64, aov int64) {
		in := ChatRevenueInput{Visitors: visitors, ChatConversion: chat, SiteConversion: site, AverageOrder: fuzzMoney(aov)}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzLTV(f *testing.F) {
	f.Add(int64(0), 0.0, int64(5000), 0.6, 0.0, 0.02, int64(30000))
	f.Add(int64(4000), 6.0, int64(0), 0.5, 36.0, 0.0, int64(0))
	f.Fuzz(func(t *testing.T, aov int64, purchases float64, monthly int64, margin, months, churn float64, cac int64) {
		in := LTVInput{PurchasesPerYear: purchases, GrossMargin: margin, LifetimeMonths: months, MonthlyChurn: churn, CAC: fuzzMoney(cac)}
		if aov != 0 {
			in.AverageOrder = fuzzMoney(aov)
		}
		if monthly != 0 {
			in.MonthlyRevenue = fuzzMoney(monthly)
		}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzCommission(f *testing.F) {
	f.Add(int64(1234567), 0.07)
	f.Fuzz(func(t *testing.T, sales int64, rate float64) {
		in := CommissionInput{Sales: fuzzMoney(sales), Rate: rate}
		checkCompute(t, in.Validate, in.Compute)
	})
}

func FuzzCompensation(f *testing.F) {
	f.Add(2, int64(6000), uint8(1), 0.25, 0.0, 50.0)
	f.Fuzz(func(t *testing.T, level int, bill int64, role uint8, percent, fixed, max float64) {
		pol := append([]CompensationLevel{{Level: 99, Percent: percent, Fixed: fixed, Max: max, MinRole: "agent"}}, policy...)
		roles := append([]string{"nobody"}, DefaultRoles...)
		in := CompensationInput{Policy: pol, Level: level, MonthlyBill: fuzzMoney(bill), Role: roles[int(role)%len(roles)]}
		checkCompute(t, in.Validate, in.Compute)
	})
}

// inputErrs fails the run on a problem Input recorded without a code or on
// another field than the one read: the screen shows each beside its field.
func inputErrs(t *testing.T, in *Input, field string) bool {
	t.Helper()
	for _, fe := range in.Errs {
		if fe.Code == "" || fe.Field != field {
			t.Fatalf("problem %+v reading %q", fe, field)
		}
	}
	return len(in.Errs) > 0
}

// A list of amounts as the form (semicolons) and the command line (commas
// too) read it: a list read is a list of valid amounts, and written back
// with semicolons, as the screen writes a list, reads as the same list.
func FuzzMoneyList(f *testing.F) {
	for _, s := range []string{"30000; 30000; 40000", "500,1500,4000", "1.500,50, 2.000,25", "1,234.56", "30000,40000", ";;", "-70000\n12000", "$1,200.00; €3"} {
		f.Add(s, uint8(0), false, false)
		f.Add(s, uint8(1), true, true)
	}
	f.Fuzz(func(t *testing.T, s string, c uint8, l, commas bool) {
		lang, cur := fuzzLang(l), fuzzCurrencies[int(c)%len(fuzzCurrencies)]
		in := &Input{Lang: lang, Currency: cur, ListCommas: commas}
		list := in.MoneyList("flows", s, true)
		if inputErrs(t, in, "flows") {
			if list != nil {
				t.Fatalf("%q: refused, yet read as %v", s, list)
			}
			return
		}
		if len(list) == 0 {
			t.Fatalf("%q: no problem and no amounts", s)
		}
		parts := make([]string, len(list))
		for i, m := range list {
			if m.Currency != cur || m.Minor > MaxMinor || m.Minor < -MaxMinor {
				t.Fatalf("%q → %v", s, list)
			}
			parts[i] = FormatEntry(m.Major(), 2, lang)
		}
		back := &Input{Lang: lang, Currency: cur}
		txt := strings.Join(parts, "; ")
		if again := back.MoneyList("flows", txt, true); len(back.Errs) > 0 || !slices.Equal(again, list) {
			t.Fatalf("%q → %v → %q → %v, %v", s, list, txt, again, back.Errs)
		}
	})
}

// A duration is read within two days either way, or refused with a code.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"30m", "1h30m", "180", "1,5", "2.5", "-20s", "900000000", "9999999999h", "", "1e3"} {
		f.Add(s, int64(time.Second), false)
		f.Add(s, int64(0), true)
	}
	f.Fuzz(func(t *testing.T, s string, unit int64, l bool) {
		u := []time.Duration{0, time.Second, time.Minute}[uint64(unit)%3]
		in := &Input{Lang: fuzzLang(l), Currency: "USD"}
		d := in.Duration("aht", s, u, true)
		if inputErrs(t, in, "aht") {
			return
		}
		if d > 48*time.Hour || d < -48*time.Hour {
			t.Fatalf("%q in %v → %v", s, u, d)
		}
	})
}

// A whole number is read exactly as the number typed, or refused; a level
// likewise.
func FuzzIntegerAndLevel(f *testing.F) {
	for _, s := range []string{"25000", "1.200.000", "1,200,000", "12,5", "-3", "1e3", "2", " 3 ", "+1", "999999999999999999999"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, l bool) {
		lang := fuzzLang(l)
		in := &Input{Lang: lang, Currency: "USD"}
		n := in.Integer("contacts", s, true)
		if !inputErrs(t, in, "contacts") {
			if x, err := ParseNumber(s, lang); err != nil || float64(n) != x {
				t.Fatalf("%q → %d, read as a number %v, %v", s, n, x, err)
			}
		} else if n != 0 {
			t.Fatalf("%q refused, yet read as %d", s, n)
		}
		lv := &Input{Lang: lang, Currency: "USD"}
		lv.Level("level", s, true)
		inputErrs(t, lv, "level")
	})
}
