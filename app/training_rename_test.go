package app

import (
	"context"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// A trainee who renames themselves in Settings during a test call has the
// call recorded under the name it was played under; the certificate it
// earns is checked and issued under that same name, with the calls it
// completes, not looked for under the new name, which has none.
func TestTrainingRenameDuringATestCallStillCertifiesThePlayer(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	h.seedPassedTests("Nuria", "bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check")
	s := h.pickScenario("billing_1", "promo_expired", training.Test, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, nil)
	h.app.ws.Agent = "Nuria Ruiz" // saved in Settings before Finish
	h.tap(h.app.t.S("training.ui.finish"))
	recs, err := h.tdb.Attempts(context.Background(), "Nuria")
	if err != nil || len(recs) != 5 {
		t.Fatalf("recorded %d attempts under the name played (%v)", len(recs), err)
	}
	if s.cert == nil || s.cert.Trainee != "Nuria" || s.certFailed != "" {
		t.Fatalf("certificate %+v (%q) after the fifth pass", s.cert, s.certFailed)
	}
	if certs, err := h.tdb.Certificates(context.Background(), "Nuria"); err != nil || len(certs) != 1 {
		t.Fatalf("certificates %+v (%v)", certs, err)
	}
}
