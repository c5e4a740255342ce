package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

const testCard = "4111111111111111"

func escalatedCase(id string) *cases.Case {
	c := crmtest.NewCase(id, "ana")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-" + id, Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", At: c.CreatedAt}
	return c
}

// What crmd stores, lists and logs as a name (an attempt's ID, a
// username) never carries a card number: it would reach every log line,
// listing and paging cursor. (Other fields are redacted, see
// TestAttemptRedactedOnCrmd; an ID cannot be, it is the attempt's key.)
func TestNamesCarryNoCardNumber(t *testing.T) {
	_, a := start(t)
	tia, sup, admin := a.Login("tia", crmtest.Password), a.Login("sup", crmtest.Password), a.Login("admin", crmtest.Password)
	up := crmtest.AttemptUpload(t, crmtest.PlayAttempt(t, testCard, crmtest.AttemptScenario, nil))
	crmtest.Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up), 422, "an attempt ID that is a card number")
	if l := a.Do("GET", "/v1/training/attempts", sup.AccessToken, nil, nil); strings.Contains(string(l.Body), testCard) {
		t.Error("a card number stored and listed")
	}
	crmtest.Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, crm.NewUser{Username: testCard, Role: crm.RoleAgent, Password: crmtest.Password + "x"}),
		422, "a username that is a card number")
	crmtest.Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, crm.NewUser{Username: "ana.4111", Role: crm.RoleAgent, Password: crmtest.Password + "x"}),
		201, "a username with a few digits")
}

// A team page the byte budget cut at exactly the rows asked for still
// says there is more: a desk stops reading at a page without Next.
func TestTeamPageCutAtTheLimitHasNext(t *testing.T) {
	_, a := start(t, func(c *server.Config) { c.MaxPageBytes = 600 })
	ana, sup := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password)
	for _, id := range []string{"C-T1", "C-T2", "C-T3"} {
		crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+id+":v1", escalatedCase(id)), 201, id)
	}
	seen := 0
	path := "/v1/team/escalations?limit=1"
	for range 5 {
		var tl crm.TeamList
		r := a.Do("GET", path, sup.AccessToken, nil, nil)
		crmtest.Expect(t, r, 200, "team page")
		r.JSON(t, &tl)
		seen += len(tl.Cases)
		if tl.Next == "" {
			break
		}
		path = "/v1/team/escalations?limit=1&cursor=" + url.QueryEscape(tl.Next)
	}
	if seen != 3 {
		t.Errorf("paged through %d of 3 escalations", seen)
	}
}

// An account made before new names were held to the card rule keeps
// working: its user logs in, and an admin can still disable it.
func TestExistingAccountNamedLikeACardKeepsWorking(t *testing.T) {
	r, a := start(t)
	const name = "5491151234560" // a phone number that passes the card checksum
	addAgent(t, r, name)
	crmtest.Expect(t, a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: name, Password: crmtest.Password}), 200, "its user logs in")
	admin := a.Login("admin", crmtest.Password)
	crmtest.Expect(t, a.Do("POST", "/v1/users/"+name+"/disable", admin.AccessToken, nil, nil), 204, "an admin disables it")
}

// A pack refused for more card numbers than an answer lists says how many
// more there are.
func TestRefusedPackCountsEveryCardNumber(t *testing.T) {
	_, a := start(t)
	sup := a.Login("sup", crmtest.Password)
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &pack)
	var b strings.Builder
	for i := range 150 {
		fmt.Fprintf(&b, "# sample %d: 4111 1111 1111 1111\n", i)
	}
	pack.Files["flow.toml"] += "\n" + b.String()
	r := a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: pack.Files})
	crmtest.Expect(t, r, 422, "a pack of card numbers")
	var eb crm.ErrorBody
	r.JSON(t, &eb)
	if n := len(eb.Error.Problems) + eb.Error.MoreProblems; n != 150 || len(eb.Error.Problems) != crm.MaxIssues {
		t.Errorf("%d listed and %d more, want %d and %d", len(eb.Error.Problems), eb.Error.MoreProblems, crm.MaxIssues, 150-crm.MaxIssues)
	}
	if strings.Contains(string(r.Body), "4111") {
		t.Error("the answer holds a card number")
	}
}

// A team page keeps to its byte budget with the back office's side on its
// cases: the history of moves and the decisions crmd puts on each case
// count as much as the case the agent wrote. A desk reads an answer of up
// to 16 MiB: a page the histories took past that would be cut, and the
// supervisor's refresh would fail on it every time.
func TestTeamPageKeepsToItsBudgetWithHistories(t *testing.T) {
	const budget = 64 << 10
	_, a := start(t, func(c *server.Config) { c.MaxPageBytes = budget })
	ana, sup := a.Login("ana", crmtest.Password), a.Login("sup", crmtest.Password)
	note := strings.Repeat("n", 3900)
	ids := map[string]bool{}
	for i := range 12 {
		id := fmt.Sprint("C-TH", i)
		ids[id] = true
		crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+id+":v1", escalatedCase(id)), 201, id)
		for j, to := range []cases.EscalationState{crm.EscInProgress, crm.EscWaiting, crm.EscInProgress, crm.EscWaiting} {
			crmtest.Expect(t, a.Do("PUT", "/v1/cases/"+id+"/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: to, Note: fmt.Sprint(j, note)}), 200, "move")
		}
	}
	seen := map[string]bool{}
	path := "/v1/team/escalations?limit=500"
	for pages := 0; ; pages++ {
		if pages > 12 {
			t.Fatal("the pages never end")
		}
		r := a.Do("GET", path, sup.AccessToken, nil, nil)
		crmtest.Expect(t, r, 200, "team page")
		var tl crm.TeamList
		r.JSON(t, &tl)
		// One case alone may be larger than the budget; a page of several
		// is not.
		if len(tl.Cases) > 1 && len(r.Body) > budget+512 {
			t.Errorf("a page of %d cases is %d bytes, over its budget of %d", len(tl.Cases), len(r.Body), budget)
		}
		for _, c := range tl.Cases {
			if seen[c.ID] {
				t.Errorf("%s twice", c.ID)
			}
			seen[c.ID] = true
			if len(c.Escalation.History) != 4 {
				t.Errorf("%s with %d moves", c.ID, len(c.Escalation.History))
			}
		}
		if tl.Next == "" {
			break
		}
		path = "/v1/team/escalations?limit=500&cursor=" + url.QueryEscape(tl.Next)
	}
	if len(seen) != len(ids) {
		t.Errorf("paged through %d of %d escalations", len(seen), len(ids))
	}
}
