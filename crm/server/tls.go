package server

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"sync/atomic"
	"time"
)

// Certificate is crmd's TLS certificate and key, read from PEM files and
// read again by Reload (SIGHUP, and hourly), so a renewed certificate is
// served without a restart. A reload that fails keeps the one in use.
type Certificate struct {
	certFile, keyFile string
	cur               atomic.Pointer[tls.Certificate]
}

// LoadCertificate reads a certificate chain and its private key.
func LoadCertificate(certFile, keyFile string) (*Certificate, error) {
	c := &Certificate{certFile: certFile, keyFile: keyFile}
	if err := c.Reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// Reload reads the files again.
func (c *Certificate) Reload() error {
	pair, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("crm: TLS certificate %s, key %s: %w", c.certFile, c.keyFile, err)
	}
	if pair.Leaf == nil {
		if pair.Leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return fmt.Errorf("crm: TLS certificate %s: %w", c.certFile, err)
		}
	}
	c.cur.Store(&pair)
	return nil
}

// NotAfter is when the certificate in use expires.
func (c *Certificate) NotAfter() time.Time { return c.cur.Load().Leaf.NotAfter }

// certificateWarnBefore is how long before its expiry crmd starts saying
// that the certificate it serves expires soon.
const certificateWarnBefore = 14 * 24 * time.Hour

// CheckCertificate logs when the certificate crmd serves has expired (an
// error: every desk refuses it) or expires within two weeks (a warning);
// crmd's start and every reload of the certificate call it, so a crmd
// running for months says so before a failed renewal stops the desks.
func (s *Server) CheckCertificate() {
	c := s.cfg.Certificate
	if c == nil {
		return
	}
	switch left := c.NotAfter().Sub(s.cfg.Now()); {
	case left <= 0:
		s.log.Error("the TLS certificate has expired: desks refuse to connect until it is renewed (SIGHUP rereads it)", "not_after", c.NotAfter())
	case left < certificateWarnBefore:
		s.log.Warn("the TLS certificate expires soon", "not_after", c.NotAfter())
	}
}

// TLSConfig is crmd's TLS: version 1.3 only, Mozilla's "modern" profile.
// Every client crmd has speaks it (the desktop and agentctl are Go, and so
// is Prometheus); 1.3 has only forward-secret AEAD suites and no
// renegotiation to get wrong, and Go's default key exchanges include the
// post-quantum hybrid. A load balancer that must speak older TLS
// terminates TLS itself (--trusted-proxy).
func (c *Certificate) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS13,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return c.cur.Load(), nil
		},
	}
}
