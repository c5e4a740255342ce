package sqlite_test

import (
	"cmp"
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/sqlite"
)

// A desk shared by several agents keeps one outbox: each row waits for
// its owner's login, so crmd never receives ana's case under ben's token
// (it would refuse it for good) nor a move under the wrong supervisor.
func TestOutboxWaitsForItsOwner(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	svc := &cases.Service{Store: db}
	for _, agent := range []string{"ana", "ben", "Ana Pérez"} {
		c := newCase()
		c.Agent = agent
		if err := svc.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	team := newCase()
	team.ID, team.Version, team.Agent, team.Status = "C-T1", 1, "carla", cases.StatusEscalated
	now := time.Now()
	team.Escalation = &cases.Escalation{Ticket: "ESC-1", Priority: "high", Status: cases.EscReceived, At: now, ReceivedAt: now, DueAt: now.Add(time.Hour)}
	if err := db.PutTeamCases(ctx, []*cases.Case{team}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.QueueTeamAction(ctx, cases.TeamAction{Kind: crm.OutboxMove, CaseID: "C-T1", Key: "move:C-T1:1:in_progress", Body: []byte(`{}`), Case: team, Owner: "sup"}); err != nil {
		t.Fatal(err)
	}
	// Queued while nobody was logged in: whoever logs in next sends it.
	if err := db.QueueTeamAction(ctx, cases.TeamAction{Kind: crm.OutboxDecision, CaseID: "C-T1", Key: "decision:C-T1:0", Body: []byte(`{}`), Case: team}); err != nil {
		t.Fatal(err)
	}

	later := time.Now().Add(time.Hour)
	for _, tc := range []struct {
		owner  string
		due    string // owners of the due items, in order ("-": none)
		counts crm.OutboxCounts
	}{
		// "Ana Pérez" can be nobody's username: any login sends it (and
		// crmd's refusal is listed).
		// The decision on C-T1, anyone's to send, waits behind sup's move
		// made before it: a supervisor's actions on a case go out in order.
		// It counts among the others' for everyone but sup.
		{"ana", "ana,-", crm.OutboxCounts{Pending: 2, Others: 3}},
		{"ben", "ben,-", crm.OutboxCounts{Pending: 2, Others: 3}},
		{"sup", "-,sup", crm.OutboxCounts{Pending: 3, Others: 2}},
		{"dora", "-", crm.OutboxCounts{Pending: 1, Others: 4}},
		// Nobody logged in: everything waiting is simply pending.
		{"", "-", crm.OutboxCounts{Pending: 5}},
	} {
		due, err := db.DueOutbox(ctx, tc.owner, later, 10)
		if err != nil {
			t.Fatal(err)
		}
		var owners []string
		for _, it := range due {
			owners = append(owners, cmp.Or(it.Owner, "-"))
		}
		if got := strings.Join(owners, ","); got != tc.due {
			t.Errorf("%q: due items of %q, want %q", tc.owner, got, tc.due)
		}
		n, err := db.OutboxStats(ctx, tc.owner)
		if err != nil || n != tc.counts {
			t.Errorf("%q: counts %+v %v, want %+v", tc.owner, n, err, tc.counts)
		}
	}

	// A conflict keeps its owner: resolving it queues the case again
	// under its agent.
	due, _ := db.DueOutbox(ctx, "ana", later, 10)
	if err := db.RecordOutboxConflict(ctx, due[0].ID, 2, []byte(`{"id":"x"}`), ""); err != nil {
		t.Fatal(err)
	}
	var owner string
	if err := db.SQL().QueryRowContext(ctx, `SELECT owner FROM outbox WHERE kind = 'conflict'`).Scan(&owner); err != nil || owner != "ana" {
		t.Errorf("conflict row owner %q %v", owner, err)
	}
	c, err := db.GetCase(ctx, due[0].Ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ResolveConflict(ctx, c, c.Version, cases.Event{}, true); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.DueOutbox(ctx, "ana", later, 10); len(again) != 2 || again[1].Ref != c.ID || again[1].Owner != "ana" {
		t.Errorf("after resolving: %+v", again)
	}
}

// On a shared supervisor's desk, sup2's move on a case queued after
// sup1's cannot go before it: it waits for sup1's login, and is counted
// so, not as sup2's own backlog.
func TestOutboxItemBehindAnotherOwnersWaitsForThem(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	now := time.Now()
	queueOnTeamCase(t, db,
		cases.TeamAction{Kind: crm.OutboxMove, Key: "move:C-T1:1:in_progress", Owner: "sup1"},
		cases.TeamAction{Kind: crm.OutboxMove, Key: "move:C-T1:2:resolved", Owner: "sup2"})
	for owner, want := range map[string]crm.OutboxCounts{
		"sup2": {Others: 2},
		"sup1": {Pending: 1, Others: 1},
		"":     {Pending: 2},
	} {
		due, err := db.DueOutbox(ctx, owner, now.Add(time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		n, err := db.OutboxStats(ctx, owner)
		if err != nil || n != want {
			t.Errorf("%q: counts %+v %v, want %+v", owner, n, err, want)
		}
		if owner != "" && len(due) != want.Pending {
			t.Errorf("%q: %d due, %d counted as this login's", owner, len(due), want.Pending)
		}
	}
}

// A desk whose 00007 ran before the owner index was part of it gets the
// index from 00008: the counts, which name it, work there too.
func TestOutboxCountsOnADeskMigratedBeforeTheIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "agentdesk.db")
	db, err := sqlite.Open(ctx, path, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	downTo(t, db, 8)
	runSQL(t, db, `DROP INDEX outbox_owner`, `DELETE FROM goose_db_version WHERE version_id = 8`)
	db.Close()
	if db, err = sqlite.Open(ctx, path, sqlite.Production); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.OutboxStats(ctx, "ana"); err != nil {
		t.Errorf("outbox counts: %v", err)
	}
}

// A decision queued behind another supervisor's move on the same case
// waits for them, and counts among the others' items, not this login's:
// the status bar must not show it waiting for good.
func TestADecisionBehindAnotherOwnersMoveIsTheirs(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx, now := context.Background(), time.Now()
	queueOnTeamCase(t, db,
		cases.TeamAction{Kind: crm.OutboxMove, Key: "move:C-T1:1:in_progress", Owner: "sup1"},
		cases.TeamAction{Kind: crm.OutboxDecision, Key: "decision:C-T1:0", Owner: "sup2"})
	due, _ := db.DueOutbox(ctx, "sup2", now.Add(time.Hour), 10)
	if n, err := db.OutboxStats(ctx, "sup2"); err != nil || len(due) != 0 || n.Pending != 0 || n.Others != 2 {
		t.Errorf("sup2: %d due, counts %+v %v; want none due, Pending 0, Others 2", len(due), n, err)
	}
}

// queueOnTeamCase puts carla's escalated case C-T1 in the team queue and
// queues the actions on it, in order.
func queueOnTeamCase(t *testing.T, db *sqlite.DB, actions ...cases.TeamAction) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	team := newCase()
	team.ID, team.Version, team.Agent, team.Status = "C-T1", 1, "carla", cases.StatusEscalated
	team.Escalation = &cases.Escalation{Ticket: "ESC-1", Priority: "high", Status: cases.EscReceived, At: now, ReceivedAt: now, DueAt: now.Add(time.Hour)}
	if err := db.PutTeamCases(ctx, []*cases.Case{team}, now); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		a.CaseID, a.Body, a.Case = "C-T1", []byte(`{}`), team
		if err := db.QueueTeamAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
}

// The counts are read after every batch of a drain: the items behind
// another user's are looked up by kind and case on an index, never by
// reading every waiting row once per item of theirs (a condition on the
// kind that is not an equality made it so: 2 s for 20,000 rows, not 2 ms).
func TestOutboxStatsStaysOnTheIndex(t *testing.T) {
	db := open(t, sqlite.Production)
	rows, err := db.SQL().Query(`EXPLAIN QUERY PLAN `+sqlite.OutboxStatsSQL,
		sql.Named("owner", "sup"), sql.Named("move", crm.OutboxMove), sql.Named("decision", crm.OutboxDecision))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lookups int
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(detail, "SCAN o") || strings.HasPrefix(detail, "SEARCH o ") {
			lookups++
			if !strings.Contains(detail, "kind=? AND ref=?") {
				t.Errorf("the items behind another user's are found by %q", detail)
			}
		}
	}
	if lookups == 0 {
		t.Error("no lookup of the items behind another user's")
	}
}

// On a shared desk a conflict is the login's whose save crmd refused:
// listed with its owner, and counted only for that login (and for anyone
// when it has none, or when nobody is logged in), so the next agent's
// status bar does not offer them another agent's case to decide.
func TestOutboxConflictsAreTheirOwners(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	for _, agent := range []string{"ana", "ben"} {
		_, due := createdFor(t, db, agent)
		if err := db.RecordOutboxConflict(ctx, due.ID, 2, []byte(`{"id":"x"}`), ""); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.OutboxConflicts(ctx)
	if err != nil || len(list) != 2 || list[0].Owner != "ana" || list[1].Owner != "ben" {
		t.Fatalf("conflicts %+v %v", list, err)
	}
	// Nobody logged in: every conflict counts, as every item waiting is
	// simply pending.
	for owner, want := range map[string]int{"ana": 1, "ben": 1, "dora": 0, "": 2} {
		if n, err := db.OutboxStats(ctx, owner); err != nil || n.Conflicts != want {
			t.Errorf("%q: %d conflicts %v, want %d", owner, n.Conflicts, err, want)
		}
	}
}

// On a shared desk a save crmd refused for good is the login's it was to
// go under, as a conflict is: listed and counted for that login (and for
// anyone when it has none, or when nobody is logged in), so the next
// agent is not shown another agent's refused case.
func TestOutboxAsideIsItsOwners(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	ids := map[string]string{}
	for _, agent := range []string{"ana", "ben"} {
		c, due := createdFor(t, db, agent)
		if err := db.SetOutboxAside(ctx, due.ID, crm.CodeTooLarge, ""); err != nil {
			t.Fatal(err)
		}
		ids[agent] = c.ID
	}
	for _, tc := range []struct {
		owner string
		want  []string
	}{
		{"ana", []string{ids["ana"]}},
		{"ben", []string{ids["ben"]}},
		{"dora", nil},
		{"", []string{ids["ana"], ids["ben"]}}, // nobody logged in: every one
	} {
		list, err := db.OutboxAsideOf(ctx, tc.owner)
		var got []string
		for _, it := range list {
			got = append(got, it.CaseID)
		}
		if err != nil || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%q is listed %v (%v), want %v", tc.owner, got, err, tc.want)
		}
		if n, err := db.OutboxStats(ctx, tc.owner); err != nil || n.Aside != len(tc.want) {
			t.Errorf("%q: %d set aside %v, want %d", tc.owner, n.Aside, err, len(tc.want))
		}
	}
	// Every one still holds its case's later versions back, whoever's it
	// is (desksync's hold reads them all).
	if all, err := db.OutboxAside(ctx); err != nil || len(all) != 2 {
		t.Errorf("all set aside: %+v %v", all, err)
	}
}

// createdFor creates a case of agent's and returns it with the one
// outbox item its creation queued, due for agent.
func createdFor(t *testing.T, db *sqlite.DB, agent string) (*cases.Case, crm.OutboxItem) {
	t.Helper()
	ctx := context.Background()
	c := newCase()
	c.Agent = agent
	if err := (&cases.Service{Store: db}).Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueOutbox(ctx, agent, time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("%s: due %+v %v", agent, due, err)
	}
	return c, due[0]
}

// An item without an owner went out under the next login, and what crmd
// made of it is that login's: the row takes the sender as its owner in
// the transaction that records the outcome, so it is read back at once,
// and a conflict row with it. An item with an owner keeps it, and one
// recorded under no login stays without.
func TestOutcomeTakesTheSenderAsOwner(t *testing.T) {
	for _, tc := range []struct {
		name          string
		agent, sender string
		want          string
	}{
		{"owner-less, sent under ana", "Ana Pérez", "ana", "ana"},
		{"ben's, sent under ana", "ben", "ana", "ben"},
		{"owner-less, under no login", "Ana Pérez", "", ""},
	} {
		for _, outcome := range []struct {
			name   string
			record func(db *sqlite.DB, id int64) error
			rows   int
		}{
			{"set aside", func(db *sqlite.DB, id int64) error {
				return db.SetOutboxAside(context.Background(), id, crm.CodeForbidden, tc.sender)
			}, 1},
			{"conflict", func(db *sqlite.DB, id int64) error {
				return db.RecordOutboxConflict(context.Background(), id, 2, []byte(`{"id":"x"}`), tc.sender)
			}, 2},
		} {
			t.Run(tc.name+", "+outcome.name, func(t *testing.T) {
				db := open(t, sqlite.Production)
				c := newCase()
				c.Agent = tc.agent
				if err := (&cases.Service{Store: db}).Create(context.Background(), c); err != nil {
					t.Fatal(err)
				}
				due, err := db.DueOutbox(context.Background(), tc.agent, time.Now().Add(time.Hour), 10)
				if err != nil || len(due) != 1 {
					t.Fatalf("due %+v %v", due, err)
				}
				if err := outcome.record(db, due[0].ID); err != nil {
					t.Fatal(err)
				}
				got := column(t, db, `SELECT owner FROM outbox ORDER BY id`)
				if len(got) != outcome.rows {
					t.Fatalf("outbox rows %q, want %d", got, outcome.rows)
				}
				for _, o := range got {
					if o != tc.want {
						t.Errorf("owners %q, want each %q", got, tc.want)
						break
					}
				}
			})
		}
	}
}

// Marking items sent removes them and writes no setting: "last synced" is
// each login's own (desksync.LastSyncPrefix), and a desk-wide time would
// only be someone else's sync on a shared desk.
func TestMarkOutboxSentKeepsNoDeskWideTime(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	c := newCase()
	c.Agent = "ana"
	if err := (&cases.Service{Store: db}).Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueOutbox(ctx, "ana", time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due %+v %v", due, err)
	}
	before, err := db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxSent(ctx, []int64{due[0].ID}); err != nil {
		t.Fatal(err)
	}
	after, err := db.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range after {
		if before[k] != v {
			t.Errorf("marking an item sent set %s = %s", k, v)
		}
	}
	if n, err := db.OutboxStats(ctx, "ana"); err != nil || n.Pending != 0 {
		t.Errorf("outbox after the item was sent: %+v %v, want nothing waiting", n, err)
	}
}

// The items left out of a read (the worker's retries of its pass) still
// hold back their cases' later versions: only the other cases come. The
// cases held (a conflict waits) send no version.
func TestDueOutboxExceptHoldsTheirCases(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	ids := casesWithTwoVersions(t, db, 3)
	now := time.Now()
	all, err := db.DueOutbox(ctx, "ana", now, 10)
	if err != nil || len(all) != 3 {
		t.Fatalf("due: %d %v", len(all), err)
	}
	for _, tc := range []struct {
		skip []int64
		held []string
		want string // cases due, in order
	}{
		{nil, nil, strings.Join(ids, ",")},
		{[]int64{all[1].ID}, nil, ids[0] + "," + ids[2]},
		{[]int64{all[0].ID, all[2].ID}, nil, ids[1]},
		{[]int64{all[0].ID, all[1].ID, all[2].ID}, nil, ""},
		{nil, []string{ids[2], "C-NONE", `a"b`}, ids[0] + "," + ids[1]},
		{[]int64{all[0].ID}, []string{ids[1]}, ids[2]},
	} {
		due, err := db.DueOutboxExcept(ctx, "ana", now, 10, tc.skip, tc.held)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range due {
			if it.Version != 1 {
				t.Errorf("skip %v: version %d of %s due before the first went", tc.skip, it.Version, it.Ref)
			}
			got = append(got, it.Ref)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("skip %v: due %v, want %s", tc.skip, got, tc.want)
		}
	}
	// Leaving items out does not shorten the batch.
	if due, err := db.DueOutboxExcept(ctx, "ana", now, 2, []int64{all[0].ID}, nil); err != nil || len(due) != 2 || due[0].Ref != ids[1] {
		t.Errorf("limit 2 skipping the first: %+v %v", due, err)
	}
}

// OutboxHolds names what OutboxConflicts and OutboxAside list, without
// their bodies: the cases in conflict, each once, and the case versions
// crmd refused for good (not a move's or a decision's).
func TestOutboxHoldsAsTheFullLists(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	ids := casesWithTwoVersions(t, db, 4)
	due, err := db.DueOutbox(ctx, "ana", time.Now(), 10)
	if err != nil || len(due) != 4 {
		t.Fatalf("due: %d %v", len(due), err)
	}
	// Case 0 in conflict twice (its second version too), case 1 refused,
	// case 2 in conflict, case 3 waiting.
	if err := db.RecordOutboxConflict(ctx, due[0].ID, 3, []byte(`{"notes":"crmd"}`), "ana"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetOutboxAside(ctx, due[1].ID, crm.CodeInvalid, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordOutboxConflict(ctx, due[2].ID, 3, []byte(`{}`), "ben"); err != nil {
		t.Fatal(err)
	}
	next, err := db.DueOutbox(ctx, "ana", time.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range next {
		if it.Ref == ids[0] {
			if err := db.RecordOutboxConflict(ctx, it.ID, 4, []byte(`{}`), "ana"); err != nil {
				t.Fatal(err)
			}
		}
	}
	conflicted, refused, err := db.OutboxHolds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(conflicted)
	want := []string{ids[0], ids[2]}
	slices.Sort(want)
	if !slices.Equal(conflicted, want) {
		t.Errorf("conflicted %v, want %v", conflicted, want)
	}
	if len(refused) != 1 || !slices.Equal(refused[ids[1]], []int{1}) {
		t.Errorf("refused %v, want %s: [1]", refused, ids[1])
	}
}

// casesWithTwoVersions saves n cases twice each, so each has two versions
// waiting in the outbox, and returns their IDs in order.
func casesWithTwoVersions(t *testing.T, db *sqlite.DB, n int) []string {
	t.Helper()
	ctx := context.Background()
	svc := &cases.Service{Store: db}
	var ids []string
	for range n {
		c := newCase()
		if err := svc.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
		c.Notes = "second version"
		if err := svc.Save(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	return ids
}
