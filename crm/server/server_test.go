package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/locales"
)

var (
	openStore = crmtest.OpenSQLite
	customer  = crmtest.Customer
	start     = crmtest.StartSQLite
)

func TestServerAPISQLite(t *testing.T) {
	db := openStore(t)
	now := time.Now()
	if err := db.CreateUser(context.Background(), crm.UserRecord{Username: "root", Role: crm.RoleAdmin, PasswordHash: crmtest.PasswordHash(), CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertCustomers(context.Background(), []*cases.Customer{customer}); err != nil {
		t.Fatal(err)
	}
	r := crmtest.Start(t, db)
	crmtest.RunAPI(t, crmtest.Env{URL: r.URL, Admin: "root", Pass: crmtest.Password, Account: "ACC-1001", CustomerQuery: "Garc", MetricsToken: crmtest.MetricsToken})
}

// Every route on the router has an explicit rule, and no rule is
// contradictory. A new route without a rule fails here before it ships
// (and refuses everyone if it ships anyway).
func TestEveryRouteHasARule(t *testing.T) {
	r, _ := start(t)
	policy := server.Policy()
	routes := r.Server.Routes()
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	for _, p := range routes {
		rule, ok := policy[p]
		if !ok {
			t.Errorf("route %q has no authorization rule", p)
			continue
		}
		if !rule.Public && !rule.MetricsToken && len(rule.Roles) == 0 {
			t.Errorf("route %q: a rule that admits no role", p)
		}
		if (rule.Public || rule.MetricsToken) && len(rule.Roles) > 0 || rule.Public && rule.MetricsToken {
			t.Errorf("route %q: public, metrics token and role-bound are exclusive", p)
		}
		if slices.Contains(rule.Roles, crm.RoleTrainee) && !rule.Training {
			t.Errorf("route %q admits trainees but not the training audience", p)
		}
		if rule.Training && !strings.HasPrefix(strings.Fields(p)[1], "/v1/training/") && p != "POST /v1/auth/logout" {
			t.Errorf("route %q accepts training tokens outside /v1/training", p)
		}
	}
	for p := range policy {
		if !slices.Contains(routes, p) {
			t.Errorf("rule for %q, which is not routed", p)
		}
	}
}

// A route registered with no roles refuses everyone.
func TestDefaultDeny(t *testing.T) {
	r, a := start(t)
	r.Server.Handle("GET /v1/unruled", server.Rule{}, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) })
	for user := range crmtest.Users {
		tok := a.Login(user, crmtest.Password)
		if res := a.Do("GET", "/v1/unruled", tok.AccessToken, nil, nil); res.Status != http.StatusForbidden {
			t.Errorf("%s: %d on a route without roles", user, res.Status)
		}
	}
}

// Walks every route with no token and with each role's token: public
// routes answer everyone, the others 401 without a token, 401 for a
// trainee outside training routes, 403 for a role the rule does not name,
// and something else (the handler's answer) for a role it does.
func TestRouterWalk(t *testing.T) {
	r, a := start(t)
	tokens := map[crm.Role]string{}
	for user, role := range crmtest.Users {
		if role == crm.RoleAgent && user != "ana" {
			continue
		}
		tokens[role] = a.Login(user, crmtest.Password).AccessToken
	}
	fill := strings.NewReplacer("{id}", "C-WALK-1", "{account}", "ACC-1001", "{username}", "ben")
	policy := server.Policy()
	routes := r.Server.Routes()
	// Logging out revokes the tokens the walk uses: it goes last.
	sort.SliceStable(routes, func(i, j int) bool { return routes[j] == "POST /v1/auth/logout" })
	for _, p := range routes {
		method, path, _ := strings.Cut(p, " ")
		path = fill.Replace(path)
		rule := policy[p]
		body := []byte(`{}`)
		if method == "GET" {
			body = nil
		}
		res := a.Do(method, path, "", nil, body)
		if rule.Public {
			// The login and refresh routes refuse an empty body with 401,
			// as they refuse any wrong credential.
			if res.Status == 403 || res.Status == 401 && !strings.HasPrefix(p, "POST /v1/auth/") {
				t.Errorf("%s: public route answered %d", p, res.Status)
			}
			continue
		}
		if res.Status != 401 || res.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s without a token: %d", p, res.Status)
		}
		if rule.MetricsToken {
			// No user's access token opens it, whatever the role.
			for role, tok := range tokens {
				if res := a.Do(method, path, tok, nil, body); res.Status != 401 {
					t.Errorf("%s as %s: %d, want 401", p, role, res.Status)
				}
			}
			continue
		}
		for role, tok := range tokens {
			res := a.Do(method, path, tok, nil, body)
			allowed := slices.Contains(rule.Roles, role)
			switch {
			case role == crm.RoleTrainee && !rule.Training:
				if res.Status != 401 {
					t.Errorf("%s as trainee: %d, want 401", p, res.Status)
				}
			case !allowed:
				if res.Status != 403 {
					t.Errorf("%s as %s: %d, want 403", p, role, res.Status)
				}
			default:
				if res.Status == 401 || res.Status == 403 && res.Code() == "forbidden" && p != "PUT /v1/cases/{id}" {
					t.Errorf("%s as %s: refused with %d %s", p, role, res.Status, res.Body)
				}
			}
		}
	}
}

