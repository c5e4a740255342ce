package training

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// Value is one drawn or derived value.
type Value struct {
	Kind  string
	Minor int64     // money, minor units
	N     int64     // int
	Date  time.Time // date, midnight UTC
	Text  Text      // text
	Bool  bool      // bool
	Card  string    // card, digits only
	// Gender of a person ("f" or "m").
	Gender string
	// Unit of an int, "one|other" in each language.
	Unit Text
}

// Values is a scenario's draw: every var and calc by name.
type Values struct {
	m        map[string]Value
	currency string
}

// Get returns a value by name.
func (v Values) Get(name string) (Value, bool) {
	x, ok := v.m[name]
	return x, ok
}

// Format writes a value the way lang writes it.
func (v Values) Format(name string, lang locales.Lang) (string, bool) {
	x, ok := v.m[name]
	if !ok {
		return "", false
	}
	return x.Format(lang, v.currency), true
}

// Format writes the value the way lang writes it: money and dates follow
// the language of what is shown.
func (x Value) Format(lang locales.Lang, currency string) string {
	switch x.Kind {
	case KindMoney:
		return calculators.FormatMoney(calculators.FromMinor(x.Minor, currency), lang)
	case KindInt:
		n := strconv.FormatInt(x.N, 10)
		if u := x.Unit.Raw(lang); u != "" {
			return n + " " + plural(u, x.N)
		}
		return n
	case KindDate:
		return locales.FormatDate(lang, x.Date)
	case KindText, KindPerson:
		return x.Text.Raw(lang)
	case KindBool:
		if x.Bool {
			return locales.New(lang).S("training.sim.yes")
		}
		return locales.New(lang).S("training.sim.no")
	case KindCard:
		var b strings.Builder
		for i, r := range x.Card {
			if i > 0 && i%4 == 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return ""
}

// plural picks the form of a "one|other" unit for n. Both languages use the
// singular for exactly one and the plural otherwise (0 años, 0 years).
func plural(unit string, n int64) string {
	one, other, ok := strings.Cut(unit, "|")
	if !ok {
		return unit
	}
	if n == 1 || n == -1 {
		return one
	}
	return other
}

// civil is the calendar day of t at midnight UTC: draws and date answers
// compare days, never instants.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDay reads an attempt's day (2026-11-23).
func ParseDay(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

// draw64 is the random source: splitmix64 over the seed and the value's
// name. Keying by name keeps one value from shifting when an author adds
// another, and a hand-written mixer, unlike math/rand, can never change
// under a Go upgrade and silently re-grade old attempts.
func draw64(seed int64, name string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	x := h.Sum64() ^ uint64(seed)*0x9E3779B97F4A7C15
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

func pick(seed int64, name string, n int) int {
	if n <= 1 {
		return 0
	}
	return int(draw64(seed, name) % uint64(n))
}

// Draw computes every value for a seed and the day of the call. It fails
// only on content the validator would have refused, or on a calculator
// input out of range (a change date outside the cycle), which validation
// catches by drawing several seeds.
func (sc *Scenario) Draw(seed int64, day time.Time) (Values, error) {
	day = civil(day)
	vals := Values{m: map[string]Value{}, currency: sc.env.currency}
	for _, v := range sc.Vars {
		x, err := drawVar(v, seed, day)
		if err != nil {
			return Values{}, fmt.Errorf("%s: %w", v.Name, err)
		}
		vals.m[v.Name] = x
	}
	for _, c := range sc.Calcs {
		x, err := sc.compute(c, vals)
		if err != nil {
			return Values{}, fmt.Errorf("%s: %w", c.Name, err)
		}
		vals.m[c.Name] = x
	}
	return vals, nil
}

// steps counts the values between min and max in increments of step.
func steps(min, max, step float64) (int64, error) {
	if step <= 0 || math.IsNaN(step) || max < min || math.IsNaN(min) || math.IsNaN(max) {
		return 0, errors.New("bad range")
	}
	n := math.Floor((max-min)/step+1e-9) + 1
	if n > 1e9 {
		return 0, errors.New("range too wide")
	}
	return int64(n), nil
}

func drawVar(v Var, seed int64, day time.Time) (Value, error) {
	r := draw64(seed, v.Name)
	switch v.Kind {
	case KindMoney:
		step := v.Step
		if step == 0 {
			step = 0.01
		}
		n, err := steps(v.Min, v.Max, step)
		if err != nil {
			return Value{}, err
		}
		k := int64(r % uint64(n))
		minor := int64(math.Round(v.Min*100)) + k*int64(math.Round(step*100))
		return Value{Kind: KindMoney, Minor: minor}, nil
	case KindInt, KindDate:
		step := v.Step
		if step == 0 {
			step = 1
		}
		n, err := steps(v.Min, v.Max, step)
		if err != nil {
			return Value{}, err
		}
		k := int64(r % uint64(n))
		x := int64(v.Min) + k*int64(step)
		if v.Kind == KindInt {
			return Value{Kind: KindInt, N: x, Unit: v.Unit}, nil
		}
		return Value{Kind: KindDate, Date: day.AddDate(0, 0, int(x))}, nil
	case KindText:
		if len(v.Options) > 0 {
			return Value{Kind: KindText, Text: v.Options[r%uint64(len(v.Options))]}, nil
		}
		if len(v.Values) > 0 {
			s := v.Values[r%uint64(len(v.Values))]
			return Value{Kind: KindText, Text: Text{ES: s, EN: s}}, nil
		}
		return Value{}, errors.New("no values")
	case KindBool:
		if v.Chance != nil {
			// 2^53 buckets: the float is exact and the split is fair.
			u := float64(r>>11) / (1 << 53)
			return Value{Kind: KindBool, Bool: u < *v.Chance}, nil
		}
		if v.Value == nil {
			return Value{}, errors.New("no value")
		}
		return Value{Kind: KindBool, Bool: *v.Value}, nil
	case KindPerson:
		n := len(v.Female) + len(v.Male)
		if n == 0 {
			return Value{}, errors.New("no names")
		}
		i := int(r % uint64(n))
		if i < len(v.Female) {
			return Value{Kind: KindPerson, Text: Text{ES: v.Female[i], EN: v.Female[i]}, Gender: Female}, nil
		}
		s := v.Male[i-len(v.Female)]
		return Value{Kind: KindPerson, Text: Text{ES: s, EN: s}, Gender: Male}, nil
	case KindCard:
		return Value{Kind: KindCard, Card: testCard(seed, v.Name)}, nil
	}
	return Value{}, fmt.Errorf("unknown kind %q", v.Kind)
}

// testCard makes a 16-digit number that passes the Luhn check, so the
// redactor recognises it exactly as it would a real card.
func testCard(seed int64, name string) string {
	d := make([]int, 16)
	d[0] = 4
	for i := 1; i < 15; i++ {
		d[i] = pick(seed, name+"#"+strconv.Itoa(i), 10)
	}
	sum := 0
	for i := 14; i >= 0; i-- {
		x := d[i]
		if (14-i)%2 == 0 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	d[15] = (10 - sum%10) % 10
	var b strings.Builder
	for _, x := range d {
		b.WriteByte(byte('0' + x))
	}
	return b.String()
}

// calcFns are the derivations a scenario may use, with the kinds of their
// arguments ("money..." takes one or more) and of their result.
var calcFns = map[string]struct {
	args   []string
	result string
	n      bool // needs n
}{
	"sum":               {[]string{KindMoney + "..."}, KindMoney, false},
	"sub":               {[]string{KindMoney, KindMoney}, KindMoney, false},
	"prorate_net":       {[]string{KindDate, KindDate, KindDate, KindMoney, KindMoney}, KindMoney, false},
	"prorate_charge":    {[]string{KindDate, KindDate, KindDate, KindMoney, KindMoney}, KindMoney, false},
	"prorate_credit":    {[]string{KindDate, KindDate, KindDate, KindMoney, KindMoney}, KindMoney, false},
	"add_days":          {[]string{KindDate}, KindDate, true},
	"add_business_days": {[]string{KindDate}, KindDate, true},
	"add_months":        {[]string{KindDate}, KindDate, true},
	"over_limit":        {[]string{KindMoney}, KindBool, false},
	"gt":                {[]string{KindMoney, KindMoney}, KindBool, false},
}

func (sc *Scenario) compute(c Calc, vals Values) (Value, error) {
	args := make([]Value, len(c.Args))
	for i, a := range c.Args {
		x, ok := vals.m[a]
		if !ok {
			return Value{}, fmt.Errorf("unknown value %q", a)
		}
		args[i] = x
	}
	cur := sc.env.currency
	money := func(v Value) calculators.Money { return calculators.FromMinor(v.Minor, cur) }
	switch c.Fn {
	case "sum":
		var t int64
		for _, a := range args {
			t += a.Minor
		}
		return Value{Kind: KindMoney, Minor: t}, nil
	case "sub":
		return Value{Kind: KindMoney, Minor: args[0].Minor - args[1].Minor}, nil
	case "prorate_net", "prorate_charge", "prorate_credit":
		r, err := calculators.ProrationInput{
			CycleStart: args[0].Date, CycleEnd: args[1].Date, Change: args[2].Date,
			OldMonthly: money(args[3]), NewMonthly: money(args[4]),
		}.Compute()
		if err != nil {
			return Value{}, err
		}
		m := r.Net
		switch c.Fn {
		case "prorate_charge":
			m = r.Charge
		case "prorate_credit":
			m = r.Credit
		}
		return Value{Kind: KindMoney, Minor: m.Minor}, nil
	case "add_days":
		return Value{Kind: KindDate, Date: args[0].Date.AddDate(0, 0, c.N)}, nil
	case "add_months":
		return Value{Kind: KindDate, Date: addMonths(args[0].Date, c.N)}, nil
	case "add_business_days":
		return Value{Kind: KindDate, Date: addBusinessDays(args[0].Date, c.N)}, nil
	case "over_limit":
		return Value{Kind: KindBool, Bool: args[0].Minor > sc.env.limit}, nil
	case "gt":
		return Value{Kind: KindBool, Bool: args[0].Minor > args[1].Minor}, nil
	}
	return Value{}, fmt.Errorf("unknown function %q", c.Fn)
}

// addMonths moves n months (back when n < 0) as billing cycles do: to the
// same day of the month, or to the month's last day when it is shorter
// (Jan 31 + 1 month is Feb 28, or 29). time.AddDate would normalise Feb 31
// into March 3 and skip a month.
func addMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), d.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), d.Location())
}

// addBusinessDays moves forward n weekdays. Public holidays differ by
// country and year, so the simulator leaves them out, as the "3 to 5
// business days" of the payment rules does.
func addBusinessDays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

func itoa(i int) string { return strconv.Itoa(i) }
