package crm

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func tokenHandler(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(TokenResponse{AccessToken: "at", TokenType: "Bearer", ExpiresAt: time.Now().Add(time.Hour), RefreshToken: "rt", Username: "ana", Role: RoleAgent})
}

// A login answered 503 with a short Retry-After (crmd's password checks are
// all taken) is tried again after the wait, twice at most; other refusals
// are not.
func TestLoginWaitsOutABusyCrmd(t *testing.T) {
	for _, tc := range []struct {
		name       string
		busy       int
		retryAfter string
		wantTries  int32
		wantCode   Code
	}{
		{"busy once", 1, "1", 2, ""},
		{"busy three times", 3, "1", 3, CodeUnavailable},
		{"busy without a wait", 1, "", 1, CodeUnavailable},
		{"busy for long", 1, "30", 1, CodeUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tries atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tries.Add(1) <= int32(tc.busy) {
					if tc.retryAfter != "" {
						w.Header().Set("Retry-After", tc.retryAfter)
					}
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				tokenHandler(w)
			}))
			defer srv.Close()
			c, err := NewClient(srv.URL, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Login(context.Background(), "ana", "correct-horse-battery")
			if CodeOf(err) != tc.wantCode || tries.Load() != tc.wantTries {
				t.Errorf("code %q after %d tries, want %q after %d", CodeOf(err), tries.Load(), tc.wantCode, tc.wantTries)
			}
		})
	}
	// A wrong password is never tried again.
	var tries atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tries.Add(1)
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL, t.TempDir(), nil)
	if _, err := c.Login(context.Background(), "ana", "wrong"); CodeOf(err) != CodeUnauthorized || tries.Load() != 1 {
		t.Errorf("wrong password: %v after %d tries", err, tries.Load())
	}
}

// recorder is a server that notes the Authorization header of every
// request it gets and answers an empty case list.
type recorder struct {
	hits atomic.Int32
	auth atomic.Value // string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.hits.Add(1)
	rec.auth.Store(r.Header.Get("Authorization"))
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"cases":[]}`))
}

// loggedIn is a client of base holding a session whose access token is
// "secret-token", trusting the test certificate through hc.
func loggedIn(t *testing.T, base string, hc *http.Client) *Client {
	t.Helper()
	c, err := NewClient(base, t.TempDir(), hc)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.setSession(&Session{BaseURL: c.base, Username: "ana", Role: RoleAgent, AccessToken: "secret-token",
		AccessExp: time.Now().Add(time.Hour), RefreshToken: "rt"}); err != nil {
		t.Fatal(err)
	}
	return c
}

// redirector answers every request with a redirect to target plus the path.
func redirector(status int, target func() string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target()+r.URL.RequestURI(), status)
	})
}

// A redirect from https to plain http is never followed, whatever its
// status: the token would cross the network in clear text.
func TestClientRefusesARedirectToHTTP(t *testing.T) {
	plain := &recorder{}
	plainSrv := httptest.NewServer(plain)
	defer plainSrv.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		srv := httptest.NewTLSServer(redirector(status, func() string { return plainSrv.URL }))
		c := loggedIn(t, srv.URL, srv.Client())
		_, err := c.ListCases(context.Background(), time.Time{}, "", 0)
		if CodeOf(err) != CodeInsecureURL {
			t.Errorf("%d to http: %v (%s)", status, err, CodeOf(err))
		}
		_, err = c.PutCase(context.Background(), "C-1", "k", 0, []byte(`{}`))
		if CodeOf(err) != CodeInsecureURL {
			t.Errorf("%d to http, PUT: %v", status, err)
		}
		srv.Close()
	}
	if n := plain.hits.Load(); n != 0 {
		t.Errorf("the plain http server got %d requests", n)
	}
	// From a loopback http address, http beyond loopback is refused too.
	srv := httptest.NewServer(redirector(302, func() string { return "http://192.0.2.1" }))
	defer srv.Close()
	c := loggedIn(t, srv.URL, nil)
	if _, err := c.ListCases(context.Background(), time.Time{}, "", 0); CodeOf(err) != CodeInsecureURL {
		t.Errorf("loopback http to http elsewhere: %v", err)
	}
}

// A redirect to another host is followed without the Authorization header,
// and not at all when the body would be sent again; the same host keeps it.
func TestClientKeepsTheTokenToItsHost(t *testing.T) {
	other := &recorder{}
	otherSrv := httptest.NewTLSServer(other)
	defer otherSrv.Close()
	_, otherPort, _ := net.SplitHostPort(otherSrv.Listener.Addr().String())
	// "crm.example.com" (in the test certificate) reaches the other server:
	// another host with a certificate the client trusts.
	hc := otherSrv.Client()
	tr := hc.Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if host, _, _ := net.SplitHostPort(addr); host == "crm.example.com" {
			addr = otherSrv.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	hc = &http.Client{Transport: tr}

	srv := httptest.NewTLSServer(redirector(302, func() string { return "https://crm.example.com:" + otherPort }))
	defer srv.Close()
	c := loggedIn(t, srv.URL, hc)
	if _, err := c.ListCases(context.Background(), time.Time{}, "", 0); err != nil {
		t.Fatalf("redirect to another host: %v", err)
	}
	if other.hits.Load() != 1 || other.auth.Load() != "" {
		t.Errorf("the other host got %d requests, Authorization %q", other.hits.Load(), other.auth.Load())
	}
	srv307 := httptest.NewTLSServer(redirector(307, func() string { return "https://crm.example.com:" + otherPort }))
	defer srv307.Close()
	c = loggedIn(t, srv307.URL, hc)
	if _, err := c.PutCase(context.Background(), "C-1", "k", 0, []byte(`{}`)); err == nil {
		t.Error("a 307 to another host sent the body on")
	}
	if _, err := c.Login(context.Background(), "ana", "correct-horse-battery"); err == nil {
		t.Error("a 307 to another host sent the password on")
	}
	if other.hits.Load() != 1 {
		t.Errorf("the other host got %d requests", other.hits.Load())
	}

	// A redirect within the same host keeps the token.
	same := &recorder{}
	sameSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/cases" {
			http.Redirect(w, r, "/v2/cases", http.StatusTemporaryRedirect)
			return
		}
		same.ServeHTTP(w, r)
	}))
	defer sameSrv.Close()
	c = loggedIn(t, sameSrv.URL, sameSrv.Client())
	if _, err := c.ListCases(context.Background(), time.Time{}, "", 0); err != nil || same.auth.Load() != "Bearer secret-token" {
		t.Errorf("same host: %v, Authorization %q", err, same.auth.Load())
	}
}
