package calculators

import (
	"math"
	"strings"
	"testing"

	"agentdesk/locales"
)

func usds(majors ...float64) []Money {
	out := make([]Money, len(majors))
	for i, m := range majors {
		out[i] = usd(m)
	}
	return out
}

func codes(err error) map[string]string {
	es, _ := AsErrors(err)
	out := map[string]string{}
	for _, fe := range es {
		out[fe.Field] = fe.Code
	}
	return out
}

func TestROI(t *testing.T) {
	r, err := ROIInput{Investment: usd(10000), Gain: usd(15000)}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if r.ROI != 0.5 || r.NetBenefit != usd(5000) {
		t.Errorf("ROI = %v, net %v", r.ROI, r.NetBenefit)
	}
	err = ROIInput{Investment: usd(0), Gain: usd(-1)}.Validate()
	want := map[string]string{"investment": CodeMustBePositive, "gain": CodeNegative}
	if got := codes(err); len(got) != 2 || got["investment"] != want["investment"] || got["gain"] != want["gain"] {
		t.Errorf("errors = %v", got)
	}
	if err := (ROIInput{Investment: usd(1), Gain: FromMinor(1, "EUR")}).Validate(); codes(err)["gain"] != CodeCurrencyMismatch {
		t.Errorf("mismatch: %v", err)
	}
}

func TestPayback(t *testing.T) {
	tests := []struct {
		name  string
		in    PaybackInput
		years float64
		never bool
	}{
		{"annual", PaybackInput{Investment: usd(100000), Annual: usd(30000)}, 10.0 / 3, false},
		{"even flows", PaybackInput{Investment: usd(100000), Flows: usds(30000, 30000, 30000, 30000)}, 10.0 / 3, false},
		{"uneven", PaybackInput{Investment: usd(100000), Flows: usds(20000, 30000, 40000, 50000)}, 3.2, false},
		{"exact year", PaybackInput{Investment: usd(60000), Flows: usds(30000, 30000)}, 2, false},
		{"dip", PaybackInput{Investment: usd(50000), Flows: usds(40000, -10000, 40000)}, 2.5, false},
		// Recovered in year 1 and lost again in year 2: the flows given
		// end below the investment, so it is not recovered, where "0.5
		// years" was said beside a chart ending in the red.
		{"recovered then lost", PaybackInput{Investment: usd(100), Flows: usds(200, -150, 10)}, 0, true},
		// Lost and recovered again: from the last time it is recovered.
		{"recovered again", PaybackInput{Investment: usd(100), Flows: usds(200, -150, 100)}, 2.5, false},
		{"back to exactly the investment", PaybackInput{Investment: usd(100), Flows: usds(200, -100, 0)}, 0.5, false},
		{"never", PaybackInput{Investment: usd(100000), Flows: usds(30000, 30000, 30000)}, 0, true},
		{"zero annual", PaybackInput{Investment: usd(100000), Annual: usd(0)}, 0, true},
	}
	for _, tt := range tests {
		r, err := tt.in.Compute()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Never != tt.never || math.Abs(r.Years-tt.years) > 1e-12 {
			t.Errorf("%s: years %v never %v; want %v %v", tt.name, r.Years, r.Never, tt.years, tt.never)
		}
	}
	if got := FormatNumber(10.0/3, 2, en); got != "3.33" {
		t.Errorf("3.33 years printed %q", got)
	}
	if c := codes(PaybackInput{Investment: usd(1), Annual: usd(1), Flows: usds(1)}.Validate()); c["annual"] != CodeExclusive {
		t.Errorf("exclusive: %v", c)
	}
	if c := codes(PaybackInput{Investment: usd(1)}.Validate()); c["flows"] != CodeRequired {
		t.Errorf("required: %v", c)
	}
}

