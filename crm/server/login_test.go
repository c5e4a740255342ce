package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// A hundred logins at once (half of them right, half wrong passwords for
// made-up names) keep crmd's heap under 128 MiB above idle: two Argon2
// checks run at a time (19 MiB each) and the others are answered 503 with
// Retry-After at once, instead of a hundred checks taking ~1.9 GB.
func TestParallelLoginsStayUnderMemoryBound(t *testing.T) {
	const (
		logins = 100
		slots  = 2
		bound  = 128 * mib
	)
	r, a := start(t, func(c *server.Config) { c.LoginConcurrency = slots })
	// A user whose hash has crmd's own cost: the seeded users' is cheaper.
	const user = "carla"
	addAgent(t, r, user)
	a.Login(user, crmtest.Password)
	hc := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: logins}}
	type answer struct {
		status     int
		retryAfter string
		code       crm.Code
		took       time.Duration
	}
	answers := make([]answer, logins)
	peak := heapPeak(t, func() {
		var wg sync.WaitGroup
		ready := make(chan struct{})
		for i := range logins {
			body, _ := json.Marshal(crm.TokenRequest{Username: user, Password: crmtest.Password})
			if i%2 == 1 {
				body, _ = json.Marshal(crm.TokenRequest{Username: fmt.Sprintf("nobody%d", i), Password: "wrong-password-" + fmt.Sprint(i)})
			}
			wg.Go(func() {
				req, _ := http.NewRequest("POST", a.Base+"/v1/auth/token", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				<-ready
				began := time.Now()
				res, err := hc.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var eb crm.ErrorBody
				_ = json.Unmarshal(b, &eb)
				answers[i] = answer{res.StatusCode, res.Header.Get("Retry-After"), eb.Error.Code, time.Since(began)}
			})
		}
		close(ready)
		wg.Wait()
	})
	byStatus := map[int]int{}
	var busy, checked []time.Duration
	for i, an := range answers {
		byStatus[an.status]++
		switch an.status {
		case 503:
			busy = append(busy, an.took)
			if an.retryAfter != "1" || an.code != crm.CodeUnavailable {
				t.Errorf("login %d: 503 with Retry-After %q, code %q", i, an.retryAfter, an.code)
			}
		case 200, 401:
			checked = append(checked, an.took)
			if want := 200 + 201*(i%2); an.status != want {
				t.Errorf("login %d: %d, want %d", i, an.status, want)
			}
		default:
			t.Errorf("login %d: status %d", i, an.status)
		}
	}
	sort.Slice(busy, func(i, j int) bool { return busy[i] < busy[j] })
	sort.Slice(checked, func(i, j int) bool { return checked[i] < checked[j] })
	med := func(d []time.Duration) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[len(d)/2]
	}
	t.Logf("%d logins with %d Argon2 slots: %v; median answer %v when busy, %v when checked; heap in use peaked %.1f MiB above idle (bound %d MiB)",
		logins, slots, byStatus, med(busy), med(checked), float64(peak)/mib, bound/mib)
	if len(busy) == 0 || len(checked) < slots {
		t.Errorf("%d answered busy, %d checked: the semaphore did not shed load", len(busy), len(checked))
	}
	if peak > bound {
		t.Errorf("heap in use peaked %.1f MiB above idle, over the %d MiB bound", float64(peak)/mib, bound/mib)
	}
}

// clock is a settable time for the server.
type clock struct{ at atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.at.Store(time.Now().UnixNano())
	return c
}

func (c *clock) Now() time.Time        { return time.Unix(0, c.at.Load()) }
func (c *clock) Add(d time.Duration)   { c.at.Add(int64(d)) }
func (c *clock) cfg(cf *server.Config) { cf.Now = c.Now }
func sameAnswer(a, b *crmtest.Resp) bool {
	return a.Status == b.Status && bytes.Equal(a.Body, b.Body) && sameHeaders(a, b)
}
func sameHeaders(a, b *crmtest.Resp) bool { return headers(a) == headers(b) }