func TestRateLimitPerSubject(t *testing.T) {
	_, a := start(t, func(c *server.Config) { c.RateLimit, c.RateBurst = 1, 3 })
	ana := a.Login("ana", crmtest.Password)
	ben := a.Login("ben", crmtest.Password)
	var last *crmtest.Resp
	for range 4 {
		last = a.Do("GET", "/v1/cases", ana.AccessToken, nil, nil)
	}
	crmtest.Expect(t, last, 429, "fourth request in a burst of three")
	if last.Header.Get("Retry-After") == "" || last.Code() != crm.CodeRateLimited {
		t.Errorf("429 without Retry-After: %v %s", last.Header, last.Body)
	}
	crmtest.Expect(t, a.Do("GET", "/v1/cases", ben.AccessToken, nil, nil), 200, "another subject keeps its budget")
}

// A request the token's role may not make is counted against the token's
// budget too: each costs crmd a look at the revoked tokens, and an agent's
// token sent at an admin's route in a loop was answered 403 without end.
func TestForbiddenRequestsCountAgainstTheBudget(t *testing.T) {
	_, a := start(t, func(c *server.Config) { c.RateLimit, c.RateBurst = 1, 3 })
	ana := a.Login("ana", crmtest.Password)
	var last *crmtest.Resp
	for range 4 {
		last = a.Do("GET", "/v1/users", ana.AccessToken, nil, nil)
	}
	crmtest.Expect(t, last, 429, "fourth forbidden request in a burst of three")
	crmtest.Expect(t, a.Do("GET", "/v1/cases", ana.AccessToken, nil, nil), 429, "the same budget on an allowed route")
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	_, a := start(t, func(c *server.Config) { c.AnonRate, c.AnonBurst = 0.1, 3 })
	var last *crmtest.Resp
	for range 4 {
		last = a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: "ana", Password: "guess-guess-guess"})
	}
	crmtest.Expect(t, last, 429, "password guessing")
	if last.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}

// syncBuffer is a log sink the server writes from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The log names routes, statuses, subjects and case IDs, and never a
// customer's name, account, notes, a password or a token.
func TestNoPersonalDataInLogs(t *testing.T) {
	var buf syncBuffer
	_, a := start(t, func(c *server.Config) { c.Logger = slog.New(slog.NewJSONHandler(&buf, nil)) })
	ana := a.Login("ana", crmtest.Password)
	a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: "ana", Password: "wrong-password-xyz"})
	c := crmtest.NewCase("C-LOG-1", "ana")
	c.Notes = "Sra. García pregunta por la factura"
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-LOG-1:v1", c), 201, "put")
	a.Do("GET", "/v1/customers/ACC-1001", ana.AccessToken, nil, nil)
	a.Do("GET", "/v1/customers?q=Garc%C3%ADa", ana.AccessToken, nil, nil)
	a.Do("GET", "/v1/cases", "forged."+ana.AccessToken, nil, nil)
	log := buf.String()
	if !strings.Contains(log, "C-LOG-1") {
		t.Errorf("the case ID should be logged:\n%s", log)
	}
	for _, secret := range []string{"García", "Garc", "ACC-1001", "factura", crmtest.Password, "wrong-password-xyz", ana.AccessToken[:40], ana.RefreshToken} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains %q:\n%s", secret, log)
		}
	}
}

