package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/training"
)

// The contract is docs/openapi.yaml: crmd serves it at /openapi.yaml from
// an embedded copy, and a client generated from it must work. These tests
// hold the document and the server to each other: the document is valid
// OpenAPI 3 for kin-openapi, a standard validator (0 errors, every
// operation named), it lists exactly the routes crmd serves, and real
// answers of a running crmd, for every route, success and error, match its
// schemas, status codes and headers.

// loadContract loads and validates the document crmd serves.
func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, server.OpenAPI) {
		t.Fatal("crm/server/openapi.yaml differs from docs/openapi.yaml: run go generate ./crm/server")
	}
	spec, err := openapi3.NewLoader().LoadFromData(server.OpenAPI)
	if err != nil {
		t.Fatalf("docs/openapi.yaml does not load: %v", err)
	}
	if err := spec.Validate(context.Background()); err != nil {
		t.Fatalf("docs/openapi.yaml is not valid OpenAPI 3: %v", err)
	}
	return spec
}

// documented lists the document's operations as the router names routes:
// "GET /v1/cases/{id}".
func documented(spec *openapi3.T) map[string]*openapi3.Operation {
	out := map[string]*openapi3.Operation{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			out[method+" "+path] = op
		}
	}
	return out
}

// The document is valid, every operation has a unique operationId, and the
// document and the router list the same routes.
func TestOpenAPIIsValidAndMatchesRoutes(t *testing.T) {
	spec := loadContract(t)
	ops := documented(spec)
	ids := map[string]string{}
	for route, op := range ops {
		if op.OperationID == "" {
			t.Errorf("%s has no operationId", route)
		} else if prev, dup := ids[op.OperationID]; dup {
			t.Errorf("operationId %q names %s and %s", op.OperationID, prev, route)
		}
		ids[op.OperationID] = route
	}
	// With a metrics token, as crmtest configures, every route is served.
	r, _ := start(t)
	routes := r.Server.Routes()
	for _, route := range routes {
		if ops[route] == nil {
			t.Errorf("%s is served but not in docs/openapi.yaml", route)
		}
	}
	for route := range ops {
		if !slices.Contains(routes, route) {
			t.Errorf("%s is in docs/openapi.yaml but not served", route)
		}
	}
}

// contractEnv is where a contract row runs: a crmd and who may call it.
type contractEnv struct {
	t      *testing.T
	run    *crmtest.Running
	a      *crmtest.API
	tokens map[string]string // access tokens by username
}

// contractReq is one request of a row.
type contractReq struct {
	path   string            // with its parameters filled in, and a query
	params map[string]string // the path parameters
	user   string            // whose access token goes with it ("" for none)
	token  string            // or this bearer token
	header map[string]string
	body   any // nil, []byte (sent as is) or a value sent as JSON
}

// contractRow is one exchange with crmd whose answer must match the
// document. Rows run in order on their environment, so a row may rely on
// what an earlier one made (a case, an attempt, a user).
type contractRow struct {
	route  string // as server.Routes() names it
	name   string
	env    string // "" a crmd as deployed; "limited": every budget spent; "down": the store fails
	status int
	req    func(e *contractEnv) contractReq
}

// contractCase is a case with every part filled, for agent.
func contractCase(id, agent string) *cases.Case {
	c := crmtest.NewCase(id, agent)
	now := c.CreatedAt
	c.Customer.Phone, c.Customer.Address, c.Customer.Since = "+1 555 0100", "12 Elm St", now
	c.Steps = []cases.StepProgress{{Step: "greet", State: cases.StepDone, At: now}, {Step: "verify", State: cases.StepSkipped, Reason: "caller hung up"}}
	c.Auth = cases.Auth{Method: "pin", At: now}
	c.Checks = []cases.Check{{ID: "bill_lines", At: now}}
	c.Actions = []cases.Action{{ID: "credit", Amount: 1500, Reason: "outage", At: now, Role: cases.RoleAgent, Limit: 2500, Approved: true}}
	c.Calcs = []cases.Calculation{{Calculator: "prorate", Summary: "15 days", At: now, Lines: []calculators.Figure{
		{Key: "calc.line.net_charge", Kind: calculators.KindMoney, Minor: 1500, Currency: "USD"}, {Key: "calc.line.new_days", Kind: calculators.KindDays, Number: 15}}},
		{Calculator: "roi", Summary: "before typed figures", Figures: map[string]string{"calc.line.roi": "12.5%"}, At: now}}
	c.Values = map[string]string{"amount": "15.00"}
	c.Reason = "billing_error"
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0042", Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", Dispute: 4599,
		At: now, ExpectedBy: now.Add(48 * time.Hour), Status: cases.EscReceived}
	return c
}

