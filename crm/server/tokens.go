package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"agentdesk/crm"
)

const (
	// MaxAccessTTL bounds an access token's life: the window in which a
	// stolen one is useful, and how long a disabled user keeps access.
	MaxAccessTTL = 15 * time.Minute
	// Leeway absorbs clock skew between crmd instances and workstations;
	// the stores revoke with the same allowance.
	Leeway = crm.TokenLeeway
	// maxTokenLen refuses oversized tokens before any decoding work: ours
	// are about 400 bytes.
	maxTokenLen = 4096
	// accessTyp is the JOSE typ of access tokens (RFC 9068), so no other
	// JWT signed by the same keys can pass for one.
	accessTyp = "at+jwt"
	// refreshPrefix marks refresh tokens, which are opaque random strings,
	// never JWTs: one can never be mistaken for an access token.
	refreshPrefix = "rt1."
)

// Audiences: a trainee's token names its own audience, which production
// routes do not accept.
const (
	DefaultIssuer           = "crmd"
	DefaultAudience         = "agentdesk"
	DefaultTrainingAudience = "agentdesk-training"
)

// Claims are an access token's claims.
type Claims struct {
	Role crm.Role `json:"role"`
	jwt.RegisteredClaims
}

// ErrInvalidToken is every verification failure. The reason it wraps is
// for the log; the caller is told only 401.
var ErrInvalidToken = errors.New("crm: invalid token")

// Tokens issues and verifies access tokens.
type Tokens struct {
	Keys             *KeySet
	Issuer           string
	Audience         string
	TrainingAudience string
	AccessTTL        time.Duration
	Now              func() time.Time
}

func (t *Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Tokens) ttl() time.Duration {
	if t.AccessTTL <= 0 || t.AccessTTL > MaxAccessTTL {
		return MaxAccessTTL
	}
	return t.AccessTTL
}

// AudienceFor is the audience of a role's tokens.
func (t *Tokens) AudienceFor(r crm.Role) string {
	if r == crm.RoleTrainee {
		return t.TrainingAudience
	}
	return t.Audience
}

// Issue signs an access token for sub with the current key.
func (t *Tokens) Issue(sub string, role crm.Role) (token, jti string, exp time.Time, err error) {
	now := t.now().Truncate(time.Second)
	jti = randomID(16)
	token, err = t.issueWith(sub, role, jti, now)
	return token, jti, now.Add(t.ttl()), err
}

// issueWith signs a token whose ID and issue time the caller chose.
func (t *Tokens) issueWith(sub string, role crm.Role, jti string, now time.Time) (string, error) {
	kid, priv := t.Keys.Signer()
	if priv == nil {
		return "", ErrNoKeys
	}
	exp := now.Add(t.ttl())
	c := Claims{
		Role: role,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.Issuer,
			Subject:   sub,
			Audience:  jwt.ClaimStrings{t.AudienceFor(role)},
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        jti,
		},
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	tok.Header["kid"] = kid
	tok.Header["typ"] = accessTyp
	return tok.SignedString(priv)
}

// forbiddenHeaders would let a token name its own key or where to fetch
// it. The library ignores them; we refuse them, so a token that tries is
// visibly hostile in the log.
var forbiddenHeaders = []string{"jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "crit"}

// Verify checks an access token for one of the audiences and returns its
// claims. Revocation is checked by the caller, which has the store.
func (t *Tokens) Verify(token string, audiences ...string) (*Claims, error) {
	if token == "" {
		return nil, fmt.Errorf("%w: empty", ErrInvalidToken)
	}
	if len(token) > maxTokenLen {
		return nil, fmt.Errorf("%w: %d bytes", ErrInvalidToken, len(token))
	}
	if strings.HasPrefix(token, refreshPrefix) {
		return nil, fmt.Errorf("%w: a refresh token offered as an access token", ErrInvalidToken)
	}
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(t.Issuer),
		jwt.WithAudience(audiences...),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(Leeway),
		jwt.WithTimeFunc(t.now),
	)
	var c Claims
	_, err := p.ParseWithClaims(token, &c, t.keyFor)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	switch {
	case c.IssuedAt == nil:
		return nil, fmt.Errorf("%w: no iat", ErrInvalidToken)
	case c.ExpiresAt.Sub(c.IssuedAt.Time) > MaxAccessTTL:
		return nil, fmt.Errorf("%w: lifetime longer than %s", ErrInvalidToken, MaxAccessTTL)
	case c.ID == "":
		return nil, fmt.Errorf("%w: no jti", ErrInvalidToken)
	case !crm.ValidUsername(c.Subject):
		return nil, fmt.Errorf("%w: bad sub", ErrInvalidToken)
	}
	if _, ok := crm.ParseRole(string(c.Role)); !ok {
		return nil, fmt.Errorf("%w: bad role", ErrInvalidToken)
	}
	// The audience must be the one the role is issued: a trainee role in
	// a production audience is not a token this server made.
	want := t.AudienceFor(c.Role)
	if len(c.Audience) != 1 || c.Audience[0] != want {
		return nil, fmt.Errorf("%w: audience does not match role", ErrInvalidToken)
	}
	return &c, nil
}

func (t *Tokens) keyFor(tok *jwt.Token) (any, error) {
	if typ, _ := tok.Header["typ"].(string); typ != accessTyp {
		return nil, errors.New("typ is not " + accessTyp)
	}
	for _, h := range forbiddenHeaders {
		if _, ok := tok.Header[h]; ok {
			return nil, errors.New("header " + h + " refused")
		}
	}
	kid, ok := tok.Header["kid"].(string)
	if !ok || !kidRE.MatchString(kid) {
		return nil, errors.New("kid missing or malformed")
	}
	if k, ok := t.Keys.Public(kid); ok {
		return k, nil
	}
	t.Keys.reloadIfStale()
	if k, ok := t.Keys.Public(kid); ok {
		return k, nil
	}
	return nil, errors.New("unknown kid")
}

// NewRefreshToken returns a refresh token and the hash the store keeps.
func NewRefreshToken() (token, hash string) {
	token = refreshPrefix + randomID(32)
	return token, HashRefreshToken(token)
}

// HashRefreshToken is what the store keys a refresh token by: a leaked
// database does not hand out sessions.
func HashRefreshToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
