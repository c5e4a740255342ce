package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// Two crmd instances share one store (one PostgreSQL for a large centre;
// here one SQLite file stands in for it) and one keys folder. A pack
// published through one is the pack in force on both: the one that took
// it judges the very next amount by its limits, the other once its
// recheck interval (Config.PolicyRecheck, a second by default) has
// passed, not by the pack it read before for as long as it runs.
func TestAPackPublishedOnOneInstanceHoldsOnTheOther(t *testing.T) {
	one, a := start(t)
	const recheck = 200 * time.Millisecond
	two := crmtest.StartWithKeys(t, one.Store, one.KeysDir, one.Keys, "127.0.0.1:0", func(c *server.Config) { c.PolicyRecheck = recheck })
	b := crmtest.NewAPI(t, two.URL)
	sup := a.Login("sup", crmtest.Password)
	ana := b.Login("ana", crmtest.Password)

	// The second instance has read the pack in force (the built-in one,
	// an agent's limit 50.00) for a write of its own.
	crmtest.Expect(t, b.PutCase(ana.AccessToken, "case:C-INST-1:v1", credit30("C-INST-1")), 201, "a credit of 30.00 before the publish")
	// So has the first.
	anaA := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.PutCase(anaA.AccessToken, "case:C-INST-0:v1", credit30("C-INST-0")), 201, "a credit of 30.00 before the publish")

	// An administrator publishes, through the first instance, a pack that
	// lowers an agent's limit to 20.00 (a supervisor may not move limits).
	publishAgentLimit20(t, a, a.Login("admin", crmtest.Password).AccessToken)

	// The same credit, sent at once through the instance that took the
	// publish, and once the recheck interval has passed through the
	// other, is above the limit in force on both.
	crmtest.Expect(t, a.PutCase(anaA.AccessToken, "case:C-INST-3:v1", credit30("C-INST-3")), 201, "a credit of 30.00 through the publishing instance")
	time.Sleep(recheck + 50*time.Millisecond)
	crmtest.Expect(t, b.PutCase(ana.AccessToken, "case:C-INST-2:v1", credit30("C-INST-2")), 201, "a credit of 30.00 after the publish")
	for _, id := range []string{"C-INST-3", "C-INST-2"} {
		var got cases.Case
		a.Do("GET", "/v1/cases/"+id, sup.AccessToken, nil, nil).JSON(t, &got)
		if act := got.Actions[0]; act.Approved || !act.Pending || act.Limit != 2000 {
			t.Errorf("%s judged by the pack read before the publish: %+v", id, act)
		}
	}
	var before cases.Case
	a.Do("GET", "/v1/cases/C-INST-1", sup.AccessToken, nil, nil).JSON(t, &before)
	if act := before.Actions[0]; !act.Approved || act.Limit != 5000 {
		t.Errorf("the credit made before the publish: %+v", act)
	}
}

// A desk pulls the back office's statuses of its own user's cases: a
// supervisor's desk (a supervisor takes calls too) does not pull every
// escalation the centre ever had at each start, with every history, to
// apply the few that are its user's. The team's queue has its own route.
func TestADeskPullsItsOwnUsersStatuses(t *testing.T) {
	r, a := start(t)
	ana, sup := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password)
	for i := range 3 {
		id := fmt.Sprint("C-OWNP-A", i)
		crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+id+":v1", escalatedCase(id)), 201, id)
	}
	mine := escalatedCase("C-OWNP-S")
	mine.Agent = "sup"
	crmtest.Expect(t, a.PutCase(sup.AccessToken, "case:C-OWNP-S:v1", mine), 201, "the supervisor's own escalated case")

	connect := crmtest.DeskConnect(t, r.URL, t.TempDir(), "sup")
	desk, err := connect(r.URL)
	if err != nil {
		t.Fatal(err)
	}
	list, err := desk.Escalations(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].CaseID != "C-OWNP-S" {
		ids := []string{}
		for _, st := range list {
			ids = append(ids, st.CaseID)
		}
		t.Errorf("the supervisor's desk pulled %v, want its own C-OWNP-S alone", ids)
	}

	// The route still answers a supervisor every status when asked for
	// no one in particular, and one agent's when asked for them; an agent
	// asking for another's is refused.
	var el crm.EscalationList
	a.Do("GET", "/v1/escalations", sup.AccessToken, nil, nil).JSON(t, &el)
	if len(el.Escalations) != 4 {
		t.Errorf("a supervisor's unfiltered list holds %d statuses, want 4", len(el.Escalations))
	}
	a.Do("GET", "/v1/escalations?agent=ana", sup.AccessToken, nil, nil).JSON(t, &el)
	if len(el.Escalations) != 3 {
		t.Errorf("ana's statuses, asked by a supervisor: %d, want 3", len(el.Escalations))
	}
	crmtest.Expect(t, a.Do("GET", "/v1/escalations?agent=ana", ana.AccessToken, nil, nil), 200, "an agent naming themselves")
	crmtest.Expect(t, a.Do("GET", "/v1/escalations?agent=sup", ana.AccessToken, nil, nil), 403, "an agent naming another")
	crmtest.Expect(t, a.Do("GET", "/v1/escalations?agent=NOT+A+NAME", sup.AccessToken, nil, nil), 400, "a name no account can have")
}

