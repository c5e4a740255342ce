package calculators

import (
	"math"
	"time"
)

// MaxAgents caps the Erlang C search. It is far above any single queue (a
// thousand-seat centre runs under 2,000 Erlangs) and keeps the O(N) Erlang B
// recurrence instant.
const MaxAgents = 100000

// MaxShrinkage is the largest shrinkage accepted: beyond it the rostered
// headcount explodes and the input is surely a typo.
const MaxShrinkage = 0.99

// ErlangCInput is a staffing question for one interval of one queue.
type ErlangCInput struct {
	Calls    float64       // calls offered in the interval (a forecast, may be fractional)
	Interval time.Duration // length of the interval, e.g. 30m
	AHT      time.Duration // average handling time: talk + hold + wrap-up
	Target   float64       // service-level target, 0.80 for 80 %
	Within   time.Duration // answer time of the target, e.g. 20s
	// Shrinkage is the share of paid time agents are not on the phones
	// (breaks, training, absence), 0 ≤ s ≤ MaxShrinkage. Optional.
	Shrinkage float64
	// MaxOccupancy caps how busy agents may be, 0 < x ≤ 1; 0 means no cap.
	MaxOccupancy float64
	// MaxOccupancyTyped says a cap was typed: then 0 is a cap of 0 %,
	// which no agent can meet, and refused, not read as no cap.
	MaxOccupancyTyped bool
}

// ErlangRow is the queue's behaviour with a given number of agents.
type ErlangRow struct {
	Agents       int
	ServiceLevel float64 // share answered within Within
	ASASeconds   float64 // average speed of answer
	Occupancy    float64 // traffic / agents
	PWait        float64 // probability a call waits (Erlang C)
}

// ErlangCResult: Agents is the smallest count meeting both the service level
// and the occupancy cap; AgentsWithShrinkage is what to roster,
// ceil(Agents/(1-Shrinkage)). Table shows Agents-3 … Agents+5 (rows where
// the queue is stable, agents > traffic).
type ErlangCResult struct {
	TrafficErlangs      float64
	Agents              int
	AgentsWithShrinkage int
	ErlangRow
	Table     []ErlangRow
	Breakdown []Line
}

// Validate reports every problem with the input.
func (in ErlangCInput) Validate() error {
	var c checker
	if c.number("calls", in.Calls, positive) {
		c.atMost("calls", in.Calls, 1e7, KindNumber)
	}
	// The bound is named in the unit the field is typed in: the interval
	// in minutes, the others in seconds.
	dur := func(field string, d time.Duration, allowZero bool, unit time.Duration, kind string) {
		switch {
		case d < 0:
			c.add(field, CodeNegative, nil)
		case d == 0 && !allowZero:
			c.add(field, CodeMustBePositive, nil)
		case d > 24*time.Hour:
			c.add(field, CodeTooLarge, map[string]any{"Max": float64(24 * time.Hour / unit), "Kind": kind})
		}
	}
	dur("interval", in.Interval, false, time.Minute, KindMinutes)
	dur("aht", in.AHT, false, time.Second, KindSeconds)
	dur("within", in.Within, true, time.Second, KindSeconds)
	if c.finite("target", in.Target) && (in.Target <= 0 || in.Target >= 1) {
		// 100 % is unreachable: with random arrivals some call always waits.
		c.add("target", CodeOutOfRange, map[string]any{"Min": openStep, "Max": 1 - openStep, "Kind": KindPercent})
	}
	c.between("shrinkage", in.Shrinkage, 0, MaxShrinkage, KindPercent)
	// A cap typed as 0 % is out of range, not no cap: only a cap left out
	// is none.
	if c.finite("max_occupancy", in.MaxOccupancy) && (in.MaxOccupancy < 0 || in.MaxOccupancy > 1 || in.MaxOccupancyTyped && in.MaxOccupancy == 0) {
		c.add("max_occupancy", CodeOutOfRange, map[string]any{"Min": openStep, "Max": 1.0, "Kind": KindPercent})
	}
	if len(c.errs) == 0 {
		if a := in.traffic(); a >= MaxAgents || math.IsNaN(a) {
			c.add("calls", CodeTooLarge, in.mostCalls())
		} else if a < 1e-9 {
			c.add("calls", CodeOutOfRange, map[string]any{"Min": 1e-9, "Max": float64(MaxAgents), "Kind": KindNumber})
		}
	}
	return c.errs.Err()
}

// mostCalls is the bound of too_large on calls whose traffic is past
// MaxAgents: the most calls, to the hundredth, the handling time and
// interval typed allow, a bound in the field's own unit where "at most
// 100,000 agents" named none a person could type. Should no hundredth of a
// call fit, the bound stays in agents.
func (in ErlangCInput) mostCalls() map[string]any {
	fits := func(calls float64) bool {
		return ErlangCInput{Calls: calls, Interval: in.Interval, AHT: in.AHT}.traffic() < MaxAgents
	}
	h := math.Floor(min(float64(MaxAgents)*in.Interval.Seconds()/in.AHT.Seconds(), 1e7) * 100)
	for h > 0 && !fits(h/100) {
		h--
	}
	if h <= 0 || math.IsNaN(h) {
		return map[string]any{"Max": float64(MaxAgents), "Kind": KindAgents}
	}
	return map[string]any{"Max": h / 100, "Kind": KindNumber}
}

// traffic is the offered load in Erlangs: calls × AHT / interval.
func (in ErlangCInput) traffic() float64 {
	return in.Calls * in.AHT.Seconds() / in.Interval.Seconds()
}

