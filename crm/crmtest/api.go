package crmtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/server"
)

// Env is what RunAPI needs: a running crmd, an admin account, and one
// customer known to be there.
type Env struct {
	URL           string
	Admin, Pass   string
	Account       string // a customer account that exists
	CustomerQuery string // a search that finds it
	MetricsToken  string // the token that opens /metrics on the API
}

// NewCase returns a valid case for agent at version 1.
func NewCase(id, agent string) *cases.Case {
	now := time.Now().UTC().Truncate(time.Millisecond)
	return &cases.Case{ID: id, Version: 1, Agent: agent, Role: "agent", Status: cases.StatusOpen, CallType: "billing_dispute",
		CallLang: "es", Customer: cases.Customer{Account: "ACC-1001", Name: "Lucía García", Currency: "EUR"},
		Notes: "called about the bill", CreatedAt: now, UpdatedAt: now}
}

// PutCase sends c with key and the If-Match its version implies.
func (a *API) PutCase(token, key string, c *cases.Case) *Resp {
	a.T.Helper()
	h := map[string]string{"Idempotency-Key": key}
	if c.Version > 1 {
		h["If-Match"] = etag(c.Version - 1)
	}
	return a.Do("PUT", "/v1/cases/"+c.ID, token, h, c)
}

func etag(v int) string { return `"` + strconv.Itoa(v) + `"` }