// heldSHA is a store whose next read of the pack's hash, once armed,
// waits (after reading it) until released: a case write asking which pack
// is in force while a publish goes through.
type heldSHA struct {
	crm.Store
	armed            atomic.Bool
	reached, release chan struct{}
}

func (h *heldSHA) CurrentPlaybookSHA(ctx context.Context) (string, error) {
	sha, err := h.Store.CurrentPlaybookSHA(ctx)
	if h.armed.CompareAndSwap(true, false) {
		close(h.reached)
		<-h.release
	}
	return sha, err
}

// A publish through an instance holds there from the next write, even when
// a write that asked which pack was in force just before the publish
// answers after it: that answer, of the pack before, does not make the
// instance trust the old pack for another recheck interval.
func TestAPublishIsNotUndoneByAWriteThatAskedBeforeIt(t *testing.T) {
	db := crmtest.OpenSQLite(t)
	crmtest.SeedUsers(t, db)
	store := &heldSHA{Store: db, reached: make(chan struct{}), release: make(chan struct{})}
	const recheck = 2 * time.Second
	r := crmtest.Start(t, store, func(c *server.Config) { c.PolicyRecheck = recheck })
	a := crmtest.NewAPI(t, r.URL)
	sup, ana := a.Login("sup", crmtest.Password), a.Login("ana", crmtest.Password)
	// The instance has the built-in pack (an agent's limit 50.00) in force,
	// and its recheck interval has run out.
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-HELD-0:v1", credit30("C-HELD-0")), 201, "a credit before the publish")
	time.Sleep(recheck + 100*time.Millisecond)

	// A write asks which pack is in force, and is answered the built-in
	// one; before it goes on, an administrator publishes a pack that
	// lowers an agent's limit to 20.00.
	store.armed.Store(true)
	asked := make(chan *crmtest.Resp, 1)
	go func() { asked <- a.PutCase(ana.AccessToken, "case:C-HELD-1:v1", credit30("C-HELD-1")) }()
	<-store.reached
	publishAgentLimit20(t, a, a.Login("admin", crmtest.Password).AccessToken)
	close(store.release)
	crmtest.Expect(t, <-asked, 201, "the write that asked before the publish")

	// The next write on the publishing instance is judged by the new pack.
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-HELD-2:v1", credit30("C-HELD-2")), 201, "a credit after the publish")
	var got cases.Case
	a.Do("GET", "/v1/cases/C-HELD-2", sup.AccessToken, nil, nil).JSON(t, &got)
	if act := got.Actions[0]; act.Approved || !act.Pending || act.Limit != 2000 {
		t.Errorf("the write after the publish judged by the pack before it: %+v", act)
	}
}

