package calculators

import (
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"agentdesk/locales"
)

// Money is an amount in integer minor units of an ISO 4217 currency.
// AgentDesk assumes two decimals for every currency: the packs it ships with
// bill in euros, dollars and pesos, and an amount read to a customer must add
// up to the cent, which floats cannot promise.
type Money struct {
	Minor    int64
	Currency string
}

// MaxMinor is MaxMajor in minor units. Inputs stay below it, so sums and
// differences of a few inputs cannot come near int64's limit.
const MaxMinor int64 = 1e14

// FromMinor builds an amount from minor units.
func FromMinor(minor int64, currency string) Money { return Money{Minor: minor, Currency: currency} }

// NewMoney converts an amount in major units (a JSON number, a form value
// already parsed) to Money, rounding half away from zero to the cent as the
// amount is written (1.005 → 1.01). NaN, Inf and amounts beyond MaxMajor are
// refused.
func NewMoney(major float64, currency string) (Money, error) {
	if math.IsNaN(major) || math.IsInf(major, 0) {
		return Money{}, codeErr(CodeNotANumber, nil)
	}
	if math.Abs(major) > MaxMajor {
		return Money{}, errTooLarge()
	}
	neg, ip, fr := roundedDecimal(major, 2)
	minor, err := strconv.ParseInt(ip+fr, 10, 64)
	if err != nil || minor > MaxMinor {
		return Money{}, errTooLarge()
	}
	if neg {
		minor = -minor
	}
	return Money{Minor: minor, Currency: currency}, nil
}

// fromMinorFloat rounds a computed amount in minor units half away from zero
// (math.Round's rule) and refuses what cannot be shown. Calculators compute
// in float64 and round once, here, at the end, so intermediate cents are
// never lost or double-rounded.
func fromMinorFloat(minor float64, currency string) (Money, bool) {
	if math.IsNaN(minor) || math.IsInf(minor, 0) {
		return Money{}, false
	}
	r := math.Round(minor)
	if math.Abs(r) > float64(MaxMinor) {
		return Money{}, false
	}
	return Money{Minor: int64(r), Currency: currency}, true
}

// Major returns the amount in major units, for JSON and charts. The result is
// the nearest float64 to the exact decimal, so it prints as written.
func (m Money) Major() float64 {
	f, _ := strconv.ParseFloat(m.decimal(), 64)
	return f
}

// decimal is the amount as a plain decimal string, "-1234.56".
func (m Money) decimal() string {
	u := absMinor(m.Minor)
	s := strconv.FormatUint(u/100, 10) + "." + pad2(u%100)
	if m.Minor < 0 {
		s = "-" + s
	}
	return s
}

func absMinor(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1 // no overflow at MinInt64
	}
	return uint64(v)
}

func pad2(v uint64) string {
	if v < 10 {
		return "0" + strconv.FormatUint(v, 10)
	}
	return strconv.FormatUint(v, 10)
}

// String is for logs and tests: "USD -1234.56". People see FormatMoney.
func (m Money) String() string { return m.Currency + " " + m.decimal() }

// IsZero reports a zero amount whatever the currency.
func (m Money) IsZero() bool { return m.Minor == 0 }

// given reports an amount that was typed, even as zero: an optional amount
// left empty is Money{} (see Input.Money), and a calculator that chooses
// between inputs (LTV's revenue model, payback's annual flow) tells the two
// apart by it.
func given(m Money) bool { return m.Minor != 0 || m.Currency != "" }

// Sign returns -1, 0 or 1.
func (m Money) Sign() int {
	switch {
	case m.Minor < 0:
		return -1
	case m.Minor > 0:
		return 1
	}
	return 0
}

// Abs returns the magnitude; MinInt64 saturates to MaxInt64 rather than
// staying negative.
func (m Money) Abs() Money {
	if m.Minor >= 0 {
		return m
	}
	if m.Minor == math.MinInt64 {
		return Money{Minor: math.MaxInt64, Currency: m.Currency}
	}
	return Money{Minor: -m.Minor, Currency: m.Currency}
}

