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

// A card number in a text of a published pack is refused at the file and
// line of the element that holds it, as every other problem is: it was
// said at no file and line 0, by a message ID the author never wrote.
func TestPublishSaysWhereACardNumberIs(t *testing.T) {
	_, a := start(t)
	sup := a.Login("sup", crmtest.Password)
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &pack)
	for name, tc := range map[string]struct{ text, tags string }{
		"text": {`{ es = "Pruebe con 4111 1111 1111 1111.", en = "Try 4111 1111 1111 1111." }`, `["ejemplo"]`},
		"tag":  {`{ es = "Hola.", en = "Hello." }`, `["4111 1111 1111 1111"]`},
	} {
		files := map[string]string{}
		for k, v := range pack.Files {
			files[k] = v
		}
		files["zz_sample.toml"] = "# A sample.\n\n[[template]]\nid = \"closing.sample\"\ncategory = \"closing\"\n" +
			"title = { es = \"Ejemplo\", en = \"Sample\" }\ntags = " + tc.tags + "\ntext = " + tc.text + "\n"
		r := a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: files})
		crmtest.Expect(t, r, 422, "a card number in a template's "+name)
		var eb crm.ErrorBody
		r.JSON(t, &eb)
		if p := eb.Error.Problems; len(p) == 0 || p[0].Code != "card_in_text" || p[0].File != "zz_sample.toml" || p[0].Line != 3 {
			t.Errorf("a card number in a template's %s: %s", name, r.Body)
		}
	}
}
