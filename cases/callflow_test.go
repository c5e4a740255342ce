package cases_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A customer calling back after the back office finished is not promised
// a specialist's call; the recap says what became of the escalation.
func TestRecapAfterTheEscalationIsFinal(t *testing.T) {
	pb := defaultPB(t)
	for _, st := range []cases.EscalationState{cases.EscResolved, cases.EscRejected} {
		c := newCall(t, pb, "incorrect_charge")
		c.Escalate(pb, []string{"complex_dispute"}, "", "disputa", 0, t0)
		c.Close(pb, "billing.incorrect_charge", t0)
		c.ApplyBackOffice(cases.BackOffice{Status: st, Resolution: "refund issued", History: []cases.EscalationChange{
			{At: t0.Add(26 * time.Hour), By: "sup", From: cases.EscReceived, To: st}}})
		if _, err := c.Reopen(t0.Add(72 * time.Hour)); err != nil {
			t.Fatal(err)
		}
		r := c.Recap(pb, locales.EN, "USD", t0)
		if strings.Contains(r, "will contact you within") || !strings.Contains(r, c.Escalation.Ticket) {
			t.Errorf("%s: %q", st, r)
		}
		for _, sit := range c.Situations(t0) {
			if sit == "escalated" {
				t.Errorf("%s: still an open escalation for the closing script", st)
			}
		}
	}
}

// The authority is for the case: amounts add up against it.
func TestAuthorityCountsTheCaseNotEachAmount(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "incorrect_charge")
	if _, err := c.Authenticate("pin", t0); err != nil {
		t.Fatal(err)
	}
	limit := pb.AuthorityMinor("agent")
	for range 3 {
		if _, _, err := c.AddAction(pb, "credit", limit, "compensación", cases.RoleAgent, t0); err != nil {
			t.Fatal(err)
		}
	}
	if !c.Actions[0].Approved || c.Actions[1].Approved || c.Actions[2].Approved {
		t.Errorf("approved: %v %v %v", c.Actions[0].Approved, c.Actions[1].Approved, c.Actions[2].Approved)
	}
	if _, err := c.Close(pb, "billing.incorrect_charge", t0); err == nil {
		t.Errorf("3 x %d granted and closed with no supervisor", limit)
	}
}

// Once the call on an escalated case is over, the case is edited only
// after reopening it, as a closed one.
func TestEscalatedCaseAfterItsCallIsNotEdited(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "incorrect_charge")
	c.Authenticate("pin", t0)
	c.Escalate(pb, []string{"complex_dispute"}, "", "disputa", 0, t0)
	if _, err := c.Close(pb, "billing.incorrect_charge", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Close(pb, "billing.late_fee", t0); err == nil {
		t.Errorf("closed twice, reason code now %s", c.Reason)
	}
	if _, _, err := c.AddAction(pb, "credit", 1000, "x", cases.RoleAgent, t0); err == nil {
		t.Error("an action added after the call was closed")
	}
}

// A value typed for the scripts is named in the timeline, not by its ID.
func TestValueEventNamesTheValue(t *testing.T) {
	pb := defaultPB(t)
	got := cases.EventText(locales.New(locales.EN), pb, newCall(t, pb, "bill_increase"),
		cases.Event{Kind: cases.EventValue, Detail: "promo_end"}, "USD")
	if !strings.Contains(got, "Promotion end date") {
		t.Errorf("%q", got)
	}
}

// Card numbers spaced by hand are masked too.
func TestCardWithHandSpacedGroups(t *testing.T) {
	for _, in := range []string{"tarjeta 4111  1111  1111  1111", "card 5555 - 5555 - 5555 - 4444", "4111   1111   1111   1111"} {
		if out, _ := cases.Redact(in); out == in || strings.Contains(out, "5555 - 5555") || strings.Contains(out, "4111  1111") {
			t.Errorf("stored in clear: %q", out)
		}
	}
}

// Amounts past every bound are refused: two near the int64 limit would
// overflow the totals and close the case with no escalation.
func TestHugeAmountsAreRefused(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "incorrect_charge")
	c.Authenticate("pin", t0)
	if _, _, err := c.AddAction(pb, "credit", math.MaxInt64, "x", cases.RoleAgent, t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("an amount past every bound: %v", err)
	}
}

// An undecided amount of an action a later pack no longer has is still
// said in the recap.
func TestRecapSaysAnUndecidedAmountOfARetiredAction(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "incorrect_charge")
	c.Authenticate("pin", t0)
	if res, _, err := c.AddAction(pb, "adjustment", 20000, "cargo duplicado", "agent", t0); err != nil || !res.NeedsEscalation {
		t.Fatal(err)
	}
	c.Actions[0].ID = "legacy_adjustment"
	recap := strings.ReplaceAll(c.Recap(pb, locales.ES, "USD", t0), "\u00a0", " ")
	if !strings.Contains(recap, "aprobación") || !strings.Contains(recap, "200,00") {
		t.Errorf("%q", recap)
	}
}
