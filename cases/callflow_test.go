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

// After a rejection the recap does not say an amount still waits, and a
// resolution typed with its full stop ends the sentence once.
func TestRecapAfterAFinalEscalationSaysNoMoreWaiting(t *testing.T) {
	pb := defaultPB(t)
	for _, tc := range []struct {
		st   cases.EscalationState
		not  []string
		want string
	}{
		{cases.EscRejected, []string{"Still waiting"}, "could not approve"},
		{cases.EscResolved, []string{"Still waiting", ".."}, "Refund issued"},
	} {
		c := newCall(t, pb, "incorrect_charge")
		c.Authenticate("pin", t0)
		if _, _, err := c.AddAction(pb, "credit", 8000, "x", cases.RoleAgent, t0); err != nil {
			t.Fatal(err)
		}
		c.Escalate(pb, []string{"complex_dispute"}, "", "disputa", 0, t0)
		c.ApplyBackOffice(cases.BackOffice{Status: tc.st, Resolution: "Refund issued.", History: []cases.EscalationChange{
			{At: t0.Add(time.Hour), By: "sup", From: cases.EscReceived, To: tc.st}}})
		r := c.Recap(pb, locales.EN, "USD", t0)
		for _, bad := range tc.not {
			if strings.Contains(r, bad) {
				t.Errorf("%s: %q says %q", tc.st, r, bad)
			}
		}
		if !strings.Contains(r, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.st, r, tc.want)
		}
	}
}

// Card numbers spaced by hand, the same wide gap between the groups of a
// card, are masked; numbers spaced unevenly, grouped otherwise or part of
// a longer sequence (two phone numbers, tickets, an IBAN) stay as typed.
func TestCardsSpacedByHand(t *testing.T) {
	for _, in := range []string{"tarjeta 4111  1111  1111  1111", "card 5555 - 5555 - 5555 - 4444", "4111   1111   1111   1111",
		"amex 3782  822463  10005 ok", "4111\u00a0\u00a01111\u00a0\u00a01111\u00a0\u00a01111"} {
		if out, r := cases.Redact(in); r.Cards != 1 || strings.Contains(out, "4111") || strings.Contains(out, "5555 - 5555") || strings.Contains(out, "3782") {
			t.Errorf("stored in clear: %q -> %q", in, out)
		}
	}
	for _, in := range []string{"Tel. 5512-0001  5598-7654", "5512 0001  5598 7654", "tickets 20261123-0449  20261123-0450",
		"ES91  2100  0418  4502  0005  1332", "4111  1111  1111  1111  2222", "4111  1111 1111  1111"} {
		if out, r := cases.Redact(in); r.Cards != 0 {
			t.Errorf("%q masked as a card: %q", in, out)
		}
	}
}

// On a call type that does not need account details, a customer who was
// authenticated was; the step is not then marked "not applicable" with the
// gate still open and the figures on screen, a record that says the check
// did not apply to a call where it was done.
func TestAnAuthenticatedCallerIsNotMarkedNotApplicable(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "third_party_caller")
	if _, err := c.Authenticate("pin", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetStep(pb, "authentication", cases.StepNA, "", t0); err == nil {
		t.Error("an authentication done was marked not applicable")
	}
	if st := c.Step("authentication").State; st != cases.StepDone || !c.Auth.Authenticated() {
		t.Errorf("the step is %s, authenticated %v: the step and the gate disagree", st, c.Auth.Authenticated())
	}
	// Not authenticated, it still may be.
	c2 := newCall(t, pb, "third_party_caller")
	if _, err := c2.SetStep(pb, "authentication", cases.StepNA, "", t0); err != nil {
		t.Errorf("a third party's call without authentication: %v", err)
	}
}

// A customer under a year with us has no years to be thanked for: the
// tenure is not "0 years" in a script or a template, it has no value (and
// the closing thanks a new customer instead). From the first anniversary,
// a leap day's included, it is the whole years.
func TestTenureBelowAYearIsNotZeroYears(t *testing.T) {
	pb := defaultPB(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		since  time.Time
		want   string
		wantOK bool
	}{
		{now, "", false},                    // joined today
		{now.AddDate(0, -11, 0), "", false}, // 11 months
		{now.AddDate(-1, 0, 1), "", false},  // a year less a day
		{now.AddDate(-1, 0, 0), "1", true},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2", true},
	} {
		c := newCall(t, pb, "bill_increase")
		c.Customer.Since = tc.since
		v, ok := c.Lookup(pb, locales.EN, cases.ValueContext{Currency: "USD", Now: now})("tenure_years")
		if v != tc.want || ok != tc.wantOK {
			t.Errorf("since %s: tenure_years = %q, %v; want %q, %v", tc.since.Format("2006-01-02"), v, ok, tc.want, tc.wantOK)
		}
		tp := pb.Template("closing.thanks_tenured")
		if txt := pb.RenderTemplate(locales.EN, tp, c.Lookup(pb, locales.EN, cases.ValueContext{Company: "Telco", Now: now}), true).Display(); strings.Contains(txt, " 0 years") {
			t.Errorf("since %s: %q", tc.since.Format("2006-01-02"), txt)
		}
	}
}
