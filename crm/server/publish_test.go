package server_test

import (
	"maps"
	"regexp"
	"strings"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// A number TOML allows but JSON has no way to write (inf, nan) in a
// published pack is one of its problems, answered 422 with the key it
// was found at; it made the refusal's body fail to encode, and the
// publisher was answered 500 internal without a word of what was wrong.
func TestPublishANumberJSONCannotWriteIsAProblem(t *testing.T) {
	a, sup, pack := packInForce(t)
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
	a, sup, pack := packInForce(t)
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

// A supervisor publishes the content, and the pack sets the authority
// limits their own approvals are checked against: one who could change
// them could raise their own and approve anything. A publish by a
// supervisor that moves a limit (or the currency every limit is counted
// in) is refused at the limit's line; an administrator's is taken, and
// the same supervisor can then publish that pack with other changes.
func TestOnlyAnAdminPublishesAuthorityLimits(t *testing.T) {
	a, sup, pack := packInForce(t)
	old := "[[authority]]\nrole = \"supervisor\"\nlimit = 250\n"
	if !strings.Contains(pack.Files["playbook.toml"], old) {
		t.Fatal("the built-in pack no longer sets a supervisor's limit to 250")
	}
	raised := maps.Clone(pack.Files)
	raised["playbook.toml"] = strings.Replace(raised["playbook.toml"], old, "[[authority]]\nrole = \"supervisor\"\nlimit = 1000\n", 1)
	r := a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: raised})
	crmtest.Expect(t, r, 403, "a supervisor raises their own limit")
	var eb crm.ErrorBody
	r.JSON(t, &eb)
	line := strings.Count(raised["playbook.toml"][:strings.Index(raised["playbook.toml"], "role = \"supervisor\"\nlimit = 1000")], "\n")
	if p := eb.Error.Problems; eb.Error.Code != crm.CodeForbidden || len(p) != 1 || p[0].Code != "authority_needs_admin" ||
		p[0].File != "playbook.toml" || p[0].Line != line || p[0].Args["Role"] != "supervisor" {
		t.Errorf("refusal: %s (limit at line %d)", r.Body, line)
	}
	other := maps.Clone(pack.Files)
	other["playbook.toml"] = strings.Replace(other["playbook.toml"], "currency = \"USD\"", "currency = \"MXN\"", 1)
	if other["playbook.toml"] == pack.Files["playbook.toml"] {
		t.Fatal("the built-in pack's currency is not USD")
	}
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: other}), 403, "a supervisor changes the currency")

	admin := a.Login("admin", crmtest.Password)
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", admin.AccessToken, nil, crm.PlaybookUpload{Files: raised}), 201, "an admin publishes the limits")
	raised["flow.toml"] += "\n# a wording change\n"
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: raised}), 201, "the supervisor publishes with the limits in force")
}

