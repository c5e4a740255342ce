package desksync

import (
	"bytes"
	"testing"

	"agentdesk/training"
)

// What goes to crmd is a record a crmd of an earlier release takes: the
// fields it does not know (track, crm_user) stay on the desk, the track
// travelling beside the record.
func TestCRMAttemptLeavesTheDesksFieldsOut(t *testing.T) {
	a := training.Attempt{Format: training.AttemptFormat, ID: "A-1", Scenario: "s", Track: "billing_2", CRMUser: "tia"}
	up, err := crmAttempt(training.Record{Attempt: a})
	if err != nil {
		t.Fatal(err)
	}
	if up.Track != "billing_2" || up.ID != "A-1" {
		t.Errorf("upload %+v", up)
	}
	for _, f := range []string{`"track"`, `"crm_user"`, "tia"} {
		if bytes.Contains(up.Attempt, []byte(f)) {
			t.Errorf("the record sent holds %s: %s", f, up.Attempt)
		}
	}
}