func headers(r *crmtest.Resp) string {
	var out []string
	for k, v := range r.Header {
		if k != "Date" {
			out = append(out, fmt.Sprint(k, v))
		}
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}

// Five wrong passwords in a row are free; then each further try waits 1 s,
// 2 s, 4 s... (429 with Retry-After, the password not even checked), the
// right password included, until it succeeds after the wait. Another
// account is not slowed down, and an unknown username gets exactly the
// same answers at every step, so the wait does not tell who exists.
func TestLoginBackoffPerUsername(t *testing.T) {
	clk := newClock()
	_, a := start(t, clk.cfg)
	login := func(user, pass string) *crmtest.Resp {
		return a.Do("POST", "/v1/auth/token", "", nil, crm.TokenRequest{Username: user, Password: pass})
	}
	for i := range 5 {
		real, ghost := login("ana", "wrong-password!"), login("ghost", "wrong-password!")
		crmtest.Expect(t, real, 401, fmt.Sprint("wrong password ", i+1))
		if !sameAnswer(real, ghost) {
			t.Errorf("failure %d: ana %d %v, ghost %d %v", i+1, real.Status, real.Header, ghost.Status, ghost.Header)
		}
	}
	for _, wait := range []int{1, 2, 4} {
		real, ghost := login("ana", crmtest.Password), login("ghost", crmtest.Password)
		crmtest.Expect(t, real, 429, "right password during the wait")
		if real.Header.Get("Retry-After") != fmt.Sprint(wait) || real.Code() != crm.CodeRateLimited {
			t.Errorf("wait %d s: Retry-After %q, code %q", wait, real.Header.Get("Retry-After"), real.Code())
		}
		if !sameAnswer(real, ghost) {
			t.Errorf("during the wait: ana %d %v, ghost %d %v", real.Status, real.Header, ghost.Status, ghost.Header)
		}
		crmtest.Expect(t, login("ben", crmtest.Password), 200, "another account")
		clk.Add(time.Duration(wait) * time.Second)
		real, ghost = login("ana", "wrong-password!"), login("ghost", "wrong-password!")
		crmtest.Expect(t, real, 401, "wrong password after the wait")
		if !sameAnswer(real, ghost) {
			t.Errorf("after the wait: ana %d, ghost %d", real.Status, ghost.Status)
		}
	}
	clk.Add(8 * time.Second)
	crmtest.Expect(t, login("ana", crmtest.Password), 200, "the owner after the wait")
	// Success starts afresh: five more free failures.
	for i := range 5 {
		crmtest.Expect(t, login("ana", "wrong-password!"), 401, fmt.Sprint("free failure ", i+1))
	}
	crmtest.Expect(t, login("ana", "wrong-password!"), 429, "sixth failure in a row")
	// The wait never grows past a minute, and failures are forgotten after
	// a quarter of an hour without one.
	for range 12 {
		clk.Add(time.Minute)
		login("ana", "wrong-password!")
	}
	if r := login("ana", crmtest.Password); r.Header.Get("Retry-After") != "60" {
		t.Errorf("capped wait: %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	clk.Add(16 * time.Minute)
	crmtest.Expect(t, login("ana", "wrong-password!"), 401, "a failure long after the last")
	crmtest.Expect(t, login("ana", crmtest.Password), 200, "no wait after a single failure")
}

// Creating an account hashes its password: it takes an Argon2 slot too,
// and is answered 503 at once when none is free.
func TestCreateUserTakesAnArgon2Slot(t *testing.T) {
	_, a := start(t, func(c *server.Config) { c.LoginConcurrency = 1 })
	admin := a.Login("admin", crmtest.Password)
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Go(func() {
			r := a.Do("POST", "/v1/users", admin.AccessToken, nil, crm.NewUser{Username: fmt.Sprintf("new%d", i), Role: crm.RoleAgent, Password: crmtest.Password})
			statuses[i] = r.Status
			if r.Status == 503 && r.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
		})
	}
	wg.Wait()
	created, busy := 0, 0
	for _, s := range statuses {
		switch s {
		case 201:
			created++
		case 503:
			busy++
		default:
			t.Errorf("status %d", s)
		}
	}
	if created == 0 {
		t.Errorf("statuses %v", statuses)
	}
	t.Logf("6 accounts at once on one slot: %d created, %d busy", created, busy)
}

// A role is stored as the server reads it: "Supervisor " makes a
// supervisor who can work the team, not an account refused everywhere.
func TestNewUserRoleIsStoredAsRead(t *testing.T) {
	u, err := server.NewUserRecord("lee", crm.Role(" Supervisor "), crmtest.Password, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != crm.RoleSupervisor {
		t.Fatalf("role %q, want %q", u.Role, crm.RoleSupervisor)
	}
	if _, err := server.NewUserRecord("lee", crm.Role("boss"), crmtest.Password, time.Now()); err == nil {
		t.Error("an unknown role accepted")
	}
}

// addAgent stores an agent named name whose password, crmtest.Password,
// is hashed as crmd hashes one (server.HashPassword), as an account made
// by crmd itself would be.
func addAgent(t *testing.T, r *crmtest.Running, name string) {
	t.Helper()
	hash, err := server.HashPassword(crmtest.Password)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := r.Store.CreateUser(t.Context(), crm.UserRecord{Username: name, Role: crm.RoleAgent, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
}

// A logout whose body is empty is a logout without a refresh token,
// however the emptiness is framed: no body, Content-Length: 0, or a
// chunked body of no chunks (as a client streaming an empty buffer
// sends it), with or without a Content-Type.
func TestLogoutEmptyBody(t *testing.T) {
	r, a := start(t)
	rows := []struct {
		name string
		head string // the headers that frame the body, each ending \r\n
		body string
	}{
		{"no body", "", ""},
		{"Content-Length: 0", "Content-Type: application/json\r\nContent-Length: 0\r\n", ""},
		{"chunked, empty", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"},
		{"chunked, empty, no Content-Type", "Transfer-Encoding: chunked\r\n", "0\r\n\r\n"},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			tok := a.Login("ana", crmtest.Password)
			conn, err := net.Dial("tcp", r.Addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST /v1/auth/logout HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nConnection: close\r\n%s\r\n%s",
				r.Addr, tok.AccessToken, row.head, row.body)
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusNoContent {
				t.Fatalf("logout answered %d: %s", res.StatusCode, b)
			}
			crmtest.Expect(t, a.Do("GET", "/v1/cases", tok.AccessToken, nil, nil), 401, "the token after logout")
		})
	}
}
