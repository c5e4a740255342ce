package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/training"
)

// secret is a card number, a security code and a PIN as typed into any
// field; none of it may be stored.
const secret = "tarjeta 4111 1111 1111 1111 cvv 123 pin 4321"

func leaks(s string) bool {
	return strings.Contains(s, "4111 1111 1111 1111") || strings.Contains(s, "4111111111111111") || strings.Contains(s, "cvv 123") || strings.Contains(s, "pin 4321")
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
		{"calculator line", func(c *cases.Case) {
			c.Calcs = []cases.Calculation{{Calculator: "roi", Lines: []calculators.Figure{{Key: "k", Kind: calculators.KindText, Text: secret}}}}
		},
			func(c *cases.Case) string { return c.Calcs[0].Lines[0].Text }},
		{"calculator number", func(c *cases.Case) {
			c.Calcs = []cases.Calculation{{Calculator: "roi", Lines: []calculators.Figure{{Key: "k", Kind: calculators.KindNumber, Number: 4111111111111111}}}}
		},
			func(c *cases.Case) string { f := c.Calcs[0].Lines[0]; return fmt.Sprintf("%s %.0f", f.Text, f.Number) }},
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

// A training attempt is stored redacted: crmd's report, which quotes the trainee's name and what they typed.
// Typed answers are redacted before they are judged, so a card said in a
// free response is never quoted, not even as a figure heard; the desk's
// own details are not stored at all.
func TestAttemptRedactedOnCrmd(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	// said puts the secret in what the trainee said at the turn where
	// account figures are listened for.
	said := func(at *training.Attempt) {
		for i, e := range at.Events {
			if e.Turn == "refuse" {
				at.Events[i].Value = "No puedo darle datos de la cuenta por seguridad; " + secret
				return
			}
		}
		t.Fatal("no answer at the refuse turn")
	}
	rows := []struct {
		field string
		set   func(at *training.Attempt, up *crm.TrainingAttempt)
	}{
		{"trainee", func(at *training.Attempt, _ *crm.TrainingAttempt) { at.Trainee = secret }},
		{"free response", func(at *training.Attempt, _ *crm.TrainingAttempt) { said(at) }},
		{"desk details", func(_ *training.Attempt, up *crm.TrainingAttempt) {
			up.Details = json.RawMessage(`{"typed":"` + secret + `","card":4111111111111111}`)
		}},
	}
	exposed := func(s string) bool {
		return leaks(s) || strings.Contains(s, "4111") || strings.Contains(s, "4321")
	}
	for i, row := range rows {
		t.Run(row.field, func(t *testing.T) {
			at := crmtest.PlayAttempt(t, "red-"+string(rune('a'+i)), crmtest.AttemptScenario, nil)
			up := crmtest.AttemptUpload(t, at)
			row.set(&at, &up)
			up.Attempt, _ = json.Marshal(at)
			r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
			crmtest.Expect(t, r, 201, "post")
			if exposed(string(r.Body)) {
				t.Errorf("answer holds the secret: %s", r.Body)
			}
			// Resending the same attempt is still recognised as the same.
			crmtest.Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up), 200, "resend")
			r = a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
			crmtest.Expect(t, r, 200, "list")
			if exposed(string(r.Body)) {
				t.Errorf("stored attempts hold the secret: %s", r.Body)
			}
			var al crm.AttemptList
			r.JSON(t, &al)
			for _, got := range al.Attempts {
				if got.ID == at.ID && !json.Valid(got.Details) {
					t.Errorf("details no longer JSON: %s", got.Details)
				}
			}
		})
	}
	// A refused attempt's answer does not echo the secret either.
	at := crmtest.PlayAttempt(t, "red-refused", crmtest.AttemptScenario, nil)
	at.Scenario = secret
	up := crmtest.AttemptUpload(t, at)
	r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	crmtest.Expect(t, r, 422, "unknown scenario")
	if exposed(string(r.Body)) {
		t.Errorf("refusal holds the secret: %s", r.Body)
	}
	// Nor does a track crmd does not have (never stored: only crmd's
	// tracks are).
	at = crmtest.PlayAttempt(t, "red-track", crmtest.AttemptScenario, nil)
	up = crmtest.AttemptUpload(t, at)
	up.Track = secret
	r = a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	crmtest.Expect(t, r, 422, "unknown track")
	if exposed(string(r.Body)) {
		t.Errorf("refusal holds the secret: %s", r.Body)
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

// A card number in the account column is refused by line, and nothing is
// imported: the account is the profile's key, which redaction cannot
// touch, so the number would be stored and served as it was typed. An
// account of the same length that is no card (the check digit fails) is
// an account.
func TestImportRefusesACardNumberAsAccount(t *testing.T) {
	csv := "account,name\nACC-1,Ana\n4111111111111111,Bob\n4111111111111112,Eva\n"
	_, err := server.ParseCustomersCSV(strings.NewReader(csv), time.Now())
	if err == nil || !strings.Contains(err.Error(), "line 3, column account") {
		t.Fatalf("a card number as an account: %v", err)
	}
	if msg := err.Error(); strings.Contains(msg, "4111") || strings.Contains(msg, "line 4") {
		t.Errorf("report: %s", msg)
	}
}

// A row with a field too few or too many says so, with the counts, rather
// than "not valid CSV", which sends an operator looking for a stray quote.
func TestImportNamesAWrongFieldCount(t *testing.T) {
	_, err := server.ParseCustomersCSV(strings.NewReader("account,name\nA1,Ana,extra\nA2\nA3,Bob\n"), time.Now())
	if err == nil || !strings.Contains(err.Error(), "line 2: 3 fields, the header has 2") || !strings.Contains(err.Error(), "line 3: 1 field, the header has 2") {
		t.Errorf("field counts: %v", err)
	}
}

// A card number typed as a case ID never reaches storage or the log: the
// request is refused. The back-office routes hold their idempotency keys
// to the same rules as case writes, size included.
func TestCardNumbersAreNeverIdentifiers(t *testing.T) {
	r, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	sup := a.Login("sup", crmtest.Password).AccessToken
	card := crmtest.NewCase("4111111111111111", "ana")
	if res := a.PutCase(ana.AccessToken, "case:card:v1", card); res.Status < 400 {
		t.Errorf("a card number as a case ID: %d %s", res.Status, res.Body)
	}
	if _, err := r.Store.GetCase(t.Context(), "4111111111111111"); err == nil {
		t.Error("a case stored under a card number")
	}

	c := crmtest.NewCase("C-KEYS-1", "ana")
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-K1", Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", Status: crm.EscReceived}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-KEYS-1:v1", c), 201, "escalated case")
	for name, key := range map[string]string{
		"too long":   strings.Repeat("k", 900<<10),
		"not ASCII":  "clé-ñ",
		"whitespace": "move C-KEYS-1",
	} {
		res := a.Do("PUT", "/v1/cases/C-KEYS-1/escalation", sup, map[string]string{"Idempotency-Key": key}, crm.EscalationUpdate{Status: crm.EscInProgress})
		if res.Status != 400 {
			t.Errorf("move with %s as its key: %d, want 400", name, res.Status)
		}
		res = a.Do("POST", "/v1/cases/C-KEYS-1/decisions", sup, map[string]string{"Idempotency-Key": key}, crm.ApprovalRequest{Action: 0, Approved: true})
		if res.Status != 400 {
			t.Errorf("decision with %s as its key: %d, want 400", name, res.Status)
		}
	}
	crmtest.Expect(t, a.Do("PUT", "/v1/cases/C-KEYS-1/escalation", sup, map[string]string{"Idempotency-Key": "move:C-KEYS-1:1:in_progress"},
		crm.EscalationUpdate{Status: crm.EscInProgress}), 200, "a move with a desk's key")
	// A desk's key for a resolved conflict ends in a clock reading of 19
	// digits, which may pass a card number's checksum: it is a key.
	v2 := *c
	v2.Version = 2
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-KEYS-1:v2:r1765038593000000007", &v2), 200, "a resolved conflict's key")
}

// A legitimate attempt can hold a number that looks like a card: a seed is
// any number below 2^53 (agentctl drill play --seed), and one in ten of
// the 16-digit ones passes the Luhn check. The stored report keeps no
// card number and still reads back as a report.
func TestAttemptWithACardLikeSeedStaysAReport(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	at := crmtest.PlayAttempt(t, "card-seed", crmtest.AttemptScenario, nil)
	at.Seed = 4111111111111111 // below 2^53, and a test card number
	up := crmtest.AttemptUpload(t, at)
	r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, up)
	crmtest.Expect(t, r, 201, "post")
	storedReport(t, r)
	l := a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
	crmtest.Expect(t, l, 200, "list")
	for _, body := range [][]byte{r.Body, l.Body} {
		if strings.Contains(string(body), "4111111111111111") {
			t.Errorf("a card number is stored: %s", body)
		}
	}
	var al crm.AttemptList
	l.JSON(t, &al)
	if len(al.Attempts) != 1 {
		t.Fatalf("%d attempts stored", len(al.Attempts))
	}
	var rep training.Report
	if err := json.Unmarshal(al.Attempts[0].Details, &rep); err != nil {
		t.Errorf("the stored report does not read back: %v: %s", err, al.Attempts[0].Details)
	}
}
