package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
	"agentdesk/sqlite"
)

// run runs crmd in-process and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

const customersCSV = "account,name,since,vip,plan,currency,balance,due_date,lang\n" +
	"ACC-1001,Lucía García,2019-03-01,true,Fibra 600,EUR,4599,2026-12-01,es\n" +
	"ACC-1002,Robert Stone,2021-07-15,false,Mobile S,USD,1250,2026-12-05,en\n"

// serve starts `crmd serve` on 127.0.0.1 with an admin "root" and two
// customers, and returns its URL; it stops with the test. extra flags
// come after the defaults, so they override them.
func serve(t *testing.T, dsn string, extra ...string) string {
	t.Helper()
	return launch(t, dsn, extra...).URL
}

// running is a crmd serve started by launch.
type running struct {
	Addr       string // 127.0.0.1:PORT of the API
	URL        string // http://127.0.0.1:PORT of the API
	MetricsURL string // of --metrics-addr, "" without one
}

// launch is serve, with the metrics address too. The metrics listener is
// on a port of its own choosing unless extra says otherwise: several test
// runs on one machine would fight over the default port.
func launch(t *testing.T, dsn string, extra ...string) running {
	t.Helper()
	dir := t.TempDir()
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	csv := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(csv, []byte(customersCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "", "import", "customers", csv, "--db", dsn); code != 0 || !strings.Contains(out, "2") {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--keys", filepath.Join(dir, "keys"), "--rate", "0", "--anon-rate", "0",
		"--metrics-addr", "127.0.0.1:0"}
	return start(t, append(args, extra...)...)
}

// start runs crmd with args (a serve) until the test ends, and waits for
// it to listen.
func start(t *testing.T, args ...string) running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	metrics := make(chan string, 1)
	done := make(chan int, 1)
	var logs bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &logs, Getenv: func(string) string { return "" },
		Ready: func(addr string) { ready <- addr }, MetricsReady: func(addr string) { metrics <- addr }}
	go func() { done <- m.Run(ctx, args) }()
	var addr string
	select {
	case addr = <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d", code)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d", code)
		}
	})
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("listening on %s", addr)
	}
	r := running{Addr: addr, URL: "http://" + addr}
	select {
	case maddr := <-metrics:
		r.MetricsURL = "http://" + maddr
	default:
	}
	return r
}

// metricsTokenFile writes a metrics token to a file and returns its path.
func metricsTokenFile(t *testing.T, token string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "metrics-token")
	if err := os.WriteFile(p, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCrmdSQLite(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	url := serve(t, dsn, "--metrics-token-file", metricsTokenFile(t, crmtest.MetricsToken))
	crmtest.RunAPI(t, crmtest.Env{URL: url, Admin: "root", Pass: crmtest.Password, Account: "ACC-1001", CustomerQuery: "Garc", MetricsToken: crmtest.MetricsToken})
}

func TestCrmdPostgres(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	url := serve(t, dsn, "--metrics-token-file", metricsTokenFile(t, crmtest.MetricsToken))
	crmtest.RunAPI(t, crmtest.Env{URL: url, Admin: "root", Pass: crmtest.Password, Account: "ACC-1001", CustomerQuery: "garc", MetricsToken: crmtest.MetricsToken})
}

// get returns the status and body of a GET, with a bearer token if given.
func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// /metrics is not on the API address unless a metrics token is configured,
// and then only for that token; the metrics address (loopback here) serves
// it, asking for the token when there is one.
func TestServeMetrics(t *testing.T) {
	const tok = "a-metrics-token-0123456789"
	for _, tc := range []struct {
		name                  string
		flags                 []string
		api, apiTok           int // on the API address: without the token, with it
		metrics, metricsToken int // on the metrics address
	}{
		{"default", nil, 404, 404, 200, 200},
		{"token", []string{"--metrics-token-file", metricsTokenFile(t, tok)}, 401, 200, 401, 200},
		{"no metrics address", []string{"--metrics-addr", ""}, 404, 404, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := launch(t, "sqlite:"+filepath.Join(t.TempDir(), "crmd.db"), tc.flags...)
			if s, _ := get(t, r.URL+"/metrics", ""); s != tc.api {
				t.Errorf("API address without the token: %d, want %d", s, tc.api)
			}
			if s, _ := get(t, r.URL+"/metrics", "wrong-token-wrong-token"); s != tc.api {
				t.Errorf("API address with a wrong token: %d, want %d", s, tc.api)
			}
			if s, body := get(t, r.URL+"/metrics", tok); s != tc.apiTok || s == 200 && !strings.Contains(body, "crmd_http_requests_total") {
				t.Errorf("API address with the token: %d, want %d", s, tc.apiTok)
			}
			if tc.metrics == 0 {
				if r.MetricsURL != "" {
					t.Errorf("a metrics listener on %s", r.MetricsURL)
				}
				return
			}
			if !strings.HasPrefix(r.MetricsURL, "http://127.0.0.1:") {
				t.Fatalf("metrics on %q", r.MetricsURL)
			}
			if s, _ := get(t, r.MetricsURL+"/metrics", ""); s != tc.metrics {
				t.Errorf("metrics address without the token: %d, want %d", s, tc.metrics)
			}
			if s, body := get(t, r.MetricsURL+"/metrics", tok); s != tc.metricsToken || s == 200 && !strings.Contains(body, "crmd_http_requests_total") {
				t.Errorf("metrics address with the token: %d, want %d", s, tc.metricsToken)
			}
			if s, _ := get(t, r.MetricsURL+"/v1/cases", ""); s != 404 {
				t.Errorf("the API on the metrics address: %d", s)
			}
		})
	}
	short := metricsTokenFile(t, "short")
	if code, _, errs := run(t, "", "serve", "--metrics-token-file", short, "--metrics-addr", ""); code != 1 || !strings.Contains(errs, "16 characters") {
		t.Errorf("a short metrics token: %d %q", code, errs)
	}
}

