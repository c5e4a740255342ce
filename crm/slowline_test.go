package crm_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"agentdesk/crm"
)

// An answer of megabytes (a page of the team queue is up to 4 MiB) on a
// slow line is read to its end while it keeps coming at the slowest speed
// crmd writes for: the client gave every exchange 30 s in all, and a
// supervisor below about 1.1 Mbit/s never had a full page, asking for it
// again for ever, whatever time crmd gave the answer.
func TestALargeAnswerOnASlowLineIsRead(t *testing.T) {
	// Scaled down: 1 s an exchange, 256 KiB/s at the slowest, an answer
	// of 2 MiB at 1.5 MiB/s (1.3 s, past the second; the time given grows
	// six times as fast as the answer comes, so a loaded machine, where
	// the server's sleeps run long, stays inside it).
	crm.SlowLineBounds(t, time.Second, 256<<10)
	tr, _ := json.Marshal(crm.TokenResponse{AccessToken: "a", TokenType: "Bearer", ExpiresIn: 900, ExpiresAt: time.Now().Add(15 * time.Minute),
		RefreshToken: "r", Username: "sup", Role: crm.RoleSupervisor})
	body := append([]byte(strings.Repeat(" ", 2<<20)), tr...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		f := w.(http.Flusher)
		chunk := (3 << 19) / 100
		for i := 0; i < len(body); i += chunk {
			_, _ = w.Write(body[i:min(i+chunk, len(body))])
			f.Flush()
			time.Sleep(10 * time.Millisecond)
		}
	}))
	defer srv.Close()
	c, err := crm.NewClient(srv.URL, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if s, err := c.Login(t.Context(), "sup", "pw"); err != nil || s.Username != "sup" {
		t.Fatalf("an answer of 2 MiB at 1.5 MiB/s, after %v: %+v %v", time.Since(start), s, err)
	}
}

// An answer that stops coming still ends the exchange, in its time.
func TestAStalledAnswerEnds(t *testing.T) {
	crm.SlowLineBounds(t, time.Second, 256<<10)
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(strings.Repeat(" ", 64<<10)))
		w.(http.Flusher).Flush()
		<-stop
	}))
	defer srv.Close()
	defer close(stop)
	c, err := crm.NewClient(srv.URL, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.Login(t.Context(), "sup", "pw")
	if took := time.Since(start); err == nil || !errors.Is(err, context.DeadlineExceeded) || took > 5*time.Second { // 1.25 s given
		t.Errorf("an answer that stopped: %v after %v", err, took)
	}
}
