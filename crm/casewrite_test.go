package crm_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
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

// A profile is written with an account, a time and its free texts
// redacted, whichever store writes it, and the caller's copy is untouched.
func TestCustomerRecord(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	given := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		in      cases.Customer
		wantErr bool
		when    time.Time
		text    string
	}{
		{"stamped now", cases.Customer{Account: "A-1", Name: "Ana"}, false, now, "Ana"},
		{"keeps its time", cases.Customer{Account: "A-2", Name: "Bob", UpdatedAt: given}, false, given, "Bob"},
		{"card redacted", cases.Customer{Account: "A-3", Name: "Eva 4111 1111 1111 1111"}, false, now, "Eva •••• 1111"},
		{"no account", cases.Customer{Account: "  ", Name: "x"}, true, time.Time{}, ""},
	}
	for _, tt := range tests {
		in := tt.in
		rec, body, err := crm.CustomerRecord(&in, now)
		if tt.wantErr {
			if cases.ErrorCode(err) != cases.EInvalid {
				t.Errorf("%s: error %v, want invalid", tt.name, err)
			}
			continue
		}
		if err != nil || !rec.UpdatedAt.Equal(tt.when) || rec.Name != tt.text {
			t.Errorf("%s: %+v %v", tt.name, rec, err)
		}
		var back cases.Customer
		if err := json.Unmarshal(body, &back); err != nil || back.Name != tt.text || back.Account != tt.in.Account {
			t.Errorf("%s: body %s (%v)", tt.name, body, err)
		}
		if in != tt.in {
			t.Errorf("%s: the caller's profile changed to %+v", tt.name, in)
		}
	}
}

// Each amount is checked against the role's authority whatever the body
// claims; an amount no desk records (negative, or past every bound) is
// refused, never approved.
func TestDecideCaseWriteAmounts(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	pol := crmtest.Policy
	limit := pol.AuthorityMinor(string(crm.RoleAgent))
	for _, tc := range []struct {
		name             string
		amount           int64
		approved, refuse bool
	}{
		{"within authority", limit, true, false},
		{"above it", limit + 1, false, false},
		{"negative", -5, false, true},
		{"the smallest int64", math.MinInt64, false, true},
		{"past every bound", math.MaxInt64, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &cases.Case{ID: "C-AMT-1", Version: 1, Agent: "ana", CallType: "bill_increase", CallLang: locales.ES, Status: cases.StatusOpen,
				Customer: cases.Customer{Account: "ACC-1"}, Actions: []cases.Action{{ID: "refund", Amount: tc.amount, Approved: true}}}
			w, err := crm.DecideCaseWrite(nil, nil, crm.CasePut{Case: c, Subject: "ana", Role: crm.RoleAgent, Policy: pol, CreateOnly: true, Now: now})
			if tc.refuse {
				if cases.ErrorCode(err) != cases.EInvalid {
					t.Fatalf("error %v, want invalid (%+v)", err, w.Case)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a := w.Case.Actions[0]; a.Approved != tc.approved || a.Pending == tc.approved {
				t.Errorf("approved %v pending %v, want approved %v", a.Approved, a.Pending, tc.approved)
			}
		})
	}
}