func TestCommands(t *testing.T) {
	if code, out, _ := run(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "crmd ") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, _, errs := run(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "frobnicate") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	if code, _, errs := run(t, ""); code != 0 || !strings.Contains(errs, "user add") {
		t.Errorf("usage: %d %q", code, errs)
	}
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "crmd.db")
	if code, _, errs := run(t, "", "user", "add", "ana", "--db", dsn); code == 0 || !strings.Contains(errs, "password") {
		t.Errorf("user add without a password: %d %q", code, errs)
	}
	if code, _, errs := run(t, "short\n", "user", "add", "ana", "--db", dsn); code == 0 {
		t.Errorf("weak password accepted: %q", errs)
	}
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "ana", "--role", "wizard", "--db", dsn); code == 0 {
		t.Errorf("unknown role accepted: %q", errs)
	}
	if code, out, errs := run(t, crmtest.Password+"\n", "user", "add", "ana", "--role", "supervisor", "--db", dsn); code != 0 || !strings.Contains(out, "ana") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	if code, _, _ := run(t, crmtest.Password+"\n", "user", "add", "ana", "--db", dsn); code != 1 {
		t.Errorf("duplicate user: %d", code)
	}
	if code, out, errs := run(t, "", "user", "disable", "ana", "--db", dsn); code != 0 || !strings.Contains(out, "ana") {
		t.Errorf("disable: %d %q %q", code, out, errs)
	}
	code, out, _ := run(t, "", "user", "list", "--json", "--db", dsn)
	var users []crm.User
	if err := json.Unmarshal([]byte(out), &users); code != 0 || err != nil || len(users) != 1 || !users[0].Disabled || users[0].Role != crm.RoleSupervisor {
		t.Errorf("list: %d %q %v", code, out, err)
	}
	if strings.Contains(out, "argon2") {
		t.Error("user list prints password hashes")
	}
	// More accounts than a store's page: the list follows the pages and
	// prints every account once, by name.
	store, err := sqlite.OpenServer(context.Background(), filepath.Join(dir, "crmd.db"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i := range crm.DefaultPageLimit + 5 {
		if err := store.CreateUser(context.Background(), crm.UserRecord{Username: fmt.Sprintf("u%03d", i), Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()
	code, out, _ = run(t, "", "user", "list", "--json", "--db", dsn)
	users = nil
	if err := json.Unmarshal([]byte(out), &users); code != 0 || err != nil || len(users) != crm.DefaultPageLimit+6 {
		t.Fatalf("list of %d accounts: %d %d %v", crm.DefaultPageLimit+6, code, len(users), err)
	}
	if users[0].Username != "ana" || users[len(users)-1].Username != fmt.Sprintf("u%03d", crm.DefaultPageLimit+4) ||
		!slices.IsSortedFunc(users, func(a, b crm.User) int { return strings.Compare(a.Username, b.Username) }) {
		t.Errorf("accounts not once each by name: %s … %s", users[0].Username, users[len(users)-1].Username)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("account,name\n,Nobody\n"), 0o600)
	if code, _, errs := run(t, "", "import", "customers", bad, "--db", dsn); code != 1 || !strings.Contains(errs, "line 2") || strings.Contains(errs, "Nobody") {
		t.Errorf("bad import: %d %q", code, errs)
	}
	keys := filepath.Join(dir, "keys")
	if code, out, errs := run(t, "", "keys", "rotate", "--keys", keys); code != 0 || !strings.Contains(out, "k") {
		t.Fatalf("first key: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "", "keys", "rotate", "--keys", keys); code != 1 || !strings.Contains(errs, "force") {
		t.Errorf("second rotation at once: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "keys", "rotate", "--keys", keys, "--force"); code != 0 {
		t.Errorf("forced rotation: %d %q", code, errs)
	}
	entries, _ := os.ReadDir(keys)
	var priv, pub int
	for _, e := range entries {
		switch {
		case strings.HasSuffix(e.Name(), ".pub.pem"):
			pub++
		case strings.HasSuffix(e.Name(), ".pem"):
			priv++
			if fi, _ := e.Info(); fi.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v", e.Name(), fi.Mode().Perm())
			}
		}
	}
	if priv != 1 || pub != 1 {
		t.Errorf("keys folder after rotation: %d private, %d public", priv, pub)
	}
	if code, _, errs := run(t, "", "user", "list", "--db", "mysql://x"); code != 1 || !strings.Contains(errs, "sqlite:") {
		t.Errorf("bad DSN: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "serve", "--login-concurrency", "0", "--db", dsn, "--keys", keys); code != 1 || !strings.Contains(errs, "login-concurrency") {
		t.Errorf("no password checks at all: %d %q", code, errs)
	}
	for _, flag := range []string{"--rate", "--anon-rate"} {
		for _, v := range []string{"NaN", "+Inf"} {
			if code, _, errs := run(t, "", "serve", flag, v, "--db", dsn, "--keys", keys); code != 1 || !strings.Contains(errs, flag) {
				t.Errorf("%s %s: %d %q", flag, v, code, errs)
			}
		}
	}
}

// The flags' help is in the operator's language.
func TestFlagHelpFollowsTheLanguage(t *testing.T) {
	for lang, want := range map[string]string{"es": "verificaciones de contraseña", "en": "password checks"} {
		var errb bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &errb,
			Getenv: func(k string) string {
				if k == "AGENTDESK_LANG" {
					return lang
				}
				return ""
			}}
		if code := m.Run(context.Background(), []string{"serve", "-h"}); code != 0 || !strings.Contains(errb.String(), want) || !strings.Contains(errb.String(), "-login-concurrency") {
			t.Errorf("%s: %d %q", lang, code, errb.String())
		}
	}
}

// --trusted-proxy makes crmd budget anonymous requests by the address a
// proxy forwards; without it the forged header is ignored.
func TestServeTrustedProxy(t *testing.T) {
	status := func(url, xff string) int {
		req, _ := http.NewRequest("GET", url+"/healthz", nil)
		req.Header.Set("X-Forwarded-For", xff)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, tc := range []struct {
		flags []string
		want  int // the third request from three different forwarded clients
	}{
		{nil, 429},
		{[]string{"--trusted-proxy", "10.0.0.0/8"}, 429},
		{[]string{"--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "127.0.0.1"}, 200},
	} {
		url := serve(t, "sqlite:"+filepath.Join(t.TempDir(), "crmd.db"), append([]string{"--anon-rate", "0.001", "--anon-burst", "2"}, tc.flags...)...)
		got := []int{status(url, "203.0.113.1"), status(url, "203.0.113.2"), status(url, "203.0.113.3")}
		if got[0] != 200 || got[2] != tc.want {
			t.Errorf("%v: %v, want the third %d", tc.flags, got, tc.want)
		}
	}
	if code, _, errs := run(t, "", "serve", "--trusted-proxy", "the-balancer"); code != 2 || !strings.Contains(errs, "CIDR") {
		t.Errorf("bad --trusted-proxy: %d %q", code, errs)
	}
}

// crmd serve --tls-cert --tls-key answers HTTPS itself: the API walk passes
// over it with the desktop's TLS settings, and plain HTTP is refused.
func TestServeTLS(t *testing.T) {
	cert := crmtest.SelfSignedCert(t, t.TempDir())
	r := launch(t, "sqlite:"+filepath.Join(t.TempDir(), "crmd.db"), "--tls-cert", cert.CertFile, "--tls-key", cert.KeyFile)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: cert.Pool}}}
	res, err := hc.Get("https://" + r.Addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.TLS.Version != tls.VersionTLS13 {
		t.Fatalf("https: %d %x", res.StatusCode, res.TLS.Version)
	}
	if s, _ := get(t, r.URL+"/healthz", ""); s != 400 {
		t.Errorf("plain http on the TLS port: %d", s)
	}
	c, err := crm.NewClient("https://"+r.Addr, t.TempDir(), hc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "root", crmtest.Password); err != nil {
		t.Errorf("login over TLS: %v", err)
	}
	for _, args := range [][]string{{"--tls-cert", cert.CertFile}, {"--tls-key", cert.KeyFile}} {
		if code, _, errs := run(t, "", append([]string{"serve", "--metrics-addr", ""}, args...)...); code != 1 || !strings.Contains(errs, "go together") {
			t.Errorf("%v alone: %d %q", args, code, errs)
		}
	}
	if code, _, errs := run(t, "", "serve", "--metrics-addr", "", "--tls-cert", cert.CertFile, "--tls-key", cert.CertFile); code != 1 || !strings.Contains(errs, "TLS") {
		t.Errorf("a certificate as its own key: %d %q", code, errs)
	}
}

// A header naming a column twice (account,name,Account) is refused as a
// problem of line 1, and nothing is imported: which of the two columns
// would be read is nowhere said, and the other would be dropped.
func TestImportRefusesARepeatedColumn(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "crmd.db")
	csv := filepath.Join(dir, "c.csv")
	os.WriteFile(csv, []byte("account,name,Account\nACC-1,Ana,ACC-2\n"), 0o600)
	code, out, errs := run(t, "", "import", "customers", csv, "--db", dsn)
	if code != 1 || !strings.Contains(errs, "line 1, column account: repeated (columns 1 and 3)") || strings.Contains(errs, "Ana") {
		t.Errorf("import with the account column twice: exit %d %q %q", code, out, errs)
	}
}

// A word crmd does not expect is a usage mistake (exit 2) that says which
// word: exiting 2 without a line leaves an operator's script, and the
// operator, to guess.
func TestAStrayArgumentIsNamed(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	for _, args := range [][]string{
		{"serve", "stray", "--db", dsn, "--metrics-addr", ""},
		{"user", "list", "stray", "--db", dsn},
		{"keys", "rotate", "stray", "--keys", filepath.Join(t.TempDir(), "keys")},
	} {
		code, _, errs := run(t, "", args...)
		if code != 2 || !strings.Contains(errs, `"stray"`) {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
}

// The only admin is not disabled: crmd has no way back from the API then.
func TestTheLastAdminStaysEnabled(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "user", "disable", "root", "--db", dsn); code != 1 || !strings.Contains(errs, "last enabled admin") {
		t.Errorf("disabling the only admin: exit %d %q", code, errs)
	}
}

// An operator who disabled an account by mistake turns it back on from
// the command line, as the API's enable does; the account logs in again.
func TestUserEnable(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "ana", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "user", "disable", "ana", "--db", dsn); code != 0 {
		t.Fatalf("disable: %d %s", code, errs)
	}
	code, out, errs := run(t, "", "user", "enable", "ana", "--db", dsn)
	if code != 0 || !strings.Contains(out, "ana") {
		t.Fatalf("enable: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, "", "user", "list", "--json", "--db", dsn)
	var users []crm.User
	if err := json.Unmarshal([]byte(out), &users); code != 0 || err != nil || len(users) != 1 || users[0].Disabled {
		t.Errorf("list after enable: %d %q %v", code, out, err)
	}
	if code, _, errs := run(t, "", "user", "enable", "nobody", "--db", dsn); code != 1 || errs == "" {
		t.Errorf("enable of an unknown account: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "user", "enable", "--db", dsn); code != 2 || !strings.Contains(errs, "user enable") {
		t.Errorf("enable without a name: %d %q", code, errs)
	}
	if code, _, errs := run(t, ""); code != 0 || !strings.Contains(errs, "user enable") {
		t.Errorf("usage does not list user enable: %d %q", code, errs)
	}
	es := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
		Getenv: func(k string) string {
			if k == "AGENTDESK_LANG" {
				return "es"
			}
			return ""
		}}
	if code := es.Run(context.Background(), []string{"user", "enable", "ana", "--db", dsn}); code != 0 ||
		!strings.Contains(es.Stdout.(*bytes.Buffer).String(), "reactivad") {
		t.Errorf("enable in Spanish: %d %q", code, es.Stdout)
	}
}

// A --db that names no database is refused before anything is made: no
// signing key, no empty database file. Only user add makes the database.
func TestAMistypedDBIsRefusedWithoutSideEffects(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	typo := filepath.Join(dir, "crmd-typo.db")
	for _, args := range [][]string{
		{"serve", "--db", "mysql://x", "--keys", keys, "--metrics-addr", "", "--addr", "127.0.0.1:0"},
		{"serve", "--db", "sqlite:" + typo, "--keys", keys, "--metrics-addr", "", "--addr", "127.0.0.1:0"},
		{"serve", "--db", "sqlite:" + dir, "--keys", keys, "--metrics-addr", "", "--addr", "127.0.0.1:0"},
		{"user", "disable", "ana", "--db", "sqlite:" + typo},
		{"user", "enable", "ana", "--db", "sqlite:" + typo},
		{"user", "list", "--db", "sqlite:" + typo},
	} {
		code, _, errs := run(t, "", args...)
		if code != 1 || errs == "" {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
		if _, err := os.Stat(keys); !os.IsNotExist(err) {
			t.Errorf("%v: a keys folder was made (%v)", args, err)
			os.RemoveAll(keys)
		}
		if _, err := os.Stat(typo); !os.IsNotExist(err) {
			t.Errorf("%v: a database was made (%v)", args, err)
			os.Remove(typo)
		}
	}
}

// runES is run with AGENTDESK_LANG=es.
func runES(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "AGENTDESK_LANG" {
			return "es"
		}
		return ""
	}}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// What crmd tells its operator is in the operator's language: an import's
// report line by line, the store's refusals, a command's usage.
func TestOperatorMessagesFollowTheLanguage(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "crmd.db")
	if code, _, errs := runES(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("account,name,vip\n,Nobody,maybe\nACC-1,Ana\n"), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"import", "customers", bad, "--db", dsn}, 1, []string{"no se importó nada", "línea 2, columna account", "línea 2, columna vip", "true o false", "línea 3: 2 campos"}},
		{[]string{"user", "disable", "root", "--db", dsn}, 1, []string{"último administrador"}},
		{[]string{"user", "disable", "nadie", "--db", dsn}, 1, []string{"no existe"}},
		{[]string{"user", "add", "root", "--db", dsn}, 1, []string{"ya existe"}},
		{[]string{"user", "add", "--db", dsn}, 2, []string{"uso: crmd user add"}},
		{[]string{"user", "list", "sobra", "--db", dsn}, 2, []string{`"sobra"`, "argumento"}},
		{[]string{"user", "list", "--db", "mysql://x"}, 1, []string{"sqlite:RUTA"}},
	} {
		stdin := ""
		if tc.args[1] == "add" {
			stdin = crmtest.Password + "\n"
		}
		code, _, errs := runES(t, stdin, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d: %q", tc.args, code, tc.code, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: %q does not say %q", tc.args, errs, w)
			}
		}
		if strings.Contains(errs, "Nobody") {
			t.Errorf("%v: the report repeats the file's data: %q", tc.args, errs)
		}
	}
}

// user add refuses what it is given in the operator's language, and never
// repeats the password it was given, refused or not.
func TestUserAddRefusalsFollowTheLanguage(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"user", "add", "ana"}, "ninguna contraseña"},
		{"corta-1\n", []string{"user", "add", "ana"}, "entre 10 y 1024 caracteres"},
		{crmtest.Password + "\n", []string{"user", "add", "ana", "--role", "mago"}, "agent, trainee, supervisor o admin"},
		{crmtest.Password + "\n", []string{"user", "add", "Ana Pérez"}, "minúsculas"},
	} {
		code, out, errs := runES(t, tc.stdin, append(tc.args, "--db", dsn)...)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d %q, want %q", tc.args, code, errs, tc.want)
		}
		if pw := strings.TrimSpace(tc.stdin); pw != "" && strings.Contains(out+errs, pw) {
			t.Errorf("%v: the password is repeated: %q %q", tc.args, out, errs)
		}
	}
}

