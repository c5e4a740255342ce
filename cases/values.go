package cases

import (
	"strconv"
	"strings"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Typed placeholder values are stored in a canonical form (money in minor
// units, dates as 2006-01-02, rates as decimals) and formatted when shown,
// so a value typed during a Spanish call reads right after a switch to
// English.

// FieldNegativeMoney is CanonicalValue's field for an amount below zero.
const FieldNegativeMoney = "money_negative"

// CanonicalValue parses what an agent typed for a placeholder of the given
// kind, in the language they typed it in.
func CanonicalValue(kind, input string, lang locales.Lang, currency string) (string, error) {
	input = strings.TrimSpace(input)
	if input == "" {
		return "", nil
	}
	switch kind {
	case "money":
		m, err := calculators.ParseMoney(input, currency, lang)
		if err != nil {
			return "", &Error{Code: EInvalid, Field: "money", Detail: input}
		}
		// What a script says of an amount is the bill, a payment, a
		// credit, a fee: none is below zero ("your payment of -$20.00").
		if m.Minor < 0 {
			return "", &Error{Code: EInvalid, Field: FieldNegativeMoney, Detail: input}
		}
		return strconv.FormatInt(m.Minor, 10), nil
	case "date":
		t, err := locales.ParseDate(lang, input)
		if err != nil {
			return "", &Error{Code: EInvalid, Field: "date", Detail: input}
		}
		return t.Format("2006-01-02"), nil
	case "number", "years", "months", "days", "business_days", "hours":
		n, err := calculators.ParseNumber(input, lang)
		if err != nil || n < 0 || n > 1e9 {
			return "", &Error{Code: EInvalid, Field: "number", Detail: input}
		}
		return strconv.FormatFloat(n, 'f', -1, 64), nil
	case "percent":
		r, err := calculators.ParseRate(input, lang)
		if err != nil {
			return "", &Error{Code: EInvalid, Field: "percent", Detail: input}
		}
		return strconv.FormatFloat(r, 'f', -1, 64), nil
	}
	return input, nil
}

// DisplayValue formats a canonical value for lang.
func DisplayValue(kind, canonical string, lang locales.Lang, currency string) string {
	switch kind {
	case "money":
		if n, err := strconv.ParseInt(canonical, 10, 64); err == nil {
			return calculators.FormatMoney(calculators.FromMinor(n, currency), lang)
		}
	case "date":
		if t, err := time.Parse("2006-01-02", canonical); err == nil {
			return locales.FormatDate(lang, t)
		}
	case "number", "years", "months", "days", "business_days", "hours":
		if f, err := strconv.ParseFloat(canonical, 64); err == nil {
			return calculators.FormatNumber(f, valueDecimals(f), lang)
		}
	case "percent":
		if f, err := strconv.ParseFloat(canonical, 64); err == nil {
			return calculators.FormatPercent(f, 1, lang)
		}
	}
	return canonical
}

// EntryValue writes a canonical value back into the box it was typed in,
// for the agent to correct or submit again: as DisplayValue, but numbers
// and rates without thousands separators, since CanonicalValue refuses
// "1.200" and "1,200" (a lone separator before three digits may be a
// decimal point), and numbers and rates with every decimal recorded: the
// scripts' "1,23" for 1,234 (or "12,3 %" for 12,345 %) would be recorded
// in its place on Enter.
func EntryValue(kind, canonical string, lang locales.Lang, currency string) string {
	switch kind {
	case "number", "years", "months", "days", "business_days", "hours":
		if f, err := strconv.ParseFloat(canonical, 64); err == nil {
			return calculators.FormatEntry(f, -1, lang)
		}
	case "percent":
		if f, err := strconv.ParseFloat(canonical, 64); err == nil {
			return calculators.FormatPercentEntry(f, -1, lang)
		}
	}
	return DisplayValue(kind, canonical, lang, currency)
}

// valueDecimals is how many decimals a recorded figure is shown with:
// none for a whole number, two otherwise.
func valueDecimals(f float64) int {
	if f == float64(int64(f)) {
		return 0
	}
	return 2
}

// kindOf is the kind of a placeholder, text when unknown.
func kindOf(pb *playbook.Playbook, name string) string {
	if ph := pb.Placeholder(name); ph != nil {
		return ph.Kind
	}
	return "text"
}