// publishAgentLimit20 publishes through a, as the administrator whose
// token is given, the pack in force with an agent's limit lowered from 50.00 to
// 20.00.
func publishAgentLimit20(t *testing.T, a *crmtest.API, token string) {
	t.Helper()
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", token, nil, nil).JSON(t, &pack)
	old := "[[authority]]\nrole = \"agent\"\nlimit = 50\n"
	if !strings.Contains(pack.Files["playbook.toml"], old) {
		t.Fatal("the built-in pack no longer sets an agent's limit to 50")
	}
	pack.Files["playbook.toml"] = strings.Replace(pack.Files["playbook.toml"], old, "[[authority]]\nrole = \"agent\"\nlimit = 20\n", 1)
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", token, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish")
}

// credit30 is ana's case id with a goodwill credit of 30.00: within an
// agent's limit of the built-in pack (50.00), above the one
// publishAgentLimit20 publishes.
func credit30(id string) *cases.Case {
	c := crmtest.NewCase(id, "ana")
	c.Actions = []cases.Action{{ID: "credit", Amount: 3000, Reason: "goodwill", At: c.UpdatedAt}}
	return c
}

// A supervisor's publish is held to the limits in force when it is made,
// not to those the instance last read: through another instance than the
// administrator's, within its recheck interval, a supervisor re-publishing
// the pack from before put the limits the administrator had just changed
// back, which only an administrator may do.
func TestASupervisorCannotPutBackLimitsJustChangedOnAnotherInstance(t *testing.T) {
	one, a := start(t)
	two := crmtest.StartWithKeys(t, one.Store, one.KeysDir, one.Keys, "127.0.0.1:0", func(c *server.Config) { c.PolicyRecheck = time.Hour })
	b := crmtest.NewAPI(t, two.URL)
	sup := b.Login("sup", crmtest.Password)
	var before crm.PlaybookPack
	b.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &before)
	// The second instance has read the pack in force for a write.
	ana := b.Login("ana", crmtest.Password)
	crmtest.Expect(t, b.PutCase(ana.AccessToken, "case:C-INST-9:v1", credit30("C-INST-9")), 201, "a write that reads the limits")

	publishAgentLimit20(t, a, a.Login("admin", crmtest.Password).AccessToken)

	before.Files["flow.toml"] += "\n# a wording change\n"
	r := b.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: before.Files})
	crmtest.Expect(t, r, 403, "a supervisor's pack with the agent's limit from before the administrator's publish")
}

// An approval is held to the approver's limit in force when it is made:
// through another instance than the administrator's who had just lowered
// it, within that instance's recheck interval, a supervisor approved an
// amount above their new limit.
func TestAnApprovalIsHeldToALimitJustLoweredOnAnotherInstance(t *testing.T) {
	one, a := start(t)
	two := crmtest.StartWithKeys(t, one.Store, one.KeysDir, one.Keys, "127.0.0.1:0", func(c *server.Config) { c.PolicyRecheck = time.Hour })
	b := crmtest.NewAPI(t, two.URL)
	ana, sup := b.Login("ana", crmtest.Password), b.Login("sup", crmtest.Password)
	c := escalatedCase("C-INST-A")
	c.Actions = []cases.Action{{ID: "refund", Amount: 20_000, Reason: "goodwill", At: c.UpdatedAt}}
	crmtest.Expect(t, b.PutCase(ana.AccessToken, "case:C-INST-A:v1", c), 201, "a refund of 200, which reads the limits")

	admin := a.Login("admin", crmtest.Password).AccessToken
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", admin, nil, nil).JSON(t, &pack)
	old := "[[authority]]\nrole = \"supervisor\"\nlimit = 250\n"
	if !strings.Contains(pack.Files["playbook.toml"], old) {
		t.Fatal("the built-in pack no longer sets a supervisor's limit to 250")
	}
	pack.Files["playbook.toml"] = strings.Replace(pack.Files["playbook.toml"], old, "[[authority]]\nrole = \"supervisor\"\nlimit = 100\n", 1)
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", admin, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "an admin lowers a supervisor's limit to 100")

	r := b.Do("POST", "/v1/cases/C-INST-A/decisions", sup.AccessToken, nil, crm.ApprovalRequest{Action: 0, Approved: true, ActionID: "refund", Amount: 20_000})
	crmtest.Expect(t, r, 403, "a supervisor approving 200 over their limit of 100")
}
