package pdf_test

import (
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// An amount in the millions (a refund in Colombian pesos is one) prints
// whole in every table, in both languages and on both papers, up to the
// largest amount a case takes: "999.999.999,9" over "9 US$" reads as
// another amount than the one signed for. The amount columns are narrow;
// such a figure is written smaller rather than cut between its digits.
func TestCaseSummaryAmountsInTheMillionsStayWhole(t *testing.T) {
	for _, tc := range []struct {
		amount   int64
		currency string
	}{
		{123456789, "USD"},
		{1234567890, "COP"},
		{99999999999, "USD"},
	} {
		c, tl := richCase(t)
		c.Customer.Currency = tc.currency
		c.Actions = append(c.Actions, cases.Action{ID: "billing.adjustment", Amount: tc.amount, Reason: "Reembolso", At: c.CreatedAt.Add(9 * time.Minute), Pending: true})
		c.Escalation.Dispute = tc.amount
		for _, l := range locales.Langs {
			for _, paper := range []string{"A4", "Letter"} {
				opt := opts(l)
				opt.Paper = paper
				got := strings.Join(strings.Fields(text(t, summary(t, c, tl, opt))), " ")
				// The figure without its currency, which may go on a line
				// of its own.
				figure := strings.Fields(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(c.FormatMoney(tc.amount, "USD", l)))
				want := figure[0]
				if l == locales.EN && len(figure) > 1 {
					want = figure[1] // "COP 12,345,678.90"
				}
				// The actions and the adjustments tables, and the dispute.
				if n := strings.Count(got, want); n < 3 {
					t.Errorf("%d %s %s %s: %q whole %d times, want 3", tc.amount, tc.currency, l, paper, want, n)
				}
			}
		}
	}
}