// Neg returns -m, saturating like Abs.
func (m Money) Neg() Money {
	if m.Minor == math.MinInt64 {
		return Money{Minor: math.MaxInt64, Currency: m.Currency}
	}
	return Money{Minor: -m.Minor, Currency: m.Currency}
}

// sameCurrency lets a zero amount with no currency (an unset optional field)
// combine with anything.
func sameCurrency(a, b Money) (string, bool) {
	switch {
	case a.Currency == b.Currency:
		return a.Currency, true
	case a.Currency == "" && a.Minor == 0:
		return b.Currency, true
	case b.Currency == "" && b.Minor == 0:
		return a.Currency, true
	}
	return "", false
}

// Add returns m+o. Different currencies are currency_mismatch; a sum beyond
// int64 is too_large instead of wrapping around.
func (m Money) Add(o Money) (Money, error) {
	cur, ok := sameCurrency(m, o)
	if !ok {
		return Money{}, codeErr(CodeCurrencyMismatch, nil)
	}
	s := m.Minor + o.Minor
	if (o.Minor > 0 && s < m.Minor) || (o.Minor < 0 && s > m.Minor) {
		return Money{}, errTooLarge()
	}
	return Money{Minor: s, Currency: cur}, nil
}

// Sub returns m-o with the same checks as Add.
func (m Money) Sub(o Money) (Money, error) {
	cur, ok := sameCurrency(m, o)
	if !ok {
		return Money{}, codeErr(CodeCurrencyMismatch, nil)
	}
	d := m.Minor - o.Minor
	if (o.Minor < 0 && d < m.Minor) || (o.Minor > 0 && d > m.Minor) {
		return Money{}, errTooLarge()
	}
	return Money{Minor: d, Currency: cur}, nil
}

// Mul returns m·k exactly, or too_large.
func (m Money) Mul(k int64) (Money, error) {
	if m.Minor == 0 || k == 0 {
		return Money{Currency: m.Currency}, nil
	}
	p := m.Minor * k
	if p/k != m.Minor || (m.Minor == -1 && k == math.MinInt64) || (k == -1 && m.Minor == math.MinInt64) {
		return Money{}, errTooLarge()
	}
	return Money{Minor: p, Currency: m.Currency}, nil
}

// MulRate returns m·r rounded half away from zero to the cent. The rate is
// taken as the decimal it was typed as (the shortest that reads back as r:
// 29 % is 0.29, not the binary double just below it) and multiplied
// exactly: a float product put 29 % of $0.50 just under the half cent and
// rounded it down.
func (m Money) MulRate(r float64) (Money, error) {
	minor, ok := mulRate(m.Minor, r)
	if !ok {
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return Money{}, codeErr(CodeNotANumber, nil)
		}
		return Money{}, errTooLarge()
	}
	return Money{Minor: minor, Currency: m.Currency}, nil
}

// mulRate is minor·r, exact in r's shortest decimal form, rounded half away
// from zero; false when r is not a number or the result is past MaxMinor.
func mulRate(minor int64, r float64) (int64, bool) {
	rate, ok := decimalRat(r)
	if !ok {
		return 0, false
	}
	return mulRat(minor, rate)
}

// decimalRat is x exactly as its shortest decimal form writes it: 0.155,
// not the binary 0.15499999999999997 a float subtraction may leave.
func decimalRat(x float64) (*big.Rat, bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, false
	}
	return new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
}

// mulRat is minor·rate rounded half away from zero; false past MaxMinor.
func mulRat(minor int64, rate *big.Rat) (int64, bool) {
	p := new(big.Rat).Mul(rate, new(big.Rat).SetInt64(minor))
	q, rem := new(big.Int).QuoRem(p.Num(), p.Denom(), new(big.Int))
	if rem.Sign() != 0 && new(big.Int).Abs(new(big.Int).Lsh(rem, 1)).Cmp(p.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(p.Num().Sign())))
	}
	if !q.IsInt64() || q.Int64() > MaxMinor || q.Int64() < -MaxMinor {
		return 0, false
	}
	return q.Int64(), true
}

