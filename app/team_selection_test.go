package app

import (
	"context"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// listSelected is the rows a list shows picked; fyne keeps them private.
func listSelected(l *widget.List) []int {
	v := reflect.ValueOf(l).Elem().FieldByName("selected")
	out := make([]int, v.Len())
	for i := range out {
		out[i] = int(v.Index(i).Int())
	}
	return out
}

// Was: every pull of the team's queue (every 15 s) unpicked the row under
// review, so the queue no longer showed which escalation the review beside
// it is about. The row stays picked while its case is in the queue, where
// it now stands; gone from the queue, no row is picked.
func TestTeamRefreshKeepsTheReviewedRowPicked(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	ts.list.Select(1) // C-SOON
	if ts.openID != "C-SOON" {
		t.Fatalf("under review: %q", ts.openID)
	}
	put := func(c *cases.Case) {
		t.Helper()
		if err := h.db.PutTeamCases(context.Background(), []*cases.Case{c}, fixedNow); err != nil {
			t.Fatal(err)
		}
		ts.teamChanged()
	}

	// Another case moves on: same queue, same place.
	other := teamCase("C-LATER", "ana", "Jorge Ruiz", "normal", fixedNow.Add(-time.Hour), 48, 0)
	other.Escalation.Status = cases.EscInProgress
	put(other)
	if got := listSelected(ts.list); !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("after a refresh the rows picked are %v, want [1] (C-SOON, under review)", got)
	}

	// A case due earlier arrives: the one under review is a row lower.
	put(teamCase("C-FIRST", "ben", "Ana Paz", "high", fixedNow.Add(-40*time.Hour), 24, 0))
	if i := indexOfRow(ts.rows, "C-SOON"); i < 0 || !reflect.DeepEqual(listSelected(ts.list), []int{i}) {
		t.Errorf("C-SOON is row %d, the rows picked are %v", i, listSelected(ts.list))
	}
	if ts.openID != "C-SOON" {
		t.Errorf("the review moved to %q", ts.openID)
	}

	// Resolved, it leaves the open queue: no other row is picked for it.
	gone := teamCase("C-SOON", "ben", "Rosa Márquez", "high", fixedNow.Add(-23*time.Hour), 24, 0)
	gone.Escalation.Status = cases.EscResolved
	put(gone)
	if got := listSelected(ts.list); len(got) != 0 {
		t.Errorf("a row is picked for a case no longer in the queue: %v", got)
	}
}

func indexOfRow(rows []cases.TeamRow, id string) int {
	for i, r := range rows {
		if r.CaseID == id {
			return i
		}
	}
	return -1
}