// RunAPI walks the whole /v1 API as the desktop, the back office, a
// trainee and an admin would, against any store.
func RunAPI(t *testing.T, env Env) {
	a := NewAPI(t, env.URL)

	t.Run("public", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		Expect(t, a.Do("GET", "/healthz", "", nil, nil), 200, "healthz")
		r := a.Do("GET", "/openapi.yaml", "", nil, nil)
		Expect(t, r, 200, "openapi")
		if !strings.Contains(string(r.Body), "openapi: 3") {
			t.Errorf("openapi.yaml does not look like OpenAPI 3")
		}
		var jwks server.JWKS
		r = a.Do("GET", "/v1/auth/jwks.json", "", nil, nil)
		Expect(t, r, 200, "jwks")
		r.JSON(t, &jwks)
		if len(jwks.Keys) == 0 || jwks.Keys[0].Kty != "OKP" || jwks.Keys[0].Alg != "EdDSA" {
			t.Errorf("jwks: %+v", jwks)
		}
		// /metrics is on the API only for the metrics token: not for
		// anyone, nor for a user's access token.
		if r := a.Do("GET", "/metrics", "", nil, nil); r.Status != 401 && r.Status != 404 {
			t.Errorf("/metrics without a token: %d", r.Status)
		}
		if r := a.Do("GET", "/metrics", "not-the-token", nil, nil); r.Status != 401 && r.Status != 404 {
			t.Errorf("/metrics with a wrong token: %d", r.Status)
		}
		if env.MetricsToken != "" {
			r = a.Do("GET", "/metrics", env.MetricsToken, nil, nil)
			Expect(t, r, 200, "metrics")
			if !strings.Contains(string(r.Body), "crmd_http_requests_total") {
				t.Errorf("metrics lack crmd_http_requests_total")
			}
		}
	})

	admin := a.Login(env.Admin, env.Pass)
	for _, u := range []crm.NewUser{nu("sup", crm.RoleSupervisor, Password), nu("ana", crm.RoleAgent, Password), nu("ben", crm.RoleAgent, Password), nu("tia", crm.RoleTrainee, Password)} {
		Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, u), 201, "create "+u.Username)
	}
	Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, nu("ana", crm.RoleAgent, Password)), 409, "duplicate user")
	Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, nu("zed", crm.RoleAgent, "short")), 422, "weak password")
	sup, ana, ben, tia := a.Login("sup", Password), a.Login("ana", Password), a.Login("ben", Password), a.Login("tia", Password)
	if tia.Role != crm.RoleTrainee || ana.Role != crm.RoleAgent {
		t.Fatalf("roles: %v %v", tia.Role, ana.Role)
	}
	Expect(t, a.Do("POST", "/v1/users", ana.AccessToken, nil, nu("eve", crm.RoleAdmin, Password)), 403, "agent creates a user")
	r := a.Do("GET", "/v1/users", admin.AccessToken, nil, nil)
	Expect(t, r, 200, "list users")
	if strings.Contains(string(r.Body), "argon2") {
		t.Fatal("user list shows password hashes")
	}
	// The accounts come in pages like every other list, and following
	// the pages gives every account once.
	type userPage struct {
		Users []crm.User `json:"users"`
		Next  string     `json:"next"`
	}
	var whole userPage
	r.JSON(t, &whole)
	if whole.Next != "" || len(whole.Users) < 5 {
		t.Fatalf("one page of a small centre's accounts: %s", r.Body)
	}
	var paged []string
	for q, pages := "limit=2", 0; ; pages++ {
		if pages > len(whole.Users) {
			t.Fatalf("the user list does not end: %v", paged)
		}
		r := a.Do("GET", "/v1/users?"+q, admin.AccessToken, nil, nil)
		Expect(t, r, 200, "a page of users")
		var page userPage
		r.JSON(t, &page)
		if len(page.Users) > 2 {
			t.Fatalf("a page of %d users under limit=2", len(page.Users))
		}
		for _, u := range page.Users {
			paged = append(paged, u.Username)
		}
		if page.Next == "" {
			break
		}
		q = "limit=2&cursor=" + url.QueryEscape(page.Next)
	}
	var all []string
	for _, u := range whole.Users {
		all = append(all, u.Username)
	}
	slices.Sort(all)
	slices.Sort(paged)
	if !slices.Equal(all, paged) {
		t.Errorf("users by pages %v, in one %v", paged, all)
	}
	for _, q := range []string{"limit=0", "limit=1001", "cursor=nonsense", "updated_since=yesterday"} {
		Expect(t, a.Do("GET", "/v1/users?"+q, admin.AccessToken, nil, nil), 400, "users with "+q)
	}

	t.Run("login", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		for _, tc := range []struct{ user, pass string }{{"ana", "wrong-password!"}, {"nobody", Password}, {"Bad Name", Password}} {
			r := a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: tc.user, Password: tc.pass})
			Expect(t, r, 401, "login "+tc.user)
			if r.Header.Get("WWW-Authenticate") == "" || r.Code() != crm.CodeUnauthorized {
				t.Errorf("login refusal: %v %s", r.Header, r.Body)
			}
		}
	})

	t.Run("customers", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		r := a.Do("GET", "/v1/customers/"+env.Account, ana.AccessToken, nil, nil)
		Expect(t, r, 200, "get customer")
		var c cases.Customer
		r.JSON(t, &c)
		if c.Account != env.Account {
			t.Errorf("customer %q", c.Account)
		}
		Expect(t, a.Do("GET", "/v1/customers/NOPE-0", ana.AccessToken, nil, nil), 404, "missing customer")
		r = a.Do("GET", "/v1/customers?q="+env.CustomerQuery, sup.AccessToken, nil, nil)
		Expect(t, r, 200, "search")
		var cl crm.CustomerList
		r.JSON(t, &cl)
		if len(cl.Customers) == 0 {
			t.Errorf("search %q found nothing", env.CustomerQuery)
		}
		Expect(t, a.Do("GET", "/v1/customers?q=a", ana.AccessToken, nil, nil), 400, "one-letter search")
		// Bytes that are not text are refused alike on both stores.
		Expect(t, a.Do("GET", "/v1/customers?q=%00a", ana.AccessToken, nil, nil), 400, "a NUL in a search")
		Expect(t, a.Do("GET", "/v1/customers?q=%C3%28x", ana.AccessToken, nil, nil), 400, "a search that is not UTF-8")
		Expect(t, a.Do("GET", "/v1/customers/AC%00C", ana.AccessToken, nil, nil), 404, "a NUL in an account")
		Expect(t, a.Do("GET", "/v1/customers/"+env.Account, tia.AccessToken, nil, nil), 401, "trainee reads a customer")
		Expect(t, a.Do("GET", "/v1/customers/"+env.Account, admin.AccessToken, nil, nil), 403, "admin reads a customer")
	})

	t.Run("cases", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		c := NewCase("C-API-1", "ana")
		c.Notes = "card 4111 1111 1111 1111, cvv 123"
		r := a.Do("PUT", "/v1/cases/"+c.ID, ana.AccessToken, nil, c)
		Expect(t, r, 400, "PUT without Idempotency-Key")
		r = a.PutCase(ana.AccessToken, "case:C-API-1:v1", c)
		Expect(t, r, 201, "create")
		var res crm.CaseResult
		r.JSON(t, &res)
		if res.Version != 1 || r.Header.Get("ETag") != `"1"` {
			t.Fatalf("create: %+v %q", res, r.Header.Get("ETag"))
		}
		r2 := a.PutCase(ana.AccessToken, "case:C-API-1:v1", c)
		Expect(t, r2, 201, "replay")
		if string(r2.Body) != string(r.Body) || r2.Header.Get("Idempotency-Replayed") != "true" {
			t.Errorf("replay: %s %v", r2.Body, r2.Header)
		}
		other := *c
		other.Notes = "something else"
		r = a.PutCase(ana.AccessToken, "case:C-API-1:v1", &other)
		Expect(t, r, 422, "key reused with another body")
		if r.Code() != crm.CodeIdempotencyReused {
			t.Errorf("code %q", r.Code())
		}
		// A case is its agent's: a supervisor cannot write it through
		// PUT, and ana's key does not stand in the way of the
		// supervisor's own write under the same key.
		Expect(t, a.PutCase(sup.AccessToken, "case:C-API-1:v1", c), 403, "another user's case")
		Expect(t, a.PutCase(sup.AccessToken, "case:C-API-1:v1", NewCase("C-API-SUP", "sup")), 201, "the same key, another user")

		got := a.Do("GET", "/v1/cases/C-API-1", ana.AccessToken, nil, nil)
		Expect(t, got, 200, "get")
		if strings.Contains(string(got.Body), "4111 1111 1111 1111") || strings.Contains(string(got.Body), "cvv 123") {
			t.Errorf("a card number or security code was stored: %s", got.Body)
		}
		var stored cases.Case
		got.JSON(t, &stored)

		// What one store takes the other takes too: a NUL in a text
		// (which PostgreSQL refuses in a body) is dropped, and an account
		// longer than an account is refused for good, not answered 500.
		nul := NewCase("C-API-NUL", "ana")
		nul.Notes, nul.Values = "before\x00after", map[string]string{"x\x00": "y\x00"}
		Expect(t, a.PutCase(ana.AccessToken, "case:C-API-NUL:v1", nul), 201, "a NUL in the notes")
		got = a.Do("GET", "/v1/cases/C-API-NUL", ana.AccessToken, nil, nil)
		var nulBack cases.Case
		got.JSON(t, &nulBack)
		if nulBack.Notes != "beforeafter" || nulBack.Values["x"] != "y" {
			t.Errorf("NUL: notes %q values %q", nulBack.Notes, nulBack.Values)
		}
		long := NewCase("C-API-LONG", "ana")
		long.Customer.Account = strings.Repeat("9", 3000)
		Expect(t, a.PutCase(ana.AccessToken, "case:C-API-LONG:v1", long), 422, "an account of 3,000 characters")
		// One of 80, as a desk of an earlier release could write, still
		// takes its cases (and their next versions).
		long.Customer.Account = strings.Repeat("9", 80)
		Expect(t, a.PutCase(ana.AccessToken, "case:C-API-LONG:v1b", long), 201, "an account of 80 characters")

		stored.Version = 2
		stored.Notes = "second save"
		r = a.Do("PUT", "/v1/cases/C-API-1", ana.AccessToken, map[string]string{"Idempotency-Key": "case:C-API-1:v2"}, &stored)
		Expect(t, r, 428, "update without If-Match")
		r = a.PutCase(ana.AccessToken, "case:C-API-1:v2", &stored)
		Expect(t, r, 200, "update")
		r.JSON(t, &res)
		if res.Version != 2 {
			t.Errorf("version %d", res.Version)
		}
		stale := stored
		stale.Notes = "made from version 1"
		r = a.Do("PUT", "/v1/cases/C-API-1", ana.AccessToken, map[string]string{"Idempotency-Key": "other-desk:1", "If-Match": `"1"`}, &stale)
		Expect(t, r, 412, "stale If-Match")
		var eb crm.ErrorBody
		r.JSON(t, &eb)
		if eb.Error.CurrentVersion != 2 || eb.Error.Code != crm.CodePreconditionFailed {
			t.Errorf("412 body: %+v", eb)
		}
		fresh := NewCase("C-API-1", "ana")
		r = a.Do("PUT", "/v1/cases/C-API-1", ana.AccessToken, map[string]string{"Idempotency-Key": "k-create-again", "If-None-Match": "*"}, fresh)
		Expect(t, r, 412, "create over an existing case")
		r = a.Do("PUT", "/v1/cases/C-API-1", ana.AccessToken, map[string]string{"Idempotency-Key": "k-bad-version", "If-Match": `"2"`}, fresh)
		Expect(t, r, 422, "version that does not follow If-Match")

		Expect(t, a.Do("GET", "/v1/cases/C-API-1", ben.AccessToken, nil, nil), 404, "another agent's case")
		bc := stored
		bc.Agent, bc.Version = "ben", 3
		Expect(t, a.PutCase(ben.AccessToken, "ben:1", &bc), 403, "agent writes another's case")
		bn := NewCase("C-API-2", "ana")
		Expect(t, a.PutCase(ben.AccessToken, "ben:2", bn), 403, "agent writes a case in another's name")
		Expect(t, a.Do("GET", "/v1/cases/C-API-1", sup.AccessToken, nil, nil), 200, "supervisor reads any case")

		tc := NewCase("C-API-T", "ana")
		tc.Training = true
		r = a.PutCase(ana.AccessToken, "case:C-API-T:v1", tc)
		Expect(t, r, 403, "training case on a production route")
		if r.Code() != crm.CodeTrainingCase {
			t.Errorf("code %q", r.Code())
		}
		Expect(t, a.PutCase(tia.AccessToken, "case:C-API-3:v1", NewCase("C-API-3", "tia")), 401, "trainee writes a case")

		r = a.Do("PUT", "/v1/cases/C-API-9", ana.AccessToken, map[string]string{"Idempotency-Key": "big", "Content-Type": "application/json"}, []byte(`{"id":"C-API-9","notes":"`+strings.Repeat("x", server.MaxBodyBytes)+`"}`))
		Expect(t, r, 413, "body over 1 MiB")
		r = a.Do("PUT", "/v1/cases/C-API-9", ana.AccessToken, map[string]string{"Idempotency-Key": "txt", "Content-Type": "text/plain"}, []byte(`{}`))
		Expect(t, r, 415, "not JSON")

		// Paging through updated_since with a cursor.
		since := time.Now().Add(-time.Second).UTC()
		for i := range 5 {
			id := "C-PAGE-" + strconv.Itoa(i)
			Expect(t, a.PutCase(ben.AccessToken, "case:"+id+":v1", NewCase(id, "ben")), 201, "page case")
		}
		seen := map[string]bool{}
		path := "/v1/cases?limit=2&updated_since=" + since.Format(time.RFC3339Nano)
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("paging does not end")
			}
			r := a.Do("GET", path, ben.AccessToken, nil, nil)
			Expect(t, r, 200, "list")
			var cl crm.CaseList
			r.JSON(t, &cl)
			for _, c := range cl.Cases {
				if c.Agent != "ben" || seen[c.ID] {
					t.Errorf("list: %s of %s (seen %v)", c.ID, c.Agent, seen[c.ID])
				}
				seen[c.ID] = true
			}
			if cl.Next == "" {
				break
			}
			path = "/v1/cases?limit=2&cursor=" + cl.Next
		}
		if len(seen) != 5 {
			t.Errorf("paged %d cases, want 5", len(seen))
		}
		r = a.Do("GET", "/v1/cases?limit=1000", sup.AccessToken, nil, nil)
		var all crm.CaseList
		r.JSON(t, &all)
		if len(all.Cases) < 6 {
			t.Errorf("supervisor lists %d cases", len(all.Cases))
		}
		Expect(t, a.Do("GET", "/v1/cases?updated_since=yesterday", ana.AccessToken, nil, nil), 400, "bad updated_since")
		farPast := base64.RawURLEncoding.EncodeToString([]byte("-9000000000000000000:C-API-1"))
		Expect(t, a.Do("GET", "/v1/cases?cursor="+farPast, ana.AccessToken, nil, nil), 400, "a cursor of year -285,000")
	})

	t.Run("escalations", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		c := NewCase("C-ESC-1", "ana")
		c.Status = cases.StatusEscalated
		c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0001", Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", At: c.CreatedAt, Status: crm.EscReceived}
		Expect(t, a.PutCase(ana.AccessToken, "case:C-ESC-1:v1", c), 201, "escalated case")
		Expect(t, a.Do("PUT", "/v1/cases/C-ESC-1/escalation", ana.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscResolved}), 403, "agent sets status")
		Expect(t, a.Do("PUT", "/v1/cases/C-API-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscResolved, Resolution: "x"}), 404, "case without escalation")
		Expect(t, a.Do("PUT", "/v1/cases/C-ESC-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscResolved}), 422, "resolved without a resolution")
		Expect(t, a.Do("PUT", "/v1/cases/C-ESC-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: "lost"}), 422, "unknown status")
		// A resolution typed before another state was picked does not ride
		// along: only a resolved escalation has one.
		r := a.Do("PUT", "/v1/cases/C-ESC-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscInProgress, Note: "PIN 1234 given", Resolution: "Refund issued"})
		Expect(t, r, 200, "back office status")
		var st crm.EscalationStatus
		r.JSON(t, &st)
		if st.Status != crm.EscInProgress || st.UpdatedBy != "sup" || strings.Contains(st.Note, "1234") || st.Resolution != "" {
			t.Errorf("status: %+v", st)
		}
		r = a.Do("GET", "/v1/escalations", ana.AccessToken, nil, nil)
		Expect(t, r, 200, "agent pulls")
		var el crm.EscalationList
		r.JSON(t, &el)
		if len(el.Escalations) != 1 || el.Escalations[0].Status != crm.EscInProgress {
			t.Errorf("agent sees %+v", el)
		}
		r = a.Do("GET", "/v1/escalations", ben.AccessToken, nil, nil)
		r.JSON(t, &el)
		if len(el.Escalations) != 0 {
			t.Errorf("another agent sees %+v", el)
		}
		// The agent saves again with the status they knew: the back
		// office's status stands.
		c.Version = 2
		Expect(t, a.PutCase(ana.AccessToken, "case:C-ESC-1:v2", c), 200, "agent saves")
		r = a.Do("GET", "/v1/cases/C-ESC-1", ana.AccessToken, nil, nil)
		var got cases.Case
		r.JSON(t, &got)
		if got.Escalation == nil || got.Escalation.Status != crm.EscInProgress {
			t.Errorf("case escalation %+v", got.Escalation)
		}
	})

	t.Run("back-office", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		// An agent's body claims what is crmd's: a resolved escalation, a
		// self-approved credit above authority (within the supervisor's,
		// who approves it below), another role, a created time of its own.
		c := NewCase("C-BO-1", "ana")
		c.Role, c.Status = crm.RoleAdmin, cases.StatusEscalated
		c.CreatedAt = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
		c.Actions = []cases.Action{{ID: "credit", Amount: 20000, Reason: "goodwill", At: c.UpdatedAt, Role: crm.RoleAdmin, Limit: 100000000, Approved: true,
			Decision: &cases.Decision{Approved: true, By: "ana"}}}
		c.Escalation = &cases.Escalation{Ticket: "ESC-BO-1", Criteria: []string{"exceeds_authority"}, Priority: "high", Reason: "credit", At: c.UpdatedAt,
			Status: "pwned", Resolution: "done"}
		Expect(t, a.PutCase(ana.AccessToken, "case:C-BO-1:v1", c), 201, "escalated case")
		var got cases.Case
		a.Do("GET", "/v1/cases/C-BO-1", sup.AccessToken, nil, nil).JSON(t, &got)
		if got.Role != crm.RoleAgent || got.CreatedAt.Year() == 2001 || got.Escalation.Status != crm.EscReceived || got.Escalation.Resolution != "" ||
			got.Actions[0].Approved || !got.Actions[0].Pending || got.Actions[0].Decision != nil || got.Actions[0].Role != crm.RoleAgent || got.Actions[0].Limit >= 100000000 {
			t.Fatalf("crmd took what is its own from the body: %+v %+v %+v", got, got.Escalation, got.Actions)
		}
		if got.Escalation.DueAt.Sub(got.Escalation.ReceivedAt) != 24*time.Hour {
			t.Errorf("due %s after receipt, want the high priority's 24 h", got.Escalation.DueAt.Sub(got.Escalation.ReceivedAt))
		}

		// The team's routes are the back office's.
		for _, rt := range []struct{ method, path string }{
			{"GET", "/v1/team/escalations"}, {"PUT", "/v1/cases/C-BO-1/escalation"}, {"POST", "/v1/cases/C-BO-1/decisions"},
		} {
			Expect(t, a.Do(rt.method, rt.path, ana.AccessToken, nil, map[string]any{"status": "in_progress", "action": 0, "approved": true}), 403, "agent on "+rt.path)
		}

		// A NUL in a note or a comment is dropped, as in a case's texts:
		// PostgreSQL would refuse it (a 500) where SQLite took it.
		r := a.Do("PUT", "/v1/cases/C-BO-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscInProgress, Note: "calling the bank\x00"})
		Expect(t, r, 200, "in progress")
		// A decision names the amount the supervisor saw: another amount
		// at that position now is refused, not decided in its place.
		held := got.Actions[0]
		Expect(t, a.Do("POST", "/v1/cases/C-BO-1/decisions", sup.AccessToken, nil,
			crm.ApprovalRequest{Action: 0, Approved: true, ActionID: held.ID, Amount: held.Amount - 1}), 409, "another amount than the one shown")
		r = a.Do("POST", "/v1/cases/C-BO-1/decisions", sup.AccessToken, nil, crm.ApprovalRequest{Action: 0, Approved: true, Comment: "approved\x00, card 4111 1111 1111 1111",
			ActionID: held.ID, Amount: held.Amount})
		Expect(t, r, 200, "approve")
		var st crm.EscalationStatus
		r.JSON(t, &st)
		if len(st.Decisions) != 1 || !st.Decisions[0].Approved || st.Decisions[0].By != "sup" || strings.Contains(st.Decisions[0].Comment, "4111") {
			t.Errorf("decision: %+v", st.Decisions)
		}
		Expect(t, a.Do("POST", "/v1/cases/C-BO-1/decisions", sup.AccessToken, nil, crm.ApprovalRequest{Action: 0}), 409, "decided twice")
		Expect(t, a.Do("PUT", "/v1/cases/C-BO-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscRejected, Note: "no"}), 200, "rejected")
		r = a.Do("PUT", "/v1/cases/C-BO-1/escalation", sup.AccessToken, nil, crm.EscalationUpdate{Status: crm.EscInProgress})
		Expect(t, r, 409, "out of a final state")
		if r.Code() != crm.CodeTransition {
			t.Errorf("code %q", r.Code())
		}

		r = a.Do("GET", "/v1/team/escalations", sup.AccessToken, nil, nil)
		Expect(t, r, 200, "team")
		var team crm.TeamList
		r.JSON(t, &team)
		var mine *cases.Case
		for _, tc := range team.Cases {
			if tc.ID == "C-BO-1" {
				mine = tc
			}
		}
		if mine == nil || mine.Escalation.Status != crm.EscRejected || len(mine.Escalation.History) != 2 || mine.Actions[0].Decision == nil {
			t.Fatalf("team list: %+v", mine)
		}
		h := mine.Escalation.History
		if h[0].From != crm.EscReceived || h[0].To != crm.EscInProgress || h[0].By != "sup" || h[0].Comment != "calling the bank" || h[1].To != crm.EscRejected {
			t.Errorf("history %+v", h)
		}

		// The agent's desk learns it all on its next pull.
		r = a.Do("GET", "/v1/escalations", ana.AccessToken, nil, nil)
		var el crm.EscalationList
		r.JSON(t, &el)
		var pulled *crm.EscalationStatus
		for i := range el.Escalations {
			if el.Escalations[i].CaseID == "C-BO-1" {
				pulled = &el.Escalations[i]
			}
		}
		if pulled == nil || pulled.Status != crm.EscRejected || len(pulled.History) != 2 || len(pulled.Decisions) != 1 {
			t.Errorf("agent pulls %+v", pulled)
		}
	})

	t.Run("batch", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		item := func(c *cases.Case, key string, base int) crm.BatchItem {
			b, _ := json.Marshal(c)
			return crm.BatchItem{ID: c.ID, Key: key, Base: base, Case: b}
		}
		first := NewCase("C-BATCH-1", "ana")
		second := NewCase("C-BATCH-2", "ana")
		bens := NewCase("C-BATCH-3", "ben")
		req := crm.BatchRequest{Items: []crm.BatchItem{item(first, "case:C-BATCH-1:v1", 0), item(second, "case:C-BATCH-2:v1", 0), item(bens, "case:C-BATCH-3:v1", 0)}}
		r := a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, req)
		Expect(t, r, 200, "batch")
		var res crm.BatchResponse
		r.JSON(t, &res)
		if len(res.Results) != 3 || res.Results[0].Outcome != crm.BatchCreated || res.Results[1].Outcome != crm.BatchCreated ||
			res.Results[2].Outcome != crm.BatchRefused || res.Results[2].Code != crm.CodeForbidden {
			t.Fatalf("results %+v", res.Results)
		}
		// Sent again: replayed, and a case sent alone after under its
		// batch key is the same write.
		r = a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, crm.BatchRequest{Items: req.Items[:1]})
		r.JSON(t, &res)
		if res.Results[0].Outcome != crm.BatchReplayed || res.Results[0].Version != 1 {
			t.Errorf("resent: %+v", res.Results)
		}
		Expect(t, a.PutCase(ana.AccessToken, "case:C-BATCH-1:v1", first), 201, "the same write alone")
		v2 := *first
		v2.Version, v2.Notes = 2, "later"
		stale := *first
		stale.Version, stale.Notes = 2, "from a desk that missed v2"
		r = a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, crm.BatchRequest{Items: []crm.BatchItem{item(&v2, "case:C-BATCH-1:v2", 1)}})
		r.JSON(t, &res)
		if res.Results[0].Outcome != crm.BatchUpdated || res.Results[0].Version != 2 {
			t.Errorf("update: %+v", res.Results)
		}
		r = a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, crm.BatchRequest{Items: []crm.BatchItem{item(&stale, "other-desk:C-BATCH-1:v2", 1)}})
		r.JSON(t, &res)
		if res.Results[0].Outcome != crm.BatchConflict || res.Results[0].CurrentVersion != 2 {
			t.Errorf("conflict: %+v", res.Results)
		}
		Expect(t, a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, crm.BatchRequest{}), 422, "empty batch")
		// One item over a single case's cap is refused; its neighbour goes.
		big := NewCase("C-BATCH-4", "ana")
		big.Notes = strings.Repeat("n", crm.MaxCaseBytes)
		r = a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, crm.BatchRequest{Items: []crm.BatchItem{
			item(big, "case:C-BATCH-4:v1", 0), item(NewCase("C-BATCH-5", "ana"), "case:C-BATCH-5:v1", 0)}})
		Expect(t, r, 200, "a batch with a case too large")
		r.JSON(t, &res)
		if res.Results[0].Outcome != crm.BatchRefused || res.Results[0].Code != crm.CodeTooLarge || res.Results[1].Outcome != crm.BatchCreated {
			t.Errorf("too large in a batch: %+v", res.Results)
		}
	})

	t.Run("escalation-pages", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		for i := range 3 {
			c := NewCase("C-ESCP-"+strconv.Itoa(i), "ben")
			c.Status = cases.StatusEscalated
			c.Escalation = &cases.Escalation{Ticket: "ESC-P" + strconv.Itoa(i), Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", At: c.CreatedAt}
			Expect(t, a.PutCase(ben.AccessToken, "case:C-ESCP-"+strconv.Itoa(i)+":v1", c), 201, "escalated case")
		}
		seen := map[string]bool{}
		path := "/v1/escalations?limit=1"
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("the pages never end")
			}
			r := a.Do("GET", path, ben.AccessToken, nil, nil)
			Expect(t, r, 200, "a page of statuses")
			var el crm.EscalationList
			r.JSON(t, &el)
			for _, st := range el.Escalations {
				if seen[st.CaseID] {
					t.Errorf("%s twice", st.CaseID)
				}
				seen[st.CaseID] = true
			}
			if el.Next == "" {
				break
			}
			path = "/v1/escalations?limit=1&cursor=" + url.QueryEscape(el.Next)
		}
		if len(seen) != 3 {
			t.Errorf("paged through %v", seen)
		}
	})

	t.Run("playbook", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		r := a.Do("GET", "/v1/playbook", ana.AccessToken, nil, nil)
		Expect(t, r, 200, "built-in pack")
		var pack crm.PlaybookPack
		r.JSON(t, &pack)
		if len(pack.Files) == 0 || pack.SHA256 == "" {
			t.Fatalf("pack: version %d, %d files", pack.Version, len(pack.Files))
		}
		Expect(t, a.Do("GET", "/v1/playbook", ana.AccessToken, map[string]string{"If-None-Match": r.Header.Get("ETag")}, nil), 304, "unchanged")
		Expect(t, a.Do("PUT", "/v1/playbook", ana.AccessToken, nil, crm.PlaybookUpload{Files: pack.Files}), 403, "agent publishes")
		broken := map[string]string{}
		for k, v := range pack.Files {
			broken[k] = v
		}
		broken["flow.toml"] = "[meta\nname = "
		r = a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: broken})
		Expect(t, r, 422, "broken pack")
		var eb crm.ErrorBody
		r.JSON(t, &eb)
		if eb.Error.Code != crm.CodeInvalidPlaybook || len(eb.Error.Issues) == 0 {
			t.Errorf("broken pack: %+v", eb)
		}
		// The same as codes a desk translates, naming the file as uploaded.
		if p := eb.Error.Problems; len(p) == 0 || p[0].File != "flow.toml" || p[0].Code != "syntax" || p[0].Line != 2 {
			t.Errorf("broken pack's problems: %d, the first %+v", len(p), p[:min(len(p), 1)])
		}
		// A pack of thousands of unknown keys: the answer names the first
		// issues and counts the rest, rather than listing every one.
		var many strings.Builder
		for i := range 5000 {
			fmt.Fprintf(&many, "k%d = 1\n", i)
		}
		r = a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: map[string]string{"flow.toml": many.String()}})
		Expect(t, r, 422, "a pack of unknown keys")
		eb = crm.ErrorBody{}
		r.JSON(t, &eb)
		if n := len(eb.Error.Issues); n == 0 || n > crm.MaxIssues+1 || !strings.Contains(eb.Error.Issues[n-1], "more") {
			t.Errorf("%d issues answered, the last %q", n, eb.Error.Issues[n-1])
		}
		if p := eb.Error.Problems; len(p) != crm.MaxIssues || eb.Error.MoreProblems == 0 || len(p)+eb.Error.MoreProblems != len(eb.Error.Issues)-1+eb.Error.MoreProblems {
			t.Errorf("%d problems and %d more", len(p), eb.Error.MoreProblems)
		}
		r = a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: map[string]string{"../x.toml": "a=1"}})
		Expect(t, r, 422, "path in a file name")
		eb = crm.ErrorBody{}
		r.JSON(t, &eb)
		if p := eb.Error.Problems; len(p) != 1 || p[0].Code != "pack_file_name" || p[0].File != "../x.toml" {
			t.Errorf("a file name refused: %+v", p)
		}
		// A card number written into content would reach every desk.
		carded := map[string]string{}
		for k, v := range pack.Files {
			carded[k] = v
		}
		carded["zz_sample.toml"] = "[[template]]\nid = \"closing.sample\"\ncategory = \"closing\"\ntitle = { es = \"Ejemplo\", en = \"Sample\" }\n" +
			"tags = [\"ejemplo\"]\ntext = { es = \"Pruebe con 4111 1111 1111 1111.\", en = \"Try 4111 1111 1111 1111.\" }\n"
		r = a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: carded})
		Expect(t, r, 422, "a card number in a template")
		if strings.Contains(string(r.Body), "4111") || !strings.Contains(string(r.Body), "card_in_text") {
			t.Errorf("the refusal: %s", r.Body)
		}
		// Nor anywhere else in a file: a tag, a comment.
		for name, extra := range map[string]string{
			"a tag":     "[[template]]\nid = \"closing.tagged\"\ncategory = \"closing\"\ntitle = { es = \"E\", en = \"E\" }\ntags = [\"4111 1111 1111 1111\"]\ntext = { es = \"Hola.\", en = \"Hello.\" }\n",
			"a comment": "# sample card 4111 1111 1111 1111\n",
		} {
			carded["zz_sample.toml"] = extra
			Expect(t, a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: carded}), 422, "a card number in "+name)
		}
		// A number that is not written by a person for a person (a build
		// stamp as the pack's version, which passes the card checksum) is
		// no card.
		stamped := map[string]string{}
		for k, v := range pack.Files {
			if strings.Contains(v, "[meta]") {
				v = regexp.MustCompile(`(?m)^version = "[^"]*"`).ReplaceAllString(v, `version = "20261123103008"`)
			}
			stamped[k] = v
		}
		Expect(t, a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: stamped}), 201, "a version that passes the card checksum")
		// A script may name a PIN beside a phone number, and a key named
		// "pin" may sit above a number: neither is a secret.
		phone := map[string]string{}
		for k, v := range pack.Files {
			phone[k] = v
		}
		phone["zz_sample.toml"] = "[[template]]\nid = \"closing.pin_help\"\ncategory = \"closing\"\ntitle = { es = \"PIN olvidado\", en = \"Forgotten PIN\" }\n" +
			"tags = [\"pin\"]\ntext = { es = \"Para cambiar su PIN, llame al 0800 2345 678.\", en = \"To reset your PIN, call 0800 2345 678.\" }\n"
		Expect(t, a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: phone}), 201, "a script that names a PIN and a phone number")
		r = a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: pack.Files})
		Expect(t, r, 201, "publish")
		var pub crm.PlaybookPack
		r.JSON(t, &pub)
		if pub.Version < 1 || pub.PublishedBy != "sup" {
			t.Errorf("published %+v", pub)
		}
		r = a.Do("GET", "/v1/training/playbook", tia.AccessToken, nil, nil)
		Expect(t, r, 200, "trainee reads the training playbook")
		r.JSON(t, &pack)
		if pack.Version != pub.Version {
			t.Errorf("trainee got version %d, want %d", pack.Version, pub.Version)
		}
		Expect(t, a.Do("GET", "/v1/playbook", tia.AccessToken, nil, nil), 401, "trainee on the production playbook")
	})

	t.Run("training", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		// A failing attempt (it reads the balance before verifying) whose
		// desk claims 100 and a pass: crmd stores its own grade.
		played := PlayAttempt(t, "att-1", AttemptScenario, map[string]string{"reason": "read_balance"})
		at := AttemptUpload(t, played)
		at.Score, at.MaxScore, at.Passed, at.Details = 100, 100, true, []byte(`{"total":100,"passed":true}`)
		Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, at), 201, "trainee posts")
		Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, at), 200, "resent")
		// The same attempt is the same whatever else its body says (crmd
		// ignores a desk's score); another one under its ID is refused.
		at2 := at
		at2.Score = 99
		Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, at2), 200, "resent with another score of the desk's")
		other := played
		other.Started = other.Started.Add(time.Hour)
		Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, AttemptUpload(t, other)), 422, "same id, another attempt")
		at3 := at
		at3.ID, at3.Attempt = "att-2", nil
		Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, at3), 422, "no attempt record")
		noRubric := PlayAttempt(t, "att-3", AttemptScenario, nil)
		noRubric.RubricVersion = ""
		r := a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, AttemptUpload(t, noRubric))
		Expect(t, r, 422, "no rubric version")
		var eb crm.ErrorBody
		if r.JSON(t, &eb); eb.Error.Code != crm.CodeNoRubricVersion {
			t.Errorf("no rubric version: %+v", eb.Error)
		}
		r = a.Do("GET", "/v1/training/attempts?username=tia", sup.AccessToken, nil, nil)
		Expect(t, r, 200, "supervisor reads")
		var al crm.AttemptList
		r.JSON(t, &al)
		if len(al.Attempts) != 1 || al.Attempts[0].Username != "tia" {
			t.Fatalf("attempts %+v", al)
		}
		if got := al.Attempts[0]; got.Passed || got.Score >= 100 || got.MaxScore != 100 || !strings.Contains(string(got.Details), "disclosed_before_auth") {
			t.Errorf("stored the desk's claim, not crmd's grade: %+v", got)
		}
		Expect(t, a.Do("GET", "/v1/training/attempts", tia.AccessToken, nil, nil), 403, "trainee reads attempts")
		Expect(t, a.Do("GET", "/v1/training/attempts", ana.AccessToken, nil, nil), 403, "agent reads attempts")
	})

	t.Run("refresh-and-logout", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		s1 := a.Login("ben", Password)
		r := a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: s1.RefreshToken})
		Expect(t, r, 200, "refresh")
		var s2 crm.TokenResponse
		r.JSON(t, &s2)
		if s2.RefreshToken == s1.RefreshToken || s2.AccessToken == s1.AccessToken {
			t.Fatal("refresh did not rotate")
		}
		Expect(t, a.Do("GET", "/v1/cases", s2.AccessToken, nil, nil), 200, "new access token")
		// Reuse of the first refresh token: the family ends, the token
		// issued from it too.
		Expect(t, a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: s1.RefreshToken}), 401, "reuse")
		Expect(t, a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: s2.RefreshToken}), 401, "family revoked")
		Expect(t, a.Do("GET", "/v1/cases", s2.AccessToken, nil, nil), 401, "access token of a revoked family")
		Expect(t, a.Do("GET", "/v1/cases", s1.AccessToken, nil, nil), 401, "first access token of a revoked family")

		s3 := a.Login("ben", Password)
		Expect(t, a.Do("POST", "/v1/auth/logout", s3.AccessToken, nil, crm.LogoutRequest{RefreshToken: s3.RefreshToken}), 204, "logout")
		Expect(t, a.Do("GET", "/v1/cases", s3.AccessToken, nil, nil), 401, "access after logout")
		Expect(t, a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: s3.RefreshToken}), 401, "refresh after logout")
		Expect(t, a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: s3.AccessToken}), 401, "access token as refresh token")
	})

	t.Run("disable", func(t *testing.T) {
		a := NewAPI(t, env.URL)
		Expect(t, a.Do("POST", "/v1/users", admin.AccessToken, nil, nu("gone", crm.RoleAgent, Password)), 201, "create")
		g := a.Login("gone", Password)
		Expect(t, a.Do("POST", "/v1/users/gone/disable", admin.AccessToken, nil, nil), 204, "disable")
		Expect(t, a.Do("GET", "/v1/cases", g.AccessToken, nil, nil), 401, "token of a disabled user")
		Expect(t, a.Do("POST", "/v1/auth/refresh", "", nil, crm.RefreshRequest{RefreshToken: g.RefreshToken}), 401, "refresh of a disabled user")
		r := a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: "gone", Password: Password})
		Expect(t, r, 401, "login of a disabled user")
		Expect(t, a.Do("POST", "/v1/users/gone/enable", admin.AccessToken, nil, nil), 204, "enable")
		a.Login("gone", Password)
		Expect(t, a.Do("POST", "/v1/users/nobody/disable", admin.AccessToken, nil, nil), 404, "disable unknown")
	})
}

func nu(name string, role crm.Role, pass string) crm.NewUser {
	return crm.NewUser{Username: name, Role: role, Password: pass}
}
