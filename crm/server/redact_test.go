package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// secret is a card number, a security code and a PIN as typed into any
// field; none of it may be stored.
const secret = "tarjeta 4111 1111 1111 1111 cvv 123 pin 4321"

func leaks(s string) bool {
	return strings.Contains(s, "4111 1111 1111 1111") || strings.Contains(s, "cvv 123") || strings.Contains(s, "pin 4321")
}

// Every free-text field of a case a desk sends is stored redacted, one
// field per row, read back through the API.
func TestCaseFieldsRedactedOnCrmd(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	esc := func(c *cases.Case) *cases.Escalation {
		c.Status = cases.StatusEscalated
		c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0001", Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", Status: crm.EscReceived}
		return c.Escalation
	}
	rows := []struct {
		field string
		set   func(c *cases.Case)
		get   func(c *cases.Case) string
	}{
		{"customer name", func(c *cases.Case) { c.Customer.Name = secret }, func(c *cases.Case) string { return c.Customer.Name }},
		{"customer address", func(c *cases.Case) { c.Customer.Address = secret }, func(c *cases.Case) string { return c.Customer.Address }},
		{"customer plan", func(c *cases.Case) { c.Customer.Plan = secret }, func(c *cases.Case) string { return c.Customer.Plan }},
		{"customer services", func(c *cases.Case) { c.Customer.Services = secret }, func(c *cases.Case) string { return c.Customer.Services }},
		{"customer phone", func(c *cases.Case) { c.Customer.Phone = secret }, func(c *cases.Case) string { return c.Customer.Phone }},
		{"notes", func(c *cases.Case) { c.Notes = secret }, func(c *cases.Case) string { return c.Notes }},
		{"step reason", func(c *cases.Case) {
			c.Steps = []cases.StepProgress{{Step: "greet", State: cases.StepSkipped, Reason: secret}}
		},
			func(c *cases.Case) string { return c.Steps[0].Reason }},
		{"auth reason", func(c *cases.Case) { c.Auth.Reason = secret }, func(c *cases.Case) string { return c.Auth.Reason }},
		{"action reason", func(c *cases.Case) { c.Actions = []cases.Action{{ID: "credit", Reason: secret}} }, func(c *cases.Case) string { return c.Actions[0].Reason }},
		{"action note", func(c *cases.Case) { c.Actions = []cases.Action{{ID: "credit", Note: secret}} }, func(c *cases.Case) string { return c.Actions[0].Note }},
		{"calculator summary", func(c *cases.Case) { c.Calcs = []cases.Calculation{{Calculator: "roi", Summary: secret}} },
			func(c *cases.Case) string { return c.Calcs[0].Summary }},
		{"calculator figure", func(c *cases.Case) {
			c.Calcs = []cases.Calculation{{Calculator: "roi", Figures: map[string]string{"total": secret}}}
		},
			func(c *cases.Case) string { return c.Calcs[0].Figures["total"] }},
		{"value", func(c *cases.Case) { c.Values = map[string]string{"amount": secret} }, func(c *cases.Case) string { return c.Values["amount"] }},
		{"value name", func(c *cases.Case) { c.Values = map[string]string{secret: "x"} }, func(c *cases.Case) string {
			for k := range c.Values {
				return k
			}
			return ""
		}},
		{"escalation reason", func(c *cases.Case) { esc(c).Reason = secret }, func(c *cases.Case) string { return c.Escalation.Reason }},
		{"escalation criterion", func(c *cases.Case) { esc(c).Criteria = []string{secret} }, func(c *cases.Case) string { return c.Escalation.Criteria[0] }},
		{"escalation ticket", func(c *cases.Case) { esc(c).Ticket = secret }, func(c *cases.Case) string { return c.Escalation.Ticket }},
		{"reason code", func(c *cases.Case) { c.Reason = secret }, func(c *cases.Case) string { return c.Reason }},
	}
	for i, row := range rows {
		t.Run(row.field, func(t *testing.T) {
			id := "C-RED-" + string(rune('A'+i))
			c := crmtest.NewCase(id, "ana")
			row.set(c)
			crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+id+":v1", c), 201, "put")
			r := a.Do("GET", "/v1/cases/"+id, ana.AccessToken, nil, nil)
			crmtest.Expect(t, r, 200, "get")
			var got cases.Case
			r.JSON(t, &got)
			if v := row.get(&got); leaks(v) || v == "" {
				t.Errorf("stored %q", v)
			}
			if leaks(string(r.Body)) {
				t.Errorf("the stored case holds the secret: %s", r.Body)
			}
		})
	}
}