func caseHeader(key string, ifMatch int) map[string]string {
	h := map[string]string{"Idempotency-Key": key}
	if ifMatch > 0 {
		h["If-Match"] = fmt.Sprintf(`"%d"`, ifMatch)
	} else {
		h["If-None-Match"] = "*"
	}
	return h
}

// contractAttempt posts, as tia, an attempt at crmtest.AttemptScenario
// played with picks, edited by edit (the record, then the envelope) when
// set. The same id and picks make the same bytes.
func contractAttempt(id string, picks map[string]string, edit func(*training.Attempt, *crm.TrainingAttempt)) func(*contractEnv) contractReq {
	return func(e *contractEnv) contractReq {
		at := crmtest.PlayAttempt(e.t, id, crmtest.AttemptScenario, picks)
		up := crmtest.AttemptUpload(e.t, at)
		if edit != nil {
			edit(&at, &up)
			if up.Attempt != nil {
				up.Attempt, _ = json.Marshal(at)
			}
		}
		return contractReq{path: "/v1/training/attempts", user: "tia", body: up}
	}
}

func fixed(r contractReq) func(*contractEnv) contractReq {
	return func(*contractEnv) contractReq { return r }
}

// packETag fetches the pack's ETag, for a request that already has it.
func packETag(e *contractEnv, path, user string) string {
	return e.a.Do("GET", path, e.tokens[user], nil, nil).Header.Get("ETag")
}

