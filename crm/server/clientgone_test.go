package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// stalling is a store whose case reads and writes wait until their
// request's context ends and then fail with its error, as a database
// driver does when the client that asked has gone; or with err, when set:
// what the database said as the client went.
type stalling struct {
	crm.Store
	started chan struct{}
	err     error
}

func (s *stalling) fail(ctx context.Context) error {
	s.started <- struct{}{}
	<-ctx.Done()
	if s.err != nil {
		return s.err
	}
	return ctx.Err()
}

func (s *stalling) GetCase(ctx context.Context, id string) (*crm.StoredCase, error) {
	return nil, s.fail(ctx)
}

func (s *stalling) PutCases(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	err := s.fail(ctx)
	out := make([]crm.CasePutOutcome, len(ps))
	for i := range out {
		out[i].Err = err
	}
	return out
}

// casePuts is crmd_case_puts_total{outcome} as /metrics has it.
func casePuts(t *testing.T, a *crmtest.API, outcome string) string {
	t.Helper()
	r := a.Do("GET", "/metrics", crmtest.MetricsToken, nil, nil)
	crmtest.Expect(t, r, http.StatusOK, "metrics")
	prefix := `crmd_case_puts_total{outcome="` + outcome + `"} `
	for _, line := range strings.Split(string(r.Body), "\n") {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			return v
		}
	}
	return "0"
}

// requests is crmd_http_requests_total{route, code} as /metrics has it.
func requests(t *testing.T, a *crmtest.API, route, code string) string {
	t.Helper()
	r := a.Do("GET", "/metrics", crmtest.MetricsToken, nil, nil)
	crmtest.Expect(t, r, http.StatusOK, "metrics")
	prefix := `crmd_http_requests_total{code="` + code + `",route="` + route + `"} `
	for _, line := range strings.Split(string(r.Body), "\n") {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			return v
		}
	}
	return "0"
}

// A desk that hangs up mid-request (while crmd reads its body, or while
// the store works for it) is no fault of crmd's: the request is counted
// as closed by the client (499), not as a server error (500) nor as a
// bad request (400), so neither alert fires for a flaky network.
func TestClientGoneIsNotAServerError(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	st := &stalling{Store: db, started: make(chan struct{}, 1)}
	var logs lockedBuffer
	r := crmtest.Start(t, st, func(c *server.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))
	})
	a := crmtest.NewAPI(t, r.URL)
	ana := a.Login("ana", crmtest.Password)

	// The 499 is counted once the handler has ended, a moment after the
	// client went: wait for it.
	wait := func(t *testing.T, route string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for requests(t, a, route, "499") != "1" {
			if time.Now().After(deadline) {
				t.Fatalf("%s: 499 %s, 500 %s, 400 %s", route, requests(t, a, route, "499"),
					requests(t, a, route, "500"), requests(t, a, route, "400"))
			}
			time.Sleep(10 * time.Millisecond)
		}
		for _, code := range []string{"500", "400"} {
			if n := requests(t, a, route, code); n != "0" {
				t.Errorf("%s: counted %s times as %s", route, n, code)
			}
		}
	}

	t.Run("while the store works", func(t *testing.T) {
		hangUpOnCase(r.URL, ana.AccessToken, st.started)
		wait(t, "GET /v1/cases/{id}")
	})

	// A batch of case writes is the desk's usual send: an item its
	// client hung up on is no more crmd's failure than a single PUT.
	t.Run("while the store writes a batch", func(t *testing.T) {
		c := crmtest.NewCase("C-GONE-1", "ana")
		body, _ := json.Marshal(c)
		batch, _ := json.Marshal(crm.BatchRequest{Items: []crm.BatchItem{{ID: c.ID, Key: "case:C-GONE-1:v1", Case: body}}})
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "POST", r.URL+"/v1/cases:batch", bytes.NewReader(batch))
		req.Header.Set("Authorization", "Bearer "+ana.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		done := make(chan struct{})
		go func() {
			defer close(done)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}()
		<-st.started
		cancel()
		<-done
		wait(t, "POST /v1/cases:batch")
		if n := casePuts(t, a, "internal"); n != "0" {
			t.Errorf("case writes counted internal %s times", n)
		}
		if n := casePuts(t, a, "client_closed"); n != "1" {
			t.Errorf("case writes counted client_closed %s times, want 1", n)
		}
		if l := logs.String(); l != "" {
			t.Errorf("logged as errors:\n%s", l)
		}
	})

	t.Run("while crmd reads the body", func(t *testing.T) {
		conn, err := net.Dial("tcp", r.Addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST /v1/auth/logout HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"refresh_token\":",
			r.Addr, ana.AccessToken)
		time.Sleep(50 * time.Millisecond) // the handler is reading
		conn.Close()
		wait(t, "POST /v1/auth/logout")
	})
}

// A store that gives a request's statement up as busy because its client
// went (a lock wait cut short) is not contention crmd gave up on: the
// client is gone, nobody is answered 503, and
// crmd_store_contention_total{outcome="unavailable"} would page someone
// for a flaky network.
func TestClientGoneIsNotContentionGivenUp(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	st := &stalling{Store: db, started: make(chan struct{}, 1), err: crm.Busy(errors.New("canceling statement due to lock timeout (SQLSTATE 55P03)"))}
	r := crmtest.Start(t, st)
	a := crmtest.NewAPI(t, r.URL)
	ana := a.Login("ana", crmtest.Password)
	hangUpOnCase(r.URL, ana.AccessToken, st.started)
	deadline := time.Now().Add(5 * time.Second)
	for requests(t, a, "GET /v1/cases/{id}", "499") != "1" {
		if time.Now().After(deadline) {
			t.Fatalf("not counted 499: 503 %s", requests(t, a, "GET /v1/cases/{id}", "503"))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := contended(t, a, "GetCase", "unavailable"); n != "0" {
		t.Errorf("a read whose client went counted as contention given up %s times", n)
	}
}

// A desk on a slow line that has not sent its whole body when crmd's read
// timeout passes is answered 408 unavailable: the request was fine, the
// line was slow, and the desk sends it again (a 400 invalid would set the
// save aside for good).
func TestSlowBodyIsARequestTimeout(t *testing.T) {
	db := openStore(t)
	crmtest.SeedUsers(t, db)
	r := crmtest.Start(t, db)
	hs := r.Server.HTTPServer()
	// Long enough for the header, sent at once, to be read on a loaded
	// machine: a header read past it is dropped without an answer.
	hs.ReadTimeout = time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/auth/token HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":", ln.Addr())
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body crm.ErrorBody
	_ = json.NewDecoder(res.Body).Decode(&body)
	if res.StatusCode != http.StatusRequestTimeout || body.Error.Code != crm.CodeUnavailable {
		t.Fatalf("a body slower than the read timeout: %d %q", res.StatusCode, body.Error.Code)
	}
	// What the desk's client makes of it: one to send again.
	if crm.PermanentErr(&crm.Error{Code: body.Error.Code, Status: res.StatusCode}) {
		t.Error("the desk would set it aside for good")
	}
}

// hangUpOnCase asks crmd at url for case C-1 and hangs up once the store
// has started on it (started receives), returning when the client is gone.
func hangUpOnCase(url, token string, started <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/v1/cases/C-1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	<-started
	cancel()
	<-done
}
