package cases_test

import (
	"strings"
	"testing"

	"agentdesk/cases"
)

// A card number typed into an action's amount ("42222222222.22" is the
// digits of a 13-digit card) is refused as an amount, as one typed into
// any field would be redacted: it never becomes a credit on the record.
// A case that arrives with one (an older desk, crmd) has it dropped on
// the way to storage, as the amount in dispute and the customer's figures
// have.
func TestActionAmountThatIsACardNumberIsNotRecorded(t *testing.T) {
	pb := defaultPB(t)
	const card = 4222222222222 // passes the Luhn check
	c := newCall(t, pb, "bill_increase")
	c.Authenticate("pin", t0)
	if _, _, err := c.AddAction(pb, "credit", card, "promo", "agent", t0); cases.ErrorCode(err) != cases.EInvalid || err.(*cases.Error).Field != "amount_card" {
		t.Errorf("a card number taken as an amount: %v, actions %+v", err, c.Actions)
	}
	if _, _, err := c.AddAction(pb, "credit", 4222222222223, "promo", "agent", t0); err != nil {
		t.Errorf("an amount that is no card number refused: %v", err)
	}
	c.Actions = append(c.Actions, cases.Action{ID: "credit", Amount: card, Reason: "promo", Pending: true})
	cases.Sanitize(c)
	for _, a := range c.Actions {
		if a.Amount == card {
			t.Errorf("sanitized case keeps a card number as an amount: %+v", a)
		}
	}
}

// An amount refused is not repeated in the error: the desk logs the error,
// and a card number typed with a minus sign ("-42222222222.22") is still a
// card number. The amount in dispute that is one is refused as the
// action's is, so the agent is told, rather than dropped on the way to
// storage with the back office left a dispute of zero.
func TestRefusedAmountsKeepTheirDigitsOutOfTheError(t *testing.T) {
	pb := defaultPB(t)
	const card = 4222222222222
	c := newCall(t, pb, "bill_increase")
	c.Authenticate("pin", t0)
	_, _, err := c.AddAction(pb, "credit", -card, "promo", "agent", t0)
	if cases.ErrorCode(err) != cases.EInvalid || strings.Contains(err.Error(), "4222222222222") {
		t.Errorf("action: %v", err)
	}
	_, err = c.Escalate(pb, []string{"complex_dispute"}, "", "disputed", -card, t0)
	if cases.ErrorCode(err) != cases.EInvalid || strings.Contains(err.Error(), "4222222222222") {
		t.Errorf("negative dispute: %v", err)
	}
	_, err = c.Escalate(pb, []string{"complex_dispute"}, "", "disputed", card, t0)
	if cases.ErrorCode(err) != cases.EInvalid || err.(*cases.Error).Field != "amount_card" || c.Escalation != nil {
		t.Errorf("a card number as the dispute: %v, %+v", err, c.Escalation)
	}
	if _, err := c.Escalate(pb, []string{"complex_dispute"}, "", "disputed", card+1, t0); err != nil || c.Escalation.Dispute != card+1 {
		t.Errorf("an amount that is no card number: %v", err)
	}
}

// An account is a key, checked and never redacted: a card number typed as
// the account of a new call is refused with its own message, where it
// would be stored, synced and looked up as typed. An account of the same
// length that is no card (its check digit fails) is an account.
func TestACardNumberIsNoAccount(t *testing.T) {
	pb := defaultPB(t)
	for _, acc := range []string{"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111"} {
		_, err := cases.StartCall(pb, "ana", cases.RoleAgent, "bill_increase", "es", cases.Customer{Account: acc}, false)
		if e, ok := err.(*cases.Error); !ok || e.Code != cases.EInvalid || e.Field != "account_card" {
			t.Errorf("%q: %v", acc, err)
		}
		if !cases.AccountIsCard(acc) {
			t.Errorf("%q is not seen as a card", acc)
		}
	}
	if _, err := cases.StartCall(pb, "ana", cases.RoleAgent, "bill_increase", "es", cases.Customer{Account: "4111111111111112"}, false); err != nil {
		t.Errorf("an account that is no card: %v", err)
	}
}
