package crm

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A Retry-After given as a date is a wait on the clock of whoever answered
// (its Date header), not on the desk's: a desk whose clock runs an hour
// behind waited an hour for a proxy that asked for seconds, and one ahead
// did not wait at all.
func TestRetryAfterDateIsReadOnTheAnswersClock(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		w.Header().Set("Retry-After", now.Add(30*time.Second).UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	for _, skew := range []time.Duration{-time.Hour, 0, time.Hour} {
		c, err := NewClient(srv.URL, t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Now = func() time.Time { return time.Now().Add(skew) }
		err = c.send(context.Background(), "GET", "/v1/cases", "", nil, nil, nil)
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("skew %s: %v", skew, err)
		}
		if e.RetryAfter < 25*time.Second || e.RetryAfter > 35*time.Second {
			t.Errorf("desk clock %s off: Retry-After read as %s, want about 30s", skew, e.RetryAfter)
		}
	}
}
