package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"agentdesk/crm"
	"agentdesk/locales"
)

// A handler that panics with what it was handling (a case body with a
// card number, a password) leaves in the log only that it panicked, its
// type and where, and the client the API's JSON 500.
func TestAPanicLogsNoRequestData(t *testing.T) {
	const card, pin, password = "4111 1111 1111 1111", "PIN 4921", "correct horse battery staple"
	for _, v := range []any{
		"notes: card " + card + " " + pin,
		errors.New("login " + password),
		struct{ Notes, Password string }{card, password},
	} {
		var logb bytes.Buffer
		reg := prometheus.NewRegistry()
		m, err := newMetrics(reg)
		if err != nil {
			t.Fatal(err)
		}
		s := &Server{log: slog.New(slog.NewJSONHandler(&logb, nil)), metrics: m,
			msgs: map[locales.Lang]*locales.T{locales.EN: locales.New(locales.EN), locales.ES: locales.New(locales.ES)}}
		h := s.outer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(v) }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("PUT", "/v1/cases/x", strings.NewReader("{}")))
		var body crm.ErrorBody
		if rec.Code != http.StatusInternalServerError || json.Unmarshal(rec.Body.Bytes(), &body) != nil ||
			body.Error.Code != crm.CodeInternal || body.Error.Message == "" {
			t.Errorf("%T: answered %d %q", v, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%T: Content-Type %q", v, ct)
		}
		log := logb.String()
		// Whole secrets, with their spaces: a bare "4921" turns up in a
		// timestamp's nanoseconds (13:36:19.949212765) or a stack's
		// addresses now and then, and failed the test with nothing leaked.
		for _, secret := range []string{card, pin, password, "1111 1111"} {
			if strings.Contains(log, secret) {
				t.Errorf("%T: the log holds %q: %s", v, secret, log)
			}
		}
		if !strings.Contains(log, "panic") || !strings.Contains(log, "panic_internal_test.go") {
			t.Errorf("%T: the log does not say where it panicked: %s", v, log)
		}
	}
}
