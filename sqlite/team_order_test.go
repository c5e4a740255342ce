package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
)

// Was: an escalation without a due time (recorded before crmd kept one)
// was stored as year 1 and led the queue, above the overdue ones; and one
// without a received time was stored as year 1 too, so every age filter
// ("older than an hour") took it as older. The overdue come first, those
// without a due time last; an age filter keeps only what is known to be
// that old.
func TestTeamQueueUnknownTimes(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	overdue := teamCase("C-OVERDUE", cases.EscReceived, now.Add(-30*time.Hour), time.Time{})
	soon := teamCase("C-SOON", cases.EscReceived, now.Add(-23*time.Hour), time.Time{})
	noDue := teamCase("C-NO-DUE", cases.EscReceived, now.Add(-10*time.Hour), time.Time{})
	noDue.Escalation.DueAt = time.Time{}
	noReceived := teamCase("C-NO-RECEIVED", cases.EscReceived, now.Add(-time.Minute), time.Time{})
	noReceived.Escalation.ReceivedAt = time.Time{}
	if err := db.PutTeamCases(ctx, []*cases.Case{noDue, soon, overdue, noReceived}, now); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    cases.TeamFilter
		want []string
	}{
		{"queue", cases.TeamFilter{Open: true, Now: now}, []string{"C-OVERDUE", "C-SOON", "C-NO-RECEIVED", "C-NO-DUE"}},
		{"older than an hour", cases.TeamFilter{Open: true, OlderThan: time.Hour, Now: now}, []string{"C-OVERDUE", "C-SOON", "C-NO-DUE"}},
		{"limit", cases.TeamFilter{Limit: 1, Now: now}, []string{"C-OVERDUE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := db.TeamQueue(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range rows {
				ids = append(ids, r.CaseID)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("queue %q, want %q", ids, tc.want)
			}
		})
	}
}