// A pack published under an earlier release that this release's loader
// refuses (its rules grew stricter) leaves crmd without the limits it
// checks cases by. CheckPlaybook says so, with the pack's problems, for
// crmd's start to log where an operator looks first; a case write meanwhile
// is not taken, and the desk keeps it to send again.
func TestAPublishedPackThisReleaseRefusesIsSaid(t *testing.T) {
	var builtin crm.PlaybookPack
	if r, a := start(t); r.Server.CheckPlaybook(t.Context()) != nil {
		t.Fatalf("the built-in pack: %v", r.Server.CheckPlaybook(t.Context()))
	} else {
		a.Do("GET", "/v1/playbook", a.Login("ana", crmtest.Password).AccessToken, nil, nil).JSON(t, &builtin)
	}
	r, a := start(t)
	files := map[string]string{"flow.toml": "[meta\nname = "}
	if _, err := r.Store.PublishPlaybook(t.Context(), crm.PlaybookPack{SHA256: "published-by-an-older-release", Files: files, PublishedBy: "sup"}); err != nil {
		t.Fatal(err)
	}
	err := r.Server.CheckPlaybook(t.Context())
	if err == nil || !strings.Contains(err.Error(), "flow.toml") {
		t.Fatalf("a pack that no longer loads: %v", err)
	}
	ana := a.Login("ana", crmtest.Password)
	resp := a.PutCase(ana.AccessToken, "case:C-OLDPACK:v1", crmtest.NewCase("C-OLDPACK", "ana"))
	if resp.Status < 500 {
		t.Errorf("a case write under no pack: %d %s (a refusal for good would lose it)", resp.Status, resp.Body)
	}

	// The fix: the limits in force are unknown, so it is an
	// administrator's to publish; a supervisor is told so.
	if len(builtin.Files) == 0 {
		t.Fatal("no pack to publish")
	}
	sup := a.Login("sup", crmtest.Password)
	resp = a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: builtin.Files})
	crmtest.Expect(t, resp, 403, "a supervisor publishes over a pack that does not load")
	var eb crm.ErrorBody
	resp.JSON(t, &eb)
	if p := eb.Error.Problems; len(p) != 1 || p[0].Code != "limits_unknown" {
		t.Errorf("refusal: %s", resp.Body)
	}
	admin := a.Login("admin", crmtest.Password)
	crmtest.Expect(t, a.Do("PUT", "/v1/playbook", admin.AccessToken, nil, crm.PlaybookUpload{Files: builtin.Files}), 201, "an administrator publishes the fix")
	if err := r.Server.CheckPlaybook(t.Context()); err != nil {
		t.Errorf("after the fix: %v", err)
	}
}

// packInForce starts crmd and reads, as its supervisor, the pack in force
// (the built-in one): what each publish test edits.
func packInForce(t *testing.T) (*crmtest.API, crm.TokenResponse, crm.PlaybookPack) {
	t.Helper()
	_, a := start(t)
	sup := a.Login("sup", crmtest.Password)
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &pack)
	return a, sup, pack
}

// Authority limits that fall from one role to the next are refused at
// publish, with the problem at the higher role's limit. A pack published
// before that rule, with such limits, stays in force: crmd still judges
// amounts by it and takes case writes, where refusing it would stop every
// desk's sync after an upgrade until an administrator published a fix.
func TestFallingAuthorityLimitsAreAPublishRule(t *testing.T) {
	_, a := start(t)
	admin := a.Login("admin", crmtest.Password)
	var pack crm.PlaybookPack
	a.Do("GET", "/v1/playbook", admin.AccessToken, nil, nil).JSON(t, &pack)
	old := "[[authority]]\nrole = \"supervisor\"\nlimit = 250\n"
	inverted := maps.Clone(pack.Files)
	for k, v := range inverted {
		inverted[k] = strings.Replace(v, old, "[[authority]]\nrole = \"supervisor\"\nlimit = 20\n", 1)
	}
	if maps.Equal(inverted, pack.Files) {
		t.Fatal("the built-in pack no longer sets a supervisor's limit to 250")
	}
	r := a.Do("PUT", "/v1/playbook", admin.AccessToken, nil, crm.PlaybookUpload{Files: inverted})
	crmtest.Expect(t, r, 422, "a supervisor's limit below the agent's")
	var eb crm.ErrorBody
	r.JSON(t, &eb)
	if p := eb.Error.Problems; len(p) != 1 || p[0].Code != "authority_order" || p[0].Args["Role"] != "supervisor" {
		t.Errorf("refusal: %s", r.Body)
	}

	run, a := start(t)
	if _, err := run.Store.PublishPlaybook(t.Context(), crm.PlaybookPack{SHA256: "published-before-the-rule", Files: inverted, PublishedBy: "admin"}); err != nil {
		t.Fatal(err)
	}
	if err := run.Server.CheckPlaybook(t.Context()); err != nil {
		t.Errorf("the pack in force: %v", err)
	}
	ana := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-INVERTED:v1", crmtest.NewCase("C-INVERTED", "ana")), 201, "a case write under the pack in force")
}
