package postgres_test

import (
	"net/http"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/postgres"
)

// A supervisor's move that PostgreSQL fails as a deadlock victim is done
// again by crmd, and answered as done: before, the 40P01 reached the
// error handler as it was and the desk got a 500 for a move nothing was
// wrong with.
func TestMoveDeadlockedOnce(t *testing.T) {
	db := open(t)
	crmtest.SeedUsers(t, db)
	r := crmtest.Start(t, db)
	a := crmtest.NewAPI(t, r.URL)
	ana, sup := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password)
	c := crmtest.NewCase("C-DL-MOVE", "ana")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-DL-MOVE", Priority: "high", Reason: "dispute", At: c.CreatedAt, Status: crm.EscReceived}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-DL-MOVE:v1", c), http.StatusCreated, "escalated case")

	const key = "move:C-DL-MOVE:1"
	trapped := postgres.Trap(t, db.SQL(), "sup", key, `SELECT status FROM escalations WHERE case_id = $1 FOR UPDATE`, c.ID)
	res := a.Do("PUT", "/v1/cases/C-DL-MOVE/escalation", sup.AccessToken, map[string]string{"Idempotency-Key": key},
		crm.EscalationUpdate{Status: crm.EscInProgress, Note: "calling the bank"})
	if err := <-trapped; err != nil {
		t.Fatalf("the trap did not close: %v", err)
	}
	crmtest.Expect(t, res, http.StatusOK, "a move that was a deadlock's victim once")
	var st crm.EscalationStatus
	res.JSON(t, &st)
	if st.Status != crm.EscInProgress || len(st.History) != 1 {
		t.Errorf("moved to %s with %d history lines", st.Status, len(st.History))
	}
}