// serve's refusals of its own flags are in the operator's language too,
// the "crmd:" before every failure included.
func TestServeRefusalsFollowTheLanguage(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "crmd.db")
	keys := filepath.Join(dir, "keys")
	short := filepath.Join(dir, "short-token")
	os.WriteFile(short, []byte("corto\n"), 0o600)
	missing := filepath.Join(dir, "missing")
	for _, tc := range []struct {
		flags []string
		code  int
		want  string
	}{
		{[]string{"--login-concurrency", "0"}, 1, "al menos 1"},
		{[]string{"--rate", "NaN"}, 1, "solicitudes por segundo"},
		{[]string{"--anon-rate", "+Inf"}, 1, "solicitudes por segundo"},
		{[]string{"--tls-cert", missing}, 1, "van juntos"},
		{[]string{"--tls-cert", missing, "--tls-key", missing}, 1, "no se pudieron leer"},
		{[]string{"--metrics-token-file", missing}, 1, "no se pudo leer"},
		{[]string{"--metrics-token-file", short}, 1, "16 caracteres"},
		{[]string{"--trusted-proxy", "nadie"}, 2, "un CIDR"},
	} {
		args := append([]string{"serve", "--db", dsn, "--keys", keys, "--metrics-addr", "", "--addr", "127.0.0.1:0"}, tc.flags...)
		code, _, errs := runES(t, "", args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d %q, want %d and %q", tc.flags, code, errs, tc.code, tc.want)
		}
	}
}

