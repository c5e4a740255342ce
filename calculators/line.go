package calculators

import (
	"math"
	"strconv"
	"strings"

	"agentdesk/locales"
)

// Kinds of Line values. The kind, not the Go type, decides formatting,
// because a float64 may be a rate, a count of years or seconds.
const (
	KindMoney   = "money"   // Value is Money
	KindChange  = "change"  // Value is Money, a difference written with its sign ("+$5.00")
	KindPercent = "percent" // Value is a float64 rate, 0.125 for 12.5 %
	KindNumber  = "number"  // Value is a float64 or int
	KindYears   = "years"   // Value is a float64
	KindAgents  = "agents"  // Value is an int
	KindSeconds = "seconds" // Value is a float64
	KindMinutes = "minutes" // Value is a float64; only an error's bound so far
	KindDays    = "days"    // Value is an int
	KindText    = "text"    // Value is nil (the label is the whole line) or a string shown as is
)

// Line is one row of a result's breakdown. Key is a locale message ID
// ("calc.line.net_benefit") for the label; the interface formats Value by
// Kind in the language shown and adds the unit (years, agents, days) from
// "calc.unit.<kind>".
type Line struct {
	Key   string
	Value any
	Kind  string
}

// FormatValue writes a Line value as a number in lang, without unit words:
// money with its currency, percents with one decimal, years and other
// numbers with up to two, seconds with one, agents and days as integers.
// Anything it cannot show is Dash.
func FormatValue(v any, kind string, lang locales.Lang) string {
	switch kind {
	case KindMoney:
		m, ok := v.(Money)
		if !ok {
			return Dash
		}
		return FormatMoney(m, lang)
	case KindChange:
		m, ok := v.(Money)
		if !ok {
			return Dash
		}
		return FormatSignedMoney(m, lang)
	case KindText:
		s, _ := v.(string)
		return s
	}
	f, ok := toFloat(v)
	if !ok {
		return Dash
	}
	switch kind {
	case KindPercent:
		p, err := strconv.ParseFloat(shiftDecimal(f, 2), 64)
		if err != nil {
			p = f * 100
		}
		return FormatPercent(f, showing(p, 1), lang)
	case KindYears:
		return FormatNumber(f, showing(f, 2), lang)
	case KindSeconds:
		return FormatNumber(f, showing(f, 1), lang)
	case KindAgents, KindDays:
		return FormatNumber(f, 0, lang)
	}
	return FormatNumber(trimTo(f, showing(f, 2)), -1, lang)
}

// maxShowing is the most decimals showing gives a figure: past it, a
// figure is zero for any purpose a person has.
const maxShowing = 10

// showing is how many decimals x is written with, decimals unless x is
// not zero and would read as zero with them ("0 calls" for 0.001, "0.0%"
// beside a loss): then the fewest that show its first digit.
func showing(x float64, decimals int) int {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return decimals
	}
	for d := decimals; d <= maxShowing; d++ {
		if _, ip, fr := roundedDecimal(x, d); strings.Trim(ip+fr, "0") != "" {
			return d
		}
	}
	return decimals
}

// Displayed is x as FormatValue writes it for kind, as a number: the value
// a plural form agrees with (0.999 years show as 1.00, so "year").
func Displayed(x float64, kind string) float64 {
	decimals := -1
	switch kind {
	case KindYears:
		decimals = showing(x, 2)
	case KindSeconds:
		decimals = showing(x, 1)
	case KindAgents, KindDays:
		decimals = 0
	case KindNumber:
		return trimTo(x, showing(x, 2))
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	neg, ip, fr := roundedDecimal(x, decimals)
	s := ip
	if fr != "" {
		s += "." + fr
	}
	f, _ := strconv.ParseFloat(s, 64)
	if neg {
		f = -f
	}
	return f
}

// trim2 rounds to two decimals for display but keeps "3" as "3", not "3,00":
// plain numbers are counts and ratios, where trailing zeros add nothing.
// It rounds the decimal the number reads as, as FormatNumber does ("1.005"
// is 1.01), not the binary product f·100, which put 1.005 at 1.
func trim2(f float64) float64 { return trimTo(f, 2) }

// trimTo rounds f to n decimals as trim2 does.
func trimTo(f float64, n int) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return f
	}
	neg, intPart, frac := roundedDecimal(f, n)
	r, err := strconv.ParseFloat(intPart+"."+frac, 64)
	if err != nil {
		return f
	}
	if neg {
		r = -r
	}
	return r
}

func toFloat(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case int32:
		f = float64(x)
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// Figure is a Line as a case keeps it. Its value is in a form JSON carries
// exactly (minor units and currency, a number, a text), so whoever reads
// the case later (a supervisor's review, a PDF) formats it in the language
// they read, not in the call's. A value that cannot be shown (NaN, an
// infinite payback) is kept as Dash.
type Figure struct {
	Key      string  `json:"key"`
	Kind     string  `json:"kind"`
	Minor    int64   `json:"minor,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Number   float64 `json:"number,omitempty"`
	Text     string  `json:"text,omitempty"`
	// Name is what the figure is about when the key alone does not say
	// (the bill line a change is on); it is shown before the value as it
	// was written.
	Name string `json:"name,omitempty"`
}

// Keep turns a breakdown line into the Figure a case stores.
func Keep(l Line) Figure {
	f := Figure{Key: l.Key, Kind: l.Kind}
	switch l.Kind {
	case KindMoney, KindChange:
		if m, ok := l.Value.(Money); ok {
			f.Minor, f.Currency = m.Minor, m.Currency
			return f
		}
	case KindText:
		if s, ok := l.Value.(string); ok {
			f.Text = s
			return f
		}
	default:
		if n, ok := toFloat(l.Value); ok {
			f.Number = n
			return f
		}
	}
	f.Kind, f.Text = KindText, Dash
	return f
}

// KeepBreakdown is a result's breakdown as a case keeps it: every line
// with a value (a heading line, text with no value, is left out).
func KeepBreakdown(lines []Line) []Figure {
	out := make([]Figure, 0, len(lines))
	for _, l := range lines {
		if l.Kind == KindText && l.Value == nil {
			continue
		}
		out = append(out, Keep(l))
	}
	return out
}

// Line gives a kept figure back as the Line FormatLine writes: counts of
// agents and days as the ints their plural forms are chosen by.
func (f Figure) Line() Line {
	l := Line{Key: f.Key, Kind: f.Kind}
	switch f.Kind {
	case KindMoney, KindChange:
		l.Value = Money{Minor: f.Minor, Currency: f.Currency}
	case KindText:
		l.Value = f.Text
	case KindAgents, KindDays:
		l.Value = int(math.Round(f.Number))
	default:
		l.Value = f.Number
	}
	return l
}
