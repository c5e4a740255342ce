package server_test

import (
	"regexp"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// A number TOML allows but JSON has no way to write (inf, nan) in a
// published pack is one of its problems, answered 422 with the key it
// was found at; it made the refusal's body fail to encode, and the
// publisher was answered 500 internal without a word of what was wrong.
func TestPublishANumberJSONCannotWriteIsAProblem(t *testing.T) {
	_, a := start(t)
	sup := a.Login("sup", crmtest.Password)
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &pack)
	limit := regexp.MustCompile(`(?m)^limit = .*$`)
	for _, bad := range []string{"inf", "-inf", "nan"} {
		files := map[string]string{}
		found := false
		for k, v := range pack.Files {
			if limit.MatchString(v) && !found {
				v, found = limit.ReplaceAllString(v, "limit = "+bad), true
			}
			files[k] = v
		}
		if !found {
			t.Fatal("the built-in pack has no authority limit")
		}
		r := a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: files})
		crmtest.Expect(t, r, 422, "limit = "+bad)
		var eb crm.ErrorBody
		r.JSON(t, &eb)
		if p := eb.Error.Problems; eb.Error.Code != crm.CodeInvalidPlaybook || len(p) == 0 || p[0].Code != "bad_value" || p[0].Args["Key"] != "limit" || p[0].Line == 0 {
			t.Errorf("limit = %s: %s", bad, r.Body)
		}
	}
}
