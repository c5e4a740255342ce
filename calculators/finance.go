package calculators

import (
	"math"
	"slices"
)

// ROIInput is a return-on-investment question: what came back for what was
// spent.
type ROIInput struct {
	Investment Money // what was spent, > 0
	Gain       Money // everything it brought back, ≥ 0
}

// ROIResult: ROI = (gain - investment) / investment.
type ROIResult struct {
	ROI        float64
	NetBenefit Money
	Breakdown  []Line
}

// Validate reports every problem with the input.
func (in ROIInput) Validate() error {
	var c checker
	c.money("investment", in.Investment, positive)
	c.money("gain", in.Gain, nonNegative)
	return c.errs.Err()
}

// Compute validates and computes.
func (in ROIInput) Compute() (ROIResult, error) {
	if err := in.Validate(); err != nil {
		return ROIResult{}, err
	}
	net, err := in.Gain.Sub(in.Investment)
	if err != nil {
		return ROIResult{}, withField(err, "gain")
	}
	roi := float64(net.Minor) / float64(in.Investment.Minor)
	return ROIResult{
		ROI:        roi,
		NetBenefit: net,
		Breakdown: []Line{
			{Key: "calc.line.investment", Value: in.Investment, Kind: KindMoney},
			{Key: "calc.line.gain", Value: in.Gain, Kind: KindMoney},
			{Key: "calc.line.net_benefit", Value: net, Kind: KindMoney},
			{Key: "calc.line.roi", Value: roi, Kind: KindPercent},
		},
	}, nil
}

// PaybackInput asks how long an investment takes to be recovered, from
// either an even yearly flow (Annual) or uneven yearly flows (Flows, year 1
// first). Exactly one of the two is given.
type PaybackInput struct {
	Investment Money
	Annual     Money
	Flows      []Money
}

// PaybackResult: Years is fractional (3.33 means a third into year 4),
// assuming each year's flow arrives evenly through the year, counted from
// the last time the cumulative flow reaches the investment. Never is true
// when the flows given do not recover it, or end below it again; Years is
// then 0.
type PaybackResult struct {
	Years     float64
	Never     bool
	Breakdown []Line
}

// Validate reports every problem with the input.
func (in PaybackInput) Validate() error {
	var c checker
	c.money("investment", in.Investment, positive)
	hasAnnual := given(in.Annual)
	switch {
	case hasAnnual && len(in.Flows) > 0:
		c.add("annual", CodeExclusive, map[string]any{"Other": "flows"})
	case len(in.Flows) > 0:
		c.flows("flows", in.Flows, 1)
	case hasAnnual:
		c.money("annual", in.Annual, nonNegative)
	default:
		c.add("flows", CodeRequired, nil)
	}
	return c.errs.Err()
}

// Compute validates and computes.
func (in PaybackInput) Compute() (PaybackResult, error) {
	if err := in.Validate(); err != nil {
		return PaybackResult{}, err
	}
	inv := in.Investment.Minor
	var r PaybackResult
	lines := []Line{{Key: "calc.line.investment", Value: in.Investment, Kind: KindMoney}}
	if len(in.Flows) == 0 {
		lines = append(lines, Line{Key: "calc.line.annual_flow", Value: in.Annual, Kind: KindMoney})
		if in.Annual.Minor > 0 {
			r.Years = float64(inv) / float64(in.Annual.Minor)
		} else {
			r.Never = true
		}
	} else {
		// The investment is recovered from the last year the cumulative
		// flow reaches it, if it stays there to the last year given: one
		// recovered in year 1 and lost in year 2 is not recovered, and
		// saying so beside a chart that ends in the red would be false.
		// Bounded by MaxPeriods·MaxMinor, far inside int64.
		var cum int64
		for k, f := range in.Flows {
			if cum < inv && cum+f.Minor >= inv {
				r.Years = float64(k) + float64(inv-cum)/float64(f.Minor)
			}
			cum += f.Minor
		}
		total := cum
		if total < inv {
			r.Years = 0
			r.Never = true
		}
		lines = append(lines,
			Line{Key: "calc.line.years_of_flows", Value: len(in.Flows), Kind: KindNumber},
			Line{Key: "calc.line.total_flows", Value: FromMinor(total, in.Investment.Currency), Kind: KindMoney})
	}
	if r.Never {
		lines = append(lines, Line{Key: "calc.line.never_pays_back", Kind: KindText})
	} else {
		lines = append(lines, Line{Key: "calc.line.payback", Value: r.Years, Kind: KindYears})
	}
	r.Breakdown = lines
	return r, nil
}

