package cases_test

import (
	"testing"

	"agentdesk/cases"
)

// Was: a dispute of zero, typed, was taken as the field left empty and
// replaced by the amounts waiting for approval, though the form's message
// (call.invalid.dispute) offers zero as an amount. Zero is nothing in
// dispute; only the field left empty asks for the pending amounts.
func TestEscalateDisputeOfZeroIsNothingInDispute(t *testing.T) {
	pb := defaultPB(t)
	limit := pb.AuthorityMinor("agent")
	for _, tc := range []struct {
		name    string
		dispute int64
		want    int64
	}{
		{"zero", 0, 0},
		{"an amount", 1200, 1200},
		{"left empty", cases.DisputePending, limit + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCall(t, pb, "incorrect_charge")
			if _, err := c.Authenticate("pin", t0); err != nil {
				t.Fatal(err)
			}
			if res, _, err := c.AddAction(pb, "credit", limit+1, "outage compensation", cases.RoleAgent, t0); err != nil || !res.Action.Pending {
				t.Fatalf("not pending: %+v %v", res, err)
			}
			if _, err := c.Escalate(pb, nil, "", "credit above my authority", tc.dispute, t0); err != nil {
				t.Fatal(err)
			}
			if got := c.Escalation.Dispute; got != tc.want {
				t.Errorf("dispute %d given, %d recorded; want %d", tc.dispute, got, tc.want)
			}
		})
	}
	c := newCall(t, pb, "incorrect_charge")
	if _, err := c.Escalate(pb, []string{"complex_dispute"}, "", "disputa", -2, t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("a negative dispute: %v", err)
	}
}