// A rotation keeps the previous public key: tokens signed before it still
// verify, new ones carry the new kid, and the one before is dropped.
func TestKeyRotation(t *testing.T) {
	r, a := start(t)
	t1 := a.Login("ana", crmtest.Password)
	k1, _ := r.Keys.Signer()
	if _, err := server.RotateKeys(r.KeysDir, time.Now().Add(time.Second), false); err == nil {
		t.Fatal("a rotation right after the last one should need --force")
	}
	k2, err := server.RotateKeys(r.KeysDir, time.Now().Add(time.Second), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Keys.Reload(); err != nil {
		t.Fatal(err)
	}
	t2 := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.Do("GET", "/v1/cases", t1.AccessToken, nil, nil), 200, "token of the previous key")
	crmtest.Expect(t, a.Do("GET", "/v1/cases", t2.AccessToken, nil, nil), 200, "token of the new key")
	var jwks server.JWKS
	a.Do("GET", "/v1/auth/jwks.json", "", nil, nil).JSON(t, &jwks)
	if len(jwks.Keys) != 2 || jwks.Keys[0].Kid != k1 || jwks.Keys[1].Kid != k2 {
		t.Fatalf("jwks after rotation: %+v", jwks)
	}
	if _, err := os.Stat(filepath.Join(r.KeysDir, k1+".pem")); !os.IsNotExist(err) {
		t.Errorf("the previous private key is still on disk: %v", err)
	}
	if _, err := server.RotateKeys(r.KeysDir, time.Now().Add(2*time.Second), true); err != nil {
		t.Fatal(err)
	}
	if err := r.Keys.Reload(); err != nil {
		t.Fatal(err)
	}
	crmtest.Expect(t, a.Do("GET", "/v1/cases", t1.AccessToken, nil, nil), 401, "token of a key two rotations old")
	crmtest.Expect(t, a.Do("GET", "/v1/cases", t2.AccessToken, nil, nil), 200, "token of the previous key")
}

func TestImportCustomersCSV(t *testing.T) {
	good := "account,name,since,vip,plan,currency,balance,due_date,lang\nACC-1,Ana Pérez,2019-03-01,true,Fibra,eur,1250,2026-12-01,es\nACC-2,Bob,,,,USD,-300,,en\n"
	list, err := server.ParseCustomersCSV(strings.NewReader(good), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || !list[0].VIP || list[0].Balance != 1250 || list[0].Currency != "EUR" || list[1].Balance != -300 || list[0].Since.Year() != 2019 {
		t.Fatalf("parsed %+v %+v", list[0], list[1])
	}
	bad := "account,name,balance\nACC-1,Ana,12.50\nACC-1,Ana,1\n,Nobody,0\n"
	_, err = server.ParseCustomersCSV(strings.NewReader(bad), time.Now())
	if err == nil {
		t.Fatal("bad file accepted")
	}
	msg := err.Error()
	for _, want := range []string{"line 2, column balance", "line 3, column account: repeats line 2", "line 4, column account"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "Nobody") || strings.Contains(msg, "12.50") {
		t.Errorf("error repeats customer data: %s", msg)
	}
	if _, err := server.ParseCustomersCSV(strings.NewReader("account,name,ssn\n"), time.Now()); err == nil {
		t.Error("unknown column accepted")
	}
	// A header naming a column twice, in any case, or a column with no
	// name, is line 1's problem: one of two columns would be dropped.
	for header, want := range map[string]string{
		"account,name,Account":  "line 1, column account: repeated (columns 1 and 3)",
		" Name ,account,NAME":   "line 1, column name: repeated (columns 1 and 3)",
		"account,name,":         "line 1: column 3 has no name",
		"account,,name":         "line 1: column 2 has no name",
		"\ufeffaccount,ACCOUNT": "line 1, column account: repeated (columns 1 and 2)",
	} {
		_, err := server.ParseCustomersCSV(strings.NewReader(header+"\nACC-1,Ana,ACC-2\n"), time.Now())
		if err == nil || err.Error() != want {
			t.Errorf("header %q: %v, want %q", header, err, want)
		}
	}
	long := "account,name,address\nACC-1," + strings.Repeat("n", 201) + "," + strings.Repeat("a", 501) + "\n"
	_, err = server.ParseCustomersCSV(strings.NewReader(long), time.Now())
	if err == nil || !strings.Contains(err.Error(), "column name: at most 200") || !strings.Contains(err.Error(), "column address: at most 500") {
		t.Errorf("overlong fields: %v", err)
	}
	// A stray quote in a row's first field is a line of the report, not a
	// crash of the import.
	_, err = server.ParseCustomersCSV(strings.NewReader("account,name\nA1,Ana\nA\"2,Bob\n"), time.Now())
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("stray quote: %v", err)
	}
	// A currency is a code or nothing: nothing leaves it to the desk.
	_, err = server.ParseCustomersCSV(strings.NewReader("account,name,currency\nA1,Ana,euros\nA2,Bob,"+strings.Repeat("X", 200000)+"\n"), time.Now())
	if err == nil || !strings.Contains(err.Error(), "line 2, column currency") || !strings.Contains(err.Error(), "line 3, column currency") {
		t.Errorf("currencies: %v", err)
	}
	list, err = server.ParseCustomersCSV(strings.NewReader("account,name\nA1,Ana\n"), time.Now())
	if err != nil || list[0].Currency != "" {
		t.Errorf("no currency: %+v %v", list, err)
	}
}

