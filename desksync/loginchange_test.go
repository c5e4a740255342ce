package desksync_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/training"
)

// Another person logging in at the desk while a trainee's attempts go up
// does not send the rest under the new login: crmd files an attempt under
// whoever's token carries it.
func TestUploadAttemptsStayWithTheirLogin(t *testing.T) {
	r, _ := start(t)
	ctx := context.Background()
	first, resume := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var tokens []string
	srv := inFront(t, r.URL, func(_ http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.Method == "POST" && req.URL.Path == "/v1/training/attempts" {
			mu.Lock()
			tokens = append(tokens, req.Header.Get("Authorization"))
			n := len(tokens)
			mu.Unlock()
			if n == 1 {
				close(first)
				<-resume
			}
		}
		return false
	})
	tia := newDesk(t, srv.URL, "tia")
	tdb := trainingDB(t)
	for _, id := range []string{"tia-1", "tia-2"} {
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, nil)
		a.CRMUser = "tia"
		if _, err := tdb.SaveAttempt(ctx, a, training.Report{Scenario: crmtest.AttemptScenario, Complete: true}); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := desksync.UploadAttempts(ctx, tia.client, tdb, crmtest.AttemptTrainee)
		done <- err
	}()
	<-first
	if _, err := tia.client.Login(ctx, "ana", crmtest.Password); err != nil {
		t.Fatal(err)
	}
	close(resume)
	<-done
	mu.Lock()
	defer mu.Unlock()
	for i, tok := range tokens {
		if tok != tokens[0] {
			t.Errorf("attempt %d of tia's went up under another login", i+1)
		}
	}
	marks, err := tdb.AllSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v := marks[desksync.UploadedPrefix+"tia-2"]; v != "" {
		t.Errorf("tia's second attempt marked %q while another person was logged in", v)
	}
}
