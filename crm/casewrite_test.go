package crm_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// DecideNew is DecideCaseWrite with nothing stored, for new cases only:
// the stores use it in place of deciding inside their transaction.
func TestDecideNew(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	newCase := func(version int, agent string) *cases.Case {
		return &cases.Case{ID: "C-NEW-1", Version: version, Agent: agent, CallType: "bill_increase", CallLang: locales.ES,
			Status: cases.StatusOpen, Notes: "tarjeta 4111 1111 1111 1111", Customer: cases.Customer{Account: "ACC-1"}}
	}
	for _, tc := range []struct {
		name string
		put  crm.CasePut
		nil  bool
	}{
		{"a new case", crm.CasePut{Case: newCase(1, "ana"), Subject: "ana", Role: crm.RoleAgent, CreateOnly: true, Now: now}, false},
		{"a later version", crm.CasePut{Case: newCase(2, "ana"), Subject: "ana", Role: crm.RoleAgent, IfMatch: 1, Now: now}, true},
		{"another agent's case", crm.CasePut{Case: newCase(1, "ben"), Subject: "ana", Role: crm.RoleAgent, Now: now}, true},
		{"If-Match on a new case", crm.CasePut{Case: newCase(1, "ana"), Subject: "ana", Role: crm.RoleAgent, IfMatch: 3, Now: now}, true},
		{"no case", crm.CasePut{Subject: "ana", Role: crm.RoleAgent, Now: now}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := crm.DecideNew(tc.put)
			if (got == nil) != tc.nil {
				t.Fatalf("DecideNew = %+v, want nil: %v", got, tc.nil)
			}
			if got == nil {
				return
			}
			want, err := crm.DecideCaseWrite(nil, nil, tc.put)
			if err != nil || !reflect.DeepEqual(*got, want) {
				t.Fatalf("DecideNew differs from DecideCaseWrite:\n%+v\n%+v %v", *got, want, err)
			}
			if !got.Create || got.Case.CreatedAt != now || string(got.Body) == "" {
				t.Errorf("not a create at crmd's time: %+v", got)
			}
			if strings.Contains(string(got.Body), "1111 1111") {
				t.Errorf("a card number in the body as stored: %s", got.Body)
			}
		})
	}
}

// FuzzDecodeCase feeds crmd's case decoder what a desk, or anyone with a
// token, could send. It must never panic; it must accept and refuse what
// encoding/json accepts and refuses (it stands in for it); and a case it
// accepts must go through the write decision and come back from the body
// crmd would store.
func FuzzDecodeCase(f *testing.F) {
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	seed := &cases.Case{ID: "C-SEED-0001", Version: 1, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES,
		Status: cases.StatusOpen, Notes: "cargo doble; tarjeta 4111 1111 1111 1111", CreatedAt: at,
		Customer:   cases.Customer{Account: "ACC-1", Name: "Lucía García", Currency: "USD"},
		Steps:      []cases.StepProgress{{Step: "introduction", State: cases.StepDone, At: at}},
		Actions:    []cases.Action{{ID: "credit", Amount: 1500, Reason: "late fee", At: at, Role: "agent", Limit: 5000}},
		Values:     map[string]string{"amount": "1500"},
		Escalation: &cases.Escalation{Ticket: "ESC-20261206-ABCDEF", Priority: "high", Reason: "twice", At: at}}
	body, err := json.Marshal(seed)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{string(body), `{}`, `null`, `[]`, `{"id":1}`, `{"version":"1"}`, `{"steps":[{"at":"yesterday"}]}`,
		`{"ID":"C-X","VERSION":1}`, `{"id":"a","id":"b"}`, "{\"notes\":\"\xff\"}", `{"values":{"a":1}}`, `{"actions":[{"amount":1e400}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var got, want cases.Case
		err := crm.DecodeCase(raw, &got)
		werr := json.Unmarshal(raw, &want)
		if (err == nil) != (werr == nil) {
			t.Fatalf("DecodeCase: %v, encoding/json: %v, for %q", err, werr, raw)
		}
		if err != nil {
			return
		}
		got.Agent, got.Version, got.Training = "ana", 1, false
		w, err := crm.DecideCaseWrite(nil, nil, crm.CasePut{Case: &got, Subject: "ana", Role: crm.RoleAgent, Now: at})
		if err != nil {
			return // refused: fine, as long as nothing panicked
		}
		var back cases.Case
		if err := crm.DecodeCase(w.Body, &back); err != nil {
			t.Fatalf("the stored body does not read back: %v\n%s", err, w.Body)
		}
	})
}