// MulDiv returns m·num/den rounded half away from zero to the cent, in
// integer arithmetic where it fits: proration and cost per contact divide
// amounts, and a float would make 0.5-cent ties depend on binary noise.
func (m Money) MulDiv(num, den int64) (Money, error) {
	if den == 0 {
		return Money{}, codeErr(CodeMustBePositive, nil)
	}
	if den < 0 {
		num, den = -num, -den
	}
	p := m.Minor * num
	if m.Minor != 0 && (p/m.Minor != num || (m.Minor == -1 && num == math.MinInt64)) {
		// Does not fit in int64: fall back to float, still bounded.
		out, ok := fromMinorFloat(float64(m.Minor)*float64(num)/float64(den), m.Currency)
		if !ok {
			return Money{}, errTooLarge()
		}
		return out, nil
	}
	q, r := p/den, p%den
	if r < 0 {
		r = -r
	}
	if r > math.MaxInt64/2 || r*2 >= den { // half away from zero
		if p < 0 {
			q--
		} else {
			q++
		}
	}
	return Money{Minor: q, Currency: m.Currency}, nil
}

// currencyInfo is how a currency is written in each language.
type currencyInfo struct{ en, es string }

// symbols holds the currencies the seed packs use. Spanish writes the symbol
// after the amount and says "US$" for dollars so they are not taken for
// pesos; unknown currencies print their ISO code, which is never ambiguous.
var symbols = map[string]currencyInfo{
	"USD": {en: "$", es: "US$"},
	"EUR": {en: "€", es: "€"},
	"GBP": {en: "£", es: "£"},
	"MXN": {en: "MX$", es: "MXN"},
}

// FormatMoney writes m the way lang writes amounts: es "1.234,56 €",
// "-1.234,56 US$" (symbol after a non-breaking space); en "$1,234.56",
// "-€1,234.56", "COP 1,234.56" for currencies without a symbol here.
func FormatMoney(m Money, lang locales.Lang) string {
	u := absMinor(m.Minor)
	dec, grp := separators(lang)
	num := group(strconv.FormatUint(u/100, 10), grp) + string(dec) + pad2(u%100)
	sign := ""
	if m.Minor < 0 {
		sign = "-"
	}
	info, known := symbols[m.Currency]
	if lang == locales.EN {
		sym := m.Currency + nbsp
		if known {
			sym = info.en
		}
		if m.Currency == "" {
			sym = ""
		}
		return sign + sym + num
	}
	sym := m.Currency
	if known {
		sym = info.es
	}
	if sym == "" {
		return sign + num
	}
	return sign + num + nbsp + sym
}

// ValidCurrency reports whether code looks like an ISO 4217 code: three
// ASCII capitals. AgentDesk does not keep the ISO list; a typo such as "USS"
// then shows as a code in the amount rather than silently as dollars.
func ValidCurrency(code string) bool {
	if len(code) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	return true
}

