package calculators

import (
	"math"

	"agentdesk/locales"
)

// Kinds of Line values. The kind, not the Go type, decides formatting,
// because a float64 may be a rate, a count of years or seconds.
const (
	KindMoney   = "money"   // Value is Money
	KindPercent = "percent" // Value is a float64 rate, 0.125 for 12.5 %
	KindNumber  = "number"  // Value is a float64 or int
	KindYears   = "years"   // Value is a float64
	KindAgents  = "agents"  // Value is an int
	KindSeconds = "seconds" // Value is a float64
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
		return FormatPercent(f, 1, lang)
	case KindYears:
		return FormatNumber(f, 2, lang)
	case KindSeconds:
		return FormatNumber(f, 1, lang)
	case KindAgents, KindDays:
		return FormatNumber(f, 0, lang)
	}
	return FormatNumber(trim2(f), -1, lang)
}

// trim2 rounds to two decimals for display but keeps "3" as "3", not "3,00":
// plain numbers are counts and ratios, where trailing zeros add nothing.
func trim2(f float64) float64 {
	r := math.Round(f*100) / 100
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return f
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