func TestNPV(t *testing.T) {
	flows := usds(500, 1500, 4000, 10000)
	r, err := NPVInput{Rate: 0.10, Flows: flows}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	// 500/1.1 + 1500/1.21 + 4000/1.331 + 10000/1.4641 = 11529.6086…
	if r.NPV.Minor != 1152961 || r.PresentValue.Minor != 1152961 {
		t.Errorf("NPV = %v / %v, want 11529.61", r.NPV, r.PresentValue)
	}
	r, err = NPVInput{Rate: 0.10, Flows: flows, Initial: usd(-100000)}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	if r.NPV.Minor != -8847039 {
		t.Errorf("NPV with outlay = %v, want -88470.39", r.NPV)
	}
	if got := NPVAtZero(0.10, []float64{-100000, 500, 1500, 4000, 10000}); math.Abs(got-(-88470.39136670993)) > 1e-6 {
		t.Errorf("NPVAtZero = %v", got)
	}
	for _, rate := range []float64{-1, -1.5} {
		if c := codes(NPVInput{Rate: rate, Flows: flows}.Validate()); c["rate"] != CodeRateTooLow {
			t.Errorf("rate %v: %v", rate, c)
		}
	}
	if c := codes(NPVInput{Rate: math.NaN(), Flows: flows}.Validate()); c["rate"] != CodeNotANumber {
		t.Errorf("NaN rate: %v", c)
	}
}

// Property: at rate 0 the NPV is the plain sum of the flows.
func TestNPVRateZeroIsSum(t *testing.T) {
	for _, fl := range [][]float64{{1}, {500, 1500, 4000, 10000}, {-3, 7.25, 1e9, -1e9, 0.01}} {
		var sum, size float64
		for _, f := range fl {
			sum += f
			size += math.Abs(f)
		}
		// Cancellation between large flows costs digits in any order of
		// summation, so the tolerance is relative to the flows' size.
		if got := NPV(0, fl); math.Abs(got-sum) > 1e-12*size {
			t.Errorf("NPV(0, %v) = %v, want %v", fl, got, sum)
		}
		if got := NPVAtZero(0, fl); math.Abs(got-sum) > 1e-12*size {
			t.Errorf("NPVAtZero(0, %v) = %v, want %v", fl, got, sum)
		}
	}
}

func TestIRR(t *testing.T) {
	tests := []struct {
		flows []float64
		want  float64
	}{
		{[]float64{-70000, 12000, 15000, 18000, 21000, 26000}, 0.0866},
		{[]float64{-70000, 12000, 15000}, -0.4435},
		{[]float64{-100, 110}, 0.10},
		{[]float64{-100, 0, 0, 0, 0, 1e6}, 5.3096},
		{[]float64{100, -110}, 0.10}, // borrowing: same rate
	}
	for _, tt := range tests {
		got, err := IRR(tt.flows)
		if err != nil {
			t.Errorf("IRR(%v): %v", tt.flows, err)
			continue
		}
		if math.Abs(got-tt.want) > 0.0001 {
			t.Errorf("IRR(%v) = %v, want ≈ %v", tt.flows, got, tt.want)
		}
		if v := NPVAtZero(got, tt.flows); math.Abs(v) > 1e-6*maxAbs(tt.flows) {
			t.Errorf("NPV at IRR(%v) = %v", tt.flows, v)
		}
	}
	if _, err := IRR([]float64{100, 200}); codes(err)[""] != CodeNoSignChange {
		t.Errorf("no sign change: %v", err)
	}
	// -100 now, +50 in 1 and 2: NPV is -100+50x+50x² > 0 only for tiny x…
	// a genuine no-root case: the NPV stays negative at every rate.
	if _, err := IRR([]float64{-100, 50, -100}); codes(err)[""] != CodeNoIRR {
		t.Errorf("no IRR: %v", err)
	}
	r, err := IRRInput{Flows: usds(-70000, 12000, 15000, 18000, 21000, 26000)}.Compute()
	if err != nil || math.Abs(r.IRR-0.0866) > 0.0001 {
		t.Errorf("IRRInput = %v, %v", r.IRR, err)
	}
	if got := FormatPercent(r.IRR, 2, en); got != "8.66%" {
		t.Errorf("IRR printed %q", got)
	}
	if c := codes(IRRInput{Flows: usds(1, 2)}.Validate()); c["flows"] != CodeNoSignChange {
		t.Errorf("validate: %v", c)
	}
	if c := codes(IRRInput{Flows: usds(1)}.Validate()); c["flows"] != CodeTooFew {
		t.Errorf("validate: %v", c)
	}
}

