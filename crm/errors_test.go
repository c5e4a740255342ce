package crm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"agentdesk/crm"
)

// Every answer becomes a code: crmd's own from its body, and a status
// mapped to one when a proxy answered with a page of its own.
func TestClientMapsEveryAnswerToACode(t *testing.T) {
	cases := []struct {
		status    int
		body      string
		want      crm.Code
		permanent bool
	}{
		{422, `{"error":{"code":"invalid_playbook","issues":["flow.toml:3: x"]}}`, crm.CodeInvalidPlaybook, true},
		{412, `{"error":{"code":"precondition_failed","current_version":4}}`, crm.CodePreconditionFailed, false},
		{403, `{"error":{"code":"training_case"}}`, crm.CodeTrainingCase, true},
		{502, `<html>Bad Gateway</html>`, crm.CodeUnavailable, false},
		{503, ``, crm.CodeUnavailable, false},
		{504, `upstream timed out`, crm.CodeUnavailable, false},
		{500, `oops`, crm.CodeInternal, false},
		{429, ``, crm.CodeRateLimited, false},
		{413, `<h1>too big</h1>`, crm.CodeTooLarge, true},
		{404, `not here`, crm.CodeNotFound, true},
		{400, `{}`, crm.CodeInvalid, true},
		{418, `teapot`, crm.CodeInvalid, true},
		{409, `{"error":{"code":"conflict"}}`, crm.CodeConflict, false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "2")
				w.WriteHeader(c.status)
				fmt.Fprint(w, c.body)
			}))
			defer srv.Close()
			cl, err := crm.NewClient(srv.URL, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = cl.Login(context.Background(), "ana", "password")
			got := crm.CodeOf(err)
			if got != c.want || got.Permanent() != c.permanent {
				t.Errorf("%d %q: code %q (permanent %v), want %q (%v)", c.status, c.body, got, got.Permanent(), c.want, c.permanent)
			}
			var e *crm.Error
			if !errors.As(err, &e) || e.RetryAfter.Seconds() != 2 {
				t.Errorf("Retry-After not kept: %v", err)
			}
		})
	}
	if crm.CodeOf(nil) != "" || crm.CodeOf(crm.ErrLoggedOut) != crm.CodeLoggedOut || crm.CodeOf(crm.ErrInsecureURL) != crm.CodeInsecureURL {
		t.Error("client errors")
	}
	cl, _ := crm.NewClient("http://127.0.0.1:9", t.TempDir(), nil)
	if _, err := cl.Login(context.Background(), "ana", "password"); crm.CodeOf(err) != crm.CodeOffline {
		t.Errorf("nobody listening: %v", err)
	}
}
