package cases

import (
	"agentdesk/calculators"
	"agentdesk/locales"
)

// DefaultCurrency is the currency of amounts that name none: the
// playbook's, when the pack sets one (a centre bills in one currency), else
// the workstation's setting, else US dollars.
func DefaultCurrency(pack, workstation string) string {
	switch {
	case pack != "":
		return pack
	case workstation != "":
		return workstation
	}
	return "USD"
}

// Currency is the currency a case's amounts are in: the customer's, when
// the profile has one, else fallback (DefaultCurrency). The call screen, the
// PDFs, the CLI and the conflict view all ask here, so one case never
// shows its amounts in two currencies.
func (c *Case) Currency(fallback string) string {
	if c != nil && c.Customer.Currency != "" {
		return c.Customer.Currency
	}
	return fallback
}

// FormatMoney is an amount of the case in minor units, in the language
// shown.
func (c *Case) FormatMoney(minor int64, fallback string, lang locales.Lang) string {
	return calculators.FormatMoney(calculators.FromMinor(minor, c.Currency(fallback)), lang)
}