// NPV is the spreadsheet convention (Excel/LibreOffice NPV): flows[0] is
// discounted one full period, flows[i] i+1 periods. It is evaluated by
// Horner's rule, which needs no powers and loses no precision over long
// lists.
func NPV(rate float64, flows []float64) float64 {
	var acc float64
	d := 1 + rate
	for i := len(flows) - 1; i >= 0; i-- {
		acc = (acc + flows[i]) / d
	}
	return acc
}

// NPVAtZero is the finance-textbook convention: flows[0] happens now and is
// not discounted, flows[i] is discounted i periods.
func NPVAtZero(rate float64, flows []float64) float64 {
	if len(flows) == 0 {
		return 0
	}
	return flows[0] + NPV(rate, flows[1:])
}

// NPVInput: Flows are end-of-period flows (the spreadsheet convention);
// Initial, when not zero, is a flow at time 0, not discounted — usually the
// outlay, so negative. Both conventions are one input: Initial 0 gives the
// spreadsheet figure, Initial -100000 the textbook one.
type NPVInput struct {
	Rate    float64 // per period, 0.10 for 10 %
	Flows   []Money
	Initial Money
}

// NPVResult: PresentValue is the flows discounted (spreadsheet NPV); NPV
// adds Initial.
type NPVResult struct {
	PresentValue Money
	NPV          Money
	Breakdown    []Line
}

// Validate reports every problem with the input.
func (in NPVInput) Validate() error {
	var c checker
	c.rate("rate", in.Rate)
	c.flows("flows", in.Flows, 1)
	c.money("initial", in.Initial, anySign)
	return c.errs.Err()
}

// Compute validates and computes. The present value is computed in float64
// and rounded half away from zero to the cent once.
func (in NPVInput) Compute() (NPVResult, error) {
	if err := in.Validate(); err != nil {
		return NPVResult{}, err
	}
	cur := in.Flows[0].Currency
	pv, ok := fromMinorFloat(NPV(in.Rate, minors(in.Flows)), cur)
	if !ok {
		return NPVResult{}, resultTooLarge("npv")
	}
	npv, err := pv.Add(in.Initial)
	if err != nil {
		return NPVResult{}, withField(err, "npv")
	}
	lines := []Line{
		{Key: "calc.line.rate", Value: in.Rate, Kind: KindPercent},
		{Key: "calc.line.periods", Value: len(in.Flows), Kind: KindNumber},
		{Key: "calc.line.present_value", Value: pv, Kind: KindMoney},
	}
	if in.Initial.Minor != 0 {
		lines = append(lines, Line{Key: "calc.line.initial", Value: in.Initial, Kind: KindMoney})
	}
	lines = append(lines, Line{Key: "calc.line.npv", Value: npv, Kind: KindMoney})
	return NPVResult{PresentValue: pv, NPV: npv, Breakdown: lines}, nil
}

// irrMin and irrMax bound the search for an IRR: -99.9999 % to +100,000,000 %.
// Beyond them no rate means anything to a person.
const (
	irrMin = -0.999999
	irrMax = 1e6
)

// npvSign evaluates a positive multiple of NPVAtZero(r, flows) that cannot
// overflow: for r ≥ 0 the NPV itself (every discount factor ≤ 1); for r < 0
// the NPV times (1+r)^T, a polynomial in 1+r < 1. Both are continuous in r
// and have the NPV's sign and roots, which is all root bracketing needs.
func npvSign(r float64, flows []float64) float64 {
	var acc float64
	if r >= 0 {
		x := 1 / (1 + r)
		for i := len(flows) - 1; i >= 0; i-- {
			acc = acc*x + flows[i]
		}
		return acc
	}
	y := 1 + r
	for _, f := range flows {
		acc = acc*y + f
	}
	return acc
}

