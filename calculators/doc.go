// Package calculators holds the arithmetic agents and supervisors lean on
// during and around a call: return on investment, payback, NPV and IRR,
// deflection savings, cost per contact, chat revenue, lifetime value,
// commission, mid-cycle proration, bill-change explanations, compensation by
// incident level and Erlang C staffing.
//
// It is domain code on purpose: no window toolkit, no database, no network,
// so the app, the CLI and the tests share one implementation and any result
// can be reproduced from its inputs alone.
//
// Money is kept in integer minor units (Money) because amounts are read back
// to customers and must add up to the cent; rates, traffic and probabilities
// are float64 because they are estimates. Every input type has Validate, which
// never panics and reports problems as coded FieldErrors rather than English
// sentences: the interface translates "calc.err.<code>" from the locales
// files in the language shown. Results carry a Breakdown of Lines whose Key is
// a locale message ID and whose Kind tells the caller how to format the value,
// so the same result reads correctly in Spanish and English.
package calculators
