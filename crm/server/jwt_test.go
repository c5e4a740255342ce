package server_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// claims are what crmd would issue to ana now; each attack bends them.
func claims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": server.DefaultIssuer, "aud": []string{server.DefaultAudience}, "sub": "ana", "role": "agent",
		"jti": "attack-" + now.Format("150405.000000000"), "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	}
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims, hdr map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, c)
	tok.Header["typ"] = "at+jwt"
	for k, v := range hdr {
		if v == nil {
			delete(tok.Header, k)
			continue
		}
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every forged, bent or misused token is refused with 401, a
// WWW-Authenticate header and the same body, whatever is wrong with it.
func TestJWTAttacks(t *testing.T) {
	r, a := start(t)
	kid, priv := r.Keys.Signer()
	pub := priv.Public().(ed25519.PublicKey)
	now := time.Now()

	// Sanity: a token made exactly as crmd makes them passes, and one
	// expired within the leeway still does.
	crmtest.Expect(t, a.Do("GET", "/v1/cases", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"kid": kid}), nil, nil), 200, "well-formed token")
	c := claims(now)
	c["exp"] = now.Add(-30 * time.Second).Unix()
	c["iat"] = now.Add(-10 * time.Minute).Unix()
	crmtest.Expect(t, a.Do("GET", "/v1/cases", sign(t, jwt.SigningMethodEdDSA, priv, c, map[string]any{"kid": kid}), nil, nil), 200, "expired 30 s ago, within the leeway")

	_, attacker, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(pub)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	attackerJWK := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(attacker.Public().(ed25519.PublicKey))}

	with := func(f func(jwt.MapClaims)) jwt.MapClaims {
		c := claims(now)
		f(c)
		return c
	}
	ours := func(c jwt.MapClaims) string {
		return sign(t, jwt.SigningMethodEdDSA, priv, c, map[string]any{"kid": kid})
	}

	ana := a.Login("ana", crmtest.Password)
	tia := a.Login("tia", crmtest.Password)
	gone := a.Login("ana", crmtest.Password)
	crmtest.Expect(t, a.Do("POST", "/v1/auth/logout", gone.AccessToken, nil, crm.LogoutRequest{RefreshToken: gone.RefreshToken}), 204, "logout")

	noneTok, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims(now)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(ana.AccessToken, ".")

	attacks := []struct {
		name  string
		token string
		path  string
	}{
		{"alg none", noneTok, ""},
		{"alg none with our kid", func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims(now))
			tok.Header["kid"], tok.Header["typ"] = kid, "at+jwt"
			s, _ := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			return s
		}(), ""},
		{"HS256 keyed with the raw public key", sign(t, jwt.SigningMethodHS256, []byte(pub), claims(now), map[string]any{"kid": kid}), ""},
		{"HS256 keyed with the public key PEM", sign(t, jwt.SigningMethodHS256, pubPEM, claims(now), map[string]any{"kid": kid}), ""},
		{"HS256 keyed with the JWKS x value", sign(t, jwt.SigningMethodHS256, []byte(base64.RawURLEncoding.EncodeToString(pub)), claims(now), map[string]any{"kid": kid}), ""},
		{"RS256 with an attacker's key", sign(t, jwt.SigningMethodRS256, rsaKey, claims(now), map[string]any{"kid": kid}), ""},
		{"EdDSA with an attacker's key and our kid", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"kid": kid}), ""},
		{"unknown kid", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"kid": "k20260101T000000Z-deadbeef"}), ""},
		{"path traversal kid", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"kid": "../../../../dev/null"}), ""},
		{"SQL in kid", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"kid": "' OR '1'='1"}), ""},
		{"kid not a string", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"kid": 7}), ""},
		{"no kid", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), nil), ""},
		{"embedded jwk, no kid", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"jwk": attackerJWK}), ""},
		{"embedded jwk with our kid", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"jwk": attackerJWK, "kid": kid}), ""},
		{"our signature with an embedded jwk", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"jwk": attackerJWK, "kid": kid}), ""},
		{"jku header", sign(t, jwt.SigningMethodEdDSA, attacker, claims(now), map[string]any{"jku": "http://127.0.0.1:1/jwks.json", "kid": "k20260101T000000Z-deadbeef"}), ""},
		{"our signature with a jku header", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"jku": "http://127.0.0.1:1/jwks.json", "kid": kid}), ""},
		{"x5u header", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"x5u": "http://127.0.0.1:1/cert.pem", "kid": kid}), ""},
		{"no typ", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"kid": kid, "typ": nil}), ""},
		{"typ JWT (an ID token, not an access token)", sign(t, jwt.SigningMethodEdDSA, priv, claims(now), map[string]any{"kid": kid, "typ": "JWT"}), ""},
		{"no exp", ours(with(func(c jwt.MapClaims) { delete(c, "exp") })), ""},
		{"expired beyond the leeway", ours(with(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(-20*time.Minute).Unix(), now.Add(-61*time.Second-time.Second).Unix()
		})), ""},
		{"nbf in the future", ours(with(func(c jwt.MapClaims) { c["nbf"] = now.Add(5 * time.Minute).Unix() })), ""},
		{"iat in the future", ours(with(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(5*time.Minute).Unix(), now.Add(15*time.Minute).Unix()
		})), ""},
		{"no iat", ours(with(func(c jwt.MapClaims) { delete(c, "iat") })), ""},
		{"lifetime over 15 minutes", ours(with(func(c jwt.MapClaims) { c["exp"] = now.Add(24 * time.Hour).Unix() })), ""},
		{"no jti", ours(with(func(c jwt.MapClaims) { delete(c, "jti") })), ""},
		{"wrong iss", ours(with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })), ""},
		{"no iss", ours(with(func(c jwt.MapClaims) { delete(c, "iss") })), ""},
		{"wrong aud", ours(with(func(c jwt.MapClaims) { c["aud"] = []string{"another-service"} })), ""},
		{"no aud", ours(with(func(c jwt.MapClaims) { delete(c, "aud") })), ""},
		{"two audiences", ours(with(func(c jwt.MapClaims) { c["aud"] = []string{server.DefaultAudience, server.DefaultTrainingAudience} })), ""},
		{"trainee role in the production audience", ours(with(func(c jwt.MapClaims) { c["role"] = "trainee" })), ""},
		{"unknown role", ours(with(func(c jwt.MapClaims) { c["role"] = "root" })), ""},
		{"bad sub", ours(with(func(c jwt.MapClaims) { c["sub"] = "../ana" })), ""},
		{"signature of another token", parts[0] + "." + parts[1] + "." + strings.Split(tia.AccessToken, ".")[2], ""},
		{"tampered claims", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"crmd","aud":["agentdesk"],"sub":"sup","role":"supervisor","jti":"x","iat":1,"exp":9999999999}`)) + "." + parts[2], ""},
		{"trailing garbage", ana.AccessToken + ".x", ""},
		{"refresh token as access token", ana.RefreshToken, ""},
		{"trainee token on a production route", tia.AccessToken, ""},
		{"trainee token on the production playbook", tia.AccessToken, "/v1/playbook"},
		{"1 MiB token", strings.Repeat("A", 1<<20), ""},
		{"token after logout", gone.AccessToken, ""},
		{"empty token", " ", ""},
	}
	var firstBody string
	for _, at := range attacks {
		path := at.path
		if path == "" {
			path = "/v1/cases"
		}
		res := a.Do("GET", path, at.token, nil, nil)
		if res.Status != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401: %s", at.name, res.Status, res.Body)
			continue
		}
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer ") {
			t.Errorf("%s: WWW-Authenticate %q", at.name, res.Header.Get("WWW-Authenticate"))
		}
		if firstBody == "" {
			firstBody = string(res.Body)
		} else if string(res.Body) != firstBody {
			t.Errorf("%s: the body tells refusals apart: %s vs %s", at.name, res.Body, firstBody)
		}
	}
	// Other ways of presenting a token.
	for name, h := range map[string]string{
		"Basic scheme":     "Basic " + base64.StdEncoding.EncodeToString([]byte("ana:"+crmtest.Password)),
		"token, no scheme": ana.AccessToken,
	} {
		res := a.Do("GET", "/v1/cases", "", map[string]string{"Authorization": h}, nil)
		if res.Status != 401 {
			t.Errorf("%s: %d", name, res.Status)
		}
	}
	// The genuine token still works after all that.
	crmtest.Expect(t, a.Do("GET", "/v1/cases", ana.AccessToken, nil, nil), 200, "ana's own token")
	crmtest.Expect(t, a.Do("GET", "/v1/training/playbook", tia.AccessToken, nil, nil), 200, "trainee on a training route")
}

// Verify directly: a token issued for the training audience is refused
// for the production audience and accepted for training routes.
func TestTokensAudiences(t *testing.T) {
	dir := t.TempDir()
	keys, _, err := server.EnsureKeys(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tk := &server.Tokens{Keys: keys, Issuer: server.DefaultIssuer, Audience: server.DefaultAudience, TrainingAudience: server.DefaultTrainingAudience}
	tok, _, exp, err := tk.Issue("tia", crm.RoleTrainee)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(exp); d > server.MaxAccessTTL || d < server.MaxAccessTTL-time.Minute {
		t.Errorf("lifetime %s", d)
	}
	if _, err := tk.Verify(tok, server.DefaultAudience); err == nil {
		t.Error("trainee token verified for production")
	}
	c, err := tk.Verify(tok, server.DefaultAudience, server.DefaultTrainingAudience)
	if err != nil || c.Role != crm.RoleTrainee || c.Subject != "tia" {
		t.Errorf("training verify: %v %+v", err, c)
	}
	// A fake clock past expiry and leeway.
	tk.Now = func() time.Time { return exp.Add(server.Leeway + time.Second) }
	if _, err := tk.Verify(tok, server.DefaultAudience, server.DefaultTrainingAudience); err == nil {
		t.Error("expired token verified")
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := server.HashPassword("correct-horse-battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", h)
	}
	for pw, want := range map[string]bool{"correct-horse-battery": true, "correct-horse-batterY": false, "": false} {
		ok, err := server.CheckPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("%q: %v %v", pw, ok, err)
		}
	}
	if _, err := server.HashPassword("short"); err == nil {
		t.Error("short password hashed")
	}
	if _, err := server.CheckPassword("$2a$10$notargon", "x"); err == nil {
		t.Error("foreign hash accepted")
	}
}