// contractRows is the contract table. A new route needs at least one row
// that succeeds and one that fails (TestContract checks), each in the
// order the exchange makes sense.
var contractRows = []contractRow{
	{"GET /healthz", "up", "", 200, fixed(contractReq{path: "/healthz"})},
	{"GET /healthz", "the database does not answer", "down", 503, fixed(contractReq{path: "/healthz"})},
	{"GET /metrics", "with the metrics token", "", 200, fixed(contractReq{path: "/metrics", token: crmtest.MetricsToken})},
	{"GET /metrics", "with a user's token", "", 401, fixed(contractReq{path: "/metrics", user: "admin"})},
	{"GET /openapi.yaml", "the document", "", 200, fixed(contractReq{path: "/openapi.yaml"})},
	{"GET /openapi.yaml", "over the anonymous budget", "limited", 429, fixed(contractReq{path: "/openapi.yaml"})},
	{"GET /v1/auth/jwks.json", "the keys", "", 200, fixed(contractReq{path: "/v1/auth/jwks.json"})},
	{"GET /v1/auth/jwks.json", "over the anonymous budget", "limited", 429, fixed(contractReq{path: "/v1/auth/jwks.json"})},

	{"POST /v1/auth/token", "login", "", 200, fixed(contractReq{path: "/v1/auth/token", body: crm.TokenRequest{Username: "ben", Password: crmtest.Password}})},
	{"POST /v1/auth/token", "wrong password", "", 401, fixed(contractReq{path: "/v1/auth/token", body: crm.TokenRequest{Username: "ben", Password: "not-the-password"}})},
	{"POST /v1/auth/token", "not JSON", "", 400, fixed(contractReq{path: "/v1/auth/token", body: []byte(`{"username":`)})},
	{"POST /v1/auth/token", "not JSON by its type", "", 415, fixed(contractReq{path: "/v1/auth/token", header: map[string]string{"Content-Type": "text/plain"}, body: []byte(`{}`)})},
	{"POST /v1/auth/token", "over the anonymous budget", "limited", 429, fixed(contractReq{path: "/v1/auth/token", body: crm.TokenRequest{Username: "ben", Password: crmtest.Password}})},
	{"POST /v1/auth/refresh", "refresh", "", 200, func(e *contractEnv) contractReq {
		return contractReq{path: "/v1/auth/refresh", body: crm.RefreshRequest{RefreshToken: e.a.Login("ben", crmtest.Password).RefreshToken}}
	}},
	{"POST /v1/auth/refresh", "unknown refresh token", "", 401, fixed(contractReq{path: "/v1/auth/refresh", body: crm.RefreshRequest{RefreshToken: "rt_nothing"}})},
	{"POST /v1/auth/logout", "logout", "", 204, func(e *contractEnv) contractReq {
		s := e.a.Login("ben", crmtest.Password)
		return contractReq{path: "/v1/auth/logout", token: s.AccessToken, body: crm.LogoutRequest{RefreshToken: s.RefreshToken}}
	}},
	{"POST /v1/auth/logout", "without a token", "", 401, fixed(contractReq{path: "/v1/auth/logout", body: crm.LogoutRequest{}})},

	{"GET /v1/customers", "search", "", 200, fixed(contractReq{path: "/v1/customers?q=Garc&limit=5", user: "sup"})},
	{"GET /v1/customers", "one letter", "", 400, fixed(contractReq{path: "/v1/customers?q=G", user: "sup"})},
	{"GET /v1/customers", "an admin", "", 403, fixed(contractReq{path: "/v1/customers?q=Garc", user: "admin"})},
	{"GET /v1/customers/{account}", "a profile", "", 200, fixed(contractReq{path: "/v1/customers/ACC-1001", params: map[string]string{"account": "ACC-1001"}, user: "ana"})},
	{"GET /v1/customers/{account}", "no such account", "", 404, fixed(contractReq{path: "/v1/customers/NOPE-1", params: map[string]string{"account": "NOPE-1"}, user: "ana"})},

	{"PUT /v1/cases/{id}", "create", "", 201, fixed(contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana",
		header: caseHeader("case:C-CT-1:v1", 0), body: contractCase("C-CT-1", "ana")})},
	{"PUT /v1/cases/{id}", "replayed", "", 201, fixed(contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana",
		header: caseHeader("case:C-CT-1:v1", 0), body: contractCase("C-CT-1", "ana")})},
	{"PUT /v1/cases/{id}", "update", "", 200, func(e *contractEnv) contractReq {
		c := contractCase("C-CT-1", "ana")
		c.Version, c.Notes = 2, "second save"
		return contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana", header: caseHeader("case:C-CT-1:v2", 1), body: c}
	}},
	{"PUT /v1/cases/{id}", "a case without escalation", "", 201, fixed(contractReq{path: "/v1/cases/C-CT-2", params: map[string]string{"id": "C-CT-2"}, user: "ana",
		header: caseHeader("case:C-CT-2:v1", 0), body: crmtest.NewCase("C-CT-2", "ana")})},
	{"PUT /v1/cases/{id}", "without Idempotency-Key", "", 400, fixed(contractReq{path: "/v1/cases/C-CT-3", params: map[string]string{"id": "C-CT-3"}, user: "ana",
		body: crmtest.NewCase("C-CT-3", "ana")})},
	{"PUT /v1/cases/{id}", "a training case", "", 403, func(e *contractEnv) contractReq {
		c := crmtest.NewCase("C-CT-3", "ana")
		c.Training = true
		return contractReq{path: "/v1/cases/C-CT-3", params: map[string]string{"id": "C-CT-3"}, user: "ana", header: caseHeader("case:C-CT-3:v1", 0), body: c}
	}},
	{"PUT /v1/cases/{id}", "stale If-Match", "", 412, func(e *contractEnv) contractReq {
		c := contractCase("C-CT-1", "ana")
		c.Version = 2
		return contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana", header: caseHeader("other-desk:2", 1), body: c}
	}},
	{"PUT /v1/cases/{id}", "over 256 KiB", "", 413, func(e *contractEnv) contractReq {
		c := crmtest.NewCase("C-CT-4", "ana")
		c.Notes = strings.Repeat("long call ", crm.MaxCaseBytes/10+1)
		return contractReq{path: "/v1/cases/C-CT-4", params: map[string]string{"id": "C-CT-4"}, user: "ana", header: caseHeader("case:C-CT-4:v1", 0), body: c}
	}},
	{"PUT /v1/cases/{id}", "not JSON by its type", "", 415, fixed(contractReq{path: "/v1/cases/C-CT-4", params: map[string]string{"id": "C-CT-4"}, user: "ana",
		header: map[string]string{"Idempotency-Key": "k-415", "Content-Type": "text/plain"}, body: []byte(`{}`)})},
	{"PUT /v1/cases/{id}", "key reused with another body", "", 422, func(e *contractEnv) contractReq {
		c := contractCase("C-CT-1", "ana")
		c.Notes = "another body"
		return contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana", header: caseHeader("case:C-CT-1:v1", 0), body: c}
	}},
	{"PUT /v1/cases/{id}", "update without If-Match", "", 428, func(e *contractEnv) contractReq {
		c := contractCase("C-CT-1", "ana")
		c.Version = 3
		return contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana", header: map[string]string{"Idempotency-Key": "case:C-CT-1:v3"}, body: c}
	}},
	{"GET /v1/cases/{id}", "a case", "", 200, fixed(contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ana"})},
	{"GET /v1/cases/{id}", "another agent's", "", 404, fixed(contractReq{path: "/v1/cases/C-CT-1", params: map[string]string{"id": "C-CT-1"}, user: "ben"})},
	{"GET /v1/cases", "a page and the next", "", 200, fixed(contractReq{path: "/v1/cases?limit=1", user: "ana"})},
	{"GET /v1/cases", "after a time", "", 200, fixed(contractReq{path: "/v1/cases?updated_since=2020-01-01T00:00:00Z", user: "sup"})},
	{"GET /v1/cases", "a bad cursor", "", 400, fixed(contractReq{path: "/v1/cases?cursor=nope", user: "ana"})},
	{"GET /v1/cases", "without a token", "", 401, fixed(contractReq{path: "/v1/cases"})},
	{"GET /v1/cases", "a trainee", "", 401, fixed(contractReq{path: "/v1/cases", user: "tia"})},
	{"GET /v1/cases", "an admin", "", 403, fixed(contractReq{path: "/v1/cases", user: "admin"})},
	{"GET /v1/cases", "over the subject's budget", "limited", 429, fixed(contractReq{path: "/v1/cases", user: "ana"})},
	{"GET /v1/cases", "the database fails", "down", 500, fixed(contractReq{path: "/v1/cases", user: "ana"})},
	{"GET /v1/customers/{account}/contacts", "every desk's", "", 200, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts?limit=3", params: map[string]string{"account": "ACC-1001"}, user: "ben"})},
	{"GET /v1/customers/{account}/contacts", "a limit of none", "", 400, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts?limit=0", params: map[string]string{"account": "ACC-1001"}, user: "ana"})},
	{"GET /v1/customers/{account}/contacts", "no such account", "", 404, fixed(contractReq{path: "/v1/customers/NOPE-1/contacts", params: map[string]string{"account": "NOPE-1"}, user: "ana"})},
	{"GET /v1/customers/{account}/contacts", "without a token", "", 401, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts", params: map[string]string{"account": "ACC-1001"}})},
	{"GET /v1/customers/{account}/contacts", "a trainee", "", 401, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts", params: map[string]string{"account": "ACC-1001"}, user: "tia"})},
	{"GET /v1/customers/{account}/contacts", "an admin", "", 403, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts", params: map[string]string{"account": "ACC-1001"}, user: "admin"})},
	{"GET /v1/customers/{account}/contacts", "over the subject's budget", "limited", 429, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts", params: map[string]string{"account": "ACC-1001"}, user: "ana"})},
	{"GET /v1/customers/{account}/contacts", "the database fails", "down", 500, fixed(contractReq{path: "/v1/customers/ACC-1001/contacts", params: map[string]string{"account": "ACC-1001"}, user: "ana"})},

	{"PUT /v1/cases/{id}/escalation", "the back office moves it", "", 200, fixed(contractReq{path: "/v1/cases/C-CT-1/escalation", params: map[string]string{"id": "C-CT-1"},
		user: "sup", body: crm.EscalationUpdate{Status: crm.EscInProgress, Note: "on it"}})},
	{"PUT /v1/cases/{id}/escalation", "a case without escalation", "", 404, fixed(contractReq{path: "/v1/cases/C-CT-2/escalation", params: map[string]string{"id": "C-CT-2"},
		user: "sup", body: crm.EscalationUpdate{Status: crm.EscInProgress}})},
	{"PUT /v1/cases/{id}/escalation", "resolved", "", 200, fixed(contractReq{path: "/v1/cases/C-CT-1/escalation", params: map[string]string{"id": "C-CT-1"},
		user: "sup", header: map[string]string{"Idempotency-Key": "move:C-CT-1:resolved"}, body: crm.EscalationUpdate{Status: crm.EscResolved, Resolution: "credited"}})},
	{"PUT /v1/cases/{id}/escalation", "out of a final state", "", 409, fixed(contractReq{path: "/v1/cases/C-CT-1/escalation", params: map[string]string{"id": "C-CT-1"},
		user: "sup", body: crm.EscalationUpdate{Status: crm.EscInProgress}})},
	{"PUT /v1/cases/{id}/escalation", "an unknown status", "", 422, fixed(contractReq{path: "/v1/cases/C-CT-1/escalation", params: map[string]string{"id": "C-CT-1"},
		user: "sup", body: []byte(`{"status":"lost"}`)})},
	{"PUT /v1/cases/{id}/escalation", "an agent", "", 403, fixed(contractReq{path: "/v1/cases/C-CT-1/escalation", params: map[string]string{"id": "C-CT-1"},
		user: "ana", body: crm.EscalationUpdate{Status: crm.EscResolved}})},
	{"PUT /v1/cases/{id}", "a credit above authority", "", 201, func(e *contractEnv) contractReq {
		c := contractCase("C-CT-D", "ana")
		// Above the agent's authority, within the supervisor's.
		c.Actions = []cases.Action{{ID: "credit", Amount: 20000, Reason: "goodwill", At: c.CreatedAt}}
		return contractReq{path: "/v1/cases/C-CT-D", params: map[string]string{"id": "C-CT-D"}, user: "ana", header: caseHeader("case:C-CT-D:v1", 0), body: c}
	}},
	{"PUT /v1/cases/{id}", "a credit above the supervisor's authority", "", 201, func(e *contractEnv) contractReq {
		c := contractCase("C-CT-E", "ana")
		c.Actions = []cases.Action{{ID: "credit", Amount: 99999999, Reason: "goodwill", At: c.CreatedAt}}
		return contractReq{path: "/v1/cases/C-CT-E", params: map[string]string{"id": "C-CT-E"}, user: "ana", header: caseHeader("case:C-CT-E:v1", 0), body: c}
	}},
	{"POST /v1/cases/{id}/decisions", "above the approver's authority", "", 403, fixed(contractReq{path: "/v1/cases/C-CT-E/decisions", params: map[string]string{"id": "C-CT-E"},
		user: "sup", body: crm.ApprovalRequest{Action: 0, Approved: true, ActionID: "credit", Amount: 99999999}})},
	{"POST /v1/cases/{id}/decisions", "approve", "", 200, fixed(contractReq{path: "/v1/cases/C-CT-D/decisions", params: map[string]string{"id": "C-CT-D"},
		user: "sup", header: map[string]string{"Idempotency-Key": "decide:C-CT-D:0"}, body: crm.ApprovalRequest{Action: 0, Approved: true, Comment: "fine"}})},
	{"POST /v1/cases/{id}/decisions", "decided already", "", 409, fixed(contractReq{path: "/v1/cases/C-CT-D/decisions", params: map[string]string{"id": "C-CT-D"},
		user: "sup", body: crm.ApprovalRequest{Action: 0}})},
	{"POST /v1/cases/{id}/decisions", "no such action", "", 422, fixed(contractReq{path: "/v1/cases/C-CT-D/decisions", params: map[string]string{"id": "C-CT-D"},
		user: "sup", body: crm.ApprovalRequest{Action: -1}})},
	{"POST /v1/cases/{id}/decisions", "an agent", "", 403, fixed(contractReq{path: "/v1/cases/C-CT-D/decisions", params: map[string]string{"id": "C-CT-D"},
		user: "ana", body: crm.ApprovalRequest{Action: 0}})},
	{"GET /v1/team/escalations", "the team's queue and the next page", "", 200, fixed(contractReq{path: "/v1/team/escalations?limit=1", user: "sup"})},
	{"GET /v1/team/escalations", "a bad cursor", "", 400, fixed(contractReq{path: "/v1/team/escalations?cursor=nope", user: "sup"})},
	{"GET /v1/team/escalations", "an agent", "", 403, fixed(contractReq{path: "/v1/team/escalations", user: "ana"})},
	{"POST /v1/cases:batch", "a new case, a replay and a stale one", "", 200, func(e *contractEnv) contractReq {
		item := func(c *cases.Case, key string, base int) crm.BatchItem {
			b, _ := json.Marshal(c)
			return crm.BatchItem{ID: c.ID, Key: key, Base: base, Case: b}
		}
		stale := contractCase("C-CT-2", "ana")
		stale.Version = 2
		return contractReq{path: "/v1/cases:batch", user: "ana", body: crm.BatchRequest{Items: []crm.BatchItem{
			item(contractCase("C-CT-B1", "ana"), "case:C-CT-B1:v1", 0),
			item(contractCase("C-CT-1", "ana"), "case:C-CT-1:v1", 0),
			item(stale, "other-desk:C-CT-2:v2", 5),
		}}}
	}},
	{"POST /v1/cases:batch", "no items", "", 422, fixed(contractReq{path: "/v1/cases:batch", user: "ana", body: crm.BatchRequest{}})},
	{"POST /v1/cases:batch", "an admin", "", 403, fixed(contractReq{path: "/v1/cases:batch", user: "admin", body: crm.BatchRequest{}})},
	{"GET /v1/escalations", "the agent's", "", 200, fixed(contractReq{path: "/v1/escalations", user: "ana"})},
	{"GET /v1/escalations", "a bad time", "", 400, fixed(contractReq{path: "/v1/escalations?updated_since=yesterday", user: "ana"})},
	{"GET /v1/escalations", "a bad cursor", "", 400, fixed(contractReq{path: "/v1/escalations?cursor=nope", user: "ana"})},
	{"GET /v1/escalations", "one agent's, asked by a supervisor", "", 200, fixed(contractReq{path: "/v1/escalations?agent=ana", user: "sup"})},
	{"GET /v1/escalations", "another agent's, asked by an agent", "", 403, fixed(contractReq{path: "/v1/escalations?agent=ben", user: "ana"})},

	{"GET /v1/playbook", "the built-in pack", "", 200, fixed(contractReq{path: "/v1/playbook", user: "ana"})},
	{"GET /v1/playbook", "unchanged", "", 304, func(e *contractEnv) contractReq {
		return contractReq{path: "/v1/playbook", user: "ana", header: map[string]string{"If-None-Match": packETag(e, "/v1/playbook", "ana")}}
	}},
	{"GET /v1/playbook", "a trainee", "", 401, fixed(contractReq{path: "/v1/playbook", user: "tia"})},
	{"PUT /v1/playbook", "publish", "", 201, func(e *contractEnv) contractReq {
		var pack crm.PlaybookPack
		e.a.Do("GET", "/v1/playbook", e.tokens["sup"], nil, nil).JSON(e.t, &pack)
		return contractReq{path: "/v1/playbook", user: "sup", body: crm.PlaybookUpload{Files: pack.Files}}
	}},
	{"PUT /v1/playbook", "a pack that does not load", "", 422, fixed(contractReq{path: "/v1/playbook", user: "sup", body: crm.PlaybookUpload{Files: map[string]string{"flow.toml": "[meta\nname = "}}})},
	{"PUT /v1/playbook", "an agent", "", 403, fixed(contractReq{path: "/v1/playbook", user: "ana", body: crm.PlaybookUpload{Files: map[string]string{"flow.toml": ""}}})},
	{"GET /v1/training/playbook", "a trainee", "", 200, fixed(contractReq{path: "/v1/training/playbook", user: "tia"})},
	{"GET /v1/training/playbook", "unchanged", "", 304, func(e *contractEnv) contractReq {
		return contractReq{path: "/v1/training/playbook", user: "tia", header: map[string]string{"If-None-Match": packETag(e, "/v1/training/playbook", "tia")}}
	}},
	{"GET /v1/training/playbook", "an admin", "", 403, fixed(contractReq{path: "/v1/training/playbook", user: "admin"})},

	{"POST /v1/training/attempts", "record", "", 201, contractAttempt("ct-1", nil, nil)},
	{"POST /v1/training/attempts", "resent", "", 200, contractAttempt("ct-1", nil, nil)},
	{"POST /v1/training/attempts", "a failing attempt that claims a pass, stored as crmd grades it", "", 201,
		contractAttempt("ct-2", map[string]string{"reason": "read_balance"}, func(_ *training.Attempt, up *crm.TrainingAttempt) {
			up.Score, up.MaxScore, up.Passed, up.Details = 100, 100, true, json.RawMessage(`{"total":100}`)
		})},
	{"POST /v1/training/attempts", "no rubric version", "", 422, contractAttempt("ct-3", nil, func(at *training.Attempt, _ *crm.TrainingAttempt) { at.RubricVersion = "" })},
	{"POST /v1/training/attempts", "an attempt that does not replay", "", 422, contractAttempt("ct-4", nil, func(at *training.Attempt, _ *crm.TrainingAttempt) {
		i := slices.IndexFunc(at.Events, func(e training.Event) bool { return e.Kind == training.EvChoice })
		at.Events[i].Choice = "not_offered"
	})},
	{"POST /v1/training/attempts", "no attempt record", "", 422, contractAttempt("ct-5", nil, func(_ *training.Attempt, up *crm.TrainingAttempt) { up.Attempt = nil })},
	{"GET /v1/training/attempts", "a page and the next", "", 200, fixed(contractReq{path: "/v1/training/attempts?username=tia&limit=1", user: "sup"})},
	{"GET /v1/training/attempts", "a bad cursor", "", 400, fixed(contractReq{path: "/v1/training/attempts?cursor=nope", user: "sup"})},
	{"GET /v1/training/attempts", "an agent", "", 403, fixed(contractReq{path: "/v1/training/attempts", user: "ana"})},

	{"POST /v1/users", "create", "", 201, fixed(contractReq{path: "/v1/users", user: "admin", body: crm.NewUser{Username: "gone", Role: crm.RoleAgent, Password: crmtest.Password}})},
	{"POST /v1/users", "taken", "", 409, fixed(contractReq{path: "/v1/users", user: "admin", body: crm.NewUser{Username: "gone", Role: crm.RoleAgent, Password: crmtest.Password}})},
	{"POST /v1/users", "a weak password", "", 422, fixed(contractReq{path: "/v1/users", user: "admin", body: crm.NewUser{Username: "weak", Role: crm.RoleAgent, Password: "short"}})},
	{"GET /v1/users", "the accounts", "", 200, fixed(contractReq{path: "/v1/users", user: "admin"})},
	{"GET /v1/users", "a page and the next", "", 200, fixed(contractReq{path: "/v1/users?limit=2", user: "admin"})},
	{"GET /v1/users", "a limit too large", "", 400, fixed(contractReq{path: "/v1/users?limit=1001", user: "admin"})},
	{"GET /v1/users", "a supervisor", "", 403, fixed(contractReq{path: "/v1/users", user: "sup"})},
	{"POST /v1/users/{username}/disable", "disable", "", 204, fixed(contractReq{path: "/v1/users/gone/disable", params: map[string]string{"username": "gone"}, user: "admin"})},
	{"POST /v1/users/{username}/disable", "the last admin", "", 409, fixed(contractReq{path: "/v1/users/admin/disable", params: map[string]string{"username": "admin"}, user: "admin"})},
	{"POST /v1/users/{username}/disable", "no such account", "", 404, fixed(contractReq{path: "/v1/users/nobody/disable", params: map[string]string{"username": "nobody"}, user: "admin"})},
	{"POST /v1/users/{username}/enable", "enable", "", 204, fixed(contractReq{path: "/v1/users/gone/enable", params: map[string]string{"username": "gone"}, user: "admin"})},
	{"POST /v1/users/{username}/enable", "no such account", "", 404, fixed(contractReq{path: "/v1/users/nobody/enable", params: map[string]string{"username": "nobody"}, user: "admin"})},
}

// downStore is a store whose database does not answer reads of cases nor
// pings; the rest works, so tokens still verify.
type downStore struct{ crm.Store }

var errDown = fmt.Errorf("database unreachable")

func (downStore) Ping(context.Context) error { return errDown }
func (downStore) ListCases(context.Context, crm.CaseQuery) ([]crm.StoredCase, error) {
	return nil, errDown
}
func (downStore) ListContacts(context.Context, string, int) ([]crm.Contact, error) {
	return nil, errDown
}

// contractEnvs starts the three crmds the rows run on.
func contractEnvs(t *testing.T) map[string]*contractEnv {
	envs := map[string]*contractEnv{}
	// Tokens are issued directly, not by logging in: a login would spend
	// the limited crmd's anonymous budget.
	issue := func(r *crmtest.Running) map[string]string {
		out := map[string]string{}
		for user, role := range crmtest.Users {
			tok, _, _, err := r.Server.Tokens().Issue(user, role)
			if err != nil {
				t.Fatal(err)
			}
			out[user] = tok
		}
		return out
	}
	r, a := start(t)
	envs[""] = &contractEnv{t: t, run: r, a: a, tokens: issue(r)}

	r, a = start(t, func(c *server.Config) { c.AnonRate, c.AnonBurst, c.RateLimit, c.RateBurst = 1e-9, 1, 1e-9, 1 })
	e := &contractEnv{t: t, run: r, a: a, tokens: issue(r)}
	crmtest.Expect(t, a.Do("GET", "/healthz", "", nil, nil), 200, "spending the anonymous budget")
	crmtest.Expect(t, a.Do("GET", "/v1/escalations", e.tokens["ana"], nil, nil), 200, "spending ana's budget")
	envs["limited"] = e

	db := crmtest.OpenSQLite(t)
	crmtest.SeedUsers(t, db)
	r = crmtest.Start(t, downStore{db})
	envs["down"] = &contractEnv{t: t, run: r, a: crmtest.NewAPI(t, r.URL), tokens: issue(r)}
	return envs
}

// Every row's answer matches the document: its status is documented for
// the operation, its headers and body match the schemas, and the body has
// no field the schema does not declare; a row that succeeds also sends a
// request the document accepts. Every route has a row that succeeds and a
// row that fails.
func TestContract(t *testing.T) {
	spec := loadContract(t)
	envs := contractEnvs(t)
	ok, failed := map[string]bool{}, map[string]bool{}
	for _, row := range contractRows {
		e := envs[row.env]
		if e == nil {
			t.Fatalf("%s %s: no environment %q", row.route, row.name, row.env)
		}
		t.Run(row.route+" "+row.name, func(t *testing.T) {
			e.t = t
			status := checkRow(t, spec, e, row)
			if status == row.status {
				if status < 400 {
					ok[row.route] = true
				} else {
					failed[row.route] = true
				}
			}
		})
	}
	for _, route := range envs[""].run.Server.Routes() {
		if !ok[route] {
			t.Errorf("%s: no contract row that succeeds", route)
		}
		if !failed[route] {
			t.Errorf("%s: no contract row that fails", route)
		}
	}
}

// checkRow sends a row's request and validates the exchange.
func checkRow(t *testing.T, spec *openapi3.T, e *contractEnv, row contractRow) int {
	method, pattern, _ := strings.Cut(row.route, " ")
	item := spec.Paths.Value(pattern)
	var op *openapi3.Operation
	if item != nil {
		op = item.GetOperation(method)
	}
	if op == nil {
		t.Fatalf("%s is not in the document", row.route)
	}
	rq := row.req(e)
	var body []byte
	switch b := rq.body.(type) {
	case nil:
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	build := func() *http.Request {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequest(method, e.a.Base+rq.path, rd)
		if err != nil {
			t.Fatal(err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		tok := rq.token
		if rq.user != "" {
			tok = e.tokens[rq.user]
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		for k, v := range rq.header {
			req.Header.Set(k, v)
		}
		return req
	}
	res, err := e.a.HTTP.Do(build())
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != row.status {
		t.Errorf("status %d, want %d: %s", res.StatusCode, row.status, got)
		return res.StatusCode
	}
	req := build()
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: rq.params,
		Route:      &routers.Route{Spec: spec, Path: pattern, PathItem: item, Method: method, Operation: op},
		Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if res.StatusCode < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("the document refuses the request: %v", err)
		}
	}
	// kin-openapi leaves 304 and redirects unchecked: whether the status
	// is documented at all is checked here for every answer.
	if op.Responses.Status(res.StatusCode) == nil {
		t.Errorf("status %d is not documented for %s", res.StatusCode, row.route)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(got)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("the answer does not match the document: %v\n%s", err, clip(got))
	}
	if rs := op.Responses.Status(res.StatusCode); rs != nil && rs.Value != nil && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if mt := rs.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			var v any
			if err := json.Unmarshal(got, &v); err != nil {
				t.Errorf("not JSON: %v", err)
			}
			for _, f := range undeclared(mt.Schema.Value, v, "") {
				t.Errorf("the answer has %s, which the document does not declare", f)
			}
		}
	}
	return res.StatusCode
}

// undeclared lists the fields of v that schema s does not declare, so a
// field added to a body fails the contract until the document has it.
// Schemas without properties (free JSON, maps) declare anything.
func undeclared(s *openapi3.Schema, v any, at string) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, sub := range s.AllOf {
		out = append(out, undeclared(sub.Value, v, at)...)
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := s.Properties[k]; ok {
				out = append(out, undeclared(p.Value, x[k], at+"."+k)...)
				continue
			}
			if ap := s.AdditionalProperties.Schema; ap != nil {
				out = append(out, undeclared(ap.Value, x[k], at+"."+k)...)
				continue
			}
			if len(s.Properties) == 0 && len(s.AllOf) == 0 {
				continue
			}
			out = append(out, at+"."+k)
		}
	case []any:
		if s.Items != nil {
			for i, e := range x {
				out = append(out, undeclared(s.Items.Value, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return out
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}