func maxAbs(fl []float64) float64 {
	m := 1.0
	for _, f := range fl {
		m = math.Max(m, math.Abs(f))
	}
	return m
}

// Two IRRs closer than the scan's step, or one where the NPV only touches
// zero, are found too: the NPV at the rate returned is zero.
func TestIRRFindsRootsTheScanSteppedOver(t *testing.T) {
	for _, flows := range [][]float64{
		{-100000, 223800, -125216},    // 11.8 % and 12 %
		{-10000, 22400, -12544},       // a double root at 12 %
		{-1000000, 2255000, -1271236}, // 12.3 % and 13.2 %
	} {
		r, err := IRR(flows)
		if err != nil {
			t.Errorf("%v: %v", flows, err)
			continue
		}
		if npv := NPVAtZero(r, flows); math.Abs(npv) > 1e-6*math.Abs(flows[0]) {
			t.Errorf("%v: IRR %v, NPV there %v", flows, r, npv)
		}
	}
	// Roots at 11.8 %, 12 % and 50 %: the one nearest 10 %, not the only
	// one the NPV crosses alone.
	a, b, c := 1.118, 1.12, 1.5
	flows := []float64{-1e6, 1e6 * (a + b + c), -1e6 * (a*b + a*c + b*c), 1e6 * a * b * c}
	if r, err := IRR(flows); err != nil || math.Abs(r-0.118) > 0.003 {
		t.Errorf("three roots: %v %v", r, err)
	}
}

// Flows with several IRRs say so: -100; 300; -200 have 0 % and 100 %, and
// the result gave 0 % with no word of the other, as if it were the rate of
// the investment.
func TestIRRSaysTheOtherRates(t *testing.T) {
	tests := []struct {
		flows  []float64
		irr    float64
		others []float64
	}{
		{[]float64{-100, 300, -200}, 0, []float64{1}},
		{[]float64{-100000, 223800, -125216}, 0.118, []float64{0.12}}, // closer than a step
		{[]float64{-70000, 12000, 15000, 18000, 21000, 26000}, 0.0866, nil},
		{[]float64{-10000, 22400, -12544}, 0.12, nil}, // one double root
	}
	for _, tt := range tests {
		r, err := IRRInput{Flows: usds(tt.flows...)}.Compute()
		if err != nil {
			t.Errorf("%v: %v", tt.flows, err)
			continue
		}
		if math.Abs(r.IRR-tt.irr) > 0.0001 {
			t.Errorf("%v: IRR %v, want %v", tt.flows, r.IRR, tt.irr)
		}
		if len(r.Others) != len(tt.others) {
			t.Errorf("%v: other rates %v, want %v", tt.flows, r.Others, tt.others)
			continue
		}
		lines := 0
		for _, l := range r.Breakdown {
			if l.Key == "calc.line.irr_other" {
				lines++
			}
		}
		if lines != len(tt.others) {
			t.Errorf("%v: %d lines of other rates, want %d", tt.flows, lines, len(tt.others))
		}
		for i, o := range tt.others {
			if math.Abs(r.Others[i]-o) > 0.0001 {
				t.Errorf("%v: other rate %v, want %v", tt.flows, r.Others[i], o)
			}
		}
	}
}

// No rate found is said with the range searched: -1,000,000,000,000; 1 has
// a rate (below -99.9999 %), and "no rate makes the net present value zero"
// was untrue.
func TestIRRNoneFoundNamesTheRangeSearched(t *testing.T) {
	_, err := IRRInput{Flows: usds(-1000000000000, 1)}.Compute()
	es, _ := AsErrors(err)
	if len(es) != 1 || es[0].Code != CodeNoIRR {
		t.Fatalf("%v", err)
	}
	msg := ErrorText(es[0], locales.New(locales.EN), func(f string, _ int) string { return f })
	if !strings.Contains(msg, "-99.9999%") || !strings.Contains(msg, "100,000,000%") {
		t.Errorf("says %q; want the range searched", msg)
	}
}
