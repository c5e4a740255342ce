package server_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// httpsClient trusts pool and speaks at most the TLS version given (0: any).
func httpsClient(cert crmtest.Cert, maxVersion uint16) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: cert.Pool, MaxVersion: maxVersion},
	}}
}

// With a certificate crmd answers HTTPS itself, TLS 1.3 only; plain HTTP
// on that port gets nothing but a refusal; the desktop client logs in and
// syncs over it; a renewed certificate is served after Reload.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	cert := crmtest.SelfSignedCert(t, dir)
	certs, err := server.LoadCertificate(cert.CertFile, cert.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := start(t, func(c *server.Config) { c.Certificate = certs })
	base := "https://" + r.Addr

	res, err := httpsClient(cert, 0).Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.TLS == nil || res.TLS.Version != tls.VersionTLS13 {
		t.Fatalf("https: %d, TLS %+v", res.StatusCode, res.TLS)
	}
	if _, err := httpsClient(cert, tls.VersionTLS12).Get(base + "/healthz"); err == nil {
		t.Error("a TLS 1.2 client was served")
	}
	res, err = http.Get("http://" + r.Addr + "/healthz")
	if err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 400 || strings.Contains(string(b), "ok") {
			t.Errorf("plain http on the TLS port: %d %s", res.StatusCode, b)
		}
	}

	c, err := crm.NewClient(base, t.TempDir(), httpsClient(cert, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "ana", crmtest.Password); err != nil {
		t.Fatalf("desktop login over TLS: %v", err)
	}
	if _, err := c.PutCase(context.Background(), "C-TLS-1", "case:C-TLS-1:v1", 0, mustJSON(t, crmtest.NewCase("C-TLS-1", "ana"))); err != nil {
		t.Fatalf("desktop sync over TLS: %v", err)
	}

	renewed := crmtest.SelfSignedCert(t, dir)
	if err := certs.Reload(); err != nil {
		t.Fatal(err)
	}
	res, err = httpsClient(renewed, 0).Get(base + "/healthz")
	if err != nil {
		t.Fatalf("after renewal: %v", err)
	}
	res.Body.Close()
	if got := res.TLS.PeerCertificates[0].SerialNumber; got.Cmp(renewed.Serial) != 0 {
		t.Errorf("serving serial %v after reload, want %v", got, renewed.Serial)
	}
	if _, err := server.LoadCertificate(cert.CertFile, dir+"/missing.key"); err == nil {
		t.Error("a certificate without its key loaded")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