// IRR returns the internal rate of return of flows, flows[0] at time 0: the
// rate where NPVAtZero is zero. It scans ln(1+r) outward from 10 % (the
// usual spreadsheet guess) for the nearest sign change and bisects it, so it
// finds negative IRRs (-70000, 12000, 15000 → about -44 %) as reliably as
// positive ones, never diverges like Newton's method, and, when flows change
// sign several times and have several IRRs, returns the one nearest 10 %
// (IRRInput's result names the others).
// Errors: no_sign_change when all flows have the same sign, no_irr when no
// rate between irrMin and irrMax makes the NPV zero.
func IRR(flows []float64) (float64, error) {
	for _, f := range flows {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, codeErr(CodeNotANumber, nil)
		}
	}
	if !changesSign(flows) {
		return 0, codeErr(CodeNoSignChange, nil)
	}
	g := func(u float64) float64 { return npvSign(math.Expm1(u), flows) }
	u0 := math.Log1p(0.10)
	uMin, uMax := math.Log1p(irrMin), math.Log1p(irrMax)
	const h = 0.01
	bisect := func(a, b, ga float64) float64 {
		for i := 0; i < 200 && b-a > 1e-15; i++ {
			m := a + (b-a)/2
			gm := g(m)
			if gm == 0 {
				return m
			}
			if (gm < 0) == (ga < 0) {
				a, ga = m, gm
			} else {
				b = m
			}
		}
		return a + (b-a)/2
	}
	// scan walks out from u0 both ways and bisects the first sign change:
	// the nearest root the NPV crosses.
	scan := func() (float64, bool) {
		g0 := g(u0)
		if g0 == 0 {
			return u0, true
		}
		upA, upG := u0, g0
		downB, downG := u0, g0
		for up, down := true, true; up || down; {
			if up {
				b := math.Min(upA+h, uMax)
				gb := g(b)
				if gb == 0 {
					return b, true
				}
				if (gb < 0) != (upG < 0) {
					return bisect(upA, b, upG), true
				}
				upA, upG = b, gb
				up = b < uMax
			}
			if down {
				a := math.Max(downB-h, uMin)
				ga := g(a)
				if ga == 0 {
					return a, true
				}
				if (ga < 0) != (downG < 0) {
					return bisect(a, downB, ga), true
				}
				downB, downG = a, ga
				down = a > uMin
			}
		}
		return 0, false
	}
	// A root the NPV only touches, or two closer than a step, may be
	// nearer 10 % than the nearest crossing: the nearer of the two wins.
	u, crossed := scan()
	if t, touched := touchingRoot(g, uMin, uMax, h, u0, flows); touched && (!crossed || math.Abs(t-u0) < math.Abs(u-u0)) {
		u, crossed = t, true
	}
	if !crossed {
		// Said with the range searched: a rate beyond it may exist
		// (-1000000000000; 1 has one just above -100 %).
		return 0, codeErr(CodeNoIRR, map[string]any{"Min": irrMin, "Max": irrMax, "Kind": KindPercent})
	}
	return math.Expm1(u), nil
}

// changesSign reports whether flows hold both a positive and a negative
// flow: without both no rate makes their NPV zero. IRR and IRRInput's
// Validate ask it the same way, so the form refuses exactly what IRR would.
func changesSign(flows []float64) bool {
	pos, neg := false, false
	for _, f := range flows {
		pos = pos || f > 0
		neg = neg || f < 0
	}
	return pos && neg
}

// touchingRoot finds what a scan by sign changes misses: two roots closer
// than a step (the NPV dips below zero and back between two grid points)
// or a double root (it only touches zero). Of those found
// (touchingRoots), the one nearest u0.
func touchingRoot(g func(float64) float64, uMin, uMax, h, u0 float64, flows []float64) (float64, bool) {
	best, found := 0.0, false
	for _, u := range touchingRoots(g, uMin, uMax, h, flows) {
		if !found || math.Abs(u-u0) < math.Abs(best-u0) {
			best, found = u, true
		}
	}
	return best, found
}

