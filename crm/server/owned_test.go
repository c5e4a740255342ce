package server_test

import (
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