// ErlangB returns the blocking probability with n servers and a Erlangs by
// the recurrence B(0)=1, B(k)=A·B(k-1)/(k+A·B(k-1)), which stays within
// [0,1] at every step: no factorials or powers, so thousands of Erlangs are
// as exact as ten.
func ErlangB(n int, a float64) float64 {
	b := 1.0
	for k := 1; k <= n; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// erlangCFromB converts Erlang B to Erlang C (the probability of waiting)
// for n > a.
func erlangCFromB(n int, a, b float64) float64 {
	nf := float64(n)
	return nf * b / (nf - a*(1-b))
}

// ErlangC returns the probability that a call waits with n agents and a
// Erlangs; 1 when n ≤ a (the queue grows without bound).
func ErlangC(n int, a float64) float64 {
	if float64(n) <= a {
		return 1
	}
	return erlangCFromB(n, a, ErlangB(n, a))
}

func (in ErlangCInput) row(n int, a, b float64) ErlangRow {
	pw := erlangCFromB(n, a, b)
	aht := in.AHT.Seconds()
	gap := float64(n) - a
	return ErlangRow{
		Agents:       n,
		PWait:        pw,
		ServiceLevel: 1 - pw*math.Exp(-gap*in.Within.Seconds()/aht),
		ASASeconds:   pw * aht / gap,
		Occupancy:    a / float64(n),
	}
}

// Compute validates and searches the smallest adequate agent count.
func (in ErlangCInput) Compute() (ErlangCResult, error) {
	if err := in.Validate(); err != nil {
		return ErlangCResult{}, err
	}
	a := in.traffic()
	maxOcc := in.MaxOccupancy
	if maxOcc == 0 {
		maxOcc = 1
	}
	// A hair of tolerance so 0.8 computed as 0.7999999999999999 still counts.
	const eps = 1e-12
	b := 1.0
	answer := 0
	var best ErlangRow
	for n := 1; n <= MaxAgents; n++ {
		b = a * b / (float64(n) + a*b)
		if float64(n) <= a {
			continue
		}
		r := in.row(n, a, b)
		if r.ServiceLevel+eps >= in.Target && r.Occupancy <= maxOcc+eps {
			answer, best = n, r
			break
		}
	}
	if answer == 0 {
		field := "target"
		if float64(MaxAgents)*maxOcc < a {
			field = "max_occupancy"
		}
		return ErlangCResult{}, Errors{{Field: field, Code: CodeUnreachable, Params: map[string]any{"Max": MaxAgents}}}
	}
	res := ErlangCResult{TrafficErlangs: a, Agents: answer, ErlangRow: best}
	x := float64(answer) / (1 - in.Shrinkage)
	// 14/(1-0.30) is 20.000000000000004 in binary; without the tolerance it
	// would roster 21 people.
	res.AgentsWithShrinkage = int(math.Ceil(x * (1 - 1e-12)))
	if res.AgentsWithShrinkage < answer {
		res.AgentsWithShrinkage = answer
	}
	b = 1.0
	for n := 1; n <= answer+5; n++ {
		b = a * b / (float64(n) + a*b)
		if n >= answer-3 && float64(n) > a {
			res.Table = append(res.Table, in.row(n, a, b))
		}
	}
	res.Breakdown = []Line{
		{Key: "calc.line.traffic_erlangs", Value: a, Kind: KindNumber},
		{Key: "calc.line.agents", Value: answer, Kind: KindAgents},
		{Key: "calc.line.service_level", Value: best.ServiceLevel, Kind: KindPercent},
		{Key: "calc.line.asa", Value: best.ASASeconds, Kind: KindSeconds},
		// As the staffing table writes the answer's row (app's erlangTable),
		// so the two never read on either side of the cap.
		{Key: "calc.line.occupancy", Value: OccupancyShown(best.Occupancy, in.MaxOccupancy), Kind: KindPercent},
		{Key: "calc.line.p_wait", Value: best.PWait, Kind: KindPercent},
	}
	if in.Shrinkage > 0 {
		res.Breakdown = append(res.Breakdown,
			Line{Key: "calc.line.shrinkage", Value: in.Shrinkage, Kind: KindPercent},
			Line{Key: "calc.line.agents_with_shrinkage", Value: res.AgentsWithShrinkage, Kind: KindAgents})
	}
	return res, nil
}

// OccupancyShown is an occupancy as it is written, to one decimal of its
// percentage, on its own side of the cap maxOcc (0: no cap, so 100 %):
// over the cap (80.04 %) it is raised to the next decimal (80.1 %), under
// it (79.96 %) cut (79.9 %), so a staffing never reads as within a cap it
// breaks, nor at a cap it stays under; the rest are left to round. The
// cap is a most, as the service level's target is a least.
func OccupancyShown(occ, maxOcc float64) float64 {
	if maxOcc == 0 {
		maxOcc = 1
	}
	const eps = 1e-12
	shown := math.Round(occ*1000) / 1000
	switch {
	case occ > maxOcc+eps && shown <= maxOcc+eps:
		return math.Ceil(occ*1000-1e-9) / 1000
	case occ < maxOcc-eps && shown >= maxOcc-eps:
		return math.Floor(occ*1000+1e-9) / 1000
	}
	return occ
}

// ServiceLevelShown is a staffing's service level as it is written, to one
// decimal of its percentage: one that misses target (79.96 % of 80 %) is
// cut (79.9 %), never rounded up to the target it misses; the rest are left
// to round. The hair of tolerance keeps float noise (0.7999999999) from
// being cut to 79.9, as Compute's search takes it for 80 %.
func ServiceLevelShown(sl, target float64) float64 {
	if sl+1e-12 < target {
		return math.Floor(sl*1000+1e-9) / 1000
	}
	return sl
}
