package desksync_test

import (
	"context"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
)

// A supervisor's report reads every desk's cases opened in its weeks,
// as crmd holds them, bounded, and without their notes or the customer's
// account; a case opened before them (made offline, received now) is not
// the report's.
func TestTeamCasesAreEveryDesksCasesOpenedInTheWeeks(t *testing.T) {
	r, api := start(t)
	ctx := context.Background()
	ana, ben := api.Login("ana", crmtest.Password), api.Login("ben", crmtest.Password)
	now := time.Now()
	put := func(token, id, agent string, opened time.Time) {
		t.Helper()
		c := crmtest.NewCase(id, agent)
		c.OpenedAt = opened
		crmtest.Expect(t, api.PutCase(token, "case:"+id+":v1", c), 201, id)
	}
	put(ana.AccessToken, "C-TEAM-ANA", "ana", now.Add(-time.Hour))
	put(ben.AccessToken, "C-TEAM-BEN", "ben", now.Add(-2*time.Hour))
	put(ana.AccessToken, "C-TEAM-OLD", "ana", now.AddDate(0, -1, 0)) // made offline a month ago

	sup := newDesk(t, r.URL, "sup")
	list, more, err := desksync.TeamCases(ctx, sup.client, now.AddDate(0, 0, -14), now.Add(time.Hour))
	if err != nil || more || len(list) != 2 {
		t.Fatalf("%d cases, more %v: %v", len(list), more, err)
	}
	for _, c := range list {
		if c.ID == "C-TEAM-OLD" || c.Notes != "" || c.Customer.Account != "" {
			t.Errorf("kept %+v", c)
		}
	}
	defer func(n int) { desksync.MaxTeamCases = n }(desksync.MaxTeamCases)
	desksync.MaxTeamCases = 1
	if list, more, err := desksync.TeamCases(ctx, sup.client, now.AddDate(0, 0, -14), now.Add(time.Hour)); err != nil || !more || len(list) != 1 {
		t.Errorf("bounded to one: %d cases, more %v: %v", len(list), more, err)
	}
}
