// Package crmtest holds what the crm, sqlite, postgres and cmd/crmd tests
// share: an in-process crmd on a loopback port, a raw HTTP helper that
// shows the protocol as a client sees it, seeded users, and the contract
// and API suites every store must pass.
package crmtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/time/rate"

	"agentdesk/crm"
	"agentdesk/crm/server"
)

// Password is every seeded user's password.
const Password = "correct-horse-battery"

// MetricsToken is the metrics bearer token Start configures, so /metrics
// is routed on the API for the tests that read it.
const MetricsToken = "metrics-token-for-tests-only"

var (
	hashOnce sync.Once
	hash     string
)

// PasswordHash is Password hashed once per test binary, with Argon2id at
// 1 MiB and one pass instead of crmd's 19 MiB and two. crmd reads the cost
// from the stored hash, so a seeded user's login checks the password the
// same way for a 38th of the work: at crmd's cost, the suites' hundreds
// of logins were a tenth of their CPU under the race detector. The tests
// of the cost itself (the login bound, the hash's form) hash with
// server.HashPassword.
func PasswordHash() string {
	hashOnce.Do(func() {
		const memoryKiB, passes = 1024, 1
		salt := []byte("crmtest-salt-16b")
		key := argon2.IDKey([]byte(Password), salt, passes, memoryKiB, 1, 32)
		hash = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=1$%s$%s", argon2.Version, memoryKiB, passes,
			base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
		if ok, err := server.CheckPassword(hash, Password); !ok || err != nil {
			panic(fmt.Sprintf("crmtest: crmd does not read the seeded hash: %v", err))
		}
	})
	return hash
}

// Users seeded by SeedUsers, by role.
var Users = map[string]crm.Role{
	"admin": crm.RoleAdmin, "sup": crm.RoleSupervisor, "ana": crm.RoleAgent, "ben": crm.RoleAgent, "tia": crm.RoleTrainee,
}

// SeedUsers creates Users in store.
func SeedUsers(t testing.TB, store crm.Store) {
	t.Helper()
	now := time.Now()
	for name, role := range Users {
		if err := store.CreateUser(context.Background(), crm.UserRecord{Username: name, Role: role, PasswordHash: PasswordHash(), CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatalf("seed %s: %v", name, err)
		}
	}
}

// Running is an in-process crmd.
type Running struct {
	URL     string
	Addr    string
	Server  *server.Server
	Store   crm.Store
	KeysDir string
	Keys    *server.KeySet
	stop    context.CancelFunc
	done    chan error
}

// Start runs a server.Server for store on 127.0.0.1 with a fresh keys folder,
// no rate limits and MetricsToken unless cfg says otherwise. It stops with
// the test.
func Start(t testing.TB, store crm.Store, cfg ...func(*server.Config)) *Running {
	t.Helper()
	dir := t.TempDir()
	keys, _, err := server.EnsureKeys(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return StartWithKeys(t, store, dir, keys, "127.0.0.1:0", cfg...)
}

// StartWithKeys is Start on a given keys folder and address: a restart
// test brings crmd back on the same port.
func StartWithKeys(t testing.TB, store crm.Store, dir string, keys *server.KeySet, addr string, cfg ...func(*server.Config)) *Running {
	t.Helper()
	c := server.Config{Store: store, Keys: keys, RateLimit: rate.Inf, AnonRate: rate.Inf, MetricsToken: MetricsToken}
	for _, f := range cfg {
		f(&c)
	}
	srv, err := server.NewServer(c)
	if err != nil {
		t.Fatal(err)
	}
	var ln net.Listener
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond) // the port of a server just stopped
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Running{URL: "http://" + ln.Addr().String(), Addr: ln.Addr().String(), Server: srv, Store: store, KeysDir: dir, Keys: keys, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- srv.Serve(ctx, ln) }()
	t.Cleanup(r.Stop)
	return r
}

// Stop shuts the server down and waits for it; it may be called twice.
func (r *Running) Stop() {
	if r.stop == nil {
		return
	}
	r.stop()
	r.stop = nil
	<-r.done
}

// API is a raw HTTP client for tests.
type API struct {
	T    testing.TB
	Base string
	HTTP *http.Client
}

// NewAPI returns an API on base.
func NewAPI(t testing.TB, base string) *API {
	return &API{T: t, Base: base, HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// Resp is a response read whole.
type Resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it cannot.
func (r *Resp) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Code is the error code of an error body.
func (r *Resp) Code() crm.Code {
	var e crm.ErrorBody
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Do sends a request. body may be nil, []byte (sent as is) or a value
// encoded as JSON; hdr adds headers (Content-Type defaults to JSON).
func (a *API) Do(method, path, token string, hdr map[string]string, body any) *Resp {
	a.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.T.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, a.Base+path, rd)
	if err != nil {
		a.T.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := a.HTTP.Do(req)
	if err != nil {
		a.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		a.T.Fatalf("%s %s: %v", method, path, err)
	}
	return &Resp{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Login returns the tokens of user, failing the test if refused.
func (a *API) Login(user, pass string) crm.TokenResponse {
	a.T.Helper()
	r := a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: user, Password: pass})
	if r.Status != http.StatusOK {
		a.T.Fatalf("login %s: %d %s", user, r.Status, r.Body)
	}
	var tr crm.TokenResponse
	r.JSON(a.T, &tr)
	return tr
}

// Expect fails the test unless r has the status.
func Expect(t testing.TB, r *Resp, status int, what string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.Status, status, r.Body)
	}
}

// policy is the escalation and authority policy the store contract writes
// with: the default pack's figures, fixed here so the suite does not load
// a playbook.
type policy struct{}

func (policy) AuthorityMinor(role string) int64 {
	return map[string]int64{"agent": 5000, "supervisor": 20000, "admin": 50000}[role]
}

func (policy) ResponseHours(priority string) (int, bool) {
	h, ok := map[string]int{"urgent": 4, "high": 24, "normal": 48, "low": 72}[priority]
	return h, ok
}

// lowerLimit is a pack published later with a lower authority for agents.
type lowerLimit struct{ policy }

func (lowerLimit) AuthorityMinor(role string) int64 {
	if role == "agent" {
		return 3000
	}
	return policy{}.AuthorityMinor(role)
}

// noPriorities is a pack that has retired every priority.
type noPriorities struct{ policy }

func (noPriorities) ResponseHours(string) (int, bool) { return 0, false }

// Policy is the crm.Policy the store contract uses.
var Policy crm.Policy = policy{}

// DeskConnect is a desk's Connect for tests: clients of url (or of the URL
// the desk asks for) keeping their session in sessions, with a deadline so
// a stuck server fails the test instead of hanging it. With user set, it
// logs that seeded user in first, as a desk that has signed in before.
func DeskConnect(t testing.TB, url, sessions, user string) func(string) (*crm.Client, error) {
	t.Helper()
	connect := func(u string) (*crm.Client, error) {
		return crm.NewClient(u, sessions, &http.Client{Timeout: 5 * time.Second})
	}
	if user == "" {
		return connect
	}
	c, err := connect(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), user, Password); err != nil {
		t.Fatal(err)
	}
	return connect
}
