package crm_test

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"agentdesk/crm"
	"agentdesk/locales"
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
		{418, `teapot`, crm.CodeUnavailable, false},
		{499, ``, crm.CodeUnavailable, false},
		{409, `{"error":{"code":"conflict"}}`, crm.CodeConflict, false},
		{403, `{"error":{"code":"over_authority","deciders":["admin"]}}`, crm.CodeOverAuthority, true},
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
			// Who can approve what crmd refused, for the edges to say.
			if c.want == crm.CodeOverAuthority && (e == nil || len(e.Deciders) != 1 || e.Deciders[0] != "admin") {
				t.Errorf("deciders not kept: %+v", e)
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

// Every code crmd or the client can give has words in both languages: the
// desk and agentctl say a refusal by its code (crm.error.<code>), and a
// code without them would read as "unknown error".
func TestEveryCodeHasWords(t *testing.T) {
	codes := declaredCodes(t)
	for _, l := range locales.Langs {
		tr := locales.New(l)
		for _, c := range codes {
			if !tr.Has("crm.error." + c) {
				t.Errorf("%s: no crm.error.%s", l, c)
			}
		}
	}
}

// knownCodes names every code errors.go declares: a code missing there
// would be judged by its status alone. And a code of a newer crmd is
// permanent when its status refuses the request, not when it asks to wait.
func TestKnownCodesAndNewerOnes(t *testing.T) {
	for _, c := range declaredCodes(t) {
		if !crm.KnownCodes[crm.Code(c)] {
			t.Errorf("%s is not in knownCodes", c)
		}
	}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&crm.Error{Code: "some_new_refusal", Status: 409}, true},
		{&crm.Error{Code: "some_new_refusal", Status: 422}, true},
		{&crm.Error{Code: "some_new_wait", Status: 429}, false},
		{&crm.Error{Code: "some_new_outage", Status: 503}, false},
		{&crm.Error{Code: crm.CodeConflict, Status: 409}, false}, // a concurrent request: again
		{&crm.Error{Code: crm.CodeHistoryFull, Status: 409}, true},
		{crm.ErrInsecureURL, true},
	} {
		if got := crm.PermanentErr(tc.err); got != tc.want {
			t.Errorf("PermanentErr(%v) = %v", tc.err, got)
		}
	}
}

// declaredCodes are the codes errors.go declares, read from its source:
// a code added there is checked without anyone listing it again here.
func declaredCodes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					codes = append(codes, s)
				}
			}
		}
	}
	if len(codes) < 15 {
		t.Fatalf("found only %d codes: %v", len(codes), codes)
	}
	return codes
}