// symbolsFor lists what may mark an amount of currency cur in typed text,
// longest first so "US$" is removed before "$".
func symbolsFor(cur string) []string {
	out := []string{cur, strings.ToLower(cur)}
	if info, ok := symbols[cur]; ok {
		out = append(out, info.en, info.es)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// otherSymbols are marks that, if found, name a currency other than the one
// asked for: pasting "€10" into a dollar field is a mistake to report.
var otherSymbols = []string{"US$", "MX$", "€", "£", "$"}

// stripCurrency removes one currency mark at the start or end of s and
// reports a mark that belongs to another currency.
func stripCurrency(s, cur string) (string, bool) {
	s = strings.TrimSpace(s)
	own := symbolsFor(cur)
	for _, sym := range own {
		if sym == "" {
			continue
		}
		if r, ok := strings.CutPrefix(s, sym); ok {
			return strings.TrimSpace(r), true
		}
		if r, ok := strings.CutSuffix(s, sym); ok {
			return strings.TrimSpace(r), true
		}
	}
	// Another currency's own mark first: "12 US$" in a peso field ends in
	// "$" too, which alone would be taken for the peso's.
	for _, sym := range otherSymbols {
		if sym != "$" && (strings.HasPrefix(s, sym) || strings.HasSuffix(s, sym)) {
			return s, false
		}
	}
	// "$" is how dollars and pesos are both written: accept it for any
	// currency except those with their own sign.
	if cur != "EUR" && cur != "GBP" {
		if r, ok := strings.CutPrefix(s, "$"); ok {
			return strings.TrimSpace(r), true
		}
		if r, ok := strings.CutSuffix(s, "$"); ok {
			return strings.TrimSpace(r), true
		}
	}
	for _, sym := range otherSymbols {
		if strings.HasPrefix(s, sym) || strings.HasSuffix(s, sym) {
			return s, false
		}
	}
	// Another currency's ISO code at either end, next to the number ("10
	// EUR", "EUR10"); a word alone ("ten") is just not a number, and the
	// end of a word ("12 pesos", "12 dólares") is no code.
	if len(s) > 3 && strings.ContainsAny(s, "0123456789") {
		after, _ := utf8.DecodeRuneInString(s[3:])
		before, _ := utf8.DecodeLastRuneInString(s[:len(s)-3])
		for _, part := range []struct {
			code   string
			beside rune // what touches the three letters: a letter makes them a word's
		}{{s[:3], after}, {s[len(s)-3:], before}} {
			up := strings.ToUpper(part.code)
			if ValidCurrency(up) && up != cur && !unicode.IsLetter(part.beside) {
				return s, false
			}
		}
	}
	return s, true
}

// ParseMoney reads an amount typed by a person of lang in currency: the
// number forms of ParseNumber, with the currency's symbol or ISO code before
// or after ("$1,234.56", "-$1,234.56", "$-1,234.56", "1.234,56 €",
// "USD 12"). A mark of another currency is currency_mismatch; more than two
// decimals is too_many_decimals (unless they are zeros), because rounding a
// typed amount silently would change what the customer was told.
func ParseMoney(s, currency string, lang locales.Lang) (Money, error) {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if !ValidCurrency(currency) {
		return Money{}, codeErr(CodeCurrency, map[string]any{"Currency": currency})
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Money{}, codeErr(CodeRequired, nil)
	}
	// Accounting's "($5.00)" is -5.00; with a sign inside too, no number.
	paren, t := trimParens(t)
	if paren && t == "" {
		return Money{}, codeErr(CodeNotANumber, nil)
	}
	neg, had, rest := trimSign(t)
	rest, ok := stripCurrency(rest, currency)
	if !ok {
		return Money{}, codeErr(CodeCurrencyMismatch, map[string]any{"Currency": currency})
	}
	if !had {
		neg, had, rest = trimSign(rest)
	}
	if _, again, _ := trimSign(strings.TrimSpace(rest)); again || paren && had {
		return Money{}, codeErr(CodeNotANumber, nil)
	}
	neg = neg || paren
	n, code := parseDecimal(rest, lang)
	if code == CodeRequired {
		code = CodeNotANumber
	}
	if err := decimalErr(code); err != nil {
		return Money{}, err
	}
	if n.neg {
		// a sign both before and after the symbol
		return Money{}, codeErr(CodeNotANumber, nil)
	}
	frac := n.frac
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return Money{}, codeErr(CodeTooManyDecimals, nil)
		}
		frac = frac[:2]
	}
	frac += strings.Repeat("0", 2-len(frac))
	minor, err := strconv.ParseInt(n.ip+frac, 10, 64)
	if err != nil || minor > MaxMinor {
		return Money{}, errTooLarge()
	}
	if neg {
		minor = -minor
	}
	return Money{Minor: minor, Currency: currency}, nil
}