// A name or a role user add refuses is said before the password is asked
// for: at a terminal the operator typed a password twice to be told the
// name was wrong, and without one they were told only that it was missing.
func TestUserAddRefusesANameBeforeAskingForThePassword(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", "Ana Pérez"}, "lower case letters"},
		{[]string{"user", "add", "ana", "--role", "wizard"}, "agent, trainee, supervisor or admin"},
	} {
		code, _, errs := run(t, "", append(tc.args, "--db", dsn)...)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v with no password: exit %d %q, want %q", tc.args, code, errs, tc.want)
		}
	}
}

// A name no account can have ("Ana", with a space) is said as that by
// user disable and enable: "User Ana does not exist." sent the operator
// looking for an account when the name only had to be written in lower
// case.
func TestUserDisableSaysANameNoAccountCanHave(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "ana", "--db", dsn); code != 0 {
		t.Fatal(errs)
	}
	for _, cmd := range []string{"disable", "enable"} {
		code, _, errs := run(t, "", "user", cmd, "Ana", "--db", dsn)
		if code != 1 || !strings.Contains(errs, "lower case letters") {
			t.Errorf("user %s Ana: exit %d %q", cmd, code, errs)
		}
	}
}

// user list's table is in the operator's language, as every other line
// crmd prints is: its headings and whether an account is disabled were
// English whatever the language (the JSON stays as it is, for scripts).
func TestUserListFollowsTheLanguage(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "ana", "--db", dsn); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := runES(t, "", "user", "list", "--db", dsn)
	if code != 0 || !strings.Contains(out, "USUARIO") || !strings.Contains(out, "DESACTIVADO") || !strings.Contains(out, " no ") {
		t.Errorf("exit %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, "", "user", "list", "--db", dsn)
	if code != 0 || !strings.Contains(out, "USERNAME") || !strings.Contains(out, " no ") {
		t.Errorf("in English: exit %d %q", code, out)
	}
}

// keys rotate's refusal of a key younger than a token is in the
// operator's language, with how to force it: it was crm's English
// sentence whatever the language.
func TestKeysRotateTooSoonFollowsTheLanguage(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys")
	if code, _, errs := runES(t, "", "keys", "rotate", "--keys", keys); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := runES(t, "", "keys", "rotate", "--keys", keys)
	if code != 1 || !strings.Contains(errs, "--force") || !strings.Contains(errs, "clave") {
		t.Errorf("exit %d %q", code, errs)
	}
}

// keys rotate in a folder that holds no key makes a first one, and says
// that nothing was rotated: after a key got out, a rotation run with a
// mistyped --keys (or none, in another working folder) was reported as a
// new signing key while crmd went on signing with the old one.
func TestKeysRotateSaysAFirstKeyRotatedNothing(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys")
	for _, tc := range []struct {
		lang string
		run  func(t *testing.T, stdin string, args ...string) (int, string, string)
		want string
	}{{"en", run, "nothing was rotated"}, {"es", runES, "no se rotó ninguna"}} {
		dir := filepath.Join(keys, tc.lang)
		code, out, errs := tc.run(t, "", "keys", "rotate", "--keys", dir)
		if code != 0 || !strings.Contains(out, tc.want) || !strings.Contains(out, dir) {
			t.Errorf("a first key: exit %d %q %q", code, out, errs)
		}
		code, out, errs = tc.run(t, "", "keys", "rotate", "--keys", dir, "--force")
		if code != 0 || strings.Contains(out, tc.want) {
			t.Errorf("a rotation: exit %d %q %q", code, out, errs)
		}
	}
}

// A password file saved by an editor that starts it with a byte-order mark
// (Windows' Notepad, "UTF-8 with BOM") gives the password it shows: the
// mark was kept as the password's first character, and the user could
// never log in with the password the operator had typed into the file.
func TestUserAddReadsAPasswordFileWithAByteOrderMark(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	if code, _, errs := run(t, "\ufeff"+crmtest.Password+"\r\n", "user", "add", "ana", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %q", code, errs)
	}
	st, err := sqlite.OpenServer(context.Background(), strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.GetUser(context.Background(), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := server.CheckPassword(u.PasswordHash, crmtest.Password); !ok {
		t.Error("the password in the file does not log in")
	}
}

// An operator sets a new password for a user who forgot theirs: without
// it the account could never log in again, nor its name be taken by a new
// one, and the user's cases stayed under a name nobody could use. The
// sessions of the old password end with it.
func TestUserPasswordSetsANewOne(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmd.db")
	dsn := "sqlite:" + path
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "ana", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %q", code, errs)
	}
	st, err := sqlite.OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	if err := st.SaveRefresh(ctx, crm.RefreshRecord{Hash: "h1", Family: "f1", Username: "ana", AccessJTI: "j1", AccessExp: now.Add(10 * time.Minute),
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	const fresh = "a-brand-new-password"
	code, out, errs := run(t, fresh+"\n", "user", "password", "ana", "--db", dsn)
	if code != 0 || !strings.Contains(out, "ana") {
		t.Fatalf("user password: %d %q %q", code, out, errs)
	}
	u, err := st.GetUser(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := server.CheckPassword(u.PasswordHash, fresh); !ok {
		t.Error("the new password does not log in")
	}
	if ok, _ := server.CheckPassword(u.PasswordHash, crmtest.Password); ok {
		t.Error("the old password still logs in")
	}
	if revoked, err := st.JTIRevoked(ctx, "j1"); err != nil || !revoked {
		t.Errorf("the old password's session goes on: revoked %v, %v", revoked, err)
	}
	if code, _, errs := run(t, fresh+"\n", "user", "password", "nobody", "--db", dsn); code != 1 || !strings.Contains(errs, "nobody") {
		t.Errorf("an account that does not exist: %d %q", code, errs)
	}
	if code, _, errs := run(t, "short\n", "user", "password", "ana", "--db", dsn); code != 1 || !strings.Contains(errs, "10") {
		t.Errorf("a weak password: %d %q", code, errs)
	}
	if code, _, errs := run(t, fresh+"\n", "user", "password", "--db", dsn); code != 2 || !strings.Contains(errs, "user password") {
		t.Errorf("no name: %d %q", code, errs)
	}
}

// A file with only some of the columns updates those: a nightly export of
// balances (account,name,balance) wiped every profile's plan, address,
// phone and the rest, as if the customers had none.
func TestImportKeepsWhatAFileHasNoColumnFor(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "crmd.db")
	dsn := "sqlite:" + path
	full, part := filepath.Join(dir, "full.csv"), filepath.Join(dir, "part.csv")
	os.WriteFile(full, []byte(customersCSV), 0o600)
	os.WriteFile(part, []byte("account,name,balance\nACC-1001,Lucía García Ruiz,5000\nACC-2000,Nueva Cliente,100\n"), 0o600)
	for _, f := range []string{full, part} {
		if code, _, errs := run(t, "", "import", "customers", f, "--db", dsn); code != 0 {
			t.Fatalf("import %s: %d %q", f, code, errs)
		}
	}
	st, err := sqlite.OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.GetCustomer(ctx, "ACC-1001")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Lucía García Ruiz" || c.Balance != 5000 {
		t.Errorf("the columns the file has: %+v", c)
	}
	if c.Plan != "Fibra 600" || !c.VIP || c.Currency != "EUR" || c.Lang != "es" || c.Since.IsZero() || c.DueDate.IsZero() {
		t.Errorf("the columns the file has not were lost: %+v", c)
	}
	if c, err := st.GetCustomer(ctx, "ACC-2000"); err != nil || c.Name != "Nueva Cliente" || c.Balance != 100 {
		t.Errorf("a new customer: %+v %v", c, err)
	}
}

// An operator changes a user's role: an agent promoted to supervisor kept
// the agent's role for good (a new account was the only way, and the
// cases filed under the old name stayed there). The sessions of the old
// role end, and the last enabled admin is not demoted.
func TestUserRoleChangesIt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmd.db")
	dsn := "sqlite:" + path
	for _, u := range [][2]string{{"ana", "agent"}, {"root", "admin"}} {
		if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", u[0], "--role", u[1], "--db", dsn); code != 0 {
			t.Fatalf("user add: %d %q", code, errs)
		}
	}
	st, err := sqlite.OpenServer(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	if err := st.SaveRefresh(ctx, crm.RefreshRecord{Hash: "h1", Family: "f1", Username: "ana", AccessJTI: "j1", AccessExp: now.Add(10 * time.Minute),
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "", "user", "role", "ana", "Supervisor", "--db", dsn); code != 0 || !strings.Contains(out, "supervisor") {
		t.Fatalf("user role: %d %q %q", code, out, errs)
	}
	if u, err := st.GetUser(ctx, "ana"); err != nil || u.Role != crm.RoleSupervisor {
		t.Errorf("after the change: %+v %v", u, err)
	}
	if revoked, err := st.JTIRevoked(ctx, "j1"); err != nil || !revoked {
		t.Errorf("the agent's session goes on: revoked %v, %v", revoked, err)
	}
	if code, _, errs := run(t, "", "user", "role", "root", "agent", "--db", dsn); code != 1 || !strings.Contains(errs, "last enabled admin") {
		t.Errorf("the last admin demoted: %d %q", code, errs)
	}
	if u, _ := st.GetUser(ctx, "root"); u == nil || u.Role != crm.RoleAdmin {
		t.Errorf("the last admin: %+v", u)
	}
	if code, _, errs := run(t, "", "user", "role", "ana", "boss", "--db", dsn); code != 1 || !strings.Contains(errs, "boss") {
		t.Errorf("an unknown role: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "user", "role", "nobody", "agent", "--db", dsn); code != 1 || !strings.Contains(errs, "nobody") {
		t.Errorf("an account that does not exist: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "user", "role", "ana", "--db", dsn); code != 2 || !strings.Contains(errs, "user role") {
		t.Errorf("no role: %d %q", code, errs)
	}
}