// touchingRoots is every root a scan by sign changes misses. Where |g| has
// a local minimum on the grid, the extremum between its neighbours is
// found by golden section; past zero, the roots on both sides of it are
// bisected; at zero within rounding, the extremum is the root.
func touchingRoots(g func(float64) float64, uMin, uMax, h float64, flows []float64) []float64 {
	scale := 0.0
	for _, f := range flows {
		scale += math.Abs(f)
	}
	tol := scale * 1e-12
	var out []float64
	prev, cur := uMin, uMin+h
	gPrev, gCur := g(prev), g(cur)
	for next := cur + h; next <= uMax; next += h {
		gNext := g(next)
		if math.Abs(gCur) < math.Abs(gPrev) && math.Abs(gCur) <= math.Abs(gNext) && (gPrev < 0) == (gCur < 0) && (gCur < 0) == (gNext < 0) {
			// s·g is positive at the three points; look for its minimum.
			sg := func(u float64) float64 {
				if gCur < 0 {
					return -g(u)
				}
				return g(u)
			}
			a, b := prev, next
			const phi = 0.6180339887498949
			c, d := b-phi*(b-a), a+phi*(b-a)
			for i := 0; i < 200 && b-a > 1e-15; i++ {
				if sg(c) < sg(d) {
					b, d = d, c
					c = b - phi*(b-a)
				} else {
					a, c = c, d
					d = a + phi*(b-a)
				}
			}
			m := a + (b-a)/2
			switch v := sg(m); {
			case v < 0:
				// Dips past zero: a root on either side of the dip.
				lo, hi := prev, m
				for i := 0; i < 200 && hi-lo > 1e-15; i++ {
					mid := lo + (hi-lo)/2
					if sg(mid) > 0 {
						lo = mid
					} else {
						hi = mid
					}
				}
				out = append(out, lo+(hi-lo)/2)
				lo, hi = m, next
				for i := 0; i < 200 && hi-lo > 1e-15; i++ {
					mid := lo + (hi-lo)/2
					if sg(mid) > 0 {
						hi = mid
					} else {
						lo = mid
					}
				}
				out = append(out, lo+(hi-lo)/2)
			case v <= tol:
				out = append(out, m)
			}
		}
		prev, cur, gPrev, gCur = cur, next, gCur, gNext
	}
	return out
}

// otherIRRs is every rate between irrMin and irrMax but irr that makes the
// NPV of flows zero, lowest first: the sign changes across the whole range
// and the roots they miss (touchingRoots).
func otherIRRs(flows []float64, irr float64) []float64 {
	g := func(u float64) float64 { return npvSign(math.Expm1(u), flows) }
	uMin, uMax := math.Log1p(irrMin), math.Log1p(irrMax)
	const h = 0.01
	roots := touchingRoots(g, uMin, uMax, h, flows)
	a, ga := uMin, g(uMin)
	if ga == 0 {
		roots = append(roots, a)
	}
	for a < uMax {
		b := math.Min(a+h, uMax)
		gb := g(b)
		switch {
		case gb == 0:
			roots = append(roots, b)
		case ga != 0 && (gb < 0) != (ga < 0):
			lo, hi, glo := a, b, ga
			for i := 0; i < 200 && hi-lo > 1e-15; i++ {
				mid := lo + (hi-lo)/2
				if gm := g(mid); (gm < 0) == (glo < 0) && gm != 0 {
					lo, glo = mid, gm
				} else {
					hi = mid
				}
			}
			roots = append(roots, lo+(hi-lo)/2)
		}
		a, ga = b, gb
	}
	slices.Sort(roots)
	// The same root found twice (by the scan and as a touching one, or
	// by IRR's own scan) differs by rounding only.
	const same = 1e-6
	u0 := math.Log1p(irr)
	var out []float64
	last := math.Inf(-1)
	for _, u := range roots {
		if u-last < same || math.Abs(u-u0) < same {
			continue
		}
		last = u
		out = append(out, math.Expm1(u))
	}
	return out
}

// IRRInput: Flows[0] happens now (usually the negative outlay), the rest at
// the end of each period.
type IRRInput struct {
	Flows []Money
}

// IRRResult holds the rate per period.
type IRRResult struct {
	IRR float64
	// Others are the other rates that make the NPV zero, lowest first:
	// flows that change sign more than once may have several, and then
	// IRR alone does not rank the investment.
	Others    []float64
	Breakdown []Line
}

// Validate reports every problem with the input, including flows that all
// have the same sign (no rate can make their NPV zero).
func (in IRRInput) Validate() error {
	var c checker
	if c.flows("flows", in.Flows, 2) && !changesSign(minors(in.Flows)) {
		c.add("flows", CodeNoSignChange, nil)
	}
	return c.errs.Err()
}

// Compute validates and computes.
func (in IRRInput) Compute() (IRRResult, error) {
	if err := in.Validate(); err != nil {
		return IRRResult{}, err
	}
	r, err := IRR(minors(in.Flows))
	if err != nil {
		return IRRResult{}, withField(err, "flows")
	}
	res := IRRResult{IRR: r, Others: otherIRRs(minors(in.Flows), r), Breakdown: []Line{
		{Key: "calc.line.periods", Value: len(in.Flows) - 1, Kind: KindNumber},
		{Key: "calc.line.irr", Value: r, Kind: KindPercent},
	}}
	for _, o := range res.Others {
		res.Breakdown = append(res.Breakdown, Line{Key: "calc.line.irr_other", Value: o, Kind: KindPercent})
	}
	return res, nil
}
