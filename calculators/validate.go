package calculators

import (
	"math"
	"strconv"
)

// Sign rules for amounts and numbers.
const (
	anySign = iota
	nonNegative
	positive
	nonPositive
)

// MaxPeriods bounds cash-flow lists: a hundred years of monthly flows. Longer
// lists are pasted by mistake, and the bound keeps sums far from overflow.
const MaxPeriods = 1200

// MaxRate is the largest discount or growth rate accepted (1000 %); above
// it the present value of anything is noise.
const MaxRate = 10.0

// checker gathers field errors and the currency shared by every amount of
// one input.
type checker struct {
	errs     Errors
	currency string
}

func (c *checker) add(field, code string, params map[string]any) {
	c.errs.Add(field, code, params)
}

// money checks an amount's currency (valid, and the same as the other
// amounts of the input), size and sign.
func (c *checker) money(field string, m Money, sign int) bool {
	switch {
	case m.Currency == "" && m.Minor != 0:
		c.add(field, CodeCurrency, map[string]any{"Currency": ""})
		return false
	case m.Currency != "" && !ValidCurrency(m.Currency):
		c.add(field, CodeCurrency, map[string]any{"Currency": m.Currency})
		return false
	case m.Currency != "" && c.currency != "" && m.Currency != c.currency:
		c.add(field, CodeCurrencyMismatch, map[string]any{"Currency": c.currency})
		return false
	}
	if m.Currency != "" && c.currency == "" {
		c.currency = m.Currency
	}
	if m.Minor > MaxMinor || m.Minor < -MaxMinor {
		c.add(field, CodeTooLarge, tooLargeParams())
		return false
	}
	return c.sign(field, float64(m.Minor), sign)
}

func (c *checker) sign(field string, x float64, sign int) bool {
	switch {
	case sign == nonNegative && x < 0:
		c.add(field, CodeNegative, nil)
	case sign == positive && x < 0:
		c.add(field, CodeNegative, nil)
	case sign == positive && x == 0:
		c.add(field, CodeMustBePositive, nil)
	case sign == nonPositive && x > 0:
		c.add(field, CodeMustBeNegative, nil)
	default:
		return true
	}
	return false
}

func (c *checker) finite(field string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		c.add(field, CodeNotANumber, nil)
		return false
	}
	return true
}

// number checks a plain quantity (contacts, visitors, months).
func (c *checker) number(field string, x float64, sign int) bool {
	if !c.finite(field, x) {
		return false
	}
	if math.Abs(x) > MaxMajor {
		c.add(field, CodeTooLarge, tooLargeParams())
		return false
	}
	return c.sign(field, x, sign)
}

// between checks min ≤ x ≤ max; kind formats the bounds in the message.
func (c *checker) between(field string, x, min, max float64, kind string) bool {
	if !c.finite(field, x) {
		return false
	}
	if x < min || x > max {
		c.add(field, CodeOutOfRange, map[string]any{"Min": min, "Max": max, "Kind": kind})
		return false
	}
	return true
}

// atMost checks x ≤ max for a value already known to be above its
// minimum; the message names only the maximum, as a "between 0 and …"
// would name a 0 the field refuses.
func (c *checker) atMost(field string, x, max float64, kind string) bool {
	if x > max {
		c.add(field, CodeTooLarge, map[string]any{"Max": max, "Kind": kind})
		return false
	}
	return true
}

// fraction checks a share of a whole: 0 ≤ x ≤ 1.
func (c *checker) fraction(field string, x float64) bool {
	return c.between(field, x, 0, 1, KindPercent)
}

// openStep is how far inside an open bound (one the field does not take
// itself) an out_of_range message names it: a hundredth of a percent, so
// "between 0.01% and 99.99%" names values the field accepts, where "between
// 0% and 100%" told a person who typed 100% that it was fine.
const openStep = 1e-4

// rate checks a discount rate: above -100 % (at -100 % money loses all value
// in one period and the formulas divide by zero) and at most MaxRate.
func (c *checker) rate(field string, x float64) bool {
	if !c.finite(field, x) {
		return false
	}
	if x <= -1 {
		c.add(field, CodeRateTooLow, nil)
		return false
	}
	if x > MaxRate {
		c.add(field, CodeOutOfRange, map[string]any{"Min": -1 + openStep, "Max": MaxRate, "Kind": KindPercent})
		return false
	}
	return true
}

// flows checks a cash-flow list.
func (c *checker) flows(field string, flows []Money, min int) bool {
	if len(flows) < min {
		if len(flows) == 0 {
			c.add(field, CodeRequired, nil)
		} else {
			c.add(field, CodeTooFew, map[string]any{"Min": min})
		}
		return false
	}
	if len(flows) > MaxPeriods {
		c.add(field, CodeTooMany, map[string]any{"Max": MaxPeriods})
		return false
	}
	ok := true
	for i, f := range flows {
		ok = c.money(indexed(field, i), f, anySign) && ok
	}
	return ok
}

func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// resultTooLarge is returned when valid inputs still produce a figure that
// cannot be represented (a huge amount compounded at an extreme rate).
func resultTooLarge(field string) error {
	return Errors{{Field: field, Code: CodeTooLarge, Params: tooLargeParams()}}
}

// minors converts amounts to float64 minor units for discounting.
func minors(flows []Money) []float64 {
	out := make([]float64, len(flows))
	for i, f := range flows {
		out[i] = float64(f.Minor)
	}
	return out
}

// Calculator is what every XxxInput is: it reports every problem with
// itself (Validate) and computes its result R, validating first (Compute).
// The app and the CLI run any calculator through it.
type Calculator[R any] interface {
	Validate() error
	Compute() (R, error)
}
