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

	ctx := context.Background()
	sdb, err := sqlite.Open(ctx, db, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sdb.TeamCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	c.Escalation.Status, c.Escalation.Resolution = cases.EscResolved, "Crédito de 75,00 aplicado."
	err = sdb.PutTeamCases(ctx, []*cases.Case{c}, time.Now())
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
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
	ctx := context.Background()
	sdb, err := sqlite.Open(ctx, db, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sdb.TeamQueue(ctx, cases.TeamFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var c *cases.Case
	for _, r := range rows {
		if r.Undecided > 0 && c == nil {
			c, err = sdb.TeamCase(ctx, r.CaseID)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if c == nil {
		sdb.Close()
		t.Fatal("no demo escalation with an amount to decide")
	}
	for i, a := range c.Actions {
		if !a.Settled() {
			c.Actions[i].Decision = &cases.Decision{Approved: false, By: "lead", At: time.Now(), Comment: "Ya se acreditó en octubre."}
		}
	}
	err = sdb.PutTeamCases(ctx, []*cases.Case{c}, time.Now())
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ := runEnv(t, "", "es", "team", "show", c.ID, "--db", db)
	if !strings.Contains(out, "Ya se acreditó en octubre.") {
		t.Errorf("team show lacks the decision's comment:\n%s", out)
	}
}