// FuzzParseCustomersCSV feeds the import any file: it answers with
// customers or a report of lines, never a panic, and every customer it
// accepts has an account, a name and a currency that is a code or none.
func FuzzParseCustomersCSV(f *testing.F) {
	for _, s := range []string{
		"account,name,since,vip,plan,currency,balance,due_date,lang\nACC-1,Ana Pérez,2019-03-01,true,Fibra,eur,1250,2026-12-01,es\n",
		"account,name\nA1,Ana\nA\"2,Bob\n", "account,name\n\"A1,Ana\n", "", "account\n", "account,name,currency\nA,B,usd\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, err := server.ParseCustomersCSV(strings.NewReader(s), time.Now())
		if err != nil {
			return
		}
		// Every byte of an accepted file is in a field or a separator:
		// a file that is not UTF-8 would be stored with U+FFFD for it.
		if !utf8.ValidString(s) {
			t.Errorf("accepted a file that is not UTF-8: %q", s)
		}
		for _, c := range list {
			if c.Account == "" || c.Name == "" || c.Currency != "" && len(c.Currency) != 3 ||
				strings.ContainsFunc(c.Name+c.Plan+c.Phone, unicode.IsControl) {
				t.Errorf("accepted %+v", c)
			}
		}
	})
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
		err := server.DecodeCase(raw, &got)
		werr := json.Unmarshal(raw, &want)
		if (err == nil) != (werr == nil) {
			t.Fatalf("decodeCase: %v, encoding/json: %v, for %q", err, werr, raw)
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
		if err := server.DecodeCase(w.Body, &back); err != nil {
			t.Fatalf("the stored body does not read back: %v\n%s", err, w.Body)
		}
	})
}

// A path crmd does not route, or a method a route does not take, is
// answered like every other refusal: the JSON error body with a code,
// which the desk's client maps as it maps crmd's other answers (a proxy's
// plain-text page is mapped from its status only). 405 keeps Allow.
func TestUnroutedAnswersWithACode(t *testing.T) {
	r, a := start(t)
	admin := a.Login("admin", crmtest.Password).AccessToken
	metrics := httptest.NewServer(r.Server.MetricsHandler())
	defer metrics.Close()
	for _, tc := range []struct {
		base, method, path, token string
		status                    int
		code                      crm.Code
		allow                     []string
	}{
		{r.URL, "GET", "/v1/nothing", "", 404, crm.CodeNotFound, nil},
		{r.URL, "GET", "/v1/nothing", admin, 404, crm.CodeNotFound, nil},
		{r.URL, "GET", "/", "", 404, crm.CodeNotFound, nil},
		{r.URL, "DELETE", "/v1/users", admin, 405, crm.CodeInvalid, []string{"GET", "POST"}},
		{r.URL, "PATCH", "/v1/cases/C-1", "", 405, crm.CodeInvalid, []string{"GET", "PUT"}},
		{metrics.URL, "GET", "/nothing", "", 404, crm.CodeNotFound, nil},
		{metrics.URL, "POST", "/metrics", "", 405, crm.CodeInvalid, []string{"GET"}},
	} {
		api := crmtest.NewAPI(t, tc.base)
		res := api.Do(tc.method, tc.path, tc.token, map[string]string{"Accept-Language": "es"}, nil)
		name := tc.method + " " + tc.path
		if res.Status != tc.status || res.Code() != tc.code || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %q %s", name, res.Status, res.Header.Get("Content-Type"), res.Body)
		}
		var body crm.ErrorBody
		if err := json.Unmarshal(res.Body, &body); err != nil || body.Error.Message == "" {
			t.Errorf("%s: no message in %s (%v)", name, res.Body, err)
		}
		allow := strings.Split(res.Header.Get("Allow"), ", ")
		for _, m := range tc.allow {
			if !slices.Contains(allow, m) {
				t.Errorf("%s: Allow %q, want %s in it", name, res.Header.Get("Allow"), m)
			}
		}
		if tc.allow == nil && res.Header.Get("Allow") != "" {
			t.Errorf("%s: Allow %q on a 404", name, res.Header.Get("Allow"))
		}
	}
}
