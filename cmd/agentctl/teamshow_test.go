package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
)

// team show is how a back office at a terminal reads an escalation before
// moving it on: it says why the agent escalated it and the amount in
// dispute, in the operator's language, and the resolution of one resolved,
// as the team screen's review does.
func TestTeamShowSaysWhyAndHowMuch(t *testing.T) {
	db := seededDesk(t)
	_, stdout, _ := runEnv(t, "", "en", "team", "escalations", "--db", db, "--json")
	var q struct {
		Escalations []struct {
			CaseID   string `json:"case_id"`
			Customer string `json:"customer"`
		} `json:"escalations"`
	}
	if err := json.Unmarshal([]byte(stdout), &q); err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, e := range q.Escalations {
		if e.Customer == "Teresa Villanueva Soto" {
			id = e.CaseID
		}
	}
	if id == "" {
		t.Fatalf("no demo escalation of Teresa Villanueva Soto in %s", stdout)
	}
	for _, tc := range []struct{ lang, amount string }{{"en", "$75.00"}, {"es", "75,00\u00a0US$"}} {
		_, out, _ := runEnv(t, "", tc.lang, "team", "show", id, "--db", db)
		for _, want := range []string{
			trD(tc.lang, "cli.team.show.reason", map[string]any{"Reason": "Segunda visita técnica perdida; pide un crédito mayor que el de la escala."}),
			trD(tc.lang, "cli.team.show.dispute", map[string]any{"Amount": tc.amount}),
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: team show lacks %q:\n%s", tc.lang, want, out)
			}
		}
	}

	editTeamCase(t, db, func(r cases.TeamRow) bool { return r.CaseID == id }, func(c *cases.Case) {
		c.Escalation.Status, c.Escalation.Resolution = cases.EscResolved, "Crédito de 75,00 aplicado."
	})
	_, out, _ := runEnv(t, "", "es", "team", "show", id, "--db", db)
	if want := trD("es", "cli.team.show.resolution", map[string]any{"Resolution": "Crédito de 75,00 aplicado."}); !strings.Contains(out, want) {
		t.Errorf("team show of a resolved escalation lacks %q:\n%s", want, out)
	}
}

// A decision on an amount is shown with its comment, as the team screen's
// review shows it: why an amount was denied is what the next decider and
// the agent's supervisor need.
func TestTeamShowSaysTheDecisionsComment(t *testing.T) {
	db := seededDesk(t)
	c := editTeamCase(t, db, func(r cases.TeamRow) bool { return r.Undecided > 0 }, func(c *cases.Case) {
		for i, a := range c.Actions {
			if !a.Settled() {
				c.Actions[i].Decision = &cases.Decision{Approved: false, By: "lead", At: time.Now(), Comment: "Ya se acreditó en octubre."}
			}
		}
	})
	_, out, _ := runEnv(t, "", "es", "team", "show", c.ID, "--db", db)
	if !strings.Contains(out, "Ya se acreditó en octubre.") {
		t.Errorf("team show lacks the decision's comment:\n%s", out)
	}
}

// An escalation crmd sent with no due time (its policy names no response
// time for the priority) has none in --json, as cases do: it gave the
// date of 1 January of year 1, which a script reading the queue takes for
// long overdue. The text says "—", as for every unknown time.
func TestTeamEscalationWithNoDueTime(t *testing.T) {
	db := seededDesk(t)
	c := editTeamCase(t, db, func(cases.TeamRow) bool { return true }, func(c *cases.Case) { c.Escalation.DueAt = time.Time{} })
	for _, lang := range []string{"en", "es"} {
		_, out, _ := runEnv(t, "", lang, "team", "escalations", "--db", db)
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, c.ID) {
				line = l
			}
		}
		if line == "" || strings.Contains(line, "0001") {
			t.Errorf("%s: the queue's row of an escalation with no due time is %q", lang, line)
		}
		_, out, _ = runEnv(t, "", lang, "team", "show", c.ID, "--db", db)
		if strings.Contains(out, "0001") {
			t.Errorf("%s: team show of an escalation with no due time:\n%s", lang, out)
		}
	}
	_, out, _ := runEnv(t, "", "en", "team", "escalations", "--db", db, "--json")
	var q struct {
		Escalations []map[string]any `json:"escalations"`
	}
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatal(err)
	}
	for _, e := range q.Escalations {
		if e["case_id"] == c.ID {
			if due, ok := e["due_at"]; ok {
				t.Errorf("--json gives an escalation with no due time the due_at %v", due)
			}
		}
	}
}

// editTeamCase changes the first of the desk's team escalations that pick
// takes, as a pull from crmd would store it, and returns it.
func editTeamCase(t *testing.T, db string, pick func(cases.TeamRow) bool, edit func(*cases.Case)) *cases.Case {
	t.Helper()
	ctx := context.Background()
	sdb, err := sqlite.Open(ctx, db, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	rows, err := sdb.TeamQueue(ctx, cases.TeamFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !pick(r) {
			continue
		}
		c, err := sdb.TeamCase(ctx, r.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		edit(c)
		if err := sdb.PutTeamCases(ctx, []*cases.Case{c}, time.Now()); err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Fatal("no demo escalation to change")
	return nil
}
