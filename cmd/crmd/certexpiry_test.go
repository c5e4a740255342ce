package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
)

// serveLogBuffer is serve's log, written while the test reads it.
type serveLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *serveLogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *serveLogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// certValidUntil writes a self-signed certificate and its key that expire
// at notAfter.
func certValidUntil(t *testing.T, notAfter time.Time) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "crmd test"},
		NotBefore: notAfter.Add(-30 * 24 * time.Hour), NotAfter: notAfter, DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "crmd.crt"), filepath.Join(dir, "crmd.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// serveLogs runs crmd serve with args until it listens, then stops it,
// and returns what it logged.
func serveLogs(t *testing.T, args ...string) string {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "crmd.db")
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs serveLogBuffer
	ready := make(chan string, 1)
	m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &logs, Getenv: func(string) string { return "" },
		Ready: func(addr string) { ready <- addr }}
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--metrics-addr", "", "--db", dsn,
			"--keys", filepath.Join(t.TempDir(), "keys")}, args...))
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d: %s", code, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	cancel()
	<-done
	return logs.String()
}

// A certificate that has expired already is said to have expired, at
// error level: every desk refuses it. It was logged as one that "expires
// soon", a warning an operator reads as something for next week.
func TestServeSaysAnExpiredCertificateHasExpired(t *testing.T) {
	cert, key := certValidUntil(t, time.Now().Add(-time.Hour))
	logs := serveLogs(t, "--tls-cert", cert, "--tls-key", key)
	if !strings.Contains(logs, `"level":"ERROR","msg":"the TLS certificate has expired`) || strings.Contains(logs, "expires soon") {
		t.Errorf("logs:\n%s", logs)
	}
	cert, key = certValidUntil(t, time.Now().Add(3*24*time.Hour))
	if logs := serveLogs(t, "--tls-cert", cert, "--tls-key", key); !strings.Contains(logs, `"level":"WARN","msg":"the TLS certificate expires soon`) {
		t.Errorf("logs of a certificate that expires in 3 days:\n%s", logs)
	}
}

// A --log crmd does not write is refused, as every other serve flag with
// a value it cannot use: "--log plain" served with JSON logs, and the
// operator learnt it from a log collector that could not read them.
func TestServeRefusesALogFormatItDoesNotWrite(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, crmtest.Password+"\n", "user", "add", "root", "--role", "admin", "--db", "sqlite:"+filepath.Join(dir, "crmd.db")); code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "AGENTDESK_LANG" {
			return "es"
		}
		return ""
	}}
	code := m.Run(ctx, []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "crmd.db"), "--keys", filepath.Join(dir, "keys"),
		"--metrics-addr", "", "--addr", "127.0.0.1:0", "--log", "plain"})
	if code != 1 || !strings.Contains(errb.String(), `--log "plain": json o text`) {
		t.Errorf("exit %d %q", code, errb.String())
	}
}

// A --trusted-proxy that takes in every address (0.0.0.0/0, ::/0) makes
// every client a proxy whose X-Forwarded-For is believed: a client then
// names its own address, and a fresh budget of password guesses with it.
// crmd says so at its start.
func TestServeWarnsOfATrustedProxyThatIsEveryone(t *testing.T) {
	for _, cidr := range []string{"0.0.0.0/0", "::/0"} {
		if logs := serveLogs(t, "--trusted-proxy", cidr); !strings.Contains(logs, `"level":"WARN","msg":"--trusted-proxy takes in every address`) {
			t.Errorf("%s:\n%s", cidr, logs)
		}
	}
	if logs := serveLogs(t, "--trusted-proxy", "10.0.0.5"); strings.Contains(logs, "every address") {
		t.Errorf("one balancer's address:\n%s", logs)
	}
}
