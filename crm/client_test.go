package crm

import (
	"context"
	"encoding/json"
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
