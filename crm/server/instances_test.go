package server_test

import (
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// Two crmd instances share one store (one PostgreSQL for a large centre;
// here one SQLite file stands in for it) and one keys folder. A pack
// published through one is the pack in force on both: the other judges
// the very next amount by its limits, not by the pack it read before.
func TestAPackPublishedOnOneInstanceHoldsOnTheOther(t *testing.T) {
	one, a := start(t)
	two := crmtest.StartWithKeys(t, one.Store, one.KeysDir, one.Keys, "127.0.0.1:0")
	b := crmtest.NewAPI(t, two.URL)
	sup := a.Login("sup", crmtest.Password)
	ana := b.Login("ana", crmtest.Password)

	// The second instance has read the pack in force (the built-in one,
	// an agent's limit 50.00) for a write of its own.
	credit := func(id string) *cases.Case {
		c := crmtest.NewCase(id, "ana")
		c.Actions = []cases.Action{{ID: "credit", Amount: 3000, Reason: "goodwill", At: c.UpdatedAt}}
		return c
	}
	crmtest.Expect(t, b.PutCase(ana.AccessToken, "case:C-INST-1:v1", credit("C-INST-1")), 201, "a credit of 30.00 before the publish")

	// A supervisor publishes, through the first instance, a pack that
	// lowers an agent's limit to 20.00.
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &pack)
	old := "[[authority]]\nrole = \"agent\"\nlimit = 50\n"
	if !strings.Contains(pack.Files["playbook.toml"], old) {
		t.Fatal("the built-in pack no longer sets an agent's limit to 50")
	}
	pack.Files["playbook.toml"] = strings.Replace(pack.Files["playbook.toml"], old, "[[authority]]\nrole = \"agent\"\nlimit = 20\n", 1)
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish")

	// The same credit, sent the next moment through the second instance,
	// is above the limit in force.
	crmtest.Expect(t, b.PutCase(ana.AccessToken, "case:C-INST-2:v1", credit("C-INST-2")), 201, "a credit of 30.00 after the publish")
	var got cases.Case
	a.Do("GET", "/v1/cases/C-INST-2", sup.AccessToken, nil, nil).JSON(t, &got)
	if act := got.Actions[0]; act.Approved || !act.Pending || act.Limit != 2000 {
		t.Errorf("judged by the pack the other instance read before the publish: %+v", act)
	}
	var before cases.Case
	a.Do("GET", "/v1/cases/C-INST-1", sup.AccessToken, nil, nil).JSON(t, &before)
	if act := before.Actions[0]; !act.Approved || act.Limit != 5000 {
		t.Errorf("the credit made before the publish: %+v", act)
	}
}
