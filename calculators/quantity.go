package calculators

import (
	"math"

	"agentdesk/locales"
)

// Units a quantity may be counted in. Each has a message "unit.<name>"
// with one/other forms in locales/units.*.toml.
var Units = []string{"years", "months", "days", "business_days", "hours"}

// FormatQuantity writes n with its unit in lang, the noun agreeing with the
// number: "1 año", "3 años", "1,5 años"; "1 business day", "5 business
// days". Scripts that say a tenure or a time frame go through it, so no
// customer ever hears "1 años". n is shown with at most two decimals and
// none when it is whole, like the other plain numbers.
func FormatQuantity(n float64, unit string, lang locales.Lang) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return Dash
	}
	n = trim2(n)
	return locales.New(lang).Q("unit."+unit, n, FormatNumber(n, -1, lang))
}