// A training attempt's scenario, track and details are stored redacted,
// wherever in the details the secret sits.
func TestAttemptRedactedOnCrmd(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	rows := []struct {
		field   string
		set     func(at *crm.TrainingAttempt)
		details string
	}{
		{"scenario", func(at *crm.TrainingAttempt) { at.Scenario = secret }, ""},
		{"track", func(at *crm.TrainingAttempt) { at.Track = secret }, ""},
		{"details string", nil, `{"typed":"` + secret + `"}`},
		{"details nested", nil, `{"steps":[{"answer":["ok","` + secret + `"]}]}`},
		{"details key", nil, `{"` + secret + `":1}`},
		{"details number", nil, `{"card":4111111111111111}`},
	}
	for i, row := range rows {
		t.Run(row.field, func(t *testing.T) {
			at := crm.TrainingAttempt{ID: "red-" + string(rune('a'+i)), Scenario: "billing-1", Score: 1, MaxScore: 2,
				StartedAt: time.Now().UTC(), FinishedAt: time.Now().UTC()}
			if row.set != nil {
				row.set(&at)
			}
			if row.details != "" {
				at.Details = json.RawMessage(row.details)
			}
			r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, at)
			crmtest.Expect(t, r, 201, "post")
			if leaks(string(r.Body)) || strings.Contains(string(r.Body), "4111111111111111") {
				t.Errorf("answer holds the secret: %s", r.Body)
			}
			// Resending the same attempt is still recognised as the same.
			crmtest.Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, at), 200, "resend")
			r = a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
			crmtest.Expect(t, r, 200, "list")
			if leaks(string(r.Body)) || strings.Contains(string(r.Body), "4111111111111111") {
				t.Errorf("stored attempts hold the secret: %s", r.Body)
			}
			var al crm.AttemptList
			r.JSON(t, &al)
			for _, got := range al.Attempts {
				if got.ID == at.ID && len(got.Details) > 0 && !json.Valid(got.Details) {
					t.Errorf("details no longer JSON: %s", got.Details)
				}
			}
		})
	}
	// Details without a secret are kept byte for byte.
	clean := crm.TrainingAttempt{ID: "clean-1", Scenario: "billing-1", Score: 1, MaxScore: 2, Details: json.RawMessage(`{"b":1,"a":"x"}`)}
	var back crm.TrainingAttempt
	r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, clean)
	crmtest.Expect(t, r, 201, "clean")
	r.JSON(t, &back)
	if string(back.Details) != `{"b":1,"a":"x"}` {
		t.Errorf("clean details rewritten: %s", back.Details)
	}
}

// Customer profiles imported from CSV are redacted before the store sees
// them (the store redacts again: crmtest's contract checks it).
func TestImportRedactsCustomers(t *testing.T) {
	csv := "account,name,plan,services,address,phone\n" +
		`ACC-7,"Ana 4111 1111 1111 1111","cvv 123","pin 4321","Elm St 5555-5555-5555-4444","clave 9876"` + "\n"
	list, err := server.ParseCustomersCSV(strings.NewReader(csv), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := list[0]
	if c.Account != "ACC-7" || c.Name != "Ana •••• 1111" || c.Plan != "cvv ***" || c.Services != "pin ****" ||
		c.Address != "Elm St •••• 4444" || c.Phone != "clave ****" {
		t.Errorf("imported %+v", c)
	}
}
