package desksync_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
)

// An attempt crmd fails (500) waits for a later sync without holding up
// the ones after it; when crmd keeps failing them all, the round stops
// after a few rather than walking the whole backlog into it.
func TestUploadAttemptsGoPastOneCrmdFails(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	var failAll atomic.Bool
	var posts atomic.Int32
	front := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.Method != http.MethodPost || req.URL.Path != "/v1/training/attempts" {
			return false
		}
		posts.Add(1)
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		if failAll.Load() || strings.Contains(string(body), `"id":"held-1"`) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":{"code":"internal","message":"boom"}}`))
			return true
		}
		return false
	})
	tia := newDesk(t, front.URL, "tia")
	tdb := trainingDB(t)
	for _, id := range []string{"held-1", "held-2", "held-3"} {
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, nil)
		if _, err := tdb.SaveAttempt(ctx, a, claimedPass); err != nil {
			t.Fatal(err)
		}
	}
	n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee)
	if n != 2 || crm.CodeOf(err) != crm.CodeInternal {
		t.Fatalf("uploaded %d (%v), want the two after the failing one and its error", n, err)
	}
	marks, err := tdb.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v := marks[desksync.UploadedPrefix+"held-1"]; v != "" {
		t.Errorf("the failing attempt marked %q: it is to be sent again", v)
	}

	// crmd failing every attempt: a few tries, not the whole backlog.
	failAll.Store(true)
	for i := range 10 {
		a := crmtest.PlayAttempt(t, "more-"+string(rune('a'+i)), crmtest.AttemptScenario, nil)
		if _, err := tdb.SaveAttempt(ctx, a, claimedPass); err != nil {
			t.Fatal(err)
		}
	}
	posts.Store(0)
	if n, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee); n != 0 || err == nil {
		t.Fatalf("uploaded %d (%v) with crmd failing them all", n, err)
	}
	if p := posts.Load(); p > 3 {
		t.Errorf("%d attempts sent in a round where crmd failed them all", p)
	}
}
