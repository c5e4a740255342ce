package desksync

import (
	"context"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// MaxTeamCases bounds what a supervisor's desk reads of every desk's
// cases for a report: a fortnight of a large centre's calls, each kept
// with only what a report counts by.
var MaxTeamCases = 50000

// TeamCases is every desk's cases opened from from to to, as crmd holds
// them (a supervisor's login): the desk's own database holds only the
// calls taken on it, and a supervisor's weekly report is the team's.
// crmd lists cases by when it received them, and no call is received
// before it is opened, so the pages start at from; each case is kept
// with what a report reads (its ID, times, status, reason, call type and
// customer's name), not its notes and steps. Training cases are left
// out. more reports that MaxTeamCases were kept and the list went on.
func TeamCases(ctx context.Context, client *crm.Client, from, to time.Time) (list []*cases.Case, more bool, err error) {
	seen := crm.Pages{}
	cursor := ""
	for {
		page, err := client.ListCases(ctx, from, cursor, 0)
		if err != nil {
			return nil, false, err
		}
		for _, c := range page.Cases {
			if c == nil || c.Training {
				continue
			}
			if at := c.Opened(); at.Before(from) || !at.Before(to) {
				continue
			}
			if len(list) == MaxTeamCases {
				return list, true, nil
			}
			list = append(list, &cases.Case{ID: c.ID, Agent: c.Agent, Status: c.Status, CallType: c.CallType, CallLang: c.CallLang,
				Reason: c.Reason, Customer: cases.Customer{Name: c.Customer.Name}, CreatedAt: c.CreatedAt, OpenedAt: c.OpenedAt,
				UpdatedAt: c.UpdatedAt, ClosedAt: c.ClosedAt})
		}
		if page.Next == "" || len(page.Cases) == 0 {
			return list, false, nil
		}
		if err := seen.Next(page.Next, len(page.Cases)); err != nil {
			return nil, false, err
		}
		cursor = page.Next
	}
}
